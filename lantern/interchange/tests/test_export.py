from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest

from lantern.accounts.models import User
from lantern.accounts.roles import Role
from lantern.audit.models import AuditEvent
from lantern.concerns.models import Concern, ConcernAmendment
from lantern.contexts.models import Context, ContextLink
from lantern.core.errors import AccessRefused
from lantern.core.testing import make_user
from lantern.intelligence import services as intelligence
from lantern.intelligence.models import (
    Disruption,
    DisruptionType,
    Entity,
    IntelligenceReport,
    NrmReferral,
    PersonOfConcern,
    ReportSubject,
    ShareDecision,
)
from lantern.interchange.schemas import TYPE_ORDER
from lantern.interchange.services import records_export, records_import
from lantern.interchange.tests.factories import (
    CHAIR,
    CSC,
    DSL,
    FRONT_DOOR,
    add_meeting_users,
    as_lines,
    course_records,
    harm_records,
    intelligence_records,
    learning_records,
    meeting_records,
    pathway_records,
    provider_agency,
    sample_records,
)
from lantern.interchange.validation import parse_line
from lantern.meetings.models import Action, AgendaItem, Attendance, Meeting
from lantern.missing.models import InterviewAttempt, MissingEpisode, ReturnInterview, RiskGrading
from lantern.missing.rules import interview_due_at
from lantern.partnership.models import Agency, Area, Partnership
from lantern.people.models import (
    CareStatus,
    EducationStatus,
    Involvement,
    Person,
    PersonAlias,
    YouthJusticeStatus,
)
from lantern.prevent.models import Attendance as TrainingAttendance
from lantern.prevent.models import Course, TrainingSession
from lantern.referrals.models import Referral
from lantern.risk.models import RiskAssessment
from lantern.screening.models import Indicator, Screening, ScreeningAnswer, ScreeningStatus
from lantern.screening.services import AnswerInput, screening_record


def export() -> list[dict[str, Any]]:
    return list(records_export(actor=None))


def import_everything(records: list[dict[str, Any]] | None = None) -> None:
    """The sample partnership, its identification pathway (concerns and referrals), missing
    episodes, return interviews, contexts and context links, meetings and actions."""
    add_meeting_users()
    records_import(
        actor=None,
        lines=as_lines(
            (records or sample_records())
            + [provider_agency()]
            + pathway_records()
            + harm_records()
            + meeting_records()
            + intelligence_records()
            + course_records()
            + learning_records()
        ),
    )


def add_records_created_in_lantern() -> User:
    """A person, episode, assessment, concern, screenings and referral recorded through Lantern's
    pages: no source pair. One screening is still a draft, which is never exported."""
    csc = Agency.objects.get(code=CSC)
    worker = make_user("lantern_worker", agency=csc, role=Role.CASE_HOLDER)
    person = Person.objects.create(given_name="Mia", family_name="Native", created_by=worker, sex="female")
    PersonAlias.objects.create(person=person, kind="nickname", name="Mimi")
    CareStatus.objects.create(person=person, status="early_help", start=date(2024, 2, 1))
    RiskAssessment.objects.create(
        person=person,
        assessed_on=date(2024, 2, 2),
        exploitation_type="criminal",
        level="category_2",
        next_review_due=date(2024, 3, 2),
        agency=csc,
    )
    Involvement.objects.create(
        person=person, agency=csc, worker=None, role="Early help", start=date(2024, 2, 1)
    )
    concern = Concern.objects.create(
        person=person,
        raised_by=worker,
        agency=csc,
        happened_on=date(2024, 2, 3),
        happened_time=time(8, 45),
        categories=["criminal", "county_lines"],
        what_happened="Mia was found with a phone that is not hers and a large amount of cash.",
    )
    ConcernAmendment.objects.create(
        concern=concern,
        field="what_happened",
        old_value=concern.what_happened,
        new_value="Mia was found with two phones that are not hers and cash.",
        reason="There were two phones",
        amended_by=worker,
        amended_at=datetime(2024, 2, 3, 10, 11, 12, 345678, tzinfo=UTC),
    )
    screening = add_completed_screening(person, worker, csc)
    Referral.objects.create(
        person=person,
        screening=screening,
        area=Area.objects.get(code="allerdale"),
        from_agency=csc,
        referred_by=worker,
        concern=concern,
        reason="Signs of criminal exploitation.",
        consent_sought=False,
        consent_given=False,
        reason_without_consent="Mia is at significant risk now.",
        received_at=datetime(2024, 2, 3, 11, 0, 0, 123456, tzinfo=UTC),
        submission_key="x" * 40,
    )
    add_harm_recorded_in_lantern(person, worker, csc)
    add_meeting_recorded_in_lantern(person, worker, csc)
    add_intelligence_recorded_in_lantern(person, worker, csc)
    add_learning_recorded_in_lantern(worker, csc)
    return worker


