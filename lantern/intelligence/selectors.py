"""Every read of intelligence, disruption and NRM records, and the one place access is decided.

- Exploitation police (the police intelligence role, in a police agency) see everything,
  including the original text and source details.
- Partner casework roles (not practitioners such as teachers) see only the sanitised version of
  a graded report once it has been shared with their agency, and only when their agency is
  involved with a child linked to it.
- Analysts see aggregates only; anyone else is refused. Every read and refusal is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lantern.accounts.roles import CASEWORK_ROLES, Role
from lantern.audit.services import audit_record, audit_refusal
from lantern.contexts.models import Context
from lantern.core.errors import AccessRefused
from lantern.intelligence.models import (
    Disruption,
    DisruptionType,
    Entity,
    IntelligenceReport,
    NrmDecision,
    NrmReferral,
    PersonOfConcern,
    PersonRole,
    ReportStatus,
    ReportSubject,
    ShareDecision,
    SubjectKind,
)
from lantern.partnership.models import Agency, AgencyType
from lantern.people.models import Involvement, Person
from lantern.people.selectors import open_on, person_get_for, person_visible_for
from lantern.referrals.working_days import add_working_days

RG_DECISION_WORKING_DAYS = 5
SANITISED_READER_ROLES = frozenset(
    {Role.SAFEGUARDING_LEAD, Role.CASE_HOLDER, Role.FRONT_DOOR, Role.MEETING_CHAIR}
)
NRM_ROLES = frozenset({Role.EXPLOITATION_POLICE, Role.CASE_HOLDER, Role.FRONT_DOOR, Role.MEETING_CHAIR})
REFUSED = "You do not have a need to know about this intelligence."


# --- Who may do what ------------------------------------------------------------------------


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_exploitation_police(user: Any) -> bool:
    agency = getattr(user, "agency", None)
    return (
        _authenticated(user)
        and getattr(user, "role", "") == Role.EXPLOITATION_POLICE
        and agency is not None
        and agency.agency_type == AgencyType.POLICE
    )


def may_report(user: Any) -> bool:
    """Any practitioner in an agency may report what they saw or heard."""
    return (
        _authenticated(user)
        and getattr(user, "role", "") in CASEWORK_ROLES
        and getattr(user, "agency_id", None) is not None
    )


def may_read_shared(user: Any) -> bool:
    return (
        _authenticated(user)
        and getattr(user, "role", "") in SANITISED_READER_ROLES
        and getattr(user, "agency_id", None) is not None
    )


def may_use_nrm(user: Any) -> bool:
    return (
        _authenticated(user)
        and getattr(user, "role", "") in NRM_ROLES
        and getattr(user, "agency_id", None) is not None
    )


def refuse(
    user: Any, *, object_type: str, object_id: object = "", reason: str, person_id: int | None = None
) -> AccessRefused:
    audit_refusal(
        actor=user, object_type=object_type, object_id=object_id, person_id=person_id, reason=reason
    )
    return AccessRefused(REFUSED)


def require_police(user: Any, *, object_type: str, object_id: object = "") -> None:
    if not is_exploitation_police(user):
        raise refuse(
            user,
            object_type=object_type,
            object_id=object_id,
            reason=f"role {getattr(user, 'role', '')} is not the police intelligence role",
        )


def _audit_view(user: Any, object_type: str, object_id: object = "", **detail: Any) -> None:
    audit_record(actor=user, action="view", object_type=object_type, object_id=object_id, detail=detail)


# --- Intelligence reports -------------------------------------------------------------------


def _reports() -> QuerySet[IntelligenceReport]:
    return IntelligenceReport.objects.select_related("reporter_agency", "graded_by")


def _shared_with_involved_q(user: Any) -> Q:
    """Graded reports shared with the user's agency that link a child the agency is involved with."""
    shared = ShareDecision.objects.filter(report=OuterRef("pk"), to_agency_id=user.agency_id, shared=True)
    involved = Involvement.objects.filter(open_on(timezone.localdate()), agency_id=user.agency_id).values(
        "person_id"
    )
    linked_child = ReportSubject.objects.filter(
        report=OuterRef("pk"), person_role=PersonRole.CHILD, person_id__in=involved
    )
    return Q(Exists(shared)) & Q(Exists(linked_child)) & Q(status=ReportStatus.GRADED)


