"""Further figure families as at a date, and their monthly trends (read only).

Each family is a list of rows ``{"key", "label", "counts": {<area code>: n, ..., "total": n}}``,
like the profile's tables. Figures about children are of the profile's population (children with
a risk assessment open on the date); figures about events (referrals, screenings, missing
episodes, return interviews) are of the month ending on the date. Working days need the bank
holiday calendar, so timeliness is counted in Python over that month's decisions only.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from lantern.accounts.models import User
from lantern.audit.services import audit_record
from lantern.concerns.models import Concern
from lantern.contexts.models import Context, ContextLink
from lantern.intelligence.models import (
    Disruption,
    DisruptionType,
    IntelligenceReport,
    NrmDecision,
    NrmReferral,
    PersonRole,
    ReceivedVia,
    ReportStatus,
    ReportSubject,
)
from lantern.intelligence.selectors import rg_decision_due, rg_decision_late
from lantern.meetings.models import Action, ActionStatus, TransitionPlan, TransitionStatus
from lantern.meetings.plans_selectors import TRANSITION_FROM_AGE
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.partnership.models import AgencyType
from lantern.partnership.selectors import area_list
from lantern.people.models import EducationStatus, EducationStatusValue, Person, YouthJusticeStatus
from lantern.prevent.learning import due_on as learning_due_on
from lantern.prevent.models import Attendance as TrainingAttendance
from lantern.prevent.models import AwarenessActivity, Course, PublicWorry, WorryOutcome
from lantern.profile.selectors import (
    TOTAL,
    population_on,
    profile_report,
    require_profile_access,
    tune_reporting_transaction,
)
from lantern.referrals.models import Referral
from lantern.referrals.working_days import working_days_between
from lantern.risk.models import RiskAssessment
from lantern.risk.scale import add_months
from lantern.screening.models import Screening, ScreeningStatus

NOT_RECORDED = "not_recorded"
AWAITING_TRIAGE = "awaiting_triage"
EDUCATION_KINDS = (
    EducationStatusValue.EXCLUDED,
    EducationStatusValue.PRU,
    EducationStatusValue.ALTERNATIVE_PROVISION,
    EducationStatusValue.NEET,
)
TREND_MONTHS = 12

FIGURE_DEFINITIONS = {
    "identification_route": (
        "Children in the population by the type of agency that first raised them: the earliest of "
        "their concerns (date it happened), completed screenings and referrals (date received), on "
        "or before the as-at date. On the same day a concern comes before a screening, and a "
        "screening before a referral."
    ),
    "referral_timeliness": (
        "Referrals received in the month ending on the as-at date, decided within one working day "
        "of receipt (England and Wales bank holidays), decided later, or not decided by the as-at date."
    ),
    "screening_timeliness": (
        "Screenings completed in the month ending on the as-at date, completed within one working "
        "day of being started, or later. Area: the child's."
    ),
    "missing": (
        "Missing episodes reported in the month ending on the as-at date and the children they were "
        "of; children missing two or more times in the twelve months to the as-at date (repeat "
        "missing); return home interviews due in the month (72 hours after the return) and those "
        "completed by the time they were due."
    ),
    "education": (
        "Children in the population whose education status open on the as-at date is excluded, "
        "pupil referral unit, alternative provision or not in education, employment or training."
    ),
    "youth_justice": "Children in the population with a youth justice episode open on the as-at date.",
    "contexts": (
        "Contexts (places, settings, groups, online spaces) with at least one person linked on the "
        "as-at date. Contexts are not children: the exploitation type filter does not change this figure."
    ),
    "intelligence": (
        "Intelligence reports received in the month ending on the as-at date, by how they were "
        "received, and whether each was graded by the as-at date. Area: the first child the report "
        "is about, else the reporting agency's."
    ),
    "disruption": (
        "Disruption activities that happened in the month ending on the as-at date, and those in "
        "force on it (happened on or before it and not expired before it), by type. Area: the "
        "protected child's, else the targeted context's, else the recording agency's."
    ),
    "nrm": (
        "National Referral Mechanism referrals submitted in the month ending on the as-at date; "
        "reasonable grounds decisions made in the month and those made after the five working day "
        "limit; referrals still awaiting a decision on the as-at date and those waiting longer than "
        "five working days. Area: the child's."
    ),
    "meeting_actions": (
        "Meeting actions agreed at a meeting on or before the as-at date and not completed by it, "
        "and of those the ones due before it (overdue). Area: the meeting's."
    ),
    "transitions": (
        f"Young people in the population aged {TRANSITION_FROM_AGE} or over on the as-at date, and how "
        "many had a transition plan made by then, by the plan's status. A plan keeps no history of "
        "its status, so the status shown is the current one."
    ),
    "prevent": (
        "Worries from the public received in the month ending on the as-at date and their triage "
        "outcome as at the date (area: the child's where one was identified, else the area chosen); "
        "school awareness activities held in the month (area: the school's); staff of partner "
        "agencies (active accounts that joined by the as-at date) with every active course in date "
        "on it by the learning records' refresher rule (area: the agency's). School activities and "
        "workforce training are not about children: the exploitation type filter does not change them."
    ),
}

TYPE_FILTER_DEFINITION = (
    "Filtered by exploitation type: the population is the children whose latest open risk assessment "
    "on the date has that primary type. Figures about events (referrals, screenings, missing episodes, "
    "intelligence, disruptions, NRM referrals, meeting actions, public worries) count only the records "
    "about those children: records with no child are left out. Contexts, school activities and "
    "workforce training are not about children and are shown unfiltered."
)


def _empty(codes: list[str]) -> dict[str, Any]:
    return {**dict.fromkeys(codes, 0), TOTAL: 0}


def _add(counts: dict[str, Any], code: str | None, n: int) -> None:
    if code in counts and code != TOTAL:
        counts[code] += n
    counts[TOTAL] += n


def _add_per_area(counts: dict[str, Any], per_area: Counter[str | None]) -> dict[str, Any]:
    """Add counts already tallied per area code (one ``_add`` per area rather than per child)."""
    for code, n in per_area.items():
        _add(counts, code, n)
    return counts


def _percent(part: dict[str, Any], whole: dict[str, Any]) -> dict[str, float | None]:
    return {c: (round(100 * part[c] / whole[c], 1) if whole[c] else None) for c in whole}


def _row(key: str, label: str, counts: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "label": label, "counts": counts}


def _open_on(as_at: date) -> Q:
    return Q(start__lte=as_at) & (Q(end__isnull=True) | Q(end__gt=as_at))


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _moment_by(field: str, day: date) -> Q:
    """``field``'s local date is on or before ``day``: a range on the moment itself, so the database
    converts no time zone per row and can use an index."""
    return Q(**{f"{field}__lt": _start_of(day + timedelta(days=1))})


def _moment_after(field: str, day: date) -> Q:
    """``field``'s local date is after ``day`` (as ``_moment_by``)."""
    return Q(**{f"{field}__gte": _start_of(day + timedelta(days=1))})


