"""Every read of meetings, agendas, minutes and actions, scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from lantern.accounts.models import User
from lantern.audit.services import audit_record
from lantern.meetings.access import coordinates_area, is_coordinator, may_see_meeting, refuse
from lantern.meetings.models import Action, ActionStatus, AgendaItem, Meeting, MinutesAmendment
from lantern.partnership.models import Agency, Area
from lantern.people.models import Person
from lantern.people.selectors import is_casework_user, person_get_for, person_visible_q

DUE = "due"
OVERDUE = "overdue"
COMPLETED = "completed"
ACTION_STATES = [(DUE, "Due"), (OVERDUE, "Overdue"), (COMPLETED, "Completed")]


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("area", "chair", "previous").prefetch_related("invited_agencies")


def meeting_list_for(user: Any) -> list[Meeting]:
    """Meetings of the areas a coordinator covers, or those the user's agency is invited to."""
    if not is_casework_user(user):
        raise refuse(user, "meeting_list", "", "role may not use meetings")
    if is_coordinator(user):
        area_id = user.agency.area_id if user.agency_id else None
        meetings = _meetings() if area_id is None else _meetings().filter(area_id=area_id)
    else:
        meetings = _meetings().filter(Q(invited_agencies=user.agency_id) | Q(chair=user)).distinct()
    audit_record(actor=user, action="view", object_type="meeting_list", purpose="Meetings")
    return list(meetings[:200])


def meeting_get_for(user: Any, meeting_id: int) -> Meeting:
    meeting = _meetings().filter(pk=meeting_id).first()
    if meeting is None or not may_see_meeting(user, meeting):
        raise refuse(user, "meeting", meeting_id, "not invited to the meeting")
    return meeting


def meeting_for_coordinator_get_for(user: Any, meeting_id: int) -> Meeting:
    meeting = _meetings().filter(pk=meeting_id).first()
    if meeting is None or not coordinates_area(user, meeting.area_id):
        raise refuse(user, "meeting", meeting_id, "not a coordinator for the meeting's area")
    return meeting


PACK_PAGE_SIZE = 50
ITEM_FIELDS = (
    "id",
    "meeting_id",
    "position",
    "kind",
    "reason",
    "summary",
    "decisions",
    "agreed_risk_level",
    "version",
    "person__id",
    "person__given_name",
    "person__family_name",
    "context__id",
    "context__name",
    "carried_action_id",
    "risk_assessment_id",
)


@dataclass
class ItemRow:
    number: int
    item: AgendaItem
    person_label: str
    actions: list[Action]
    amendments: list[MinutesAmendment] = field(default_factory=list)


@dataclass(frozen=True)
class MeetingPack:
    meeting: Meeting
    rows: list[ItemRow]
    page: Page[AgendaItem]
    hidden_count: int
    attendance: list[Any]
    may_coordinate: bool
    is_chair: bool
    has_next: bool
    reviews_not_proposed: int = 0
    repeat_missing_not_proposed: int = 0
    overdue_actions_not_proposed: int = 0


def _label(person: Person | None, visible: set[int]) -> str:
    if person is None:
        return ""
    return person.full_name if person.pk in visible else f"Record {person.pk} (not shared with your agency)"


def _items_shown_to(user: Any, meeting: Meeting, may_coordinate: bool) -> QuerySet[AgendaItem]:
    """The coordinator sees every item; anyone else, the items about no one or about people their
    agency may see (filtered in the database)."""
    items = AgendaItem.objects.filter(meeting=meeting, removed_at__isnull=True)
    if not may_coordinate:
        items = items.filter(Q(person__isnull=True) | person_visible_q(user, "person__"))
    return items


def meeting_pack_for(user: Any, meeting_id: int, page_number: int | str | None = 1) -> MeetingPack:
    """One page of the agenda and minutes as this user may see them: a child appears only where
    the user's agency may see the child's record. The coordinator sees every item, unnamed where
    not shared."""
    meeting = meeting_get_for(user, meeting_id)
    may_coordinate = coordinates_area(user, meeting.area_id)
    shown = _items_shown_to(user, meeting, may_coordinate)
    page = Paginator(
        shown.select_related("person", "context").only(*ITEM_FIELDS).order_by("position", "pk"),
        PACK_PAGE_SIZE,
    ).get_page(page_number)
    items = list(page.object_list)
    person_ids = {item.person_id for item in items if item.person_id is not None}
    if may_coordinate:
        visible = set(
            Person.objects.filter(person_visible_q(user), pk__in=person_ids).values_list("pk", flat=True)
        )
    else:
        visible = person_ids
    item_ids = [item.pk for item in items]
    actions = Action.objects.filter(agenda_item_id__in=item_ids).select_related("owner_agency", "owner")
    amendments = MinutesAmendment.objects.filter(agenda_item_id__in=item_ids).select_related("amended_by")
    rows = [
        ItemRow(
            number=page.start_index() + index,
            item=item,
            person_label=_label(item.person, visible),
            actions=[action for action in actions if action.agenda_item_id == item.pk],
            amendments=[amendment for amendment in amendments if amendment.agenda_item_id == item.pk],
        )
        for index, item in enumerate(items)
    ]
    audit_record(
        actor=user,
        action="view",
        object_type="meeting",
        object_id=meeting.pk,
        purpose="Meeting pack",
        detail={"page": page.number, "people": sorted(visible)},
    )
    on_agenda = AgendaItem.objects.filter(meeting=meeting, removed_at__isnull=True).count()
    return MeetingPack(
        meeting=meeting,
        rows=rows,
        page=page,
        hidden_count=on_agenda - page.paginator.count,
        attendance=list(meeting.attendance.select_related("user", "agency")),
        may_coordinate=may_coordinate,
        is_chair=meeting.chair_id == user.pk,
        has_next=Meeting.objects.filter(previous=meeting).exists(),
        reviews_not_proposed=meeting.reviews_not_proposed,
        repeat_missing_not_proposed=meeting.repeat_missing_not_proposed,
        overdue_actions_not_proposed=meeting.overdue_actions_not_proposed,
    )


