"""Every read for Prevent.

Public pages: anyone reads the published version. Drafts and history: the partnership admin.
Public worries: only front-door users whose agency serves the worry's area (a front door with no
area serves every area). Nobody else, and never the public, reads a worry back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum

from lantern.accounts.models import User
from lantern.accounts.roles import CASEWORK_ROLES, Role, can_configure_partnership
from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused
from lantern.partnership.models import AgencyType, Area
from lantern.people.selectors import is_casework_user
from lantern.prevent.learning import CourseStatus, statuses
from lantern.prevent.models import (
    Attendance,
    AwarenessActivity,
    Course,
    PublicPage,
    PublicPageVersion,
    PublicWorry,
    Resource,
    TrainingSession,
    VersionStatus,
    WorryOutcome,
    WorryStatus,
)

FIGURE_ROLES = frozenset({Role.PARTNERSHIP_ADMIN, Role.ANALYST})


def front_door_covers(user: Any, area_id: int | None) -> bool:
    if not is_casework_user(user) or user.role != Role.FRONT_DOOR or user.agency_id is None:
        return False
    return user.agency.area_id is None or user.agency.area_id == area_id


# --- Public reading ----------------------------------------------------------------------------


def published_pages() -> list[PublicPageVersion]:
    return list(
        PublicPageVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .select_related("page")
        .order_by("page__position", "page__slug")
    )


def published_page_by_slug(slug: str) -> PublicPageVersion | None:
    return (
        PublicPageVersion.objects.filter(page__slug=slug, status=VersionStatus.PUBLISHED)
        .select_related("page")
        .first()
    )


def public_areas() -> list[Area]:
    return list(Area.objects.order_by("name"))


def public_area_by_code(code: str) -> Area | None:
    return Area.objects.filter(code=code).first()


# --- Page administration -----------------------------------------------------------------------


def _require_admin(user: Any, object_id: object = "") -> None:
    if not can_configure_partnership(getattr(user, "role", "")):
        audit_refusal(actor=user, object_type="public_page", object_id=object_id, reason="only the admin")
        raise AccessRefused("Only the partnership admin manages public pages.")


@dataclass(frozen=True)
class PageRow:
    page: PublicPage
    published: PublicPageVersion | None
    draft: PublicPageVersion | None


def public_page_list_for(user: Any) -> list[PageRow]:
    _require_admin(user)
    rows = []
    for page in PublicPage.objects.prefetch_related("versions"):
        versions = list(page.versions.all())
        rows.append(
            PageRow(
                page=page,
                published=next((v for v in versions if v.status == VersionStatus.PUBLISHED), None),
                draft=next((v for v in versions if v.status == VersionStatus.DRAFT), None),
            )
        )
    return rows


def public_page_get_for(user: Any, page_id: int) -> PageRow:
    _require_admin(user, page_id)
    page = PublicPage.objects.filter(pk=page_id).first()
    if page is None:
        audit_refusal(actor=user, object_type="public_page", object_id=page_id, reason="no such page")
        raise AccessRefused("There is no such page.")
    versions = list(page.versions.all())
    return PageRow(
        page=page,
        published=next((v for v in versions if v.status == VersionStatus.PUBLISHED), None),
        draft=next((v for v in versions if v.status == VersionStatus.DRAFT), None),
    )


def public_page_versions_for(user: Any, page_id: int) -> list[PublicPageVersion]:
    _require_admin(user, page_id)
    return list(PublicPageVersion.objects.filter(page_id=page_id).select_related("edited_by", "published_by"))


def public_page_version_get_for(user: Any, page_id: int, number: int) -> PublicPageVersion:
    _require_admin(user, page_id)
    version = PublicPageVersion.objects.filter(page_id=page_id, number=number).select_related("page").first()
    if version is None:
        audit_refusal(actor=user, object_type="public_page", object_id=page_id, reason="no such version")
        raise AccessRefused("There is no such version.")
    return version


# --- Public worries ----------------------------------------------------------------------------


def _refuse_worry(user: Any, object_id: object, reason: str) -> AccessRefused:
    audit_refusal(actor=user, object_type="public_worry", object_id=object_id, reason=reason)
    return AccessRefused("Only the front door for the area reads worries raised by the public.")


def public_worry_list_for(user: Any, *, status: str = WorryStatus.NEW) -> QuerySet[PublicWorry]:
    if not is_casework_user(user) or user.role != Role.FRONT_DOOR or user.agency_id is None:
        raise _refuse_worry(user, "", "only front-door users read public worries")
    worries = PublicWorry.objects.select_related("area", "triaged_by")
    if user.agency.area_id is not None:
        worries = worries.filter(area_id=user.agency.area_id)
    if status in WorryStatus.values:
        worries = worries.filter(status=status)
    audit_record(actor=user, action="list", object_type="public_worry", detail={"status": status})
    return worries


def public_worry_get_for(user: Any, worry_id: int, *, purpose: str = "") -> PublicWorry:
    """One worry for the front door that serves its area; a missing one is refused the same way."""
    worry = PublicWorry.objects.select_related("area", "triaged_by").filter(pk=worry_id).first()
    if worry is None:
        raise _refuse_worry(user, worry_id, "no such worry")
    if not front_door_covers(user, worry.area_id):
        raise _refuse_worry(user, worry.pk, "not the front door for this area")
    audit_record(
        actor=user,
        action="view",
        object_type="public_worry",
        object_id=worry.pk,
        person_id=worry.person_id,
        purpose=purpose,
    )
    return worry


def public_worry_new_count_for(user: Any) -> int:
    """For the front door's queue page: how many public worries wait for triage (no audit: a count)."""
    if not front_door_covers(user, getattr(getattr(user, "agency", None), "area_id", None)):
        return 0
    worries = PublicWorry.objects.filter(status=WorryStatus.NEW)
    if user.agency.area_id is not None:
        worries = worries.filter(area_id=user.agency.area_id)
    return worries.count()


