"""Reading concerns and alerts, always scoped to the user asking.

Who may read a concern (decided here, in one place):
- a casework user of the agency that raised it (so the raiser and their safeguarding lead keep
  their safeguarding log even after the agency's involvement with the person ends), and
- any casework user who may see the person's record under the people access rule
  (involvement, break glass, or the front door of the person's area): a concern is part of the
  person's multi-agency chronology.
Only the raising agency's safeguarding lead triages; the raiser or that lead amends.
Analysts, partnership admins and auditors never read individual concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from lantern.accounts.models import User
from lantern.accounts.roles import Role
from lantern.audit.services import audit_record, audit_refusal
from lantern.concerns.models import AmendableField, Concern, ConcernAmendment, ConcernStatus, Notification
from lantern.concerns.values import ConcernContent, current_content, original_content, readable, value_as_text
from lantern.core.errors import AccessRefused
from lantern.partnership.models import Area
from lantern.people.models import Person
from lantern.people.selectors import is_casework_user, person_access_for, person_get_for

OBJECT_TYPE = "concern"
REFUSED = "You do not have a need to know about this concern."


def is_safeguarding_lead_role(role: str) -> bool:
    return role == Role.SAFEGUARDING_LEAD


def is_safeguarding_lead(user: Any) -> bool:
    return is_casework_user(user) and user.role == Role.SAFEGUARDING_LEAD and user.agency_id is not None


def concern_may_read(user: Any, concern: Concern) -> bool:
    if not is_casework_user(user):
        return False
    if user.agency_id is not None and user.agency_id == concern.agency_id:
        return True
    return person_access_for(user, concern.person).allowed


def concern_may_triage(user: Any, concern: Concern) -> bool:
    return is_safeguarding_lead(user) and user.agency_id == concern.agency_id


def concern_may_amend(user: Any, concern: Concern) -> bool:
    return is_casework_user(user) and (user.pk == concern.raised_by_id or concern_may_triage(user, concern))


def _refuse(user: Any, concern_id: object, reason: str, person_id: int | None = None) -> AccessRefused:
    audit_refusal(
        actor=user, object_type=OBJECT_TYPE, object_id=concern_id, person_id=person_id, reason=reason
    )
    return AccessRefused(REFUSED)


def _concerns() -> QuerySet[Concern]:
    return Concern.objects.select_related("person__area", "agency__area", "raised_by", "triaged_by")


def concern_get_for(user: Any, concern_id: int, *, purpose: str = "") -> Concern:
    """One concern if the user may read it; every look is audited, allowed or not. A missing
    concern is refused the same way, so the answer says nothing about which concerns exist."""
    concern = _concerns().filter(pk=concern_id).first()
    if concern is None:
        raise _refuse(user, concern_id, "no such concern")
    if not concern_may_read(user, concern):
        reason = "role may not see records" if not is_casework_user(user) else "no need to know"
        raise _refuse(user, concern.pk, reason, concern.person_id)
    audit_record(
        actor=user,
        action="view",
        object_type=OBJECT_TYPE,
        object_id=concern.pk,
        person_id=concern.person_id,
        purpose=purpose,
    )
    return concern


def concern_for_triage_get_for(user: Any, concern_id: int) -> Concern:
    concern = concern_get_for(user, concern_id, purpose="Triage a concern")
    if not concern_may_triage(user, concern):
        raise _refuse(
            user, concern.pk, "only the raising agency's safeguarding lead triages", concern.person_id
        )
    return concern


def concern_for_amendment_get_for(user: Any, concern_id: int) -> Concern:
    concern = concern_get_for(user, concern_id, purpose="Amend a concern")
    if not concern_may_amend(user, concern):
        raise _refuse(
            user, concern.pk, "only the raiser or their safeguarding lead amends", concern.person_id
        )
    return concern


@dataclass(frozen=True)
class EmergencyGuidance:
    area_name: str
    guidance: str
    front_door_name: str
    front_door_phone: str


def emergency_guidance_for(person: Person, user: Any) -> EmergencyGuidance:
    """The person's area's guidance, else the user's agency's area's; 999 and 101 always apply."""
    area: Area | None = person.area
    if area is None and getattr(user, "agency", None) is not None:
        area = user.agency.area
    if area is None:
        return EmergencyGuidance(area_name="", guidance="", front_door_name="", front_door_phone="")
    return EmergencyGuidance(
        area_name=area.name,
        guidance=area.emergency_guidance,
        front_door_name=area.front_door_name,
        front_door_phone=area.front_door_phone,
    )


