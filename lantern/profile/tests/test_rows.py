"""Pseudonymised rows: one row per child the profile counts, for analysts only, without names."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.contexts.selectors import pseudonym
from lantern.core.errors import AccessRefused
from lantern.core.testing import make_person
from lantern.people.models import CareStatusValue
from lantern.profile.selectors import PSEUDONYMISED_COLUMNS, profile_report, pseudonymised_rows_for
from lantern.profile.tests.factories import assess, care
from lantern.profile.tests.test_pages import api_client, refused

AS_AT = date(2020, 12, 31)
DOWNLOAD = reverse("profile:rows-download") + "?as_at=2020-12-31"
REFUSED = ["social_worker_a", "front_door_a", "meeting_chair", "partnership_admin", "teacher", "outsider_b"]


@pytest.fixture
def children(world: Any) -> dict[str, Any]:
    jade = world.child
    jade.date_of_birth = date(2006, 1, 15)
    jade.sex = "female"
    jade.save()
    assess(jade, date(2020, 12, 20), exploitation_type="sexual", level="high")
    care(jade, CareStatusValue.LOOKED_AFTER, date(2020, 6, 1))
    older = make_person(
        given_name="Kai", family_name="Brown", area=world.area_b, date_of_birth=date(2004, 12, 31)
    )
    assess(older, date(2020, 10, 1), exploitation_type="criminal", level="medium")
    closed = make_person(given_name="Lee", family_name="Green", area=world.area_a)
    assess(closed, date(2020, 9, 1), closed_on=date(2020, 12, 1))
    return {"jade": jade, "older": older, "closed": closed}


def test_one_row_per_child_counted_without_names(world: Any, children: dict[str, Any]) -> None:
    rows = pseudonymised_rows_for(world.police_analyst, as_at=AS_AT)

    counted = sum(row["counts"]["total"] for row in profile_report(as_at=AS_AT)["tables"]["exploitation"])
    assert len(rows) == counted == 2
    by_pseudonym = {row["pseudonym"]: row for row in rows}
    jade = by_pseudonym[pseudonym(children["jade"].pk)]
    assert jade == {
        "pseudonym": pseudonym(children["jade"].pk),
        "area": "north",
        "sex": "female",
        "age": 14,
        "exploitation_type": "sexual",
        "level": "high",
        "care_status": "looked_after",
        "risk_assessment": "up_to_date",
    }
    older = by_pseudonym[pseudonym(children["older"].pk)]
    assert (older["age"], older["care_status"], older["risk_assessment"]) == (16, "not_open", "overdue")
    assert pseudonym(children["closed"].pk) not in by_pseudonym
    text = repr(rows)
    assert "Jade" not in text and "Smith" not in text and "2006" not in text


def test_the_same_child_keeps_the_same_pseudonym(world: Any, children: dict[str, Any]) -> None:
    first = [row["pseudonym"] for row in pseudonymised_rows_for(world.police_analyst, as_at=AS_AT)]
    again = [row["pseudonym"] for row in pseudonymised_rows_for(world.police_analyst, as_at=AS_AT)]
    assert first == again == sorted(first)


def test_every_read_is_audited_as_an_export(world: Any, children: dict[str, Any]) -> None:
    pseudonymised_rows_for(world.police_analyst, as_at=AS_AT)
    event = AuditEvent.objects.get(object_type="profile_rows", action="export")
    assert event.user_id_ref == world.police_analyst.pk
    assert event.detail == {"as_at": "2020-12-31", "rows": 2}


@pytest.mark.parametrize("name", REFUSED)
def test_only_analysts_read_rows(world: Any, children: dict[str, Any], name: str) -> None:
    user = getattr(world, name)
    with pytest.raises(AccessRefused):
        pseudonymised_rows_for(user, as_at=AS_AT)
    assert refused(user)
    assert world.client_for(user).get(DOWNLOAD).status_code == 403
    assert api_client(user).get("/api/v1/profile/rows/?as_at=2020-12-31").status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count() == 3
    assert not AuditEvent.objects.filter(object_type="profile_rows", action="export").exists()


def test_analyst_downloads_csv(world: Any, children: dict[str, Any]) -> None:
    response = world.client_for(world.police_analyst).get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="profile-rows-2020-12-31.csv"'
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert tuple(lines[0]) == PSEUDONYMISED_COLUMNS
    assert len(lines) == 3
    assert [pseudonym(children["jade"].pk), "north", "female", "14", "sexual", "high"] in [
        line[:6] for line in lines[1:]
    ]


def test_bad_date_is_a_clear_error(world: Any) -> None:
    client = world.client_for(world.police_analyst)
    response = client.get(reverse("profile:rows-download") + "?as_at=31-12-2020")
    assert response.status_code == 400
    assert b"YYYY-MM-DD" in response.content
    assert api_client(world.police_analyst).get("/api/v1/profile/rows/?as_at=nope").status_code == 400


def test_api_gives_columns_and_rows(world: Any, children: dict[str, Any]) -> None:
    body = api_client(world.police_analyst).get("/api/v1/profile/rows/?as_at=2020-12-31").json()
    assert body["as_at"] == "2020-12-31"
    assert tuple(body["columns"]) == PSEUDONYMISED_COLUMNS
    assert {row["pseudonym"] for row in body["rows"]} == {
        pseudonym(children["jade"].pk),
        pseudonym(children["older"].pk),
    }


def test_report_page_offers_rows_to_analysts_only(world: Any, children: dict[str, Any]) -> None:
    analyst_page = world.client_for(world.police_analyst).get(reverse("profile:report")).content.decode()
    chair_page = world.client_for(world.meeting_chair).get(reverse("profile:report")).content.decode()
    assert 'data-testid="rows-download"' in analyst_page
    assert 'data-testid="rows-download"' not in chair_page
