from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.core import mail
from django.utils import timezone

from lantern.concerns.models import Notification
from lantern.contexts.models import Context
from lantern.core.errors import AccessRefused, ConflictingEdit, ValidationFailed
from lantern.core.testing import involve, make_person
from lantern.meetings import plans_selectors, plans_services, selectors, services
from lantern.meetings.models import ActionStatus, ItemKind, MinutesAmendment
from lantern.meetings.selectors import ActionFilters
from lantern.meetings.tests.factories import assess, go_missing, item_for, make_action, make_meeting
from lantern.risk.models import RiskAssessment
from lantern.screening.models import IndicatorCatalogue, Screening, ScreeningStatus

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def _child(world: TestWorld, **fields: object):
    person = make_person(area=world.area_a, **fields)
    involve(person, world.csc_a)
    return person


def _kinds(meeting) -> dict[int | None, set[str]]:
    result: dict[int | None, set[str]] = {}
    for item in meeting.items.all():
        result.setdefault(item.person_id, set()).add(item.kind)
    return result


# --- Agenda proposals ---------------------------------------------------------------------------


def test_review_due_before_the_next_meeting_is_proposed_with_its_reason(world: TestWorld) -> None:
    due = _child(world)
    later = _child(world)
    assess(world, due, review_due=timezone.localdate() + timedelta(days=10))
    assess(world, later, review_due=timezone.localdate() + timedelta(days=90))
    meeting = make_meeting(world)
    item = item_for(meeting, due)
    assert item.kind == ItemKind.REVIEW_DUE
    assert "Risk review due on" in item.reason
    assert later.pk not in _kinds(meeting)


def test_repeat_missing_children_are_proposed(world: TestWorld) -> None:
    thrice = _child(world)
    once = _child(world)
    go_missing(world, thrice, 3)
    go_missing(world, once, 1)
    meeting = make_meeting(world)
    assert _kinds(meeting)[thrice.pk] == {ItemKind.REPEAT_MISSING}
    assert "Missing 3 times" in item_for(meeting, thrice).reason
    assert once.pk not in _kinds(meeting)


def test_high_risk_screening_since_the_last_meeting_is_proposed(world: TestWorld) -> None:
    child = _child(world)
    catalogue = IndicatorCatalogue.objects.create(name="Test", version_number=99, published_at=timezone.now())
    Screening.objects.create(
        person=child,
        catalogue=catalogue,
        status=ScreeningStatus.COMPLETED,
        final_level="high",
        completed_at=timezone.now() - timedelta(days=2),
    )
    meeting = make_meeting(world)
    assert ItemKind.HIGH_RISK_SCREENING in _kinds(meeting)[child.pk]


def test_high_risk_referral_since_the_last_meeting_is_proposed(world: TestWorld) -> None:
    from lantern.referrals.models import Referral

    child = _child(world)
    catalogue = IndicatorCatalogue.objects.create(name="Test", version_number=98, published_at=timezone.now())
    screening = Screening.objects.create(
        person=child, catalogue=catalogue, status=ScreeningStatus.COMPLETED, final_level="high"
    )
    Referral.objects.create(
        person=child,
        area=world.area_a,
        from_agency=world.school_a,
        screening=screening,
        reason="Seen with older males",
        consent_sought=True,
        consent_given=True,
        received_at=timezone.now() - timedelta(days=3),
        submission_key="meetings-test-1",
    )
    meeting = make_meeting(world)
    assert ItemKind.HIGH_RISK_REFERRAL in _kinds(meeting)[child.pk]


def test_context_raised_since_the_last_meeting_is_proposed(world: TestWorld) -> None:
    context = Context.objects.create(kind="location", name="Station underpass", area=world.area_a)
    elsewhere = Context.objects.create(kind="location", name="South park", area=world.area_b)
    meeting = make_meeting(world)
    contexts = set(meeting.items.filter(kind=ItemKind.CONTEXT_RAISED).values_list("context_id", flat=True))
    assert contexts == {context.pk}
    assert elsewhere.pk not in contexts


def test_overdue_action_comes_back_to_the_next_agenda(world: TestWorld) -> None:
    child = _child(world)
    go_missing(world, child, 3)
    first = make_meeting(world, at=timezone.now() - timedelta(days=1), weeks=4)
    overdue = make_action(
        world, item_for(first, child), agency=world.police, due_on=timezone.localdate() - timedelta(days=7)
    )
    done = make_action(
        world, item_for(first, child), agency=world.csc_a, due_on=timezone.localdate() - timedelta(days=7)
    )
    services.action_update(
        actor=world.social_worker_a, action=done, expected_version=1, status="completed", progress="Visited"
    )
    following = services.meeting_schedule_next(actor=world.meeting_chair, meeting=first)
    assert following.previous == first
    assert following.scheduled_at == first.scheduled_at + timedelta(weeks=4)
    carried = following.items.filter(kind=ItemKind.OVERDUE_ACTION)
    assert [item.carried_action_id for item in carried] == [overdue.pk]
    with pytest.raises(ValidationFailed):
        services.meeting_schedule_next(actor=world.meeting_chair, meeting=first)