# --- Figures for the Prevent section -----------------------------------------------------------


@dataclass(frozen=True)
class WorryFigures:
    raised: int
    awaiting_triage: int
    outcomes: dict[str, int]
    by_area: dict[str, int]


def public_worry_figures_for(user: Any) -> WorryFigures:
    """Counts only (no worry's content) for the partnership admin and analysts."""
    if getattr(user, "role", "") not in FIGURE_ROLES:
        audit_refusal(actor=user, object_type="prevent_figures", reason="role may not read figures")
        raise AccessRefused("Only the partnership admin and analysts read these figures.")
    worries = PublicWorry.objects.all()
    outcomes = {
        WorryOutcome(row["outcome"]).label: row["n"]
        for row in worries.exclude(outcome="").values("outcome").annotate(n=Count("id")).order_by("outcome")
    }
    by_area = {
        row["area__name"]: row["n"]
        for row in worries.values("area__name").annotate(n=Count("id")).order_by("area__name")
    }
    audit_record(actor=user, action="view", object_type="prevent_figures")
    return WorryFigures(
        raised=worries.count(),
        awaiting_triage=worries.filter(status=WorryStatus.NEW).count(),
        outcomes=outcomes,
        by_area=by_area,
    )


# --- Resources and awareness activities --------------------------------------------------------


def may_read_resources(user: Any) -> bool:
    """Every staff role reads the library except auditors, whose accounts are for the audit trail."""
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") != Role.AUDITOR


def is_school_user(user: Any) -> bool:
    agency = getattr(user, "agency", None)
    return (
        bool(getattr(user, "is_authenticated", False))
        and agency is not None
        and agency.agency_type == AgencyType.EDUCATION
        and getattr(user, "role", "") in CASEWORK_ROLES
    )


def require_school_user(user: Any) -> None:
    if not is_school_user(user):
        audit_refusal(actor=user, object_type="awareness_activity", reason="only school staff record these")
        raise AccessRefused("Awareness activities are recorded by school staff.")


def resource_list_for(user: Any, *, audience: str = "") -> list[Resource]:
    if not may_read_resources(user):
        audit_refusal(actor=user, object_type="resource", reason="role may not use the resource library")
        raise AccessRefused("Your role does not use the resource library.")
    resources = Resource.objects.all()
    chosen = [r for r in resources if not audience or audience in r.audiences]
    return chosen


def resource_get_for(user: Any, resource_id: int) -> Resource:
    if not may_read_resources(user):
        audit_refusal(actor=user, object_type="resource", object_id=resource_id, reason="role may not")
        raise AccessRefused("Your role does not use the resource library.")
    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None:
        audit_refusal(actor=user, object_type="resource", object_id=resource_id, reason="no such resource")
        raise AccessRefused("There is no such resource.")
    return resource


def resource_for_edit_get_for(user: Any, resource_id: int) -> Resource:
    _require_admin(user, resource_id)
    return resource_get_for(user, resource_id)