def report_list_for(user: Any, *, status: str = "") -> list[IntelligenceReport]:
    require_police(user, object_type="intelligence_report_list")
    reports = _reports().annotate(subject_count=Count("subjects"))
    if status:
        reports = reports.filter(status=status)
    result: list[IntelligenceReport] = list(reports[:500])
    _audit_view(user, "intelligence_report_list", status=status or "all", shown=len(result))
    return result


def report_shared_list_for(user: Any) -> list[IntelligenceReport]:
    """The sanitised reports shared with the user's agency (never the original or its source)."""
    if not may_read_shared(user):
        raise refuse(
            user,
            object_type="intelligence_shared_list",
            reason=f"role {getattr(user, 'role', '')} may not read graded intelligence",
        )
    result = list(_reports().filter(_shared_with_involved_q(user))[:500])
    _audit_view(user, "intelligence_shared_list", shown=len(result), fields="sanitised")
    return result


@dataclass
class SubjectView:
    subject: ReportSubject
    person_label: str = ""
    person_url: str = ""


@dataclass
class KnownEntity:
    entity: Entity
    reports: list[IntelligenceReport]
    people: list[SubjectView]


@dataclass
class ReportView:
    report: IntelligenceReport
    full: bool  # the original text and source details may be shown
    subjects: list[SubjectView] = field(default_factory=list)
    known: list[KnownEntity] = field(default_factory=list)
    share_decisions: list[ShareDecision] = field(default_factory=list)
    conditions: str = ""

    @property
    def text(self) -> str:
        return self.report.original_text if self.full else self.report.sanitised_text


def _subject_views(user: Any, subjects: Iterable[ReportSubject]) -> list[SubjectView]:
    views = []
    for subject in subjects:
        view = SubjectView(subject=subject)
        if subject.person_id is not None:
            visible = person_visible_for(user, subject.person_id)
            if visible is not None:
                view.person_label = visible.full_name
                view.person_url = f"/people/{visible.pk}/"
            else:
                view.person_label = f"Person record {subject.person_id} (no involvement: not shown)"
        views.append(view)
    return views


def known_entities_for(user: Any, report: IntelligenceReport) -> list[KnownEntity]:
    """What other reports already say about the entities this report mentions (police only)."""
    entity_ids = [s.entity_id for s in report.subjects.all() if s.entity_id is not None]
    if not entity_ids:
        return []
    others = (
        ReportSubject.objects.filter(entity_id__in=entity_ids)
        .exclude(report=report)
        .select_related("report", "entity")
        .order_by("-report__created_at")[:200]
    )
    by_entity: dict[int, KnownEntity] = {}
    report_ids: set[int] = set()
    for subject in others:
        assert subject.entity is not None
        known = by_entity.setdefault(subject.entity_id or 0, KnownEntity(subject.entity, [], []))
        if subject.report not in known.reports:
            known.reports.append(subject.report)
        report_ids.add(subject.report_id)
    people = ReportSubject.objects.filter(report_id__in=report_ids, person__isnull=False).select_related(
        "report"
    )
    for known in by_entity.values():
        ids = {r.pk for r in known.reports}
        known.people = _subject_views(user, [p for p in people if p.report_id in ids])
    return list(by_entity.values())


def _report_or_refuse(user: Any, report_id: int) -> IntelligenceReport:
    report = _reports().filter(pk=report_id).first()
    if report is None:
        raise refuse(user, object_type="intelligence_report", object_id=report_id, reason="no such report")
    return report


