"""The quarterly board report and the figures endpoint."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.core.testing import make_person
from lantern.profile.board import board_report
from lantern.profile.tests.factories import assess
from lantern.profile.tests.test_exports import read_xlsx
from lantern.profile.tests.test_pages import api_client

AS_AT = {"as_at_0": "31", "as_at_1": "12", "as_at_2": "2020"}


@pytest.fixture
def children(world: Any) -> None:
    assess(make_person(area=world.area_a), date(2020, 12, 10))
    assess(make_person(area=None), date(2020, 8, 10))


def test_board_report_is_organised_by_the_four_ps(children: None) -> None:
    report = board_report(as_at=date(2020, 12, 31))
    assert [strand["name"] for strand in report["strands"]] == ["Prepare", "Prevent", "Protect", "Pursue"]
    protect = {section["id"]: section for section in report["strands"][2]["sections"]}
    assert protect["exploitation"]["rows"][0]["counts"] == {"north": 1, "south": 0, "total": 2}
    assert all(section["definition"] for strand in report["strands"] for section in strand["sections"])
    assert [point["as_at"] for point in report["trends"]] == [
        "2020-09-30",
        "2020-10-31",
        "2020-11-30",
        "2020-12-31",
    ]


def test_every_figure_family_is_in_its_strand(children: None) -> None:
    report = board_report(as_at=date(2020, 12, 31))
    sections = {
        strand["name"]: [section["id"] for section in strand["sections"]] for strand in report["strands"]
    }
    assert "prevent" in sections["Prevent"]
    assert {"intelligence", "disruption", "nrm", "contexts"} <= set(sections["Pursue"])
    assert {"meeting_actions", "transitions"} <= set(sections["Protect"])
    assert "not_yet" not in report
    protect = {section["id"]: section for section in report["strands"][2]["sections"]}
    assert [row["key"] for row in protect["meeting_actions"]["rows"]] == [
        "open",
        "overdue",
        "percent_overdue",
    ]


@pytest.mark.parametrize("name", ["teacher", "police_officer", "auditor"])
def test_board_pages_and_figures_api_refuse_roles_without_a_need(world: Any, name: str) -> None:
    user = getattr(world, name)
    client = world.client_for(user)
    assert client.get(reverse("profile:board-report")).status_code == 403
    assert client.get(reverse("profile:board-report-download") + "?as_at=2020-12-31").status_code == 403
    assert api_client(user).get("/api/v1/profile/figures/?as_at=2020-12-31").status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count() == 3


def test_board_page_prints_the_strands_with_definitions(world: Any, children: None) -> None:
    response = world.client_for(world.meeting_chair).get(reverse("profile:board-report"), AS_AT)
    assert response.status_code == 200
    page = response.content.decode()
    for strand in ("prepare", "prevent", "protect", "pursue"):
        assert f'data-testid="strand-{strand}"' in page
    assert "As at 31 December 2020" in page and "Definition:" in page
    assert AuditEvent.objects.filter(action="view", object_type="board_report").exists()


def test_board_workbook_reads_back(world: Any, children: None) -> None:
    response = world.client_for(world.partnership_admin).get(
        reverse("profile:board-report-download") + "?as_at=2020-12-31"
    )
    assert response.status_code == 200
    assert zipfile.is_zipfile(io.BytesIO(response.content))
    sheets = read_xlsx(response.content)
    assert list(sheets) == ["Prepare", "Prevent", "Protect", "Pursue", "Quarter trend", "Definitions"]
    assert sheets["Protect"][0] == ["Protect as at 2020-12-31"]
    assert ["Intelligence reports received"] in sheets["Pursue"]
    assert not any(row and row[0] == "Not yet included" for row in sheets["Definitions"])
    assert ["Criminal exploitation: High", "1", "0", "2"] in sheets["Protect"]
    assert AuditEvent.objects.filter(action="export", object_type="board_report").exists()
    bad = world.client_for(world.partnership_admin).get(
        reverse("profile:board-report-download") + "?as_at=soon"
    )
    assert bad.status_code == 400


def test_figures_api(world: Any, children: None) -> None:
    client = api_client(world.police_analyst)
    body = json.loads(client.get("/api/v1/profile/figures/?as_at=2020-12-31").content)
    assert set(body["figures"]) >= {
        "identification_route",
        "missing",
        "education",
        "youth_justice",
        "contexts",
    }
    assert len(body["trends"]) == 12
    assert body["figures"]["identification_route"] == [
        {"key": "not_recorded", "label": "Not recorded", "counts": {"north": 1, "south": 0, "total": 2}}
    ]
    assert client.get("/api/v1/profile/figures/?as_at=nope").status_code == 400
