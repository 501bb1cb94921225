"""Reading risk assessments. Access to a person's assessments is access to the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lantern.accounts.roles import can_record_risk_assessment
from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused
from lantern.partnership.selectors import area_list, risk_scale, team_list
from lantern.people.models import Person
from lantern.people.selectors import person_get_for, visible_person_ids_or_areas_for, worker_choices
from lantern.risk.models import RiskAssessment
from lantern.risk.scale import add_months, level_tag_class


@dataclass(frozen=True)
class RiskHistory:
    person: Person
    assessments: list[RiskAssessment]
    current: RiskAssessment | None
    review_overdue: bool
    can_record: bool


def _assessments_of(person: Person) -> QuerySet[RiskAssessment]:
    return (
        RiskAssessment.objects.filter(person=person)
        .select_related("agency", "assessed_by")
        .order_by("-assessed_on", "-id")
    )


def _open_on(day: date) -> Q:
    return Q(assessed_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def risk_assessment_current_for(person: Person) -> RiskAssessment | None:
    """The latest assessment that is still open. The caller has already been allowed to see the person."""
    return _assessments_of(person).filter(closed_on__isnull=True).first()


def risk_assessment_is_up_to_date(person: Person, as_at: date) -> bool:
    """Whether, on ``as_at``, the person had an open assessment made within the month before."""
    return (
        RiskAssessment.objects.filter(person=person)
        .filter(_open_on(as_at), assessed_on__gte=add_months(as_at, -1))
        .exists()
    )


def risk_assessment_review_overdue(assessment: RiskAssessment | None, today: date | None = None) -> bool:
    if assessment is None or assessment.closed_on is not None:
        return False
    return assessment.next_review_due < (today or timezone.localdate())


def risk_assessment_list_for(user: Any, person_id: int) -> RiskHistory:
    """A person's risk assessments, newest first, if the user has a need to know (audited)."""
    person = person_get_for(user, person_id, purpose="Risk assessments")
    assessments = list(_assessments_of(person))
    current = next((assessment for assessment in assessments if assessment.closed_on is None), None)
    return RiskHistory(
        person=person,
        assessments=assessments,
        current=current,
        review_overdue=risk_assessment_review_overdue(current),
        can_record=can_record_risk_assessment(getattr(user, "role", "")),
    )


