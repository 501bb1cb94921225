"""The per-meeting cap on the agenda rules for repeat missing and overdue actions (risk reviews:
test_services.py), the "N more" lines linking to the matching lists, and the actions tracker's
area filter those links use."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from lantern.core.testing import involve, make_person
from lantern.meetings import selectors, services
from lantern.meetings.models import Action, ItemKind, Meeting
from lantern.meetings.selectors import ActionFilters
from lantern.meetings.tests.factories import go_missing, make_action, make_meeting
from lantern.meetings.tests.test_views import api_client

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def _child(world: TestWorld) -> Any:
    person = make_person(area=world.area_a)
    involve(person, world.csc_a)
    return person


def _proposed(meeting: Meeting, kind: str) -> list[Any]:
    return list(meeting.items.filter(kind=kind, removed_at__isnull=True).order_by("position"))


def _page(world: TestWorld, meeting: Meeting) -> str:
    return world.client_for(world.meeting_chair).get(f"/meetings/{meeting.pk}/").content.decode()


# --- Repeat missing -----------------------------------------------------------------------------


def test_repeat_missing_at_the_cap_proposes_every_child_and_no_more_line(world: TestWorld, settings) -> None:
    settings.MEETINGS_AGENDA_REVIEW_CAP = 2
    children = [_child(world) for _ in range(2)]
    for child in children:
        go_missing(world, child, 3)
    meeting = make_meeting(world)
    assert {item.person_id for item in _proposed(meeting, ItemKind.REPEAT_MISSING)} == {
        c.pk for c in children
    }
    meeting.refresh_from_db()
    assert meeting.repeat_missing_not_proposed == 0
    assert 'data-testid="repeat-missing-not-proposed"' not in _page(world, meeting)


def test_repeat_missing_over_the_cap_proposes_most_episodes_first_and_counts_the_rest(
    world: TestWorld, settings
) -> None:
    settings.MEETINGS_AGENDA_REVIEW_CAP = 2
    three, five, four = _child(world), _child(world), _child(world)
    go_missing(world, three, 3)
    go_missing(world, five, 5)
    go_missing(world, four, 4)
    meeting = make_meeting(world)
    proposed = _proposed(meeting, ItemKind.REPEAT_MISSING)
    assert [item.person_id for item in proposed] == [five.pk, four.pk]
    assert "Missing 5 times" in proposed[0].reason
    meeting.refresh_from_db()
    assert meeting.repeat_missing_not_proposed == 1
    # A removed proposal still counts towards the cap: the third child is not pulled in.
    services.agenda_item_remove(actor=world.meeting_chair, item=proposed[0])
    assert services.agenda_refresh(actor=world.meeting_chair, meeting=meeting) == 0
    assert three.pk not in {item.person_id for item in meeting.items.all()}


def test_the_meeting_page_says_how_many_more_children_are_missing_repeatedly_and_links_the_list(
    world: TestWorld, settings
) -> None:
    settings.MEETINGS_AGENDA_REVIEW_CAP = 1
    for times in (3, 4, 5):
        go_missing(world, _child(world), times)
    meeting = make_meeting(world)
    page = _page(world, meeting)
    assert "2 more children missing repeatedly are not on this agenda" in page
    assert f'href="/missing/repeat/?area={meeting.area_id}&amp;screening=any"' in page
    api = api_client(world.meeting_chair).get(f"/api/v1/meetings/{meeting.pk}/agenda/").json()
    assert api["repeat_missing_not_proposed"] == 2
    officer = world.client_for(world.police_officer).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "missing repeatedly are not on this agenda" not in officer


def test_the_repeat_missing_link_lists_the_children_left_over(world: TestWorld, settings) -> None:
    settings.MEETINGS_AGENDA_REVIEW_CAP = 1
    most, fewer = _child(world), _child(world)
    go_missing(world, most, 4)
    go_missing(world, fewer, 3)
    meeting = make_meeting(world)
    listing = world.client_for(world.social_worker_a).get(
        f"/missing/repeat/?area={meeting.area_id}&screening=any"
    )
    body = listing.content.decode()
    assert listing.status_code == 200
    assert body.index(most.full_name) < body.index(fewer.full_name)


# --- Overdue actions ----------------------------------------------------------------------------


def _overdue_actions(world: TestWorld, days_overdue: list[int]) -> list[Action]:
    """Actions agreed at a meeting four weeks ago, each due that many days ago, not completed."""
    earlier = make_meeting(world, at=timezone.now() - timedelta(weeks=4), weeks=None)
    item = services.agenda_item_add(actor=world.meeting_chair, meeting=earlier, reason="Themes")
    today = timezone.localdate()
    return [
        make_action(world, item, agency=world.police, due_on=today - timedelta(days=days))
        for days in days_overdue
    ]


def test_overdue_actions_at_the_cap_are_all_carried_over(world: TestWorld, settings) -> None:
    settings.MEETINGS_AGENDA_REVIEW_CAP = 2
    actions = _overdue_actions(world, [5, 12])
    meeting = make_meeting(world)
    carried = _proposed(meeting, ItemKind.OVERDUE_ACTION)
    assert {item.carried_action_id for item in carried} == {action.pk for action in actions}
    meeting.refresh_from_db()
    assert meeting.overdue_actions_not_proposed == 0
    assert 'data-testid="overdue-actions-not-proposed"' not in _page(world, meeting)


def test_overdue_actions_over_the_cap_longest_overdue_first_and_counted(world: TestWorld, settings) -> None:
    settings.MEETINGS_AGENDA_REVIEW_CAP = 2
    ten, thirty, twenty = _overdue_actions(world, [10, 30, 20])
    meeting = make_meeting(world)
    carried = _proposed(meeting, ItemKind.OVERDUE_ACTION)
    assert [item.carried_action_id for item in carried] == [thirty.pk, twenty.pk]
    meeting.refresh_from_db()
    assert meeting.overdue_actions_not_proposed == 1
    services.agenda_item_remove(actor=world.meeting_chair, item=carried[0])
    assert services.agenda_refresh(actor=world.meeting_chair, meeting=meeting) == 0
    assert ten.pk not in {item.carried_action_id for item in meeting.items.all()}


def test_the_meeting_page_says_how_many_more_actions_are_overdue_and_links_the_tracker(
    world: TestWorld, settings
) -> None:
    settings.MEETINGS_AGENDA_REVIEW_CAP = 1
    _overdue_actions(world, [3, 6, 9, 12])
    meeting = make_meeting(world)
    page = _page(world, meeting)
    assert "3 more overdue actions from earlier meetings are not on this agenda" in page
    assert f'href="/meetings/actions/?state=overdue&amp;area={meeting.area_id}"' in page
    api = api_client(world.meeting_chair).get(f"/api/v1/meetings/{meeting.pk}/agenda/").json()
    assert api["overdue_actions_not_proposed"] == 3


# --- The actions tracker's area filter ----------------------------------------------------------


def test_the_actions_tracker_filters_overdue_actions_by_the_meetings_area(world: TestWorld) -> None:
    overdue, due = _overdue_actions(world, [4, -4])
    today = timezone.localdate()
    in_a = selectors.action_list_for(
        world.meeting_chair, ActionFilters(state="overdue", area_id=world.area_a.pk), today=today
    )
    assert [action.pk for action in in_a] == [overdue.pk]
    in_b = selectors.action_list_for(
        world.meeting_chair, ActionFilters(state="overdue", area_id=world.area_b.pk), today=today
    )
    assert in_b == []
    page = world.client_for(world.meeting_chair).get(
        f"/meetings/actions/?state=overdue&area={world.area_a.pk}"
    )
    assert page.status_code == 200
    assert f"/meetings/actions/{overdue.pk}/" in page.content.decode()
    assert f"/meetings/actions/{due.pk}/" not in page.content.decode()
    api = api_client(world.meeting_chair)
    in_a_api = api.get(f"/api/v1/meeting-actions/?state=overdue&area={world.area_a.pk}").json()
    assert [row["id"] for row in in_a_api] == [overdue.pk]
    assert api.get(f"/api/v1/meeting-actions/?state=overdue&area={world.area_b.pk}").json() == []


def test_the_filtered_actions_tracker_refuses_an_auditor_and_audits_it(world: TestWorld) -> None:
    from lantern.audit.models import AuditEvent

    response = world.client_for(world.auditor).get(f"/meetings/actions/?state=overdue&area={world.area_a.pk}")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=world.auditor.pk).exists()
