"""Pages: access for every view, field-level restriction, the public form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.core.testing import make_person
from lantern.intelligence import services
from lantern.intelligence.models import (
    Disruption,
    Entity,
    IntelligenceReport,
    NrmReferral,
    ReceivedVia,
    ReportStatus,
)
from lantern.intelligence.services import SubjectInput
from lantern.intelligence.tests.factories import (
    ORIGINAL,
    SANITISED,
    adult_of_concern,
    graded,
    police_involved,
    refused,
    shared_with,
    teacher_report,
)

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


@pytest.fixture(autouse=True)
def _clear_rate_limit() -> None:
    cache.clear()


def _report(world: TestWorld) -> IntelligenceReport:
    return graded(world, teacher_report(world))


def _pages(world: TestWorld) -> dict[str, Any]:
    report = _report(world)
    adult = adult_of_concern(world)
    referral = services.nrm_referral_create(
        actor=world.social_worker_a,
        person=world.child,
        first_responder_agency=world.csc_a,
        submitted_at=timezone.now(),
    )
    return {"report": report, "adult": adult, "referral": referral}


# --- Access: every page refuses (403) and audits the refusal -------------------------------------


POLICE_PAGES = [
    ("get", "/intelligence/", "intelligence_report_list"),
    ("get", "/intelligence/adults-of-concern/", "person_of_concern_list"),
    ("get", "/intelligence/disruptions/", "disruption_list"),
    ("get", "/intelligence/disruptions/new/", "disruption"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "object_type"), POLICE_PAGES)
def test_police_pages_refuse_outsider_and_teacher(
    world: TestWorld, method: str, url: str, object_type: str
) -> None:
    for user in (world.outsider_b, world.teacher, world.police_analyst):
        response = getattr(world.client_for(user), method)(url)
        assert response.status_code == 403
        assert refused(user, object_type)
    assert world.client_for(world.police_officer).get(url).status_code == 200


@pytest.mark.django_db
def test_report_pages_refuse_outsider(world: TestWorld) -> None:
    pages = _pages(world)
    report, adult, referral = pages["report"], pages["adult"], pages["referral"]
    outsider = world.client_for(world.outsider_b)
    checks = [
        ("get", f"/intelligence/reports/{report.pk}/", "intelligence_report"),
        ("post", f"/intelligence/reports/{report.pk}/grade/", "intelligence_report"),
        ("post", f"/intelligence/reports/{report.pk}/link/", "intelligence_report"),
        ("post", f"/intelligence/reports/{report.pk}/share/", "intelligence_report"),
        ("get", f"/intelligence/adults-of-concern/{adult.pk}/", "person_of_concern"),
        ("get", f"/intelligence/nrm/{referral.pk}/", "person"),
    ]
    for method, url, object_type in checks:
        response = getattr(outsider, method)(url)
        assert response.status_code == 403, url
        assert refused(world.outsider_b, object_type), url
    assert report.original_text  # nothing was changed by the refused posts
    assert IntelligenceReport.objects.get(pk=report.pk).version == report.version


@pytest.mark.django_db
def test_role_pages_refuse_roles_that_may_not_use_them(world: TestWorld) -> None:
    analyst = world.client_for(world.police_analyst)
    for url, object_type in [
        ("/intelligence/report/", "intelligence_report"),
        ("/intelligence/report/sent/", "intelligence_report"),
        ("/intelligence/shared/", "intelligence_shared_list"),
        ("/intelligence/nrm/", "nrm_referral"),
        ("/intelligence/nrm/new/", "nrm_referral"),
    ]:
        assert analyst.get(url).status_code == 403, url
        assert refused(world.police_analyst, object_type), url
    teacher = world.client_for(world.teacher)
    for url in ("/intelligence/shared/", "/intelligence/nrm/", "/intelligence/nrm/new/"):
        assert teacher.get(url).status_code == 403, url


@pytest.mark.django_db
def test_teacher_cannot_read_graded_intelligence_or_adult_profile(world: TestWorld) -> None:
    report = _report(world)
    shared_with(world, report, world.school_a)  # even when shared with the school
    adult = adult_of_concern(world)
    client = world.client_for(world.teacher)
    response = client.get(f"/intelligence/reports/{report.pk}/")
    assert response.status_code == 403 and SANITISED.encode() not in response.content
    assert refused(world.teacher, "intelligence_report")
    assert client.get(f"/intelligence/adults-of-concern/{adult.pk}/").status_code == 403
    assert refused(world.teacher, "person_of_concern")


# --- Field-level restriction -----------------------------------------------------------------------


@pytest.mark.django_db
def test_police_see_original_and_source_and_reads_are_audited(world: TestWorld) -> None:
    report = _report(world)
    content = (
        world.client_for(world.police_officer).get(f"/intelligence/reports/{report.pk}/").content.decode()
    )
    assert "Mrs Jones, corner shop owner" in content and "Mrs Jones at the corner shop" in content
    assert SANITISED in content
    assert AuditEvent.objects.filter(
        action="view",
        object_type="intelligence_report",
        object_id=str(report.pk),
        detail__fields="original_and_source",
    ).exists()


@pytest.mark.django_db
def test_partner_sees_only_sanitised_once_shared(world: TestWorld) -> None:
    report = _report(world)
    client = world.client_for(world.social_worker_a)
    assert client.get(f"/intelligence/reports/{report.pk}/").status_code == 403  # not shared yet
    shared_with(world, report, world.csc_a)
    response = client.get(f"/intelligence/reports/{report.pk}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert SANITISED in content
    assert "Mrs Jones" not in content and ORIGINAL not in content
    assert AuditEvent.objects.filter(
        action="view",
        object_type="intelligence_report",
        user_id_ref=world.social_worker_a.pk,
        detail__fields="sanitised",
    ).exists()
    listing = client.get("/intelligence/shared/").content.decode()
    assert report.reference in listing
    # An agency it was shared with but not involved with the child sees nothing.
    shared_with(world, report, world.csc_b)
    assert world.client_for(world.outsider_b).get(f"/intelligence/reports/{report.pk}/").status_code == 403


@pytest.mark.django_db
def test_chronology_respects_handling_per_viewer(world: TestWorld) -> None:
    from lantern.chronology.registry import chronology_for

    report = _report(world)
    police_involved(world, world.child)
    police_titles = [
        e.title for e in chronology_for(world.child, world.police_officer) if e.kind == "intelligence"
    ]
    assert police_titles == [f"Intelligence report {report.reference} graded 2/B/P"]
    assert not [e for e in chronology_for(world.child, world.social_worker_a) if e.kind == "intelligence"]
    shared_with(world, report, world.csc_a)
    entries = [e for e in chronology_for(world.child, world.social_worker_a) if e.kind == "intelligence"]
    assert [e.summary for e in entries] == [SANITISED]
    assert not [e for e in chronology_for(world.child, world.teacher) if e.kind == "intelligence"]


@pytest.mark.django_db
def test_network_gains_vehicle_and_adult_for_police_only(world: TestWorld) -> None:
    from lantern.contexts.selectors import person_network_for

    report = _report(world)
    adult = adult_of_concern(world)
    services.report_subject_add(
        actor=world.police_officer,
        report=report,
        subject=SubjectInput(kind="person", person_id=adult.pk, person_role="adult_of_concern"),
    )
    police_involved(world, world.child)
    _person, network = person_network_for(world.police_officer, world.child.pk)
    kinds = {node.kind for node in network.nodes}
    assert {"vehicle", "adult_of_concern"} <= kinds
    assert any(edge.target == f"p{adult.pk}" for edge in network.edges)
    rows = network.table_rows()
    assert any(row["context"].label == "AB12CDE" for row in rows)
    _person, theirs = person_network_for(world.social_worker_a, world.child.pk)
    assert not {"vehicle", "adult_of_concern"} & {node.kind for node in theirs.nodes}


# --- Journeys through the pages ---------------------------------------------------------------------


@pytest.mark.django_db
def test_practitioner_reports_and_police_grade_link_share(world: TestWorld) -> None:
    teacher = world.client_for(world.teacher)
    assert teacher.get("/intelligence/report/").status_code == 200
    response = teacher.post(
        "/intelligence/report/",
        {
            "text": "A red car waits outside school at 3pm; Jade got in.",
            "child_record": world.child.pk,
            "adult_nickname": "Big D",
            "vrm": "ab12 cde",
            "vehicle_colour": "Red",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/intelligence/report/sent/"
    assert teacher.get(response["Location"]).status_code == 200
    report = IntelligenceReport.objects.get()
    assert {s.kind for s in report.subjects.all()} == {"person", "vehicle"}
    police = world.client_for(world.police_officer)
    assert report.reference.encode() in police.get("/intelligence/").content
    bad = police.post(
        f"/intelligence/reports/{report.pk}/grade/",
        {
            "version": 1,
            "source_grade": "2",
            "information_grade": "B",
            "handling": "C",
            "sanitised_text": "A child got into a car.",
        },
    )
    assert bad.status_code == 400 and b"handling code C needs them" in bad.content
    ok = police.post(
        f"/intelligence/reports/{report.pk}/grade/",
        {
            "version": 1,
            "source_grade": "2",
            "information_grade": "B",
            "handling": "P",
            "sanitised_text": "A child got into a car.",
        },
    )
    assert ok.status_code == 302
    stale = police.post(
        f"/intelligence/reports/{report.pk}/grade/",
        {
            "version": 1,
            "source_grade": "1",
            "information_grade": "A",
            "handling": "P",
            "sanitised_text": "Changed",
        },
    )
    assert (
        stale.status_code == 400
        and b"Someone else changed this record" in stale.content
        and b"Changed" in stale.content
    )
    adult = adult_of_concern(world)
    assert (
        police.post(
            f"/intelligence/reports/{report.pk}/link/",
            {"person_record": adult.pk, "person_role": "adult_of_concern"},
        ).status_code
        == 302
    )
    hidden = make_person(given_name="Not", family_name="Visible", area=world.area_b)
    assert (
        police.post(
            f"/intelligence/reports/{report.pk}/link/", {"person_record": hidden.pk, "person_role": "child"}
        ).status_code
        == 400
    )
    share = police.post(
        f"/intelligence/reports/{report.pk}/share/",
        {
            "to_agency": world.csc_a.pk,
            "shared": "yes",
            "lawful_basis": "law_enforcement",
            "purpose": "Safeguarding Jade",
        },
    )
    assert share.status_code == 302
    declined = police.post(
        f"/intelligence/reports/{report.pk}/share/", {"to_agency": world.health_a.pk, "shared": "no"}
    )
    assert declined.status_code == 400 and b"why you decided not to share" in declined.content
    assert police.get(f"/intelligence/adults-of-concern/{adult.pk}/").status_code == 200
    assert police.get("/intelligence/adults-of-concern/").status_code == 200


@pytest.mark.django_db
def test_second_report_with_same_vrm_shows_what_is_known(world: TestWorld) -> None:
    first = _report(world)
    second = teacher_report(world, vrm="AB 12CDE", nickname="Someone else")
    content = (
        world.client_for(world.police_officer).get(f"/intelligence/reports/{second.pk}/").content.decode()
    )
    assert "Already known" in content and first.reference in content and "2/B/P" in content
    assert Entity.objects.filter(kind="vehicle").count() == 1


@pytest.mark.django_db
def test_disruption_page_records_with_default_expiry(world: TestWorld) -> None:
    adult = adult_of_concern(world)
    police = world.client_for(world.police_officer)
    today = timezone.localdate()
    from lantern.intelligence.models import DisruptionType

    stpo = DisruptionType.objects.get(code="slavery_trafficking_risk_order")
    response = police.post(
        "/intelligence/disruptions/new/",
        {
            "disruption_type": stpo.pk,
            "target_person_record": adult.pk,
            "happened_on_0": today.day,
            "happened_on_1": today.month,
            "happened_on_2": today.year,
            "agency": world.police.pk,
        },
    )
    assert response.status_code == 302
    assert Disruption.objects.get().expires_on is not None
    missing = police.post(
        "/intelligence/disruptions/new/",
        {
            "disruption_type": stpo.pk,
            "happened_on_0": today.day,
            "happened_on_1": today.month,
            "happened_on_2": today.year,
            "agency": world.police.pk,
        },
    )
    assert b"Choose the person or the place" in missing.content


@pytest.mark.django_db
def test_nrm_pages_record_and_flag_late(world: TestWorld) -> None:
    client = world.client_for(world.social_worker_a)
    assert client.get("/intelligence/nrm/new/").status_code == 200
    response = client.post(
        "/intelligence/nrm/new/",
        {
            "person_record": world.child.pk,
            "first_responder_agency": world.csc_a.pk,
            "submitted_on_0": "2",
            "submitted_on_1": "3",
            "submitted_on_2": "2026",
            "reasonable_grounds_decision": "pending",
            "conclusive_grounds_decision": "pending",
        },
    )
    assert response.status_code == 302
    referral = NrmReferral.objects.get()
    detail = client.get(response["Location"]).content.decode()
    assert "Reasonable-grounds decision late" in detail
    assert "Late: due" in client.get("/intelligence/nrm/").content.decode()
    update = client.post(
        response["Location"],
        {
            "version": referral.version,
            "reasonable_grounds_decision": "positive",
            "conclusive_grounds_decision": "pending",
        },
    )
    assert update.status_code == 400 and b"Enter the date of the decision" in update.content


# --- The public form ---------------------------------------------------------------------------------


def _public(
    text: str = "A man in a silver van gives children vapes outside the park.", **extra: str
) -> dict[str, str]:
    return {"text": text, "vrm": "AB12 CDE", "website": "", **extra}


@pytest.mark.django_db
def test_public_form_needs_no_login_and_creates_an_ungraded_report(world: TestWorld) -> None:
    client = Client()
    assert client.get("/intelligence/share/").status_code == 200
    response = client.post("/intelligence/share/", _public(contact="07700 900999"))
    assert response.status_code == 302 and response["Location"] == "/intelligence/share/thanks/"
    report = IntelligenceReport.objects.get()
    assert report.received_via == ReceivedVia.PUBLIC and report.status == ReportStatus.UNGRADED
    assert report.source_details == "07700 900999"
    assert client.get("/intelligence/share/thanks/").status_code == 200
    assert AuditEvent.objects.filter(
        action="create", object_type="intelligence_report", username="public"
    ).exists()


@pytest.mark.django_db
def test_public_form_reveals_nothing_about_existing_records(world: TestWorld) -> None:
    _report(world)  # AB12CDE is already known
    client = Client()
    known = client.post("/intelligence/share/", _public(), follow=True)
    unknown = client.post("/intelligence/share/", _public(vrm="ZZ99 ZZZ"), follow=True)
    assert known.content == unknown.content
    assert b"AB12" not in known.content and b"INT-" not in known.content


@pytest.mark.django_db
def test_public_form_rejects_oversized_and_scripted_input(world: TestWorld) -> None:
    client = Client()
    big = client.post("/intelligence/share/", _public(text="x" * 5001))
    assert big.status_code == 400 and b"5000 characters" in big.content
    scripted = client.post("/intelligence/share/", _public(text="<script>alert('x')</script>"))
    assert scripted.status_code == 400 and b"Remove web code" in scripted.content
    handle = client.post("/intelligence/share/", _public(handle='"><img src=x onerror=alert(1)>'))
    assert handle.status_code == 400
    assert not IntelligenceReport.objects.exists()


@pytest.mark.django_db
def test_public_form_honeypot_thanks_but_keeps_nothing(world: TestWorld) -> None:
    response = Client().post("/intelligence/share/", _public(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == "/intelligence/share/thanks/"
    assert not IntelligenceReport.objects.exists()


@pytest.mark.django_db
def test_public_form_is_rate_limited_per_address(world: TestWorld) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        assert client.post("/intelligence/share/", _public()).status_code == 302
    limited = client.post("/intelligence/share/", _public())
    assert limited.status_code == 429 and b"try again later" in limited.content
    assert IntelligenceReport.objects.count() == 5
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.post("/intelligence/share/", _public()).status_code == 302


@pytest.mark.django_db
def test_analyst_sees_aggregates_only(world: TestWorld) -> None:
    report = _report(world)
    analyst = world.client_for(world.police_analyst)
    content = analyst.get("/intelligence/summary/").content.decode()
    assert "2/B/P" in content and "Graded" in content
    assert "Jade" not in content and "Big D" not in content and report.reference not in content
    assert AuditEvent.objects.filter(action="view", object_type="intelligence_summary").exists()
    assert analyst.get(f"/intelligence/reports/{report.pk}/").status_code == 403
    for user in (world.outsider_b, world.teacher):
        assert world.client_for(user).get("/intelligence/summary/").status_code == 403
        assert refused(user, "intelligence_summary")