def report_get_for(user: Any, report_id: int) -> ReportView:
    """The report as this user may see it; the read is audited with the fields shown."""
    report = _report_or_refuse(user, report_id)
    if is_exploitation_police(user):
        subjects = list(report.subjects.select_related("entity", "context").all())
        view = ReportView(
            report=report,
            full=True,
            subjects=_subject_views(user, subjects),
            known=known_entities_for(user, report),
            share_decisions=list(report.share_decisions.select_related("to_agency", "decided_by")),
            conditions=report.handling_conditions,
        )
        _audit_view(user, "intelligence_report", report.pk, fields="original_and_source")
        return view
    if not may_read_shared(user):
        raise refuse(
            user,
            object_type="intelligence_report",
            object_id=report_id,
            reason=f"role {getattr(user, 'role', '')} may not read graded intelligence",
        )
    if not IntelligenceReport.objects.filter(_shared_with_involved_q(user), pk=report.pk).exists():
        raise refuse(
            user, object_type="intelligence_report", object_id=report_id, reason="not shared with agency"
        )
    subjects = [s for s in report.subjects.select_related("context").all() if s.kind == SubjectKind.PERSON]
    view = ReportView(
        report=report,
        full=False,
        subjects=_subject_views(user, subjects),
        conditions=report.handling_conditions,
    )
    _audit_view(user, "intelligence_report", report.pk, fields="sanitised")
    return view


def report_for_police_get_for(user: Any, report_id: int) -> IntelligenceReport:
    """A report to grade, link or share: police only (the caller audits the write)."""
    require_police(user, object_type="intelligence_report", object_id=report_id)
    return _report_or_refuse(user, report_id)


def person_for_link_get_for(user: Any, person_id: int) -> Person | None:
    """A person the user may see, to link to a report; None if there is none they may see."""
    return person_visible_for(user, person_id)


def location_choices(user: Any) -> QuerySet[Context]:
    return Context.objects.filter(kind="location").order_by("name")


def agency_choices() -> QuerySet[Agency]:
    return Agency.objects.order_by("name")


# --- Adults of concern ------------------------------------------------------------------------


@dataclass
class ConcernProfile:
    person: Person
    record: PersonOfConcern | None
    nicknames: list[str]
    vehicles: list[ReportSubject]
    phones: list[ReportSubject]
    accounts: list[ReportSubject]
    places: list[str]
    children: list[SubjectView]
    reports: list[IntelligenceReport]
    disruptions: list[Disruption]


def _unique_by_entity(subjects: Iterable[ReportSubject]) -> list[ReportSubject]:
    seen: set[int] = set()
    result = []
    for subject in subjects:
        key = subject.entity_id or -subject.pk
        if key not in seen:
            seen.add(key)
            result.append(subject)
    return result


def person_of_concern_get_for(user: Any, person_id: int) -> ConcernProfile:
    """The person as an adult of concern: exploitation police only, who must see the person."""
    require_police(user, object_type="person_of_concern", object_id=person_id)
    person = person_get_for(user, person_id, purpose="Adult of concern profile")
    report_ids = ReportSubject.objects.filter(person=person).values("report_id")
    subjects = list(
        ReportSubject.objects.filter(report_id__in=report_ids).select_related("entity", "context", "report")
    )
    own = [s for s in subjects if s.person_id == person.pk]
    nicknames = sorted({s.nickname for s in own if s.nickname})
    places = sorted(
        {
            s.context.name if s.context else f"{s.location_text} {s.postcode}".strip()
            for s in subjects
            if s.kind == SubjectKind.LOCATION
        }
    )
    children = [s for s in subjects if s.person_role == PersonRole.CHILD and s.person_id != person.pk]
    children = list({s.person_id: s for s in children}.values())
    profile = ConcernProfile(
        person=person,
        record=PersonOfConcern.objects.filter(person=person).first(),
        nicknames=nicknames,
        vehicles=_unique_by_entity(s for s in subjects if s.kind == SubjectKind.VEHICLE),
        phones=_unique_by_entity(s for s in subjects if s.kind == SubjectKind.PHONE),
        accounts=_unique_by_entity(s for s in subjects if s.kind == SubjectKind.ONLINE_ACCOUNT),
        places=places,
        children=_subject_views(user, children),
        reports=list(_reports().filter(pk__in=report_ids)),
        disruptions=list(_disruptions().filter(target_person=person)),
    )
    _audit_view(user, "person_of_concern", person.pk, fields="profile")
    return profile