def risk_assessment_get_for(user: Any, assessment_id: int, *, purpose: str = "") -> RiskAssessment:
    """One assessment, if the user may see its person. A missing one is refused the same way,
    so the answer says nothing about which assessments exist."""
    assessment = (
        RiskAssessment.objects.select_related("agency", "assessed_by", "person")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        audit_refusal(
            actor=user,
            object_type="risk_assessment",
            object_id=assessment_id,
            reason="no such risk assessment",
        )
        raise AccessRefused("You do not have a need to know about this record.")
    person_get_for(user, assessment.person_id, purpose=purpose or "Risk assessment")
    return assessment


def risk_assessment_chronology_for(person: Person) -> list[RiskAssessment]:
    """For the chronology provider, which is only called once the user may see the person."""
    return list(_assessments_of(person))


def risk_review_overdue_since(person: Person, today: date | None = None) -> date | None:
    """When the review of the person's latest open assessment fell due, if that is before today.
    The caller has already been allowed to see the person."""
    current = risk_assessment_current_for(person)
    if current is None or not risk_assessment_review_overdue(current, today):
        return None
    return current.next_review_due


# --- Reviews due across the caseload ---------------------------------------------------------

REVIEW_WINDOW_DAYS = 14
OVERDUE = "overdue"
DUE_SOON = "due_soon"


def _visible_assessments_q(user: Any) -> Q:
    """Need-to-know as tests of the assessment's ``person_id`` against subqueries of person ids.

    The database works each one out once (a hashed set) and checks the assessments against it,
    so the page can walk the ``(next_review_due, id)`` index and stop at 50 rows. As one
    condition on the person, the front door's area branch would join every assessment due to
    its person first.
    """
    return visible_person_ids_or_areas_for(user).q("person_id")


@dataclass(frozen=True)
class ReviewList:
    assessments: QuerySet[RiskAssessment]
    overdue: int
    due_soon: int
    today: date
    total: int = 0  # the rows of ``assessments``: the counts already found them


def risk_review_page(reviews: ReviewList, number: Any, per_page: int) -> Page[RiskAssessment]:
    """A page of the list, without counting it again (the counts are the list's own query)."""
    paginator = Paginator(reviews.assessments, per_page)
    paginator.count = reviews.total
    return paginator.get_page(number)


def risk_review_list_for(
    user: Any,
    *,
    area_id: int | None = None,
    team_id: int | None = None,
    worker_id: int | None = None,
    due_status: str = "",
    today: date | None = None,
) -> ReviewList:
    """Open assessments of people the user may see whose review is overdue or due within
    ``REVIEW_WINDOW_DAYS``, most overdue first (audited). The counts ignore ``due_status``."""
    if not can_record_risk_assessment(getattr(user, "role", "")):
        audit_refusal(actor=user, object_type="risk_review_list", reason="role may not review risk")
        raise AccessRefused("Your role does not review risk assessments.")
    today = today or timezone.localdate()
    window_end = today + timedelta(days=REVIEW_WINDOW_DAYS)
    due = RiskAssessment.objects.filter(
        _visible_assessments_q(user), closed_on__isnull=True, next_review_due__lte=window_end
    )
    if area_id is not None:
        due = due.filter(person__area_id=area_id)
    if team_id is not None:
        due = due.filter(assessed_by__team_id=team_id)
    if worker_id is not None:
        due = due.filter(assessed_by_id=worker_id)
    counts = due.aggregate(
        overdue=Count("pk", filter=Q(next_review_due__lt=today)),
        due_soon=Count("pk", filter=Q(next_review_due__gte=today)),
    )
    total = counts["overdue"] + counts["due_soon"]
    if due_status == OVERDUE:
        due, total = due.filter(next_review_due__lt=today), counts["overdue"]
    elif due_status == DUE_SOON:
        due, total = due.filter(next_review_due__gte=today), counts["due_soon"]
    filters = {"area_id": area_id, "team_id": team_id, "worker_id": worker_id, "due_status": due_status}
    audit_record(
        actor=user,
        action="view",
        object_type="risk_review_list",
        purpose="Risk assessment reviews due",
        detail={
            "filters": {key: value for key, value in filters.items() if value not in (None, "")},
            "overdue": counts["overdue"],
            "due_soon": counts["due_soon"],
        },
    )
    return ReviewList(
        assessments=due.select_related("person__area", "agency", "assessed_by__team").order_by(
            "next_review_due", "pk"
        ),
        overdue=counts["overdue"],
        due_soon=counts["due_soon"],
        today=today,
        total=total,
    )


@dataclass(frozen=True)
class ReviewRow:
    assessment: RiskAssessment
    tag_class: str
    overdue: bool


def risk_review_rows(assessments: list[RiskAssessment], today: date) -> list[ReviewRow]:
    """A page of the reviews list ready to show, reading the risk scale once."""
    scale = risk_scale()
    return [
        ReviewRow(
            assessment=assessment,
            tag_class=level_tag_class(assessment.level, scale),
            overdue=assessment.next_review_due < today,
        )
        for assessment in assessments
    ]


@dataclass(frozen=True)
class ReviewFilterChoices:
    areas: list[tuple[int, str]]
    teams: list[tuple[int, str]]
    workers: list[tuple[int, str]]


def risk_review_filter_choices() -> ReviewFilterChoices:
    """Areas, teams and the staff who may record risk assessments (no one's personal record)."""
    return ReviewFilterChoices(
        areas=[(area.pk, area.name) for area in area_list()],
        teams=[(team.pk, f"{team.name} ({team.agency.name})") for team in team_list()],
        workers=[
            (worker.pk, f"{worker.display_name} ({worker.agency.name})")
            for worker in worker_choices()
            if can_record_risk_assessment(worker.role)
        ],
    )