@dataclass(frozen=True)
class ConcernRecord:
    concern: Concern
    original: ConcernContent
    current: ConcernContent
    amendments: list[ConcernAmendment]
    guidance: EmergencyGuidance | None
    can_triage: bool
    can_amend: bool

    @property
    def amended_fields(self) -> set[str]:
        return {amendment.field for amendment in self.amendments}

    @property
    def field_rows(self) -> list[FieldRow]:
        """Each field as it reads now and, where amended, as first written."""
        original, current = self.original.as_dict(), self.current.as_dict()
        return [
            FieldRow(
                field=field,
                label=str(label),
                current=readable(field, value_as_text(field, current[field])),
                original=readable(field, value_as_text(field, original[field])),
                amended=field in self.amended_fields,
            )
            for field, label in AmendableField.choices
        ]


@dataclass(frozen=True)
class FieldRow:
    field: str
    label: str
    current: str
    original: str
    amended: bool


def _amendments_of(concern: Concern) -> list[ConcernAmendment]:
    return list(concern.amendments.select_related("amended_by__agency").order_by("amended_at", "id"))


def concern_content(concern: Concern) -> ConcernContent:
    """The current wording of a concern the caller has already been allowed to read."""
    return current_content(concern, _amendments_of(concern))


def concern_record_for(user: Any, concern_id: int) -> ConcernRecord:
    """Everything on the concern page: both versions of anything amended, and the triage."""
    concern = concern_get_for(user, concern_id, purpose="Concern page")
    amendments = _amendments_of(concern)
    return ConcernRecord(
        concern=concern,
        original=original_content(concern),
        current=current_content(concern, amendments),
        amendments=amendments,
        guidance=emergency_guidance_for(concern.person, concern.raised_by)
        if concern.immediate_danger
        else None,
        can_triage=concern_may_triage(user, concern) and concern.status == ConcernStatus.OPEN,
        can_amend=concern_may_amend(user, concern),
    )


@dataclass(frozen=True)
class ConcernRow:
    concern: Concern
    current: ConcernContent


def _rows(concerns: list[Concern]) -> list[ConcernRow]:
    amendments: dict[int, list[ConcernAmendment]] = {}
    for amendment in ConcernAmendment.objects.filter(concern__in=concerns):
        amendments.setdefault(amendment.concern_id, []).append(amendment)
    return [
        ConcernRow(concern, current_content(concern, amendments.get(concern.pk, []))) for concern in concerns
    ]


def concern_list_for(user: Any, *, status: str = "", category: str = "") -> list[ConcernRow]:
    """The safeguarding lead's triage log: their own agency's concerns only, open ones first."""
    if not is_safeguarding_lead(user):
        audit_refusal(
            actor=user, object_type=OBJECT_TYPE, reason="only safeguarding leads read the triage log"
        )
        raise AccessRefused("Only safeguarding leads can see their agency's concerns.")
    concerns = _concerns().filter(agency_id=user.agency_id)
    if status in ConcernStatus.values:
        concerns = concerns.filter(status=status)
    rows = _rows(list(concerns))
    if category:
        rows = [row for row in rows if category in row.current.categories]
    rows.sort(key=lambda row: (row.concern.status != ConcernStatus.OPEN, -row.concern.created_at.timestamp()))
    audit_record(
        actor=user,
        action="view",
        object_type="concern_list",
        purpose="Triage log",
        detail={"status": status, "category": category, "results": len(rows)},
    )
    return rows


def concern_list_for_person(user: Any, person_id: int) -> tuple[Person, list[ConcernRow]]:
    """A person's concerns, newest first, for a user who may see the person (audited)."""
    person = person_get_for(user, person_id, purpose="Concerns")
    return person, _rows(list(_concerns().filter(person=person)))


def concern_chronology_for(person: Person) -> list[ConcernRecord]:
    """For the chronology provider, which is only called once the user may see the person."""
    records: list[ConcernRecord] = []
    for concern in _concerns().filter(person=person).prefetch_related("amendments__amended_by__agency"):
        amendments = sorted(concern.amendments.all(), key=lambda a: (a.amended_at, a.pk))
        records.append(
            ConcernRecord(
                concern=concern,
                original=original_content(concern),
                current=current_content(concern, amendments),
                amendments=amendments,
                guidance=None,
                can_triage=False,
                can_amend=False,
            )
        )
    return records


def safeguarding_leads_of(agency_id: int) -> list[User]:
    return list(User.objects.filter(agency_id=agency_id, role=Role.SAFEGUARDING_LEAD, is_active=True))


def notification_list_for(user: Any) -> list[Notification]:
    """The signed-in user's own alerts, newest first (only ever their own)."""
    return list(Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-id")[:200])


def notification_unread_count_for(user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