def add_learning_recorded_in_lantern(worker: User, agency: Agency) -> None:
    """A session of a course and its attendance recorded on Lantern's pages: no source pairs."""
    session = TrainingSession.objects.create(
        course=Course.objects.get(name="Exploitation awareness"), held_on=date(2024, 2, 5), trainer="Sam"
    )
    TrainingAttendance.objects.create(session=session, user=worker, agency=agency, recorded_by=worker)


def add_intelligence_recorded_in_lantern(person: Person, worker: User, agency: Agency) -> None:
    """A report graded with handling C and not shared, a disruption against a place and an NRM
    referral, recorded through the intelligence app's own services: no source pairs."""
    report = intelligence.report_create(
        actor=worker,
        text="Mia gets into a silver car, XY70 ABC, after school.",
        source_details="Her friend told me.",
        occurred_on=date(2024, 3, 5),
        subjects=[
            intelligence.SubjectInput(kind="person", person_id=person.pk, person_role="child"),
            intelligence.SubjectInput(kind="vehicle", vrm="xy70 abc", vehicle_colour="Silver"),
            intelligence.SubjectInput(kind="phone", phone_number="07700 900123"),
        ],
    )
    report = intelligence.report_grade(
        actor=worker,
        report=report,
        expected_version=report.version,
        source_grade="1",
        information_grade="C",
        handling="C",
        handling_conditions="Police and children's services only.",
        sanitised_text="A child is seen getting into a car after school.",
    )
    intelligence.share_decision_record(
        actor=worker,
        report=report,
        to_agency=agency,
        shared=False,
        reasons_not_shared="The source could be identified.",
    )
    intelligence.disruption_create(
        actor=worker,
        disruption_type=DisruptionType.objects.get(code="hotel_information_request"),
        happened_on=date(2024, 3, 6),
        agency=agency,
        target_context=Context.objects.get(name="Corner Shop"),
        outcome="Manager agreed to report bookings.",
        report=report,
    )
    intelligence.nrm_referral_create(
        actor=worker,
        person=person,
        first_responder_agency=agency,
        submitted_at=datetime(2024, 3, 7, 9, 0, tzinfo=UTC),
        consent_given=True,
    )


def add_meeting_recorded_in_lantern(person: Person, worker: User, agency: Agency) -> None:
    """A strategy discussion following an imported meeting, with attendance, an agenda and an
    action, recorded through Lantern's pages: no source pairs."""
    meeting = Meeting.objects.create(
        meeting_type="strategy_discussion",
        area=Area.objects.get(code="allerdale"),
        scheduled_at=datetime(2024, 3, 4, 9, 30, 0, 500000, tzinfo=UTC),
        chair=worker,
        previous=Meeting.objects.filter(source_id="MACE2").first(),
        created_by=worker,
    )
    meeting.invited_agencies.set([agency])
    Attendance.objects.create(meeting=meeting, user=worker, agency=agency, status="attended")
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        kind="added",
        reason="Added by the coordinator",
        person=person,
        summary="Mia is holding cash for older boys.",
        agreed_risk_level="category_2",
    )
    Action.objects.create(
        meeting=meeting,
        agenda_item=item,
        person=person,
        description="Talk to Mia about the cash.",
        owner_agency=agency,
        owner=worker,
        due_on=date(2024, 3, 11),
    )