def _moment_in(field: str, after: date, day: date) -> Q:
    """``field``'s local date is after ``after`` and on or before ``day``."""
    return _moment_after(field, after) & _moment_by(field, day)


def _period_start(as_at: date) -> date:
    """The month ending on ``as_at`` is the days after this one, up to and including ``as_at``."""
    return add_months(as_at, -1)


def _first(queryset: Any, on: str, value: str) -> Subquery:
    return Subquery(queryset.order_by(on, "id").values(value)[:1])


@dataclass(frozen=True)
class Scope:
    """What one set of figures is of: the date, the partnership's areas and the type filter."""

    as_at: date
    codes: list[str]
    exploitation_type: str | None = None
    # Already read (the dashboard takes them from the trends' reads).
    known_children: list[tuple[int, str | None, date | None]] | None = field(
        default=None, compare=False, repr=False
    )
    known_raisers: dict[int, tuple[date, str | None]] | None = field(default=None, compare=False, repr=False)

    def population(self) -> Any:
        return population_on(self.as_at, self.exploitation_type)

    @cached_property
    def children(self) -> list[tuple[int, str | None, date | None]]:
        """The population's children (person id, area code, date of birth), read once for every family."""
        if self.known_children is not None:
            return self.known_children
        return list(self.population().values_list("person_id", "person__area__code", "person__date_of_birth"))

    @cached_property
    def children_per_area(self) -> Counter[str | None]:
        return Counter(area_code for _, area_code, _ in self.children)

    @cached_property
    def raisers(self) -> dict[int, tuple[date, str | None]]:
        """Each child's first raiser up to the date."""
        return self.known_raisers if self.known_raisers is not None else _earliest_raisers(self.as_at)

    def about_children(self, field: str = "person_id") -> Q:
        """With a type filter, records about the population's children only (none without a child)."""
        if not self.exploitation_type:
            return Q()
        return Q(**{f"{field}__in": self.population().values("person_id")})


def identification_route(scope: Scope) -> list[dict[str, Any]]:
    """Each child of the population by the agency type of their first raiser (``_earliest_raisers``:
    one read of each source, rather than six correlated lookups per child)."""
    raisers = scope.raisers
    labels = {**dict(AgencyType.choices), NOT_RECORDED: "Not recorded"}
    counts = {key: _empty(scope.codes) for key in labels}
    routes = Counter(
        (raisers[person_id][1] if person_id in raisers else NOT_RECORDED, area_code)
        for person_id, area_code, _ in scope.children
    )
    for (route, area_code), n in routes.items():
        _add(counts[route if route in labels else NOT_RECORDED], area_code, n)
    return [_row(key, labels[key], c) for key, c in counts.items() if c[TOTAL]]


def _timeliness(
    pairs: Iterable[tuple[str | None, date, date | None]], codes: list[str], as_at: date, done: str
) -> list[dict[str, Any]]:
    """``pairs``: (area code, local date started, local date finished or None)."""
    in_time, late, waiting, everything = _empty(codes), _empty(codes), _empty(codes), _empty(codes)
    for code, started, finished in pairs:
        _add(everything, code, 1)
        if finished is None or finished > as_at:
            _add(waiting, code, 1)
        elif working_days_between(started, finished) <= 1:
            _add(in_time, code, 1)
        else:
            _add(late, code, 1)
    return [
        _row("in_time", f"{done.capitalize()} within one working day", in_time),
        _row("late", f"{done.capitalize()} later", late),
        _row("not_yet", f"Not {done} by the as-at date", waiting),
        _row("percent_in_time", f"Percentage {done} within one working day", _percent(in_time, everything)),
    ]


def referral_timeliness(scope: Scope) -> list[dict[str, Any]]:
    as_at = scope.as_at
    received = (
        Referral.objects.filter(_moment_in("received_at", _period_start(as_at), as_at))
        .filter(scope.about_children())
        .annotate(started_on=TruncDate("received_at"), finished_on=TruncDate("decided_at"))
        .values_list("area__code", "started_on", "finished_on")
        .order_by()
    )
    return _timeliness(received, scope.codes, as_at, "decided")


def screening_timeliness(scope: Scope) -> list[dict[str, Any]]:
    as_at = scope.as_at
    completed = (
        Screening.objects.filter(
            _moment_in("completed_at", _period_start(as_at), as_at), status=ScreeningStatus.COMPLETED
        )
        .filter(scope.about_children())
        .annotate(started_on=TruncDate("created_at"), finished_on=TruncDate("completed_at"))
        .values_list("person__area__code", "started_on", "finished_on")
        .order_by()
    )
    return [row for row in _timeliness(completed, scope.codes, as_at, "completed") if row["key"] != "not_yet"]