def public_resources() -> list[Resource]:
    return list(Resource.objects.filter(is_public=True))


def public_resource(resource_id: int) -> Resource | None:
    return Resource.objects.filter(pk=resource_id, is_public=True).first()


def awareness_activity_list_for(user: Any) -> QuerySet[AwarenessActivity]:
    """A school's staff see their school's activities; the partnership admin and analysts see all."""
    activities = AwarenessActivity.objects.select_related("agency", "recorded_by")
    if getattr(user, "role", "") in FIGURE_ROLES:
        return activities
    if is_school_user(user):
        return activities.filter(agency_id=user.agency_id)
    audit_refusal(actor=user, object_type="awareness_activity", reason="not school staff or the partnership")
    raise AccessRefused("Awareness activities are recorded by schools.")


# --- Workforce learning records ----------------------------------------------------------------
#
# Who sees whose record: everyone sees their own. A *manager* sees their staff's: a team manager
# (an account the partnership admin marks as managing its team) sees their team; a safeguarding
# lead sees the staff of their own agency, or only their own team when their account belongs to
# one. The partnership admin sees everyone (they record attendance) and, with analysts, the
# coverage figures.


def is_team_manager(user: Any) -> bool:
    return bool(getattr(user, "manages_team", False)) and getattr(user, "team_id", None) is not None


def is_learning_manager(user: Any) -> bool:
    lead = (
        getattr(user, "role", "") == Role.SAFEGUARDING_LEAD and getattr(user, "agency_id", None) is not None
    )
    return lead or is_team_manager(user)


def _managed_staff(manager: Any) -> QuerySet[Any]:
    staff = User.objects.filter(is_active=True)
    if manager.team_id is not None:
        staff = staff.filter(team_id=manager.team_id)
    else:
        staff = staff.filter(agency_id=manager.agency_id)
    return staff.select_related("agency", "team").order_by("last_name", "first_name")


def _latest_by_user(user_ids: list[int]) -> dict[int, dict[int, date]]:
    latest: dict[int, dict[int, date]] = {}
    rows = (
        Attendance.objects.filter(user_id__in=user_ids)
        .values("user_id", "session__course_id")
        .annotate(last=Max("session__held_on"))
    )
    for row in rows:
        latest.setdefault(row["user_id"], {})[row["session__course_id"]] = row["last"]
    return latest


def _active_courses() -> list[Course]:
    return list(Course.objects.filter(active=True))


@dataclass(frozen=True)
class LearningRecord:
    person: Any
    statuses: list[CourseStatus]
    attendances: list[Attendance]


def learning_record_for(user: Any, person_id: int) -> LearningRecord:
    person = User.objects.select_related("agency", "team").filter(pk=person_id).first()
    allowed = person is not None and (
        person.pk == user.pk
        or can_configure_partnership(getattr(user, "role", ""))
        or (is_learning_manager(user) and _managed_staff(user).filter(pk=person.pk).exists())
    )
    if not allowed:
        audit_refusal(
            actor=user, object_type="learning_record", object_id=person_id, reason="not theirs to see"
        )
        raise AccessRefused("You can see your own learning record, and a manager their team's.")
    assert person is not None
    if person.pk != user.pk:
        audit_record(actor=user, action="view", object_type="learning_record", object_id=person.pk)
    latest = _latest_by_user([person.pk]).get(person.pk, {})
    return LearningRecord(
        person=person,
        statuses=statuses(_active_courses(), latest),
        attendances=list(Attendance.objects.filter(user=person).select_related("session__course", "agency")),
    )


@dataclass(frozen=True)
class TeamRow:
    person: Any
    statuses: list[CourseStatus]


@dataclass(frozen=True)
class TeamLearning:
    courses: list[Course]
    rows: list[TeamRow]
    in_date_share: dict[int, int]  # course id -> percentage of the team in date


def team_learning_for(user: Any) -> TeamLearning:
    if not is_learning_manager(user):
        audit_refusal(
            actor=user, object_type="learning_team", reason="only managers see their team's learning"
        )
        raise AccessRefused("Only team managers and safeguarding leads see their team's learning records.")
    staff = list(_managed_staff(user))
    courses = _active_courses()
    latest = _latest_by_user([member.pk for member in staff])
    rows = [TeamRow(person=member, statuses=statuses(courses, latest.get(member.pk, {}))) for member in staff]
    share = {
        course.pk: _percent(sum(1 for row in rows if row.statuses[i].in_date), len(rows))
        for i, course in enumerate(courses)
    }
    audit_record(actor=user, action="view", object_type="learning_team", detail={"staff": len(staff)})
    return TeamLearning(courses=courses, rows=rows, in_date_share=share)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass(frozen=True)