def add_harm_recorded_in_lantern(person: Person, worker: User, agency: Agency) -> None:
    """An episode graded, re-graded and closed, its interview, a context and a link, recorded
    through Lantern's pages: no source pairs."""
    reported = datetime(2024, 3, 1, 21, 0, 0, 250000, tzinfo=UTC)
    returned = datetime(2024, 3, 2, 23, 30, tzinfo=UTC)  # a Saturday night
    liam = Person.objects.get(source_id="P77")
    episode = MissingEpisode.objects.create(
        person=person,
        missing_from="education",
        reported_at=reported,
        reported_by=agency,
        recorded_by=worker,
        risk_grade="high",
        returned_at=returned,
        found_where="Carlisle station",
        how_returned="returned",
        status="closed",
    )
    episode.found_with.set([liam])
    RiskGrading.objects.create(episode=episode, grade="low", graded_at=reported, graded_by=worker)
    RiskGrading.objects.create(
        episode=episode, grade="high", graded_at=reported + timedelta(hours=2), reason="Phone switched off."
    )
    interview = ReturnInterview.objects.create(
        episode=episode, due_at=interview_due_at(returned), provider=agency, outcome="declined"
    )
    InterviewAttempt.objects.create(
        interview=interview,
        attempted_at=returned + timedelta(hours=40),
        note="Not at home.",
        recorded_by=worker,
    )
    interview.people_named.set([liam])
    shop = Context.objects.create(
        kind="location",
        name="Corner Shop",
        location_type="shop",
        latitude=Decimal("54.123456"),
        longitude=Decimal("-3.000001"),
        raised_by=worker,
        raised_by_agency=agency,
    )
    ContextLink.objects.create(
        person=person,
        context=shop,
        relationship="frequents",
        start=date(2024, 3, 1),
        source_kind="concern",
        source_ref="typed by hand",
        weighting=3,
        recorded_by_agency=agency,
        recorded_by=worker,
    )


def add_completed_screening(person: Person, worker: User, agency: Agency) -> Screening:
    """A screening completed through Lantern's own service, and a draft that is never exported."""
    indicators = Indicator.objects.filter(domain__catalogue__version_number=1).select_related("domain")
    answers = {
        indicator.pk: AnswerInput(
            answer="yes" if indicator.code in ("debt", "found_out_of_area") else "not_known",
            evidence="She owes money to an older boy." if indicator.code == "debt" else "",
        )
        for indicator in indicators
        if indicator.required
    }
    # An optional indicator with notes but no answer is not exchanged.
    optional = next(indicator for indicator in indicators if indicator.code == "wary_of_professionals")
    answers[optional.pk] = AnswerInput(evidence="Would not talk to me.")
    screening = screening_record(
        actor=worker,
        person=person,
        answers=answers,
        professional_judgement="Mia is being used to hold cash and phones for older boys.",
        final_level="category_3",
        level_reason="She is holding cash and phones for older boys every week.",
        outcome="strategy_discussion",
        started_from="concern",
        started_from_id=1,
    )
    Screening.objects.create(person=person, catalogue=screening.catalogue, agency=agency, created_by=worker)
    return screening


def wipe_everything() -> None:
    pathway = (Referral, ScreeningAnswer, Screening, ConcernAmendment, Concern)
    harm = (ContextLink, Context, InterviewAttempt, ReturnInterview, RiskGrading, MissingEpisode)
    Meeting.objects.update(previous=None)
    for model in (
        TrainingAttendance,
        TrainingSession,
        NrmReferral,
        Disruption,
        ShareDecision,
        ReportSubject,
        Entity,
        PersonOfConcern,
        IntelligenceReport,
        Action,
        AgendaItem,
        Attendance,
        Meeting,
        *harm,
        *pathway,
        RiskAssessment,
        Involvement,
        CareStatus,
        EducationStatus,
        YouthJusticeStatus,
        Person,
    ):
        model.objects.all().delete()
    User.objects.all().delete()
    Agency.objects.all().delete()
    Area.objects.all().delete()
    Partnership.objects.all().delete()
    Course.objects.all().delete()