def missing(scope: Scope) -> list[dict[str, Any]]:
    as_at, codes = scope.as_at, scope.codes
    start = _period_start(as_at)
    episodes, children, repeat, due, on_time = (_empty(codes) for _ in range(5))
    for group in (
        MissingEpisode.objects.filter(_moment_in("reported_at", start, as_at))
        .filter(scope.about_children())
        .values(area_code=F("person__area__code"))
        .annotate(n=Count("id"), people=Count("person_id", distinct=True))
        .order_by()
    ):
        _add(episodes, group["area_code"], group["n"])
        _add(children, group["area_code"], group["people"])
    repeaters = (
        MissingEpisode.objects.filter(_moment_in("reported_at", add_months(as_at, -12), as_at))
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .values("person_id")
    )
    for group in (
        Person.objects.filter(pk__in=repeaters)
        .filter(scope.about_children("pk"))
        .values(area_code=F("area__code"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(repeat, group["area_code"], group["n"])
    # An interview keeps its episode's child (the missing module keeps them in step): no episode join.
    for group in (
        ReturnInterview.objects.filter(_moment_in("due_at", start, as_at))
        .filter(scope.about_children())
        .annotate(
            on_time=Case(
                When(completed_at__isnull=False, completed_at__lte=F("due_at"), then=Value(True)),
                default=Value(False),
            )
        )
        .values("on_time", area_code=F("person__area__code"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(due, group["area_code"], group["n"])
        if group["on_time"]:
            _add(on_time, group["area_code"], group["n"])
    return [
        _row("episodes", "Missing episodes reported", episodes),
        _row("children", "Children reported missing", children),
        _row("repeat_missing", "Children missing two or more times in twelve months", repeat),
        _row("rhi_due", "Return home interviews due", due),
        _row("rhi_within_72h", "Return home interviews completed within 72 hours", on_time),
        _row("percent_rhi_within_72h", "Percentage completed within 72 hours", _percent(on_time, due)),
    ]


def _open_statuses(model: Any, as_at: date, **filters: Any) -> dict[int, set[str]]:
    """Each person's statuses of ``model`` open on ``as_at``."""
    statuses: dict[int, set[str]] = {}
    for person_id, status in (
        model.objects.filter(_open_on(as_at), **filters).order_by().values_list("person_id", "status")
    ):
        statuses.setdefault(person_id, set()).add(status)
    return statuses


def education(scope: Scope) -> list[dict[str, Any]]:
    codes = scope.codes
    open_kinds = _open_statuses(EducationStatus, scope.as_at, status__in=EDUCATION_KINDS)
    counts = {kind.value: _empty(codes) for kind in EDUCATION_KINDS}
    population = _add_per_area(_empty(codes), scope.children_per_area)
    with_kinds = [
        (area_code, kinds)
        for person_id, area_code, _ in scope.children
        if (kinds := open_kinds.get(person_id))
    ]
    anyone = _add_per_area(_empty(codes), Counter(area_code for area_code, _ in with_kinds))
    for (kind, area_code), n in Counter(
        (kind, area_code) for area_code, kinds in with_kinds for kind in kinds
    ).items():
        _add(counts[kind], area_code, n)
    labels = dict(EducationStatusValue.choices)
    return [
        *(_row(kind, labels[kind], counts[kind]) for kind in counts),
        _row("any", "Excluded, PRU, alternative provision or NEET", anyone),
        _row(
            "percent_any",
            "Percentage excluded, PRU, alternative provision or NEET",
            _percent(anyone, population),
        ),
    ]


def youth_justice(scope: Scope) -> list[dict[str, Any]]:
    codes = scope.codes
    known = _open_statuses(YouthJusticeStatus, scope.as_at)
    population = _add_per_area(_empty(codes), scope.children_per_area)
    flagged = _add_per_area(
        _empty(codes), Counter(area_code for person_id, area_code, _ in scope.children if person_id in known)
    )
    return [
        _row("flagged", "Known to the youth justice service", flagged),
        _row(
            "percent_flagged", "Percentage known to the youth justice service", _percent(flagged, population)
        ),
    ]


def contexts(scope: Scope) -> list[dict[str, Any]]:
    """Contexts are places, not children: the type filter does not apply."""
    active = _empty(scope.codes)
    linked = Exists(ContextLink.objects.filter(_open_on(scope.as_at), context_id=OuterRef("pk")))
    for group in (
        Context.objects.filter(linked).values(area_code=F("area__code")).annotate(n=Count("id")).order_by()
    ):
        _add(active, group["area_code"], group["n"])
    return [_row("active", "Contexts with someone linked", active)]


def _child_subjects() -> Any:
    return ReportSubject.objects.filter(
        report_id=OuterRef("pk"), person_role=PersonRole.CHILD, person__isnull=False
    )


def intelligence(scope: Scope) -> list[dict[str, Any]]:
    as_at, codes = scope.as_at, scope.codes
    reports = IntelligenceReport.objects.filter(_moment_in("created_at", _period_start(as_at), as_at))
    if scope.exploitation_type:
        reports = reports.filter(Exists(_child_subjects().filter(scope.about_children())))
    area = Case(
        When(Exists(_child_subjects()), then=_first(_child_subjects(), "id", "person__area__code")),
        default=F("reporter_agency__area__code"),
        output_field=CharField(),
    )
    graded = Case(
        When(status=ReportStatus.GRADED, graded_at__date__lte=as_at, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    received, graded_counts, ungraded = _empty(codes), _empty(codes), _empty(codes)
    via = {key: _empty(codes) for key in ReceivedVia.values}
    for group in (
        reports.annotate(area_code=area, graded_by_date=graded)
        .values("area_code", "received_via", "graded_by_date")
        .annotate(n=Count("id"))
        .order_by()
    ):
        code, n = group["area_code"], group["n"]
        _add(received, code, n)
        if group["received_via"] in via:
            _add(via[group["received_via"]], code, n)
        _add(graded_counts if group["graded_by_date"] else ungraded, code, n)
    labels = dict(ReceivedVia.choices)
    return [
        _row("received", "Intelligence reports received", received),
        *(_row(f"via.{key}", f"Received from: {labels[key]}", counts) for key, counts in via.items()),
        _row("graded", "Graded by the as-at date", graded_counts),
        _row("ungraded", "Not graded by the as-at date", ungraded),
    ]


def _disruption_area() -> Case:
    return Case(
        When(protected_child__isnull=False, then=F("protected_child__area__code")),
        When(target_context__isnull=False, then=F("target_context__area__code")),
        default=F("agency__area__code"),
        output_field=CharField(),
    )


def _in_force_on(day: date) -> Q:
    return Q(happened_on__lte=day) & (Q(expires_on__isnull=True) | Q(expires_on__gte=day))


def disruption(scope: Scope) -> list[dict[str, Any]]:
    as_at, codes = scope.as_at, scope.codes
    disruptions = Disruption.objects.filter(scope.about_children("protected_child_id"))
    in_month = Q(happened_on__gt=_period_start(as_at), happened_on__lte=as_at)
    labels = dict(DisruptionType.objects.values_list("code", "label"))
    happened, in_force = _empty(codes), _empty(codes)
    happened_by_type: dict[str, dict[str, Any]] = {}
    in_force_by_type: dict[str, dict[str, Any]] = {}
    for group in (
        disruptions.filter(in_month | _in_force_on(as_at))
        .annotate(
            area_code=_disruption_area(),
            happened=Case(
                When(in_month, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            in_force=Case(
                When(_in_force_on(as_at), then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .values("area_code", "happened", "in_force", type_code=F("disruption_type__code"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        code, n, kind = group["area_code"], group["n"], group["type_code"]
        if group["happened"]:
            _add(happened, code, n)
            _add(happened_by_type.setdefault(kind, _empty(codes)), code, n)
        if group["in_force"]:
            _add(in_force, code, n)
            _add(in_force_by_type.setdefault(kind, _empty(codes)), code, n)
    return [
        _row("happened", "Disruption activities in the month", happened),
        *(
            _row(f"happened.{kind}", f"In the month: {labels.get(kind, kind)}", happened_by_type[kind])
            for kind in sorted(happened_by_type)
        ),
        _row("in_force", "Disruptions in force on the as-at date", in_force),
        *(
            _row(f"in_force.{kind}", f"In force: {labels.get(kind, kind)}", in_force_by_type[kind])
            for kind in sorted(in_force_by_type)
        ),
    ]


def _rg_decided_by(as_at: date) -> Q:
    return ~Q(reasonable_grounds_decision=NrmDecision.PENDING) & Q(reasonable_grounds_on__lte=as_at)


def nrm(scope: Scope) -> list[dict[str, Any]]:
    """Working days need the bank holiday calendar, so the five-working-day rule of the
    intelligence module is applied in Python to the month's decisions and the waiting referrals."""
    as_at, codes = scope.as_at, scope.codes
    start = _period_start(as_at)
    submitted, positive, negative, late, waiting, overdue = (_empty(codes) for _ in range(6))
    referrals = NrmReferral.objects.filter(scope.about_children()).annotate(area_code=F("person__area__code"))
    for group in (
        referrals.filter(_moment_in("submitted_at", start, as_at))
        .values("area_code")
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(submitted, group["area_code"], group["n"])
    decided = referrals.filter(reasonable_grounds_on__gt=start).filter(_rg_decided_by(as_at))
    for referral in decided.only("submitted_at", "reasonable_grounds_decision", "reasonable_grounds_on"):
        code: Any = getattr(referral, "area_code", None)
        _add(positive if referral.reasonable_grounds_decision == NrmDecision.POSITIVE else negative, code, 1)
        if rg_decision_late(referral):
            _add(late, code, 1)
    pending = referrals.filter(_moment_by("submitted_at", as_at)).exclude(_rg_decided_by(as_at))
    for referral in pending.only("submitted_at"):
        code = getattr(referral, "area_code", None)
        _add(waiting, code, 1)
        if as_at > rg_decision_due(referral):
            _add(overdue, code, 1)
    return [
        _row("submitted", "NRM referrals submitted", submitted),
        _row("rg_positive", "Positive reasonable grounds decisions in the month", positive),
        _row("rg_negative", "Negative reasonable grounds decisions in the month", negative),
        _row("rg_late", "Of those, made after five working days", late),
        _row("rg_waiting", "Awaiting a reasonable grounds decision on the as-at date", waiting),
        _row("rg_overdue", "Of those, waiting more than five working days", overdue),
    ]


def _action_open_on(day: date) -> Q:
    """Agreed at a meeting on or before ``day`` and not completed by it (a completed action with no
    completion time is taken as completed)."""
    return Q(meeting__scheduled_at__date__lte=day) & (
        Q(completed_at__date__gt=day) | (Q(completed_at__isnull=True) & ~Q(status=ActionStatus.COMPLETED))
    )


def meeting_actions(scope: Scope) -> list[dict[str, Any]]:
    as_at, codes = scope.as_at, scope.codes
    open_counts, overdue = _empty(codes), _empty(codes)
    for group in (
        Action.objects.filter(_action_open_on(as_at))
        .filter(scope.about_children())
        .annotate(
            overdue=Case(
                When(due_on__lt=as_at, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .values("overdue", area_code=F("meeting__area__code"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(open_counts, group["area_code"], group["n"])
        if group["overdue"]:
            _add(overdue, group["area_code"], group["n"])
    return [
        _row("open", "Meeting actions open on the as-at date", open_counts),
        _row("overdue", "Of those, overdue (due before the as-at date)", overdue),
        _row("percent_overdue", "Percentage of open actions overdue", _percent(overdue, open_counts)),
    ]


def _born_by(day: date) -> date:
    """Born on or before this date: aged at least ``TRANSITION_FROM_AGE`` on ``day``."""
    return add_months(day, -12 * TRANSITION_FROM_AGE)


def transitions(scope: Scope) -> list[dict[str, Any]]:
    codes = scope.codes
    plans = dict(
        TransitionPlan.objects.filter(_moment_by("created_at", scope.as_at))
        .order_by()
        .values_list("person_id", "status")
    )
    born_by = _born_by(scope.as_at)
    aged, with_plan = _empty(codes), _empty(codes)
    by_status = {key: _empty(codes) for key in TransitionStatus.values}
    aged_children = [
        (person_id, area_code)
        for person_id, area_code, born_on in scope.children
        if born_on is not None and born_on <= born_by
    ]
    _add_per_area(aged, Counter(area_code for _, area_code in aged_children))
    for person_id, area_code in aged_children:
        if person_id in plans:
            _add(with_plan, area_code, 1)
            if plans[person_id] in by_status:
                _add(by_status[plans[person_id]], area_code, 1)
    labels = dict(TransitionStatus.choices)
    return [
        _row("aged_17_plus", f"Young people aged {TRANSITION_FROM_AGE} or over", aged),
        _row("with_plan", "Of those, with a transition plan", with_plan),
        *(_row(f"status.{key}", f"Plan status: {labels[key]}", counts) for key, counts in by_status.items()),
        _row("percent_with_plan", "Percentage with a transition plan", _percent(with_plan, aged)),
    ]


def _worry_area() -> Case:
    return Case(
        When(person__isnull=False, then=F("person__area__code")),
        default=F("area__code"),
        output_field=CharField(),
    )


def _staff_in_date(as_at: date) -> list[tuple[str | None, bool]]:
    """Each member of staff (active, in an agency, joined by the date) with their agency's area, and
    whether every active course is in date for them on ``as_at`` by the learning records' rule."""
    courses = list(Course.objects.filter(active=True))
    latest: dict[int, dict[int, date]] = {}
    for user_id, course_id, last in (
        TrainingAttendance.objects.filter(session__held_on__lte=as_at, session__course__active=True)
        .values("user_id", "session__course_id")
        .annotate(last=Max("session__held_on"))
        .values_list("user_id", "session__course_id", "last")
    ):
        latest.setdefault(user_id, {})[course_id] = last
    staff = (
        User.objects.filter(is_active=True, agency__isnull=False, date_joined__date__lte=as_at)
        .values_list("pk", "agency__area__code")
        .order_by()
    )
    result: list[tuple[str | None, bool]] = []
    for user_id, area_code in staff:
        attended = latest.get(user_id, {})
        in_date = bool(courses) and all(
            course.pk in attended
            and ((due := learning_due_on(course, attended[course.pk])) is None or due >= as_at)
            for course in courses
        )
        result.append((area_code, in_date))
    return result


def prevent(scope: Scope) -> list[dict[str, Any]]:
    """Public worries are of a child where one was identified; school activities and workforce
    training are not about a child, so the type filter leaves them out of nothing."""
    as_at, codes = scope.as_at, scope.codes
    start = _period_start(as_at)
    worries = _empty(codes)
    outcomes = {key: _empty(codes) for key in [*WorryOutcome.values, AWAITING_TRIAGE]}
    for group in (
        PublicWorry.objects.filter(_moment_in("created_at", start, as_at))
        .filter(scope.about_children())
        .annotate(
            area_code=_worry_area(),
            outcome_by_date=Case(
                When(triaged_at__date__lte=as_at, then=F("outcome")),
                default=Value(AWAITING_TRIAGE),
                output_field=CharField(),
            ),
        )
        .values("area_code", "outcome_by_date")
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(worries, group["area_code"], group["n"])
        _add(
            outcomes.get(group["outcome_by_date"], outcomes[AWAITING_TRIAGE]), group["area_code"], group["n"]
        )
    activities, reached, schools = _empty(codes), _empty(codes), _empty(codes)
    for group in (
        AwarenessActivity.objects.filter(held_on__gt=start, held_on__lte=as_at)
        .values(area_code=F("agency__area__code"))
        .annotate(n=Count("id"), reached=Sum("number_reached"), schools=Count("agency_id", distinct=True))
        .order_by()
    ):
        _add(activities, group["area_code"], group["n"])
        _add(reached, group["area_code"], group["reached"] or 0)
        _add(schools, group["area_code"], group["schools"])
    staff, in_date = _empty(codes), _empty(codes)
    for area_code, trained in _staff_in_date(as_at):
        _add(staff, area_code, 1)
        if trained:
            _add(in_date, area_code, 1)
    outcome_labels = {**dict(WorryOutcome.choices), AWAITING_TRIAGE: "Not triaged by the as-at date"}
    return [
        _row("worries", "Worries from the public received", worries),
        *(
            _row(f"worries.{key}", f"Outcome: {outcome_labels[key]}", counts)
            for key, counts in outcomes.items()
        ),
        _row("school_activities", "School awareness activities held", activities),
        _row("school_people_reached", "People reached by those activities", reached),
        _row("schools_active", "Schools that held an activity", schools),
        _row("staff", "Staff in partner agencies", staff),
        _row("staff_in_date", "Staff with every required course in date", in_date),
        _row(
            "percent_staff_in_date",
            "Percentage of staff with every required course in date",
            _percent(in_date, staff),
        ),
    ]


FAMILIES = {
    "identification_route": identification_route,
    "referral_timeliness": referral_timeliness,
    "screening_timeliness": screening_timeliness,
    "missing": missing,
    "education": education,
    "youth_justice": youth_justice,
    "contexts": contexts,
    "intelligence": intelligence,
    "disruption": disruption,
    "nrm": nrm,
    "meeting_actions": meeting_actions,
    "transitions": transitions,
    "prevent": prevent,
}

# The one number per family that the monthly trend follows (``trends`` gives them in this order).
HEADLINES = {
    "identified_by_police_or_youth_justice": (
        "identification_route",
        (AgencyType.POLICE, AgencyType.YOUTH_JUSTICE),
    ),
    "referrals_percent_in_time": ("referral_timeliness", ("percent_in_time",)),
    "screenings_percent_in_time": ("screening_timeliness", ("percent_in_time",)),
    "missing_episodes": ("missing", ("episodes",)),
    "repeat_missing": ("missing", ("repeat_missing",)),
    "rhi_percent_within_72h": ("missing", ("percent_rhi_within_72h",)),
    "education_percent_any": ("education", ("percent_any",)),
    "youth_justice_percent": ("youth_justice", ("percent_flagged",)),
    "active_contexts": ("contexts", ("active",)),
    "intelligence_received": ("intelligence", ("received",)),
    "disruptions_in_force": ("disruption", ("in_force",)),
    "nrm_submitted": ("nrm", ("submitted",)),
    "actions_overdue": ("meeting_actions", ("overdue",)),
    "transitions_percent_with_plan": ("transitions", ("percent_with_plan",)),
    "public_worries": ("prevent", ("worries",)),
}


def figures(*, as_at: date, exploitation_type: str | None = None) -> dict[str, Any]:
    return _figures_of(_scope(as_at, exploitation_type))


def _scope(
    as_at: date,
    exploitation_type: str | None,
    children: list[tuple[int, str | None, date | None]] | None = None,
    raisers: dict[int, tuple[date, str | None]] | None = None,
) -> Scope:
    return Scope(
        as_at=as_at,
        codes=list(area_list().values_list("code", flat=True)),
        exploitation_type=exploitation_type or None,
        known_children=children,
        known_raisers=raisers,
    )


def _figures_of(scope: Scope) -> dict[str, Any]:
    as_at = scope.as_at
    with transaction.atomic():
        tune_reporting_transaction()
        families = {name: family(scope) for name, family in FAMILIES.items()}
    return {
        "as_at": as_at.isoformat(),
        "period_from": (_period_start(as_at)).isoformat(),
        "areas": scope.codes,
        "exploitation_type": scope.exploitation_type,
        "figures": families,
    }


def _days(as_at: date, months: int) -> list[date]:
    """The same day of each of the ``months`` months up to ``as_at``, oldest first."""
    return [add_months(as_at, -back) for back in range(months - 1, -1, -1)]


DayMasks = dict[Any, int]


def _open_masks(intervals: Iterable[tuple[Any, date, date | None]], days: list[date]) -> DayMasks:
    """For each key, the days (ascending) it has an interval open on, as bits (bit ``i``: ``days[i]``):
    started on or before the day and not ended on or before it. One pass over the intervals, each
    placed on the run of days it covers by bisection, rather than a pass per day."""
    from_day, before_day = _bits_from(len(days)), _bits_before(len(days))
    masks: DayMasks = {}
    for key, start, end in intervals:
        bits = from_day[bisect_left(days, start)]
        if end is not None:
            bits &= before_day[bisect_left(days, end)]
        if bits:
            masks[key] = masks.get(key, 0) | bits
    return masks


def _bits_from(n: int) -> list[int]:
    """Item ``i``: the day bits from ``i`` to the last of ``n`` (a table, so the passes call nothing)."""
    return [((1 << n) - 1) ^ ((1 << i) - 1) for i in range(n + 1)]


def _bits_before(n: int) -> list[int]:
    """Item ``i``: the day bits before ``i``."""
    return [(1 << i) - 1 for i in range(n + 1)]


def _per_day(masks: Iterable[int], n: int) -> list[int]:
    """How many of ``masks`` have each of the ``n`` day bits (few distinct masks: tallied first)."""
    tally = Counter(masks)
    return [sum(count for bits, count in tally.items() if bits >> i & 1) for i in range(n)]


def _members(masks: DayMasks, n: int) -> list[set[int]]:
    return [{key for key, bits in masks.items() if bits >> i & 1} for i in range(n)]


def _earliest_raisers(to: date) -> dict[int, tuple[date, str | None]]:
    """Each child's first raiser up to ``to``: (date, agency type), as ``identification_route`` picks it.

    On the same day a concern comes before a screening and a screening before a referral; within a
    source the earliest (then lowest id) record wins, so it is the same for every date it is on or
    before.
    """
    candidates: dict[int, tuple[date, int, str | None]] = {}

    def offer(person_id: int, on: date, rank: int, agency_type: str | None) -> None:
        if person_id not in candidates or (on, rank) < candidates[person_id][:2]:
            candidates[person_id] = (on, rank, agency_type)

    seen: set[int] = set()
    for person_id, on, agency_type in (
        Concern.objects.filter(happened_on__lte=to)
        .order_by("person_id", "happened_on", "id")
        .values_list("person_id", "happened_on", "agency__agency_type")
    ):
        if person_id not in seen:
            seen.add(person_id)
            offer(person_id, on, 0, agency_type)
    for rank, rows in (
        (
            1,
            Screening.objects.filter(_moment_by("completed_at", to), status=ScreeningStatus.COMPLETED)
            .annotate(on=TruncDate("completed_at"))
            .order_by("person_id", "completed_at", "id")
            .values_list("person_id", "on", "agency__agency_type"),
        ),
        (
            2,
            Referral.objects.filter(_moment_by("received_at", to))
            .annotate(on=TruncDate("received_at"))
            .order_by("person_id", "received_at", "id")
            .values_list("person_id", "on", "from_agency__agency_type"),
        ),
    ):
        seen = set()
        for person_id, on, agency_type in rows:
            if person_id not in seen:
                seen.add(person_id)
                offer(person_id, on, rank, agency_type)
    return {person_id: (on, agency_type) for person_id, (on, _, agency_type) in candidates.items()}


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


Members = list[set[int]] | None


def _counts(person_id: int | None, members: Members, i: int) -> bool:
    """Without a type filter every record counts; with one, only records of that month's children."""
    return members is None or person_id in members[i]


Decision = tuple[int | None, date, date, date | None]


def _months_of(pairs: Iterable[Decision], days: list[date]) -> list[list[Decision]]:
    """Each record (person id, date, started, finished) in the period of each month its date falls
    in (periods can overlap by a day or two at month ends): one pass, rather than one per month."""
    afters = [_period_start(day) for day in days]
    months: list[list[Decision]] = [[] for _ in days]
    for pair in pairs:
        i = bisect_left(days, pair[1])  # the first month ending on or after the date
        while i < len(days) and afters[i] < pair[1]:
            months[i].append(pair)
            i += 1
    return months


def _in_time_share(
    months: list[list[Decision]],
    days: list[date],
    members: Members,
    i: int,
    done: str,
) -> float | None:
    rows = _timeliness(
        (
            (None, started, finished)
            for person_id, _, started, finished in months[i]
            if _counts(person_id, members, i)
        ),
        [],
        days[i],
        done,
    )
    return next(row["counts"][TOTAL] for row in rows if row["key"] == "percent_in_time")


def _per_month(queryset: Any, days: list[date], count: Callable[[date], Any]) -> list[int]:
    """One aggregate query with a filtered count per month."""
    totals = queryset.aggregate(**{f"m{i}": count(day) for i, day in enumerate(days)})
    return [totals[f"m{i}"] or 0 for i in range(len(days))]


def _events_per_month(
    queryset: Any, field: str, days: list[date], members: Members, candidates: Any, person: str = "person_id"
) -> list[int]:
    """Records whose ``field`` falls in each month's period (the month ending on its date).

    Without a type filter the database counts them. With one, the records of the children who could
    be of the type on some date (``candidates``) are read and each kept for the months its child is
    of it. Periods can overlap by a day or two at month ends (31 March's month starts after 28
    February), so a record is tried against every month."""
    if members is None:
        return _per_month(
            queryset, days, lambda day: Count("id", filter=_moment_in(field, _period_start(day), day))
        )
    afters = [_period_start(day) for day in days]
    totals = [0] * len(days)
    for person_id, on in (
        queryset.filter(**{f"{person}__in": candidates})
        .annotate(on=TruncDate(field))
        .values_list(person, "on")
        .order_by()
    ):
        for i, day in enumerate(days):
            if afters[i] < on <= day and person_id in members[i]:
                totals[i] += 1
    return totals


def _reported_in(after: date, day: date) -> Q:
    return _moment_in("reported_at", after, day)


def _repeat_missing(days: list[date], members: Members, candidates: Any) -> list[int]:
    """Children with two or more episodes in the twelve months to each date. Without a type filter
    the database counts the children too (an aggregate over the per-child counts)."""
    episodes = MissingEpisode.objects.filter(_reported_in(add_months(days[0], -12), days[-1]))
    per_month = {
        f"n{i}": Count("id", filter=_reported_in(add_months(day, -12), day)) for i, day in enumerate(days)
    }
    if members is None:
        counted = (
            episodes.values("person_id")
            .annotate(**per_month)
            .order_by()
            .aggregate(
                **{f"r{i}": Sum(Case(When(**{f"n{i}__gte": 2}, then=1), default=0)) for i in range(len(days))}
            )
        )
        return [counted[f"r{i}"] or 0 for i in range(len(days))]
    episodes = episodes.filter(person_id__in=candidates)
    per_child = (
        episodes.values("person_id").annotate(**per_month).values_list("person_id", *per_month).order_by()
    )
    totals = [0] * len(days)
    for person_id, *counts in per_child:
        for i, n in enumerate(counts):
            if n >= 2 and _counts(person_id, members, i):
                totals[i] += 1
    return totals


def _populations(
    rows: list[tuple[int, date, date | None, int, str]], days: list[date], exploitation_type: str | None
) -> DayMasks:
    """The days each child is in the population on; with a type, only the days their latest open
    assessment (latest date, then highest id, as ``population_on``) has it as the primary type."""
    if not exploitation_type:
        return _open_masks(
            ((person_id, assessed, closed) for person_id, assessed, closed, _, _ in rows), days
        )
    of_type = {person_id for person_id, _, _, _, kind in rows if kind == exploitation_type}
    history: dict[int, list[tuple[date, int, date | None, str]]] = {}
    for person_id, assessed, closed, pk, kind in rows:
        if person_id in of_type:  # nobody else can be of the type on any day
            history.setdefault(person_id, []).append((assessed, pk, closed, kind))
    for items in history.values():
        items.sort(reverse=True)  # latest first: the first open one on a day is the latest
    populations: DayMasks = {}
    for i, day in enumerate(days):
        for person_id, items in history.items():
            latest = next(
                (
                    kind
                    for assessed, _, closed, kind in items
                    if assessed <= day and (closed is None or closed > day)
                ),
                None,
            )
            if latest == exploitation_type:
                populations[person_id] = populations.get(person_id, 0) | 1 << i
    return populations


def _intelligence_received(
    since: date, as_at: date, days: list[date], members: Members, candidates: Any
) -> list[int]:
    reports = IntelligenceReport.objects.filter(_moment_in("created_at", since, as_at))
    if members is None:
        return _events_per_month(reports, "created_at", days, None, None)
    children: dict[int, tuple[date, set[int]]] = {}
    for report_id, on, person_id in (
        reports.filter(subjects__person_role=PersonRole.CHILD, subjects__person_id__in=candidates)
        .annotate(on=TruncDate("created_at"))
        .values_list("id", "on", "subjects__person_id")
        .order_by()
    ):
        children.setdefault(report_id, (on, set()))[1].add(person_id)
    afters = [_period_start(day) for day in days]
    return [
        sum(1 for on, people in children.values() if afters[i] < on <= day and people & members[i])
        for i, day in enumerate(days)
    ]


def _interviews_per_month(
    since: date, as_at: date, days: list[date], members: Members, candidates: Any
) -> tuple[list[int], list[int]]:
    """Return home interviews due in each month, and of those completed by the time they were due."""
    interviews = ReturnInterview.objects.filter(_moment_in("due_at", since, as_at))
    done_in_time = Q(completed_at__isnull=False, completed_at__lte=F("due_at"))
    if members is None:
        counts = interviews.aggregate(
            **{
                f"d{i}": Count("id", filter=_moment_in("due_at", _period_start(day), day))
                for i, day in enumerate(days)
            },
            **{
                f"t{i}": Count("id", filter=_moment_in("due_at", _period_start(day), day) & done_in_time)
                for i, day in enumerate(days)
            },
        )
        return [counts[f"d{i}"] for i in range(len(days))], [counts[f"t{i}"] for i in range(len(days))]
    return (
        _events_per_month(interviews, "due_at", days, members, candidates),
        _events_per_month(interviews.filter(done_in_time), "due_at", days, members, candidates),
    )


def _active_contexts(window: Q, days: list[date]) -> list[int]:
    """Contexts with a link open on each date: one row per context with a count per month (a
    distinct count per month would sort the links once for each month)."""
    totals = [0] * len(days)
    for counts in (
        ContextLink.objects.filter(window)
        .values("context_id")
        .annotate(**{f"m{i}": Count("id", filter=_open_on(day)) for i, day in enumerate(days)})
        .values_list(*(f"m{i}" for i in range(len(days))))
        .order_by()
    ):
        for i, n in enumerate(counts):
            if n:
                totals[i] += 1
    return totals


def _disruptions_in_force(first: date, as_at: date, days: list[date], members: Members) -> list[int]:
    rows = list(
        Disruption.objects.filter(happened_on__lte=as_at)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=first))
        .values_list("protected_child_id", "happened_on", "expires_on")
        .order_by()
    )
    return [
        sum(
            1
            for child_id, happened, expires in rows
            if happened <= day and (expires is None or expires >= day) and _counts(child_id, members, i)
        )
        for i, day in enumerate(days)
    ]


def _actions_overdue(first: date, as_at: date, days: list[date], members: Members) -> list[int]:
    rows = list(
        Action.objects.filter(meeting__scheduled_at__date__lte=as_at, due_on__lt=as_at)
        .filter(
            Q(completed_at__date__gt=first)
            | (Q(completed_at__isnull=True) & ~Q(status=ActionStatus.COMPLETED))
        )
        .annotate(agreed_on=TruncDate("meeting__scheduled_at"), done_on=TruncDate("completed_at"))
        .values_list("person_id", "agreed_on", "due_on", "done_on")
        .order_by()
    )
    return [
        sum(
            1
            for person_id, agreed, due, done in rows
            if agreed <= day and due < day and (done is None or done > day) and _counts(person_id, members, i)
        )
        for i, day in enumerate(days)
    ]


def _transition_shares(
    as_at: date, days: list[date], populations: DayMasks, born: dict[int, date]
) -> list[float | None]:
    planned = dict(
        TransitionPlan.objects.filter(created_at__date__lte=as_at)
        .annotate(on=TruncDate("created_at"))
        .values_list("person_id", "on")
        .order_by()
    )
    born_bys = [_born_by(day) for day in days]  # ascending, as the days
    from_day = _bits_from(len(days))
    aged: list[int] = []
    with_plan: list[int] = []
    for person_id, born_on in born.items():
        bits = populations.get(person_id, 0)
        if not bits:
            continue
        bits &= from_day[bisect_left(born_bys, born_on)]
        aged.append(bits)
        plan_on = planned.get(person_id)
        with_plan.append(0 if plan_on is None else bits & from_day[bisect_left(days, plan_on)])
    return [
        _share(planned_n, aged_n)
        for planned_n, aged_n in zip(_per_day(with_plan, len(days)), _per_day(aged, len(days)), strict=True)
    ]


def trends(
    *, as_at: date, months: int = TREND_MONTHS, exploitation_type: str | None = None
) -> list[dict[str, Any]]:
    """One point per month: the same day of each of the ``months`` months up to ``as_at``.

    Each source is read once for the whole window (a fixed number of queries however many months)
    with the same rules as ``figures`` for one date. With ``exploitation_type``, each month's
    figures are of the children whose primary type on that month's date is it, as ``figures``.
    """
    return _trends(as_at=as_at, months=months, exploitation_type=exploitation_type).points


class TrendReads(NamedTuple):
    points: list[dict[str, Any]]
    raisers: dict[int, tuple[date, str | None]]
    # The population on ``as_at`` (the last month's date) as ``Scope.children``.
    children: list[tuple[int, str | None, date | None]]


def _trends(
    *,
    as_at: date,
    months: int,
    exploitation_type: str | None,
) -> TrendReads:
    """``trends``, with what the dashboard's figures can take from it rather than read again."""
    days = _days(as_at, months)
    first = days[0]
    since = _period_start(first)
    with transaction.atomic():
        tune_reporting_transaction()
        assessments = RiskAssessment.objects.filter(assessed_on__lte=as_at).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=first)
        )
        populations = _populations(
            list(
                assessments.values_list(
                    "person_id", "assessed_on", "closed_on", "id", "exploitation_type"
                ).order_by()
            ),
            days,
            exploitation_type,
        )
        people = {
            person_id: (area_code, born_on)
            for person_id, area_code, born_on in Person.objects.filter(pk__in=assessments.values("person_id"))
            .order_by()
            .values_list("pk", "area__code", "date_of_birth")
        }
        members: Members = _members(populations, len(days)) if exploitation_type else None
        candidates = (
            RiskAssessment.objects.filter(assessed_on__lte=as_at, exploitation_type=exploitation_type).values(
                "person_id"
            )
            if exploitation_type
            else None
        )
        raisers = _earliest_raisers(as_at)
        referrals = _months_of(
            Referral.objects.filter(_moment_in("received_at", since, as_at))
            .annotate(on=TruncDate("received_at"), finished_on=TruncDate("decided_at"))
            .values_list("person_id", "on", "on", "finished_on")
            .order_by(),
            days,
        )
        screenings = _months_of(
            Screening.objects.filter(
                _moment_in("completed_at", since, as_at), status=ScreeningStatus.COMPLETED
            )
            .annotate(on=TruncDate("completed_at"), started_on=TruncDate("created_at"))
            .values_list("person_id", "on", "started_on", "on")
            .order_by(),
            days,
        )
        episodes = _events_per_month(
            MissingEpisode.objects.filter(_reported_in(since, as_at)),
            "reported_at",
            days,
            members,
            candidates,
        )
        repeat = _repeat_missing(days, members, candidates)
        due, on_time = _interviews_per_month(since, as_at, days, members, candidates)
        window = Q(start__lte=as_at) & (Q(end__isnull=True) | Q(end__gt=first))
        in_education_kinds = _open_masks(
            EducationStatus.objects.filter(window, status__in=EDUCATION_KINDS)
            .order_by()
            .values_list("person_id", "start", "end"),
            days,
        )
        known_to_justice = _open_masks(
            YouthJusticeStatus.objects.filter(window).order_by().values_list("person_id", "start", "end"),
            days,
        )
        active_contexts = _active_contexts(window, days)
        intelligence_received = _intelligence_received(since, as_at, days, members, candidates)
        disruptions_in_force = _disruptions_in_force(first, as_at, days, members)
        nrm_submitted = _events_per_month(
            NrmReferral.objects.filter(_moment_in("submitted_at", since, as_at)),
            "submitted_at",
            days,
            members,
            candidates,
        )
        actions_overdue = _actions_overdue(first, as_at, days, members)
        transition_shares = _transition_shares(
            as_at,
            days,
            populations,
            {person_id: born_on for person_id, (_, born_on) in people.items() if born_on is not None},
        )
        public_worries = _events_per_month(
            PublicWorry.objects.filter(_moment_in("created_at", since, as_at)),
            "created_at",
            days,
            members,
            candidates,
        )
    police_like = {AgencyType.POLICE, AgencyType.YOUTH_JUSTICE}
    n = len(days)
    from_day = _bits_from(n)
    population_sizes = _per_day(populations.values(), n)
    identified_by_police = _per_day(
        (
            populations.get(person_id, 0) & from_day[bisect_left(days, on)]
            for person_id, (on, raiser) in raisers.items()
            if raiser in police_like
        ),
        n,
    )
    in_education = _per_day((bits & populations.get(key, 0) for key, bits in in_education_kinds.items()), n)
    known_to_yjs = _per_day((bits & populations.get(key, 0) for key, bits in known_to_justice.items()), n)
    points = []
    for i, day in enumerate(days):
        population = population_sizes[i]
        values: dict[str, Any] = {
            "identified_by_police_or_youth_justice": identified_by_police[i],
            "referrals_percent_in_time": _in_time_share(referrals, days, members, i, "decided"),
            "screenings_percent_in_time": _in_time_share(screenings, days, members, i, "completed"),
            "missing_episodes": episodes[i],
            "repeat_missing": repeat[i],
            "rhi_percent_within_72h": _share(on_time[i], due[i]),
            "education_percent_any": _share(in_education[i], population),
            "youth_justice_percent": _share(known_to_yjs[i], population),
            "active_contexts": active_contexts[i],
            "intelligence_received": intelligence_received[i],
            "disruptions_in_force": disruptions_in_force[i],
            "nrm_submitted": nrm_submitted[i],
            "actions_overdue": actions_overdue[i],
            "transitions_percent_with_plan": transition_shares[i],
            "public_worries": public_worries[i],
        }
        points.append(
            {
                "as_at": day.isoformat(),
                "population": population,
                **{name: values[name] for name in HEADLINES},
            }
        )
    last = 1 << (len(days) - 1)
    return TrendReads(
        points,
        raisers,
        [(person_id, *people[person_id]) for person_id, bits in populations.items() if bits & last],
    )


def profile_dashboard_for(
    user: Any, *, as_at: date, months: int = TREND_MONTHS, exploitation_type: str | None = None
) -> dict[str, Any]:
    """The profile, the further figures and their trends for one date, for an allowed user."""
    require_profile_access(user, object_type="profile_dashboard", object_id=as_at.isoformat())
    data = dashboard_data(as_at=as_at, months=months, exploitation_type=exploitation_type)
    audit_record(
        actor=user,
        action="view",
        object_type="profile_dashboard",
        object_id=as_at.isoformat(),
        detail={"as_at": as_at.isoformat(), "months": months, "exploitation_type": exploitation_type or ""},
    )
    return data


def dashboard_data(
    *, as_at: date, months: int = TREND_MONTHS, exploitation_type: str | None = None
) -> dict[str, Any]:
    """``profile_report``, ``figures`` and ``trends`` for one date, as those three calls give them,
    with what figures and trends have in common read once: the population on the date (the trends'
    last month) and each child's first raiser."""
    profile = profile_report(as_at=as_at, exploitation_type=exploitation_type)
    reads = _trends(as_at=as_at, months=months, exploitation_type=exploitation_type)
    scope = _scope(as_at, exploitation_type, children=reads.children, raisers=reads.raisers)
    return {"profile": profile, "figures": _figures_of(scope), "trends": reads.points}


def figures_for(user: Any, *, as_at: date, suppress: bool = False) -> dict[str, Any]:
    """The further figures and their monthly trend, for an allowed user; audited. ``suppress``: to
    leave the partnership (the caller hides the small numbers, ``suppressed_figures``)."""
    require_profile_access(user, object_type="profile_figures", object_id=as_at.isoformat())
    report = {**figures(as_at=as_at), "trends": trends(as_at=as_at)}
    audit_record(
        actor=user,
        action="export" if suppress else "view",
        object_type="profile_figures",
        object_id=as_at.isoformat(),
        detail={"as_at": as_at.isoformat(), "suppressed": suppress},
    )
    return report
