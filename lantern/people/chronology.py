"""The people module's entries in the multi-agency chronology (registered in apps.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lantern.chronology.registry import ChronologyEntry
from lantern.partnership.models import Agency
from lantern.people.models import (
    BreakGlass,
    CareStatus,
    EducationStatus,
    Involvement,
    Person,
    PersonAddress,
    Relationship,
    ShareDecision,
    YouthJusticeStatus,
)

EPISODE_KINDS: list[tuple[type[Any], str, str]] = [
    (CareStatus, "care_status", "Care status"),
    (EducationStatus, "education_status", "Education status"),
    (YouthJusticeStatus, "youth_justice", "Youth justice"),
]


def _agency(agency: Agency | None) -> dict[str, str]:
    return {"agency_code": agency.code, "agency_name": agency.name} if agency else {}


def _person_created(person: Person) -> Iterator[ChronologyEntry]:
    creator_agency = person.created_by.agency if person.created_by else None
    yield ChronologyEntry(
        at=person.created_at,
        kind="person",
        kind_label="Record",
        title="Record created",
        **_agency(person.source_agency or creator_agency),
    )


def _episodes(person: Person) -> Iterator[ChronologyEntry]:
    for model, kind, label in EPISODE_KINDS:
        for episode in model.objects.filter(person=person).select_related("source_agency"):
            status = episode.get_status_display()
            yield ChronologyEntry(
                at=episode.start,
                kind=kind,
                kind_label=label,
                title=f"{label} started: {status}",
                summary=getattr(episode, "setting_name", ""),
                **_agency(episode.source_agency),
            )
            if episode.end:
                yield ChronologyEntry(
                    at=episode.end,
                    kind=kind,
                    kind_label=label,
                    title=f"{label} ended: {status}",
                    **_agency(episode.source_agency),
                )


def _involvements(person: Person) -> Iterator[ChronologyEntry]:
    for involvement in Involvement.objects.filter(person=person).select_related("agency", "worker"):
        worker = f" ({involvement.worker.display_name})" if involvement.worker else ""
        yield ChronologyEntry(
            at=involvement.start,
            kind="involvement",
            kind_label="Involvement",
            title=f"{involvement.agency.name} involved: {involvement.role}{worker}",
            **_agency(involvement.agency),
        )
        if involvement.end:
            yield ChronologyEntry(
                at=involvement.end,
                kind="involvement",
                kind_label="Involvement",
                title=f"{involvement.agency.name} involvement ended: {involvement.role}",
                **_agency(involvement.agency),
            )


def _shares(person: Person) -> Iterator[ChronologyEntry]:
    decisions = ShareDecision.objects.filter(person=person).select_related("from_agency", "to_agency")
    for decision in decisions:
        if decision.shared:
            yield ChronologyEntry(
                at=decision.decided_at,
                kind="share",
                kind_label="Information shared",
                title=f"Shared with {decision.to_agency.name} ({decision.get_lawful_basis_display()})",
                summary=f"Purpose: {decision.purpose}. Shared: {decision.what_shared}",
                **_agency(decision.from_agency),
            )
        else:
            yield ChronologyEntry(
                at=decision.decided_at,
                kind="decline_share",
                kind_label="Decided not to share",
                title=f"Decided not to share with {decision.to_agency.name}",
                summary=decision.reasons_not_shared,
                **_agency(decision.from_agency),
            )


def _break_glass(person: Person) -> Iterator[ChronologyEntry]:
    for grant in BreakGlass.objects.filter(person=person).select_related("user__agency"):
        yield ChronologyEntry(
            at=grant.granted_at,
            kind="break_glass",
            kind_label="Emergency access",
            title=f"Emergency access (break glass) by {grant.user.display_name}",
            summary=grant.reason,
            **_agency(grant.user.agency),
        )


def _relationships(person: Person) -> Iterator[ChronologyEntry]:
    for relationship in Relationship.objects.filter(person=person).select_related(
        "other", "recorded_by_agency"
    ):
        yield ChronologyEntry(
            at=relationship.start or relationship.created_at,
            kind="relationship",
            kind_label="Relationship",
            title=f"{relationship.get_kind_display()} {relationship.other.full_name}",
            summary=relationship.notes,
            **_agency(relationship.recorded_by_agency),
        )


def _addresses(person: Person) -> Iterator[ChronologyEntry]:
    for address in PersonAddress.objects.filter(person=person).select_related("area", "recorded_by_agency"):
        where = ", ".join(part for part in [address.line_1, address.town, address.postcode] if part)
        yield ChronologyEntry(
            at=address.start or address.created_at,
            kind="address",
            kind_label="Address",
            title=f"Moved to {where}",
            summary=address.area.name if address.area else "",
            **_agency(address.recorded_by_agency),
        )
        if address.end:
            yield ChronologyEntry(
                at=address.end,
                kind="address",
                kind_label="Address",
                title=f"Left {where}",
                **_agency(address.recorded_by_agency),
            )


def people_chronology(person: Person, user: Any) -> Iterator[ChronologyEntry]:
    """The caller has already been allowed to see ``person``."""
    yield from _person_created(person)
    yield from _episodes(person)
    yield from _involvements(person)
    yield from _shares(person)
    yield from _break_glass(person)
    yield from _relationships(person)
    yield from _addresses(person)