@pytest.mark.django_db
def test_export_writes_the_format_in_dependency_order() -> None:
    import_everything()
    exported = export()

    types = [record["type"] for record in exported]
    assert types == sorted(types, key=TYPE_ORDER.index)
    for number, record in enumerate(exported, start=1):
        assert parse_line(number, as_lines([record])[0])[1] == []
    audit = AuditEvent.objects.get(action="export")
    assert audit.detail["counts"]["person"] == 2
    assert (audit.detail["counts"]["concern"], audit.detail["counts"]["referral"]) == (2, 2)
    assert audit.detail["counts"]["screening"] == 1
    assert types.index("screening") > types.index("person")
    assert types.index("screening") < types.index("referral")
    assert (audit.detail["counts"]["missing_episode"], audit.detail["counts"]["return_interview"]) == (2, 1)
    assert (audit.detail["counts"]["context"], audit.detail["counts"]["context_link"]) == (2, 2)
    assert (audit.detail["counts"]["meeting"], audit.detail["counts"]["action"]) == (2, 2)
    assert types.index("meeting") > types.index("context_link")
    counted = audit.detail["counts"]
    assert (counted["intelligence"], counted["disruption"], counted["nrm_referral"]) == (2, 2, 1)
    assert types.index("intelligence") > types.index("context_link")
    assert types.index("disruption") > types.index("intelligence")


@pytest.mark.django_db
def test_records_created_in_lantern_get_a_stable_source_pair() -> None:
    records_import(actor=None, lines=as_lines(sample_records()))
    add_records_created_in_lantern()
    mia = Person.objects.get(given_name="Mia")
    exported = export()

    person = next(
        record for record in exported if record["type"] == "person" and record["given_name"] == "Mia"
    )
    assert person["source"] == {"agency": CSC, "id": f"lantern-{mia.pk}"}
    care = next(
        record for record in exported if record["type"] == "care_status" and record["status"] == "early_help"
    )
    assert care["person"] == person["source"]
    assert care["source"]["agency"] == "lantern"
    assessment = next(record for record in exported if record.get("level") == "category_2")
    assert assessment["source"]["agency"] == CSC
    screenings = [record for record in exported if record["type"] == "screening"]
    completed = Screening.objects.get(status=ScreeningStatus.COMPLETED)
    assert [record["source"] for record in screenings] == [{"agency": CSC, "id": f"lantern-{completed.pk}"}]
    assert screenings[0]["person"] == person["source"]
    assert screenings[0]["completed_at"] == completed.completed_at.astimezone(UTC).isoformat()  # type: ignore[union-attr]
    answered = {answer["indicator"]: answer["answer"] for answer in screenings[0]["answers"]}
    assert answered["criminal_county_lines.debt"] == "yes"
    assert "distrust_authority.wary_of_professionals" not in answered
    referral = next(
        record for record in exported if record["type"] == "referral" and record["person"] == person["source"]
    )
    assert referral["screening"] == screenings[0]["source"]
    assert export() == exported


