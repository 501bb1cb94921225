"""REST endpoints: the same access and rules as the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from lantern.intelligence.models import IntelligenceReport
from lantern.intelligence.tests.factories import (
    SANITISED,
    adult_of_concern,
    api_client,
    graded,
    refused,
    shared_with,
    teacher_report,
)

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


@pytest.mark.django_db
def test_submit_grade_and_read_report(world: TestWorld) -> None:
    teacher = api_client(world.teacher)
    created = teacher.post(
        "/api/v1/intelligence/reports/",
        {
            "text": "Red car outside school",
            "subjects": [
                {"kind": "vehicle", "vrm": "ab12 cde"},
                {"kind": "person", "person_id": world.child.pk, "person_role": "child"},
            ],
        },
        format="json",
    )
    assert created.status_code == 201
    report_id = created.json()["id"]
    bad = teacher.post("/api/v1/intelligence/reports/", {"text": "<script>x</script>"}, format="json")
    assert bad.status_code == 400 and "text" in bad.json()["errors"]
    police = api_client(world.police_officer)
    assert [r["id"] for r in police.get("/api/v1/intelligence/reports/").json()] == [report_id]
    grade = {
        "version": 1,
        "source_grade": "2",
        "information_grade": "B",
        "handling": "C",
        "sanitised_text": SANITISED,
    }
    assert (
        police.post(f"/api/v1/intelligence/reports/{report_id}/grade/", grade, format="json").status_code
        == 400
    )
    grade["handling_conditions"] = "Not to the family"
    assert (
        police.post(f"/api/v1/intelligence/reports/{report_id}/grade/", grade, format="json").json()[
            "grading"
        ]
        == "2/B/C"
    )
    assert (
        police.post(f"/api/v1/intelligence/reports/{report_id}/grade/", grade, format="json").status_code
        == 409
    )
    full = police.get(f"/api/v1/intelligence/reports/{report_id}/").json()
    assert full["original_text"] == "Red car outside school"
    report = IntelligenceReport.objects.get(pk=report_id)
    shared_with(world, report, world.csc_a)
    partner = api_client(world.social_worker_a).get(f"/api/v1/intelligence/reports/{report_id}/").json()
    assert partner["sanitised_text"] == SANITISED
    assert "original_text" not in partner and "source_details" not in partner


@pytest.mark.django_db
def test_report_endpoints_refuse_and_audit(world: TestWorld) -> None:
    report = graded(world, teacher_report(world))
    outsider = api_client(world.outsider_b)
    assert outsider.get("/api/v1/intelligence/reports/").status_code == 403
    assert refused(world.outsider_b, "intelligence_report_list")
    assert outsider.get(f"/api/v1/intelligence/reports/{report.pk}/").status_code == 403
    assert (
        outsider.post(f"/api/v1/intelligence/reports/{report.pk}/grade/", {}, format="json").status_code
        == 403
    )
    assert refused(world.outsider_b, "intelligence_report")
    analyst = api_client(world.police_analyst)
    assert analyst.post("/api/v1/intelligence/reports/", {"text": "x"}, format="json").status_code == 403
    assert refused(world.police_analyst, "intelligence_report")
    assert api_client(world.teacher).get(f"/api/v1/intelligence/reports/{report.pk}/").status_code == 403


@pytest.mark.django_db
def test_disruption_endpoints(world: TestWorld) -> None:
    adult = adult_of_concern(world)
    police = api_client(world.police_officer)
    today = timezone.localdate()
    created = police.post(
        "/api/v1/intelligence/disruptions/",
        {
            "disruption_type": "closure_order",
            "happened_on": today.isoformat(),
            "agency": world.police.code,
            "target_person_id": adult.pk,
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["expires_on"]
    assert len(police.get("/api/v1/intelligence/disruptions/").json()) == 1
    outsider = api_client(world.outsider_b)
    assert outsider.get("/api/v1/intelligence/disruptions/").status_code == 403
    assert outsider.post("/api/v1/intelligence/disruptions/", {}, format="json").status_code == 403
    assert refused(world.outsider_b, "disruption")
    assert refused(world.outsider_b, "disruption_list")


@pytest.mark.django_db
def test_nrm_endpoints(world: TestWorld) -> None:
    client = api_client(world.social_worker_a)
    created = client.post(
        "/api/v1/intelligence/nrm-referrals/",
        {
            "person_id": world.child.pk,
            "first_responder_agency": world.csc_a.code,
            "submitted_at": "2026-03-02T12:00:00Z",
        },
        format="json",
    )
    assert created.status_code == 201
    data = created.json()
    assert data["reasonable_grounds_due"] == "2026-03-09" and data["reasonable_grounds_late"] is True
    updated = client.patch(
        f"/api/v1/intelligence/nrm-referrals/{data['id']}/",
        {"version": 1, "reasonable_grounds_decision": "positive", "reasonable_grounds_on": "2026-03-06"},
        format="json",
    )
    assert updated.status_code == 200 and updated.json()["reasonable_grounds_late"] is False
    assert [r["id"] for r in client.get("/api/v1/intelligence/nrm-referrals/").json()] == [data["id"]]
    outsider = api_client(world.outsider_b)
    assert outsider.get(f"/api/v1/intelligence/nrm-referrals/{data['id']}/").status_code == 403
    assert (
        outsider.patch(f"/api/v1/intelligence/nrm-referrals/{data['id']}/", {}, format="json").status_code
        == 403
    )
    assert (
        outsider.post(
            "/api/v1/intelligence/nrm-referrals/",
            {
                "person_id": world.child.pk,
                "first_responder_agency": world.csc_b.code,
                "submitted_at": "2026-03-02T12:00:00Z",
            },
            format="json",
        ).status_code
        == 403
    )
    assert outsider.get("/api/v1/intelligence/nrm-referrals/").json() == []
    assert refused(world.outsider_b, "person")
    teacher = api_client(world.teacher)
    assert teacher.get("/api/v1/intelligence/nrm-referrals/").status_code == 403
    assert refused(world.teacher, "nrm_referral")