def agenda_item_for_chair_get_for(user: Any, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting", "person", "context").filter(pk=item_id).first()
    if item is None or (
        user.pk != item.meeting.chair_id and not coordinates_area(user, item.meeting.area_id)
    ):
        raise refuse(user, "agenda_item", item_id, "not the chair or coordinator")
    return item


def invited_users_for(meeting: Meeting) -> QuerySet[User]:
    return User.objects.filter(is_active=True, agency__in=meeting.invited_agencies.all()).select_related(
        "agency"
    )


def agency_choices() -> QuerySet[Agency]:
    return Agency.objects.order_by("name")


def area_choices() -> QuerySet[Area]:
    return Area.objects.order_by("name")


def owner_choices() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .exclude(agency=None)
        .select_related("agency")
        .order_by("agency__name")
    )


# --- Actions tracker --------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFilters:
    agency_id: int | None = None
    owner_id: int | None = None
    meeting_id: int | None = None
    state: str = ""
    area_id: int | None = None  # the area of the meeting that agreed the action


def _state_q(state: str, today: date) -> Q:
    open_q = ~Q(status=ActionStatus.COMPLETED)
    if state == DUE:
        return open_q & Q(due_on__gte=today)
    if state == OVERDUE:
        return open_q & Q(due_on__lt=today)
    if state == COMPLETED:
        return Q(status=ActionStatus.COMPLETED)
    return Q()


def action_list_for(user: Any, filters: ActionFilters, today: date | None = None) -> list[Action]:
    """A coordinator sees the actions of their area's meetings; everyone else, their agency's."""
    if not is_casework_user(user) or user.agency_id is None:
        raise refuse(user, "action_list", "", "role may not use the actions tracker")
    today = today or timezone.localdate()
    actions = Action.objects.select_related("owner_agency", "owner", "meeting__area")
    if not is_coordinator(user):
        actions = actions.filter(owner_agency_id=user.agency_id)
    elif user.agency.area_id is not None:  # a partnership-wide coordinator sees every area
        actions = actions.filter(meeting__area_id=user.agency.area_id)
    if filters.agency_id:
        actions = actions.filter(owner_agency_id=filters.agency_id)
    if filters.owner_id:
        actions = actions.filter(owner_id=filters.owner_id)
    if filters.meeting_id:
        actions = actions.filter(meeting_id=filters.meeting_id)
    if filters.area_id:
        actions = actions.filter(meeting__area_id=filters.area_id)
    actions = actions.filter(_state_q(filters.state, today)).order_by("due_on", "pk")
    audit_record(
        actor=user,
        action="view",
        object_type="action_list",
        purpose="Actions tracker",
        detail={k: v for k, v in filters.__dict__.items() if v},
    )
    return list(actions[:500])


def action_get_for(user: Any, action_id: int) -> Action:
    action = Action.objects.select_related("owner_agency", "owner", "meeting").filter(pk=action_id).first()
    allowed = (
        action is not None
        and is_casework_user(user)
        and (
            user.pk == action.owner_id
            or (user.agency_id is not None and user.agency_id == action.owner_agency_id)
            or coordinates_area(user, action.meeting.area_id)
        )
    )
    if not allowed or action is None:
        raise refuse(user, "meeting_action", action_id, "not the owning agency")
    audit_record(
        actor=user,
        action="view",
        object_type="meeting_action",
        object_id=action.pk,
        person_id=action.person_id,
    )
    return action


def is_overdue(action: Action, today: date | None = None) -> bool:
    return action.status != ActionStatus.COMPLETED and action.due_on < (today or timezone.localdate())


def meeting_chronology_for(person: Person) -> tuple[list[AgendaItem], list[Action]]:
    """For the chronology provider, called once the user may see the person."""
    items = list(
        AgendaItem.objects.filter(person=person, removed_at__isnull=True)
        .select_related("meeting")
        .order_by("meeting__scheduled_at")
    )
    actions = list(Action.objects.filter(person=person).select_related("owner_agency", "meeting"))
    return items, actions


def may_create_meetings(user: Any) -> bool:
    return is_coordinator(user) and user.agency_id is not None


def refuse_unless_coordinator(user: Any) -> None:
    if not may_create_meetings(user):
        raise refuse(user, "meeting", "", "role may not schedule meetings")


def area_choices_for(user: Any) -> QuerySet[Area]:
    areas = Area.objects.order_by("name")
    return areas if user.agency.area_id is None else areas.filter(pk=user.agency.area_id)


def chair_choices() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role="meeting_chair")
        .exclude(agency=None)
        .select_related("agency")
    )


def chair_get(user_id: int) -> User:
    return chair_choices().get(pk=user_id)


def person_for_agenda_get_for(user: Any, person_id: int) -> Person:
    """A person the coordinator adds by record number must be one they may see."""
    return person_get_for(user, person_id, purpose="Add to a meeting agenda")


def item_person_label_for(user: Any, item: AgendaItem) -> str:
    person = item.person
    if person is None:
        return ""
    visible = Person.objects.filter(person_visible_q(user), pk=person.pk).exists()
    return _label(person, {person.pk} if visible else set())