class CoverageRow:
    label: str
    staff: int
    in_date: list[int]  # per course, the number of staff in date
    share: list[int]  # per course, percentage


@dataclass(frozen=True)
class Coverage:
    courses: list[Course]
    by_agency: list[CoverageRow]
    by_area: list[CoverageRow]


def _coverage_rows(
    groups: dict[str, list[int]], courses: list[Course], latest: dict[int, dict[int, date]]
) -> list[CoverageRow]:
    rows = []
    for label, members in sorted(groups.items()):
        counts = [
            sum(1 for member in members if statuses([course], latest.get(member, {}))[0].in_date)
            for course in courses
        ]
        rows.append(
            CoverageRow(
                label=label,
                staff=len(members),
                in_date=counts,
                share=[_percent(c, len(members)) for c in counts],
            )
        )
    return rows


def learning_coverage_for(user: Any) -> Coverage:
    """The share of each agency's and each area's staff trained and in date, per course."""
    if getattr(user, "role", "") not in FIGURE_ROLES:
        audit_refusal(actor=user, object_type="learning_coverage", reason="role may not read coverage")
        raise AccessRefused("Only the partnership admin and analysts see workforce coverage.")
    staff = list(
        User.objects.filter(is_active=True, agency__isnull=False)
        .select_related("agency__area")
        .only("pk", "agency__name", "agency__area__name")
    )
    courses = _active_courses()
    latest = _latest_by_user([member.pk for member in staff])
    by_agency: dict[str, list[int]] = {}
    by_area: dict[str, list[int]] = {}
    for member in staff:
        agency: Any = member.agency
        by_agency.setdefault(agency.name, []).append(member.pk)
        area = agency.area.name if agency.area else "Whole partnership"
        by_area.setdefault(area, []).append(member.pk)
    audit_record(actor=user, action="view", object_type="learning_coverage")
    return Coverage(
        courses=courses,
        by_agency=_coverage_rows(by_agency, courses, latest),
        by_area=_coverage_rows(by_area, courses, latest),
    )


def course_list_for(user: Any) -> list[Course]:
    _require_admin(user, "courses")
    return list(Course.objects.annotate(session_count=Count("sessions")))


def course_get_for(user: Any, course_id: int) -> Course:
    _require_admin(user, course_id)
    course = Course.objects.filter(pk=course_id).first()
    if course is None:
        audit_refusal(actor=user, object_type="course", object_id=course_id, reason="no such course")
        raise AccessRefused("There is no such course.")
    return course


def training_session_get_for(user: Any, session_id: int) -> TrainingSession:
    _require_admin(user, session_id)
    session = TrainingSession.objects.select_related("course").filter(pk=session_id).first()
    if session is None:
        audit_refusal(
            actor=user, object_type="training_session", object_id=session_id, reason="no such session"
        )
        raise AccessRefused("There is no such session.")
    return session


def training_sessions_for(user: Any, course: Course) -> list[TrainingSession]:
    _require_admin(user, course.pk)
    return list(course.sessions.annotate(attended=Count("attendances")))


def session_attendances_for(user: Any, session: TrainingSession) -> list[Attendance]:
    _require_admin(user, session.pk)
    return list(session.attendances.select_related("user", "agency").order_by("user__last_name"))


def staff_choices_for(user: Any) -> QuerySet[Any]:
    """The people the admin can mark as attending: active staff of any agency."""
    _require_admin(user, "staff")
    return (
        User.objects.filter(is_active=True, agency__isnull=False)
        .select_related("agency")
        .order_by("last_name", "first_name")
    )


@dataclass(frozen=True)
class ActivityFigures:
    activities: int
    people_reached: int
    schools: int


def prevent_figures_for(user: Any) -> tuple[WorryFigures, Coverage, ActivityFigures]:
    """The Prevent section of the profile: public worries, workforce coverage, school activities."""
    worries = public_worry_figures_for(user)
    coverage = learning_coverage_for(user)
    totals = AwarenessActivity.objects.aggregate(
        n=Count("id"), reached=Sum("number_reached"), schools=Count("agency", distinct=True)
    )
    return (
        worries,
        coverage,
        ActivityFigures(
            activities=totals["n"] or 0, people_reached=totals["reached"] or 0, schools=totals["schools"] or 0
        ),
    )