def test_coordinator_adds_removes_and_orders_items_and_removed_items_stay_removed(world: TestWorld) -> None:
    child = _child(world)
    go_missing(world, child, 3)
    meeting = make_meeting(world)
    added = services.agenda_item_add(actor=world.meeting_chair, meeting=meeting, reason="Theme: knife crime")
    proposed = item_for(meeting, child)
    services.agenda_item_move(actor=world.meeting_chair, item=added, up=True)
    order = list(
        meeting.items.filter(removed_at__isnull=True).order_by("position").values_list("pk", flat=True)
    )
    assert order.index(added.pk) < order.index(proposed.pk)
    services.agenda_item_remove(actor=world.meeting_chair, item=proposed)
    assert services.agenda_refresh(actor=world.meeting_chair, meeting=meeting) == 0
    with pytest.raises(AccessRefused):
        services.agenda_item_add(actor=world.social_worker_a, meeting=meeting, reason="x")


def test_lowest_level_review_is_proposed_only_when_not_discussed_for_12_weeks(world: TestWorld) -> None:
    due = timezone.localdate() + timedelta(days=10)
    never, recent, long_ago, medium_recent = (_child(world) for _ in range(4))
    for child in (never, recent, long_ago):
        assess(world, child, review_due=due, level="low")
    assess(world, medium_recent, review_due=due, level="medium")
    four_weeks = make_meeting(world, at=timezone.now() - timedelta(weeks=4), weeks=None)
    thirteen_weeks = make_meeting(world, at=timezone.now() - timedelta(weeks=13), weeks=None)
    for child in (recent, medium_recent):
        services.agenda_item_add(
            actor=world.meeting_chair, meeting=four_weeks, reason="Review", person_id=child.pk
        )
    services.agenda_item_add(
        actor=world.meeting_chair, meeting=thirteen_weeks, reason="Review", person_id=long_ago.pk
    )
    meeting = make_meeting(world)
    kinds = _kinds(meeting)
    assert "not discussed at a meeting before" in item_for(meeting, never).reason
    assert "last discussed at the meeting on" in item_for(meeting, long_ago).reason
    assert recent.pk not in kinds
    assert kinds[medium_recent.pk] == {ItemKind.REVIEW_DUE}
    assert "(risk level medium)" in item_for(meeting, medium_recent).reason


def test_review_rule_uses_the_current_assessment(world: TestWorld) -> None:
    child = _child(world)
    assess(world, child, review_due=timezone.localdate() + timedelta(days=10), level="high")
    RiskAssessment.objects.filter(person=child).update(closed_on=timezone.localdate())
    assess(world, child, review_due=timezone.localdate() + timedelta(days=90), level="medium")
    meeting = make_meeting(world)
    assert child.pk not in _kinds(meeting)


def test_reviews_beyond_the_cap_are_counted_not_proposed_highest_level_first(
    world: TestWorld, settings
) -> None:
    settings.MEETINGS_AGENDA_REVIEW_CAP = 2
    today = timezone.localdate()
    medium_soon, high_later, medium_later = (_child(world) for _ in range(3))
    assess(world, medium_soon, review_due=today + timedelta(days=3), level="medium")
    assess(world, high_later, review_due=today + timedelta(days=20), level="high")
    assess(world, medium_later, review_due=today + timedelta(days=15), level="medium")
    meeting = make_meeting(world)
    reviews = list(meeting.items.filter(kind=ItemKind.REVIEW_DUE).order_by("position"))
    assert [item.person_id for item in reviews] == [high_later.pk, medium_soon.pk]
    meeting.refresh_from_db()
    assert meeting.reviews_not_proposed == 1
    services.agenda_item_remove(actor=world.meeting_chair, item=reviews[0])
    assert services.agenda_refresh(actor=world.meeting_chair, meeting=meeting) == 0
    pack = selectors.meeting_pack_for(world.meeting_chair, meeting.pk)
    assert pack.reviews_not_proposed == 1


