"""Every write to meetings, agendas, minutes and actions. Each is audited in its own transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.concerns.services import notifications_send
from lantern.core.errors import ValidationFailed
from lantern.core.versioning import lock_version, save_new_version, versioned_update
from lantern.meetings.access import coordinates_area, refuse
from lantern.meetings.agenda import interval_of, proposals_for
from lantern.meetings.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    ItemKind,
    Meeting,
    MeetingStatus,
    MeetingType,
    MinutesAmendment,
)
from lantern.partnership.models import Agency, Area
from lantern.risk.services import risk_assessment_create

logger = logging.getLogger(__name__)

MEETING = "meeting"
ITEM = "agenda_item"
ACTION = "meeting_action"
EMAIL_SUBJECT = "Lantern: meeting minutes approved"
MINUTED_FIELDS = ("summary", "decisions")


def _refuse_unless_coordinator(actor: Any, area_id: int, object_id: object = "") -> None:
    if not coordinates_area(actor, area_id):
        raise refuse(actor, MEETING, object_id, "not a meeting coordinator for the area")


def _refuse_if_approved(actor: Any, meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.APPROVED:
        raise refuse(actor, MEETING, meeting.pk, "minutes approved: amend instead of editing")


# --- Meetings ----------------------------------------------------------------------------------


def meeting_create(
    *,
    actor: Any,
    meeting_type: str,
    area: Area,
    scheduled_at: datetime,
    recurrence_weeks: int | None,
    chair: Any,
    invited_agencies: Iterable[Agency],
    previous: Meeting | None = None,
) -> Meeting:
    """Schedule a meeting and propose its agenda."""
    _refuse_unless_coordinator(actor, area.pk)
    errors: dict[str, list[str]] = {}
    if meeting_type not in MeetingType.values:
        errors["meeting_type"] = ["Choose the type of meeting"]
    if recurrence_weeks is not None and not 1 <= recurrence_weeks <= 52:
        errors["recurrence_weeks"] = ["Enter how many weeks apart, from 1 to 52"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            meeting_type=meeting_type,
            area=area,
            scheduled_at=scheduled_at,
            recurrence_weeks=recurrence_weeks,
            chair=chair,
            previous=previous,
            created_by=actor,
        )
        meeting.invited_agencies.set(list(invited_agencies))
        audit_record(
            actor=actor,
            action="create",
            object_type=MEETING,
            object_id=meeting.pk,
            detail={
                "meeting_type": meeting_type,
                "area": area.pk,
                "scheduled_at": scheduled_at.isoformat(),
                "invited_agencies": sorted(meeting.invited_agencies.values_list("pk", flat=True)),
            },
        )
        _add_proposals(actor, meeting)
    return meeting


def meeting_schedule_next(*, actor: Any, meeting: Meeting) -> Meeting:
    """The next meeting in a recurring series, with the same chair and invitees."""
    _refuse_unless_coordinator(actor, meeting.area_id, meeting.pk)
    if not meeting.recurrence_weeks:
        raise ValidationFailed({"recurrence_weeks": ["This meeting does not recur"]})
    if Meeting.objects.filter(previous=meeting).exists():
        raise ValidationFailed({"recurrence_weeks": ["The next meeting is already scheduled"]})
    return meeting_create(
        actor=actor,
        meeting_type=meeting.meeting_type,
        area=meeting.area,
        scheduled_at=meeting.scheduled_at + interval_of(meeting),
        recurrence_weeks=meeting.recurrence_weeks,
        chair=meeting.chair,
        invited_agencies=meeting.invited_agencies.all(),
        previous=meeting,
    )


# What each capped agenda rule found but did not propose: on the Selection and on the Meeting.
NOT_PROPOSED_FIELDS = ("reviews_not_proposed", "repeat_missing_not_proposed", "overdue_actions_not_proposed")


def _add_proposals(actor: Any, meeting: Meeting) -> int:
    existing = {
        (kind, person_id, context_id, action_id)
        for kind, person_id, context_id, action_id in meeting.items.values_list(
            "kind", "person_id", "context_id", "carried_action_id"
        )
    }
    selection = proposals_for(meeting, existing)
    position = meeting.items.aggregate(top=Max("position"))["top"] or 0
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=meeting,
                position=position + number,
                kind=proposal.kind,
                reason=proposal.reason,
                person_id=proposal.person_id,
                context_id=proposal.context_id,
                carried_action_id=proposal.action_id,
            )
            for number, proposal in enumerate(selection.new, start=1)
        ],
        batch_size=500,
    )
    left_over = {field: getattr(selection, field) for field in NOT_PROPOSED_FIELDS}
    changed = [field for field, count in left_over.items() if getattr(meeting, field) != count]
    if changed:
        for field in changed:
            setattr(meeting, field, left_over[field])
        meeting.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="update",
        object_type=MEETING,
        object_id=meeting.pk,
        purpose="Agenda proposals",
        detail={"proposed": len(selection.new), **left_over},
    )
    return len(selection.new)


def agenda_refresh(*, actor: Any, meeting: Meeting) -> int:
    """Propose anything new since the agenda was built; removed items stay removed."""
    _refuse_unless_coordinator(actor, meeting.area_id, meeting.pk)
    _refuse_if_approved(actor, meeting)
    with transaction.atomic():
        return _add_proposals(actor, meeting)


def agenda_item_add(*, actor: Any, meeting: Meeting, reason: str, person_id: int | None = None) -> AgendaItem:
    _refuse_unless_coordinator(actor, meeting.area_id, meeting.pk)
    _refuse_if_approved(actor, meeting)
    if not reason.strip():
        raise ValidationFailed({"reason": ["Enter what the meeting should discuss"]})
    with transaction.atomic():
        position = (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            kind=ItemKind.ADDED,
            reason=reason.strip(),
            person_id=person_id,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type=ITEM,
            object_id=item.pk,
            person_id=person_id,
            detail={"meeting": meeting.pk},
        )
    return item


def agenda_item_remove(*, actor: Any, item: AgendaItem) -> AgendaItem:
    _refuse_unless_coordinator(actor, item.meeting.area_id, item.pk)
    _refuse_if_approved(actor, item.meeting)
    with transaction.atomic():
        item.removed_at = timezone.now()
        item.version += 1
        item.save(update_fields=["removed_at", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            object_type=ITEM,
            object_id=item.pk,
            person_id=item.person_id,
            purpose="Removed from the agenda",
        )
    return item


def agenda_item_move(*, actor: Any, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour above (or below) among the items still on the agenda."""
    meeting = item.meeting
    _refuse_unless_coordinator(actor, meeting.area_id, item.pk)
    _refuse_if_approved(actor, meeting)
    with transaction.atomic():
        items = list(
            meeting.items.filter(removed_at__isnull=True).select_for_update().order_by("position", "pk")
        )
        for number, each in enumerate(items, start=1):
            each.position = number
        index = next(i for i, each in enumerate(items) if each.pk == item.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(items):
            items[index].position, items[other].position = items[other].position, items[index].position
        AgendaItem.objects.bulk_update(items, ["position"])
        audit_record(
            actor=actor,
            action="update",
            object_type=ITEM,
            object_id=item.pk,
            purpose="Agenda reordered",
            detail={"up": up},
        )


def attendance_record(*, actor: Any, meeting: Meeting, user: Any, status: str) -> Attendance:
    _refuse_unless_coordinator(actor, meeting.area_id, meeting.pk)
    _refuse_if_approved(actor, meeting)
    if user.agency_id is None:
        raise ValidationFailed({"user": ["Choose someone who works for an agency"]})
    with transaction.atomic():
        attendance, _ = Attendance.objects.update_or_create(
            meeting=meeting, user=user, defaults={"agency_id": user.agency_id, "status": status}
        )
        audit_record(
            actor=actor,
            action="update",
            object_type=MEETING,
            object_id=meeting.pk,
            purpose="Attendance",
            detail={"user": user.pk, "status": status},
        )
    return attendance


# --- In the meeting ---------------------------------------------------------------------------


def agenda_item_minute(
    *,
    actor: Any,
    item: AgendaItem,
    expected_version: int,
    summary: str,
    decisions: str,
    agreed_risk_level: str = "",
    exploitation_type: str = "",
) -> AgendaItem:
    """Record the discussion. Agreeing a risk level records the risk assessment, once per item."""
    meeting = item.meeting
    if actor.pk != meeting.chair_id and not coordinates_area(actor, meeting.area_id):
        raise refuse(
            actor, ITEM, item.pk, "only the chair or coordinator minutes the meeting", item.person_id
        )
    _refuse_if_approved(actor, meeting)
    with transaction.atomic():
        current = lock_version(AgendaItem, pk=item.pk, expected_version=expected_version)
        fields: dict[str, Any] = {"summary": summary.strip(), "decisions": decisions.strip()}
        if agreed_risk_level and current.risk_assessment_id is None:
            if current.person is None:
                raise ValidationFailed(
                    {"agreed_risk_level": ["A risk level can only be agreed for a person"]}
                )
            if not exploitation_type:
                raise ValidationFailed({"exploitation_type": ["Choose the primary type of exploitation"]})
            fields["risk_assessment"] = risk_assessment_create(
                actor=actor,
                person=current.person,
                assessed_on=timezone.localdate(),
                exploitation_type=exploitation_type,
                other_types=[],
                level=agreed_risk_level,
                summary=f"Agreed at meeting {meeting.pk}. {decisions.strip()}".strip(),
            )
            fields["agreed_risk_level"] = agreed_risk_level
        save_new_version(current, fields)
        audit_record(
            actor=actor,
            action="update",
            object_type=ITEM,
            object_id=current.pk,
            person_id=current.person_id,
            purpose="Minutes",
            detail={"agreed_risk_level": current.agreed_risk_level, "version": current.version},
        )
    return current


def action_create(
    *,
    actor: Any,
    item: AgendaItem,
    description: str,
    owner_agency: Agency,
    owner: Any | None,
    due_on: date,
) -> Action:
    meeting = item.meeting
    if actor.pk != meeting.chair_id and not coordinates_area(actor, meeting.area_id):
        raise refuse(actor, ACTION, "", "only the chair or coordinator agrees actions", item.person_id)
    _refuse_if_approved(actor, meeting)
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = ["Enter what is to be done"]
    if owner is not None and owner.agency_id != owner_agency.pk:
        errors["owner"] = ["The owner must work for the owning agency"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        action = Action.objects.create(
            meeting=meeting,
            agenda_item=item,
            person_id=item.person_id,
            description=description.strip(),
            owner_agency=owner_agency,
            owner=owner,
            due_on=due_on,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type=ACTION,
            object_id=action.pk,
            person_id=item.person_id,
            detail={"meeting": meeting.pk, "owner_agency": owner_agency.code, "due_on": due_on.isoformat()},
        )
    return action


def minutes_email_body(meeting: Meeting, action_ids: list[int], site_url: str) -> str:
    """No personal data: the meeting and each action by id, with links."""
    base = site_url.rstrip("/")
    lines = [
        f"The minutes of meeting {meeting.pk} have been approved.",
        f"{base}{reverse('meetings:meeting-detail', args=[meeting.pk])}",
        "",
    ]
    if action_ids:
        lines.append("Actions for your agency:")
        lines += [f"{base}{reverse('meetings:action-update', args=[pk])}" for pk in action_ids]
    else:
        lines.append("There are no actions for your agency.")
    lines += ["", "This email holds no personal information. Do not forward it."]
    return "\n".join(lines)


def _minutes_recipients(meeting: Meeting) -> list[Any]:
    """Attendees, and everyone who owns one of the meeting's actions."""
    from lantern.accounts.models import User

    attendees = meeting.attendance.values("user_id")
    owners = meeting.actions.exclude(owner=None).values("owner_id")
    return list(
        User.objects.filter(Q(pk__in=attendees) | Q(pk__in=owners), is_active=True).select_related("agency")
    )


def minutes_approve(*, actor: Any, meeting: Meeting, site_url: str) -> Meeting:
    """Make the minutes court-safe and send them, with each agency's actions, in-app and by email."""
    if actor.pk != meeting.chair_id:
        raise refuse(actor, MEETING, meeting.pk, "only the chair approves the minutes")
    _refuse_if_approved(actor, meeting)
    with transaction.atomic():
        meeting.status = MeetingStatus.APPROVED
        meeting.minutes_approved_at = timezone.now()
        meeting.minutes_approved_by = actor
        meeting.version += 1
        meeting.save()
        recipients = _minutes_recipients(meeting)
        url = reverse("meetings:meeting-detail", args=[meeting.pk])
        for user in recipients:
            notifications_send(
                recipient_ids=[user.pk],
                text=f"The minutes of meeting {meeting.pk} are approved; "
                f"{_agency_action_count(meeting, user.agency_id)} action(s) for your agency.",
                url=url,
            )
        audit_record(
            actor=actor,
            action="update",
            object_type=MEETING,
            object_id=meeting.pk,
            purpose="Minutes approved",
            detail={"recipients": sorted(user.pk for user in recipients), "version": meeting.version},
        )
    _email_minutes(meeting, recipients, site_url)
    return meeting


def _agency_action_count(meeting: Meeting, agency_id: int | None) -> int:
    return meeting.actions.filter(owner_agency_id=agency_id).count()


def _email_minutes(meeting: Meeting, recipients: list[Any], site_url: str) -> None:
    """After the approval is saved: a mail server being down must not undo it (the in-app note is there)."""
    for user in recipients:
        if not user.email:
            continue
        ids = list(meeting.actions.filter(owner_agency_id=user.agency_id).values_list("pk", flat=True))
        try:
            send_mail(EMAIL_SUBJECT, minutes_email_body(meeting, ids, site_url), None, [user.email])
        except Exception as error:
            logger.warning("Minutes email to user %s failed: %s", user.pk, type(error).__name__)


def minutes_amend(
    *, actor: Any, item: AgendaItem, field: str, new_value: str, reason: str
) -> MinutesAmendment:
    """A correction to approved minutes, attributed and kept beside the original."""
    meeting = item.meeting
    if actor.pk != meeting.chair_id and not coordinates_area(actor, meeting.area_id):
        raise refuse(actor, ITEM, item.pk, "only the chair or coordinator amends minutes", item.person_id)
    errors: dict[str, list[str]] = {}
    if meeting.status != MeetingStatus.APPROVED:
        errors["field"] = ["Minutes are amended only after approval; edit them instead"]
    if field not in MINUTED_FIELDS:
        errors["field"] = ["Choose what to correct"]
    if not new_value.strip():
        errors["new_value"] = ["Enter the corrected text"]
    if not reason.strip():
        errors["reason"] = ["Enter why the minutes are being corrected"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        amendment = MinutesAmendment.objects.create(
            meeting=meeting,
            agenda_item=item,
            field=field,
            old_value=getattr(item, field),
            new_value=new_value.strip(),
            reason=reason.strip(),
            amended_by=actor,
        )
        audit_record(
            actor=actor,
            action="amend",
            object_type=ITEM,
            object_id=item.pk,
            person_id=item.person_id,
            detail={"field": field, "amendment": amendment.pk},
        )
    return amendment


# --- Actions tracker --------------------------------------------------------------------------


def may_update_action(actor: Any, action: Action) -> bool:
    return actor.pk == action.owner_id or (
        actor.agency_id is not None and actor.agency_id == action.owner_agency_id
    )


def action_update(*, actor: Any, action: Action, expected_version: int, status: str, progress: str) -> Action:
    if not may_update_action(actor, action):
        raise refuse(actor, ACTION, action.pk, "not the owning agency", action.person_id)
    if status not in ActionStatus.values:
        raise ValidationFailed({"status": ["Choose the status"]})
    with transaction.atomic():
        current = versioned_update(
            Action,
            pk=action.pk,
            expected_version=expected_version,
            changes={
                "status": status,
                "progress": progress.strip(),
                "completed_at": timezone.now() if status == ActionStatus.COMPLETED else None,
            },
        ).record
        audit_record(
            actor=actor,
            action="update",
            object_type=ACTION,
            object_id=current.pk,
            person_id=current.person_id,
            detail={"status": status, "version": current.version},
        )
    return current