def person_of_concern_list_for(user: Any) -> list[PersonOfConcern]:
    require_police(user, object_type="person_of_concern_list")
    result = list(PersonOfConcern.objects.select_related("person").order_by("person__family_name"))
    _audit_view(user, "person_of_concern_list", shown=len(result))
    return result


# --- Disruption -------------------------------------------------------------------------------


def _disruptions() -> QuerySet[Disruption]:
    return Disruption.objects.select_related(
        "disruption_type", "target_person", "target_context", "protected_child", "agency"
    )


def disruption_type_choices() -> QuerySet[DisruptionType]:
    return DisruptionType.objects.filter(active=True)


def disruption_list_for(user: Any) -> list[Disruption]:
    require_police(user, object_type="disruption_list")
    result = list(_disruptions()[:500])
    _audit_view(user, "disruption_list", shown=len(result))
    return result


def disruption_expiring_list_for(
    user: Any, *, within_days: int = 90, today: date | None = None
) -> list[Disruption]:
    """Orders that expire in the next ``within_days`` days, soonest first."""
    require_police(user, object_type="disruption_expiring_list")
    today = today or timezone.localdate()
    result = list(
        _disruptions()
        .filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=within_days))
        .order_by("expires_on")
    )
    _audit_view(user, "disruption_expiring_list", within_days=within_days, shown=len(result))
    return result


def disruption_target_person_get_for(user: Any, person_id: int) -> Person | None:
    return person_visible_for(user, person_id)


# --- NRM referrals ----------------------------------------------------------------------------


def rg_decision_due(referral: NrmReferral) -> date:
    submitted = timezone.localtime(referral.submitted_at).date()
    return add_working_days(submitted, RG_DECISION_WORKING_DAYS)


def rg_decision_late(referral: NrmReferral, today: date | None = None) -> bool:
    """No reasonable-grounds decision within 5 working days (or one made after them)."""
    due = rg_decision_due(referral)
    if referral.reasonable_grounds_decision == NrmDecision.PENDING:
        return (today or timezone.localdate()) > due
    return referral.reasonable_grounds_on is not None and referral.reasonable_grounds_on > due


def _require_nrm(user: Any, object_id: object = "") -> None:
    if not may_use_nrm(user):
        raise refuse(
            user,
            object_type="nrm_referral",
            object_id=object_id,
            reason=f"role {getattr(user, 'role', '')} may not use NRM referrals",
        )


def nrm_referral_list_for(user: Any) -> list[NrmReferral]:
    """Referrals for the people the user may see (need-to-know by involvement)."""
    from lantern.people.selectors import person_visible_q

    _require_nrm(user)
    referrals = (
        NrmReferral.objects.select_related("person", "first_responder_agency")
        .filter(person_visible_q(user, "person__"))
        .order_by("-submitted_at")
    )
    result = list(referrals[:500])
    _audit_view(user, "nrm_referral_list", shown=len(result))
    return result


def nrm_referral_get_for(user: Any, referral_id: int) -> NrmReferral:
    _require_nrm(user, referral_id)
    referral = (
        NrmReferral.objects.select_related("person", "first_responder_agency").filter(pk=referral_id).first()
    )
    if referral is None:
        raise refuse(user, object_type="nrm_referral", object_id=referral_id, reason="no such referral")
    person_get_for(user, referral.person_id, purpose="NRM referral")
    audit_record(
        actor=user,
        action="view",
        object_type="nrm_referral",
        object_id=referral.pk,
        person_id=referral.person_id,
    )
    return referral