def test_the_pack_is_paged_and_numbered_across_pages(world: TestWorld) -> None:
    meeting = make_meeting(world)
    for number in range(selectors.PACK_PAGE_SIZE + 3):
        services.agenda_item_add(actor=world.meeting_chair, meeting=meeting, reason=f"Theme {number}")
    first = selectors.meeting_pack_for(world.meeting_chair, meeting.pk)
    second = selectors.meeting_pack_for(world.meeting_chair, meeting.pk, 2)
    assert len(first.rows) == selectors.PACK_PAGE_SIZE
    assert [row.number for row in second.rows] == [51, 52, 53]
    assert second.rows[-1].item.reason == f"Theme {selectors.PACK_PAGE_SIZE + 2}"
    assert second.page.paginator.count == selectors.PACK_PAGE_SIZE + 3
    assert selectors.meeting_pack_for(world.meeting_chair, meeting.pk, "nonsense").page.number == 1


def test_an_attendees_pack_is_filtered_in_the_database(world: TestWorld) -> None:
    shared = _child(world)
    involve(shared, world.police)
    private = _child(world)
    for child in (shared, private):
        go_missing(world, child, 3)
    meeting = make_meeting(world)
    pack = selectors.meeting_pack_for(world.police_officer, meeting.pk)
    assert [row.person_label for row in pack.rows] == [shared.full_name]
    assert pack.page.paginator.count == 1
    assert pack.hidden_count == 1
    coordinator = selectors.meeting_pack_for(world.meeting_chair, meeting.pk)
    assert len(coordinator.rows) == 2


# --- Pack scoping -------------------------------------------------------------------------------


def test_an_attendee_from_another_area_sees_nothing_of_this_areas_children(world: TestWorld) -> None:
    child = _child(world)
    go_missing(world, child, 3)
    meeting = make_meeting(world, invited=[world.csc_a, world.csc_b])
    outsider_pack = selectors.meeting_pack_for(world.outsider_b, meeting.pk)
    assert outsider_pack.rows == []
    assert outsider_pack.hidden_count == 1
    own_pack = selectors.meeting_pack_for(world.social_worker_a, meeting.pk)
    assert [row.person_label for row in own_pack.rows] == [child.full_name]


# --- In the meeting -----------------------------------------------------------------------------


def test_agreeing_a_risk_level_records_the_risk_assessment(world: TestWorld) -> None:
    child = _child(world)
    go_missing(world, child, 3)
    meeting = make_meeting(world)
    item = services.agenda_item_minute(
        actor=world.meeting_chair,
        item=item_for(meeting, child),
        expected_version=1,
        summary="Discussed",
        decisions="Refer to the exploitation team",
        agreed_risk_level="high",
        exploitation_type="criminal",
    )
    assessment = item.risk_assessment
    assert assessment is not None
    assert (assessment.person, assessment.level, assessment.assessed_by) == (
        child,
        "high",
        world.meeting_chair,
    )
    with pytest.raises(ConflictingEdit):
        services.agenda_item_minute(
            actor=world.meeting_chair, item=item, expected_version=1, summary="", decisions=""
        )


def test_approved_minutes_cannot_be_edited_and_corrections_are_attributed(world: TestWorld) -> None:
    child = _child(world)
    go_missing(world, child, 3)
    meeting = make_meeting(world)
    item = item_for(meeting, child)
    make_action(
        world, item, agency=world.police, due_on=date.today() + timedelta(days=7), owner=world.police_officer
    )
    item = services.agenda_item_minute(
        actor=world.meeting_chair, item=item, expected_version=1, summary="Said", decisions="Agreed"
    )
    mail.outbox.clear()
    with pytest.raises(AccessRefused):
        services.minutes_approve(actor=world.social_worker_a, meeting=meeting, site_url="http://testserver/")
    services.minutes_approve(actor=world.meeting_chair, meeting=meeting, site_url="http://testserver/")
    with pytest.raises(AccessRefused):
        services.agenda_item_minute(
            actor=world.meeting_chair, item=item, expected_version=2, summary="X", decisions="Y"
        )
    with pytest.raises(AccessRefused):
        make_action(world, item, agency=world.csc_a, due_on=date.today())
    services.minutes_amend(
        actor=world.meeting_chair, item=item, field="decisions", new_value="Agreed twice", reason="Typo"
    )
    item.refresh_from_db()
    assert item.decisions == "Agreed"
    amendment = MinutesAmendment.objects.get()
    assert (amendment.old_value, amendment.amended_by) == ("Agreed", world.meeting_chair)
    assert Notification.objects.filter(
        recipient=world.police_officer, url=f"/meetings/{meeting.pk}/"
    ).exists()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert child.given_name not in body and child.family_name not in body
    assert "/meetings/actions/" in body


# --- Actions tracker ----------------------------------------------------------------------------