@pytest.mark.django_db
def test_importing_our_own_export_changes_nothing() -> None:
    import_everything()
    add_records_created_in_lantern()
    report = records_import(actor=None, lines=as_lines(export()))
    assert (report.created, report.updated) == (0, 0)


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_reproduces_every_record() -> None:
    records = sample_records()
    records[5]["middle_names"] = "Anne Marie"
    records[5]["preferred_name"] = "Jadey"
    records[5]["send"] = "ehcp"
    records[5]["gender"] = "Girl"
    records[5]["ethnicity"] = "White British"
    records[5]["first_language"] = "English"
    records[5]["disability"] = "Hearing impairment"
    records[5]["addresses"].append(
        {
            "line_1": "Flat 2",
            "line_2": "3 Road",
            "town": "Carlisle",
            "postcode": "CA1 1AA",
            "area": "carlisle",
            "start": "2015-01-01",
            "end": "2019-05-31",
        }
    )
    import_everything(records)
    add_records_created_in_lantern()
    first = export()
    assert {record["type"] for record in first} == set(TYPE_ORDER)

    native_report_id = IntelligenceReport.objects.get(source_id="").pk
    wipe_everything()
    assert export() == []
    for username in (DSL, FRONT_DOOR, CHAIR, "lantern_worker"):  # users are not exchanged
        make_user(username)
    report = records_import(actor=None, lines=as_lines(first))

    assert report.created == len(first)
    assert export() == first
    native = Referral.objects.get(reason="Signs of criminal exploitation.")
    assert native.concern is not None and native.concern.amendments.get().reason == "There were two phones"
    assert native.referred_by is not None and native.referred_by.username == "lantern_worker"
    assert native.screening is not None and native.screening.final_level == "category_3"
    assert native.screening.answers.get(indicator__code="debt").evidence == "She owes money to an older boy."
    assert (native.screening.status, native.screening.completed_by) == (
        ScreeningStatus.COMPLETED,
        native.referred_by,
    )
    assert not Screening.objects.filter(status=ScreeningStatus.DRAFT).exists()  # drafts are not exchanged
    imported_pathway = Referral.objects.get(source_id="REF3").screening
    assert imported_pathway is not None and imported_pathway.source_id == "SCR5"
    native_episode = MissingEpisode.objects.get(missing_from="education")
    assert list(native_episode.gradings.values_list("grade", "graded_by__username")) == [
        ("low", "lantern_worker"),
        ("high", None),
    ]
    assert [person.source_id for person in native_episode.found_with.all()] == ["P77"]
    native_interview = ReturnInterview.objects.get(episode=native_episode)
    assert native_interview.due_at == datetime(2024, 3, 5, 23, 30, tzinfo=UTC)
    assert native_interview.attempts.get().note == "Not at home."
    assert [person.source_id for person in native_interview.people_named.all()] == ["P77"]
    shop = Context.objects.get(name="Corner Shop")
    assert (shop.latitude, shop.longitude) == (Decimal("54.123456"), Decimal("-3.000001"))
    # The free-text source reference is not a source pair, so it is not exchanged.
    assert (shop.links.get().source_kind, shop.links.get().source_ref) == ("concern", "")
    assert ReturnInterview.objects.get(source_id="RHI881").episode.source_id == "MIS42"
    native_meeting = Meeting.objects.get(meeting_type="strategy_discussion")
    assert native_meeting.previous is not None and native_meeting.previous.source_id == "MACE2"
    native_action = Action.objects.get(description="Talk to Mia about the cash.")
    assert native_action.agenda_item is not None and native_action.agenda_item.meeting == native_meeting
    assert native_action.person == native_meeting.items.get().person
    assert (native_action.owner.username, native_action.owner_agency.code) == ("lantern_worker", CSC)  # type: ignore[union-attr]
    assert list(native_meeting.attendance.values_list("user__username", "status")) == [
        ("lantern_worker", "attended")
    ]
    native_report = IntelligenceReport.objects.get(source_id=f"lantern-{native_report_id}")
    assert (native_report.grading, native_report.handling_conditions) == (
        "1/C/C",
        "Police and children's services only.",
    )
    assert native_report.reporter is not None
    assert (native_report.source_details, native_report.reporter.username) == (
        "Her friend told me.",
        "lantern_worker",
    )
    assert native_report.share_decisions.get().reasons_not_shared == "The source could be identified."
    # Entities are worked out again: the phone in the native report is the one in INT1.
    phone = Entity.objects.get(kind="phone")
    assert {subject.report for subject in phone.subjects.all()} == {
        native_report,
        IntelligenceReport.objects.get(source_id="INT1"),
    }
    assert Entity.objects.count() == 5
    assert Disruption.objects.get(target_context__name="Corner Shop").report == native_report
    assert NrmReferral.objects.get(person=native_meeting.items.get().person).consent_given is True
    assert PersonOfConcern.objects.get().person.source_id == "P77"
    retired = Course.objects.get(name="Old induction module")
    assert (retired.refresher_months, retired.active) == (None, False)
    assert Course.objects.get(name="Contextual safeguarding for youth workers").refresher_months == 24


@pytest.mark.django_db
def test_only_a_partnership_admin_may_export(world: Any) -> None:
    with pytest.raises(AccessRefused):
        records_export(actor=world.social_worker_a)
    assert AuditEvent.objects.filter(action="access_refused", object_type="interchange").count() == 1
    assert not AuditEvent.objects.filter(action="export").exists()
    exported = list(records_export(actor=world.partnership_admin))
    assert any(record.get("given_name") == "Jade" for record in exported)
    assert AuditEvent.objects.get(action="export").username == world.partnership_admin.username