def nrm_person_get_for(user: Any, person_id: int) -> Person:
    _require_nrm(user, person_id)
    return person_get_for(user, person_id, purpose="Record an NRM referral")


def first_responder_choices() -> QuerySet[Agency]:
    return Agency.objects.order_by("name")


# --- Chronology -------------------------------------------------------------------------------


def chronology_reports_for(user: Any, person: Person) -> list[IntelligenceReport]:
    """Reports about the person this viewer may see in the chronology; the read is audited."""
    about = ReportSubject.objects.filter(person=person).values("report_id")
    if is_exploitation_police(user):
        reports = _reports().filter(pk__in=about)
    elif may_read_shared(user):
        reports = _reports().filter(_shared_with_involved_q(user), pk__in=about)
    else:
        return []
    result = list(reports)
    if result:
        audit_record(
            actor=user,
            action="view",
            object_type="intelligence_chronology",
            object_id=person.pk,
            person_id=person.pk,
            detail={"reports": [r.pk for r in result], "fields": "sanitised"},
        )
    return result


def chronology_disruptions_for(user: Any, person: Person) -> list[Disruption]:
    """Police see disruption against or protecting the person; partners see what protects a child."""
    if is_exploitation_police(user):
        return list(_disruptions().filter(Q(target_person=person) | Q(protected_child=person)))
    if may_use_nrm(user) or may_read_shared(user):
        return list(_disruptions().filter(protected_child=person))
    return []


def chronology_nrm_referrals_for(user: Any, person: Person) -> list[NrmReferral]:
    if not may_use_nrm(user):
        return []
    return list(NrmReferral.objects.select_related("first_responder_agency").filter(person=person))


# --- Aggregates for analysts -------------------------------------------------------------------


@dataclass
class IntelligenceSummary:
    reports_by_status: list[tuple[str, int]]
    reports_by_grading: list[tuple[str, int]]
    subjects_by_kind: list[tuple[str, int]]
    disruptions_by_type: list[tuple[str, int]]
    nrm_total: int
    nrm_rg_late: int


def may_see_summary(user: Any) -> bool:
    return _authenticated(user) and (
        getattr(user, "role", "") == Role.ANALYST or is_exploitation_police(user)
    )


def intelligence_summary_for(user: Any) -> IntelligenceSummary:
    """Counts only: no text, no names, no ids (for analysts and the police)."""
    if not may_see_summary(user):
        raise refuse(
            user,
            object_type="intelligence_summary",
            reason=f"role {getattr(user, 'role', '')} may not see intelligence aggregates",
        )
    status_labels = dict(ReportStatus.choices)
    by_status = IntelligenceReport.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
    gradings = (
        IntelligenceReport.objects.filter(status=ReportStatus.GRADED)
        .values_list("source_grade", "information_grade", "handling")
        .annotate(n=Count("pk"))
        .order_by("source_grade", "information_grade", "handling")
    )
    kind_labels = dict(SubjectKind.choices)
    by_kind = ReportSubject.objects.values_list("kind").annotate(n=Count("pk")).order_by("kind")
    by_type = (
        Disruption.objects.values_list("disruption_type__label")
        .annotate(n=Count("pk"))
        .order_by("disruption_type__label")
    )
    referrals = list(NrmReferral.objects.all())
    summary = IntelligenceSummary(
        reports_by_status=[(status_labels.get(s, s), n) for s, n in by_status],
        reports_by_grading=[(f"{s}/{i}/{h}", n) for s, i, h, n in gradings],
        subjects_by_kind=[(kind_labels.get(k, k), n) for k, n in by_kind],
        disruptions_by_type=list(by_type),
        nrm_total=len(referrals),
        nrm_rg_late=sum(1 for r in referrals if rg_decision_late(r)),
    )
    _audit_view(user, "intelligence_summary", fields="aggregates")
    return summary
