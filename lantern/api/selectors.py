"""Reads behind the API. Each goes through the people app's need-to-know selectors, which audit
the view (or the refusal) before anything is returned."""

from __future__ import annotations

from typing import Any

from lantern.chronology.registry import chronology_for
from lantern.interchange import records as shapes
from lantern.interchange import selectors as interchange_selectors
from lantern.people.selectors import SearchResult, person_get_for, person_search_for

API_PURPOSE = "API request"


def person_record_for(user: Any, person_id: int) -> dict[str, Any]:
    """The person in interchange shape, if the user may see them (audited either way)."""
    person = person_get_for(user, person_id, purpose=API_PURPOSE)
    return shapes.person_record(interchange_selectors.people_for_export().get(pk=person.pk))


def person_chronology_for(user: Any, person_id: int) -> list[dict[str, Any]]:
    person = person_get_for(user, person_id, purpose=f"{API_PURPOSE}: chronology")
    return [
        {
            "at": entry.at.isoformat(),
            "kind": entry.kind,
            "kind_label": entry.kind_label,
            "title": entry.title,
            "agency_code": entry.agency_code,
            "agency_name": entry.agency_name,
            "summary": entry.summary,
        }
        for entry in chronology_for(person, user)
    ]


def people_search_for(
    user: Any,
    *,
    name: str,
    dob_day: int | None,
    dob_month: int | None,
    dob_year: int | None,
    dob_approximate: bool,
    identifier: str,
) -> list[dict[str, Any]]:
    """Search results as far as the user's need to know allows: people they may not see are
    shown only as who to contact."""
    results = person_search_for(
        user,
        name=name,
        dob_day=dob_day,
        dob_month=dob_month,
        dob_year=dob_year,
        dob_approximate=dob_approximate,
        identifier=identifier,
    )
    return [_search_result(result) for result in results]


def _search_result(result: SearchResult) -> dict[str, Any]:
    if not result.visible or result.person is None:
        return {
            "visible": False,
            "score": result.score,
            "reasons": result.reasons,
            "contacts": [
                {
                    "agency_name": contact.agency_name,
                    "front_door_name": contact.front_door_name,
                    "front_door_phone": contact.front_door_phone,
                }
                for contact in result.contacts
            ],
        }
    person = result.person
    return {
        "visible": True,
        "score": result.score,
        "reasons": result.reasons,
        "person_id": person.pk,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "date_of_birth_estimated": person.date_of_birth_estimated,
        "area": person.area.code if person.area else None,
    }