def test_action_tracker_filters_by_agency_state_and_owner_updates_with_concurrency(world: TestWorld) -> None:
    child = _child(world)
    go_missing(world, child, 3)
    meeting = make_meeting(world)
    item = item_for(meeting, child)
    today = timezone.localdate()
    police_due = make_action(world, item, agency=world.police, due_on=today + timedelta(days=5))
    police_late = make_action(world, item, agency=world.police, due_on=today - timedelta(days=1))
    csc = make_action(world, item, agency=world.csc_a, due_on=today + timedelta(days=5))
    police_list = selectors.action_list_for(world.police_officer, ActionFilters())
    assert {a.pk for a in police_list} == {police_due.pk, police_late.pk}
    assert [
        a.pk for a in selectors.action_list_for(world.police_officer, ActionFilters(state="overdue"))
    ] == [police_late.pk]
    assert [a.pk for a in selectors.action_list_for(world.police_officer, ActionFilters(state="due"))] == [
        police_due.pk
    ]
    chair_list = selectors.action_list_for(world.meeting_chair, ActionFilters(agency_id=world.csc_a.pk))
    assert [a.pk for a in chair_list] == [csc.pk]
    services.action_update(
        actor=world.police_officer,
        action=police_late,
        expected_version=1,
        status="completed",
        progress="Done",
    )
    assert [
        a.pk for a in selectors.action_list_for(world.police_officer, ActionFilters(state="completed"))
    ] == [police_late.pk]
    with pytest.raises(ConflictingEdit):
        services.action_update(
            actor=world.police_officer, action=police_late, expected_version=1, status="open", progress=""
        )
    with pytest.raises(AccessRefused):
        services.action_update(
            actor=world.social_worker_a,
            action=police_due,
            expected_version=1,
            status=ActionStatus.COMPLETED,
            progress="",
        )


# --- Safety plans and transitions ---------------------------------------------------------------


def _plan(world: TestWorld, person, version: int, words: str):
    return plans_services.safety_plan_save(
        actor=world.social_worker_a,
        person=person,
        expected_version=version,
        review_on=date.today() + timedelta(days=30),
        young_persons_words=words,
        strengths="Loves football",
    )


def test_each_save_of_a_safety_plan_is_a_new_version_and_old_ones_stay_readable(world: TestWorld) -> None:
    _plan(world, world.child, 0, "I feel safe at my nan's.")
    _plan(world, world.child, 1, "I want to stay away from the park.")
    with pytest.raises(ConflictingEdit):
        _plan(world, world.child, 1, "Stale")
    current = plans_selectors.safety_plan_get_for(world.social_worker_a, world.child.pk)
    assert [v.number for v in current.versions] == [2, 1]
    assert current.shown is not None
    assert current.shown.young_persons_words == "I want to stay away from the park."
    first = plans_selectors.safety_plan_get_for(world.social_worker_a, world.child.pk, number=1)
    assert first.shown is not None
    assert first.shown.young_persons_words == "I feel safe at my nan's."
    with pytest.raises(AccessRefused):
        plans_selectors.safety_plan_get_for(world.outsider_b, world.child.pk)


def test_transitions_list_at_seventeen_and_a_half_and_nothing_changes_after_eighteen(
    world: TestWorld,
) -> None:
    today = timezone.localdate()
    young_person = _child(world, date_of_birth=date(today.year - 18, today.month, 1) + timedelta(days=190))
    assess(world, young_person, review_due=today + timedelta(days=30))
    younger = _child(world, date_of_birth=date(today.year - 15, 1, 1))
    assess(world, younger, review_due=today + timedelta(days=30))
    rows = plans_selectors.transition_list_for(world.social_worker_a, today=today)
    assert [row.person for row in rows] == [young_person]
    assert rows[0].age == 17
    plans_services.transition_plan_save(
        actor=world.social_worker_a,
        person=young_person,
        expected_version=0,
        receiving_service="Adult social care",
        consent="given",
        target_handover_on=today + timedelta(days=200),
        status="referred",
    )
    _plan(world, young_person, 0, "I want help with a flat.")
    after_birthday = young_person.date_of_birth.replace(
        year=young_person.date_of_birth.year + 18
    ) + timedelta(days=1)
    rows = plans_selectors.transition_list_for(world.social_worker_a, today=after_birthday)
    assert [row.person for row in rows] == [young_person]
    assert rows[0].age == 18 and rows[0].plan is not None and rows[0].has_safety_plan
    view = plans_selectors.safety_plan_get_for(world.social_worker_a, young_person.pk)
    assert view.shown is not None
    assert RiskAssessment.objects.filter(person=young_person, closed_on__isnull=True).exists()
