"""Further figure families as at a date, and their monthly trends (read only).

Each family is a list of rows ``{"key", "label", "counts": {<area code>: n, ..., "total": n}}``,
like the profile's tables. Figures about children are of the profile's population (children with
a risk assessment open on the date); figures about events (referrals, screenings, missing
episodes, return interviews) are of the month ending on the date. Working days need the bank
holiday calendar, so timeliness is counted in Python over that month's decisions only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Case, CharField, Count, DateField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.concerns.models import Concern
from lantern.contexts.models import Context, ContextLink
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.partnership.models import AgencyType
from lantern.partnership.selectors import area_list
from lantern.people.models import EducationStatus, EducationStatusValue, Person, YouthJusticeStatus
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
FAR_FUTURE = date(9999, 12, 31)
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
    "contexts": "Contexts (places, settings, groups, online spaces) with at least one person linked on the as-at date.",
}


def _empty(codes: list[str]) -> dict[str, Any]:
    return {**dict.fromkeys(codes, 0), TOTAL: 0}


def _add(counts: dict[str, Any], code: str | None, n: int) -> None:
    if code in counts and code != TOTAL:
        counts[code] += n
    counts[TOTAL] += n


def _percent(part: dict[str, Any], whole: dict[str, Any]) -> dict[str, float | None]:
    return {c: (round(100 * part[c] / whole[c], 1) if whole[c] else None) for c in whole}


def _row(key: str, label: str, counts: dict[str, Any]) -> dict[str, Any]:
    return {"key": key, "label": label, "counts": counts}


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _open_on(as_at: date) -> Q:
    return Q(start__lte=as_at) & (Q(end__isnull=True) | Q(end__gt=as_at))


def _period_start(as_at: date) -> date:
    """The month ending on ``as_at`` is the days after this one, up to and including ``as_at``."""
    return add_months(as_at, -1)


def _first(queryset: Any, on: str, value: str) -> Subquery:
    return Subquery(queryset.order_by(on, "id").values(value)[:1])


def identification_route(as_at: date, codes: list[str]) -> list[dict[str, Any]]:
    person = OuterRef("person_id")
    concerns = Concern.objects.filter(person_id=person, happened_on__lte=as_at)
    screenings = Screening.objects.filter(
        person_id=person, status=ScreeningStatus.COMPLETED, completed_at__date__lte=as_at
    ).annotate(on=TruncDate("completed_at"))
    referrals = Referral.objects.filter(person_id=person, received_at__date__lte=as_at).annotate(
        on=TruncDate("received_at")
    )
    dated = population_on(as_at).annotate(
        c_on=Coalesce(
            _first(concerns, "happened_on", "happened_on"), Value(FAR_FUTURE), output_field=DateField()
        ),
        s_on=Coalesce(_first(screenings, "completed_at", "on"), Value(FAR_FUTURE), output_field=DateField()),
        r_on=Coalesce(_first(referrals, "received_at", "on"), Value(FAR_FUTURE), output_field=DateField()),
    )
    route = Case(
        When(
            Q(c_on__lt=FAR_FUTURE) & Q(c_on__lte=F("s_on")) & Q(c_on__lte=F("r_on")),
            then=_first(concerns, "happened_on", "agency__agency_type"),
        ),
        When(
            Q(s_on__lt=FAR_FUTURE, s_on__lte=F("r_on")),
            then=_first(screenings, "completed_at", "agency__agency_type"),
        ),
        When(r_on__lt=FAR_FUTURE, then=_first(referrals, "received_at", "from_agency__agency_type")),
        default=Value(NOT_RECORDED),
        output_field=CharField(),
    )
    groups = (
        dated.annotate(area_code=F("person__area__code"), route=route)
        .values("area_code", "route")
        .annotate(n=Count("id"))
        .order_by()
    )
    labels = {**dict(AgencyType.choices), NOT_RECORDED: "Not recorded"}
    counts = {key: _empty(codes) for key in labels}
    for group in groups:
        _add(
            counts[group["route"] if group["route"] in labels else NOT_RECORDED],
            group["area_code"],
            group["n"],
        )
    return [_row(key, labels[key], c) for key, c in counts.items() if c[TOTAL]]


def _timeliness(
    pairs: Iterable[tuple[str | None, datetime, datetime | None]], codes: list[str], as_at: date, done: str
) -> list[dict[str, Any]]:
    in_time, late, waiting, everything = _empty(codes), _empty(codes), _empty(codes), _empty(codes)
    for code, started, finished in pairs:
        _add(everything, code, 1)
        if finished is None or _local_date(finished) > as_at:
            _add(waiting, code, 1)
        elif working_days_between(_local_date(started), _local_date(finished)) <= 1:
            _add(in_time, code, 1)
        else:
            _add(late, code, 1)
    return [
        _row("in_time", f"{done.capitalize()} within one working day", in_time),
        _row("late", f"{done.capitalize()} later", late),
        _row("not_yet", f"Not {done} by the as-at date", waiting),
        _row("percent_in_time", f"Percentage {done} within one working day", _percent(in_time, everything)),
    ]


def referral_timeliness(as_at: date, codes: list[str]) -> list[dict[str, Any]]:
    received = Referral.objects.filter(
        received_at__date__gt=_period_start(as_at), received_at__date__lte=as_at
    ).values_list("area__code", "received_at", "decided_at")
    return _timeliness(received, codes, as_at, "decided")


def screening_timeliness(as_at: date, codes: list[str]) -> list[dict[str, Any]]:
    completed = Screening.objects.filter(
        status=ScreeningStatus.COMPLETED,
        completed_at__date__gt=_period_start(as_at),
        completed_at__date__lte=as_at,
    ).values_list("person__area__code", "created_at", "completed_at")
    return [row for row in _timeliness(completed, codes, as_at, "completed") if row["key"] != "not_yet"]


def missing(as_at: date, codes: list[str]) -> list[dict[str, Any]]:
    start = _period_start(as_at)
    episodes, children, repeat, due, on_time = (_empty(codes) for _ in range(5))
    for group in (
        MissingEpisode.objects.filter(reported_at__date__gt=start, reported_at__date__lte=as_at)
        .values(area_code=F("person__area__code"))
        .annotate(n=Count("id"), people=Count("person_id", distinct=True))
        .order_by()
    ):
        _add(episodes, group["area_code"], group["n"])
        _add(children, group["area_code"], group["people"])
    repeaters = (
        MissingEpisode.objects.filter(
            reported_at__date__gt=add_months(as_at, -12), reported_at__date__lte=as_at
        )
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .values("person_id")
    )
    for group in (
        Person.objects.filter(pk__in=repeaters)
        .values(area_code=F("area__code"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(repeat, group["area_code"], group["n"])
    for group in (
        ReturnInterview.objects.filter(due_at__date__gt=start, due_at__date__lte=as_at)
        .annotate(
            on_time=Case(
                When(completed_at__isnull=False, completed_at__lte=F("due_at"), then=Value(True)),
                default=Value(False),
            )
        )
        .values("on_time", area_code=F("episode__person__area__code"))
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


def _status_open(model: Any, as_at: date, **filters: Any) -> Exists:
    return Exists(model.objects.filter(_open_on(as_at), person_id=OuterRef("person_id"), **filters))


def education(as_at: date, codes: list[str]) -> list[dict[str, Any]]:
    flags = {kind.value: _status_open(EducationStatus, as_at, status=kind) for kind in EDUCATION_KINDS}
    counts = {kind: _empty(codes) for kind in flags}
    anyone, population = _empty(codes), _empty(codes)
    groups = (
        population_on(as_at)
        .annotate(area_code=F("person__area__code"), **flags)
        .values("area_code", *flags)
        .annotate(n=Count("id"))
        .order_by()
    )
    for group in groups:
        _add(population, group["area_code"], group["n"])
        for kind in flags:
            if group[kind]:
                _add(counts[kind], group["area_code"], group["n"])
        if any(group[kind] for kind in flags):
            _add(anyone, group["area_code"], group["n"])
    labels = dict(EducationStatusValue.choices)
    return [
        *(_row(kind, labels[kind], counts[kind]) for kind in flags),
        _row("any", "Excluded, PRU, alternative provision or NEET", anyone),
        _row(
            "percent_any",
            "Percentage excluded, PRU, alternative provision or NEET",
            _percent(anyone, population),
        ),
    ]


def youth_justice(as_at: date, codes: list[str]) -> list[dict[str, Any]]:
    flagged, population = _empty(codes), _empty(codes)
    for group in (
        population_on(as_at)
        .annotate(area_code=F("person__area__code"), flagged=_status_open(YouthJusticeStatus, as_at))
        .values("area_code", "flagged")
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(population, group["area_code"], group["n"])
        if group["flagged"]:
            _add(flagged, group["area_code"], group["n"])
    return [
        _row("flagged", "Known to the youth justice service", flagged),
        _row(
            "percent_flagged", "Percentage known to the youth justice service", _percent(flagged, population)
        ),
    ]


def contexts(as_at: date, codes: list[str]) -> list[dict[str, Any]]:
    active = _empty(codes)
    linked = Exists(ContextLink.objects.filter(_open_on(as_at), context_id=OuterRef("pk")))
    for group in (
        Context.objects.filter(linked).values(area_code=F("area__code")).annotate(n=Count("id")).order_by()
    ):
        _add(active, group["area_code"], group["n"])
    return [_row("active", "Contexts with someone linked", active)]


FAMILIES = {
    "identification_route": identification_route,
    "referral_timeliness": referral_timeliness,
    "screening_timeliness": screening_timeliness,
    "missing": missing,
    "education": education,
    "youth_justice": youth_justice,
    "contexts": contexts,
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
}


def figures(*, as_at: date) -> dict[str, Any]:
    codes = list(area_list().values_list("code", flat=True))
    with transaction.atomic():
        tune_reporting_transaction()
        families = {name: family(as_at, codes) for name, family in FAMILIES.items()}
    return {
        "as_at": as_at.isoformat(),
        "period_from": (_period_start(as_at)).isoformat(),
        "areas": codes,
        "figures": families,
    }


def _days(as_at: date, months: int) -> list[date]:
    """The same day of each of the ``months`` months up to ``as_at``, oldest first."""
    return [add_months(as_at, -back) for back in range(months - 1, -1, -1)]


def _open_keys(intervals: list[tuple[Any, date, date | None]], day: date) -> set[Any]:
    return {key for key, start, end in intervals if start <= day and (end is None or end > day)}


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
            Screening.objects.filter(status=ScreeningStatus.COMPLETED, completed_at__date__lte=to)
            .order_by("person_id", "completed_at", "id")
            .values_list("person_id", "completed_at", "agency__agency_type"),
        ),
        (
            2,
            Referral.objects.filter(received_at__date__lte=to)
            .order_by("person_id", "received_at", "id")
            .values_list("person_id", "received_at", "from_agency__agency_type"),
        ),
    ):
        seen = set()
        for person_id, moment, agency_type in rows:
            if person_id not in seen:
                seen.add(person_id)
                offer(person_id, _filtered_date(moment), rank, agency_type)
    return {person_id: (on, agency_type) for person_id, (on, _, agency_type) in candidates.items()}


def _filtered_date(moment: datetime | None) -> date:
    """The local date of a moment the query's date filter has already required to be set."""
    if moment is None:
        raise ValueError("a date filter should have left out records without this moment")
    return _local_date(moment)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _in_time_share(
    pairs: list[tuple[date, datetime, datetime | None]], after: date, day: date, done: str
) -> float | None:
    rows = _timeliness(
        ((None, started, finished) for on, started, finished in pairs if after < on <= day), [], day, done
    )
    return next(row["counts"][TOTAL] for row in rows if row["key"] == "percent_in_time")


def _per_month(queryset: Any, days: list[date], count: Callable[[date], Any]) -> list[int]:
    """One aggregate query with a filtered count per month."""
    totals = queryset.aggregate(**{f"m{i}": count(day) for i, day in enumerate(days)})
    return [totals[f"m{i}"] or 0 for i in range(len(days))]


def _reported_in(after: date, day: date) -> Q:
    return Q(reported_at__date__gt=after, reported_at__date__lte=day)


def _due_in(day: date) -> Q:
    return Q(due_at__date__gt=_period_start(day), due_at__date__lte=day)


def _repeat_missing(days: list[date]) -> list[int]:
    per_child = (
        MissingEpisode.objects.filter(_reported_in(add_months(days[0], -12), days[-1]))
        .values("person_id")
        .annotate(
            **{
                f"n{i}": Count("id", filter=_reported_in(add_months(day, -12), day))
                for i, day in enumerate(days)
            }
        )
        .values_list(*(f"n{i}" for i in range(len(days))))
        .order_by()
    )
    totals = [0] * len(days)
    for counts in per_child:
        for i, n in enumerate(counts):
            if n >= 2:
                totals[i] += 1
    return totals


def trends(*, as_at: date, months: int = TREND_MONTHS) -> list[dict[str, Any]]:
    """One point per month: the same day of each of the ``months`` months up to ``as_at``.

    Each source is read once for the whole window (a fixed number of queries however many months,
    events counted per month by the database) with the same rules as ``figures`` for one date.
    """
    days = _days(as_at, months)
    first = days[0]
    since = _period_start(first)
    with transaction.atomic():
        tune_reporting_transaction()
        assessments = list(
            RiskAssessment.objects.filter(assessed_on__lte=as_at)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=first))
            .values_list("person_id", "assessed_on", "closed_on")
        )
        raisers = _earliest_raisers(as_at)
        referrals = [
            (_local_date(received), received, decided)
            for received, decided in Referral.objects.filter(
                received_at__date__gt=since, received_at__date__lte=as_at
            ).values_list("received_at", "decided_at")
        ]
        screenings = [
            (_filtered_date(completed), created, completed)
            for created, completed in Screening.objects.filter(
                status=ScreeningStatus.COMPLETED, completed_at__date__gt=since, completed_at__date__lte=as_at
            ).values_list("created_at", "completed_at")
        ]
        episodes = _per_month(
            MissingEpisode.objects.filter(_reported_in(since, as_at)),
            days,
            lambda day: Count("id", filter=_reported_in(_period_start(day), day)),
        )
        repeat = _repeat_missing(days)
        interviews = ReturnInterview.objects.filter(due_at__date__gt=since, due_at__date__lte=as_at)
        due = _per_month(interviews, days, lambda day: Count("id", filter=_due_in(day)))
        on_time = _per_month(
            interviews,
            days,
            lambda day: Count(
                "id", filter=_due_in(day) & Q(completed_at__isnull=False, completed_at__lte=F("due_at"))
            ),
        )
        window = Q(start__lte=as_at) & (Q(end__isnull=True) | Q(end__gt=first))
        education_rows = list(
            EducationStatus.objects.filter(window, status__in=EDUCATION_KINDS).values_list(
                "person_id", "start", "end"
            )
        )
        justice_rows = list(
            YouthJusticeStatus.objects.filter(window).values_list("person_id", "start", "end")
        )
        active_contexts = _per_month(
            ContextLink.objects.filter(window),
            days,
            lambda day: Count("context_id", distinct=True, filter=_open_on(day)),
        )
    police_like = {AgencyType.POLICE, AgencyType.YOUTH_JUSTICE}
    points = []
    for i, day in enumerate(days):
        population = {
            person_id
            for person_id, assessed, closed in assessments
            if assessed <= day and (closed is None or closed > day)
        }
        after = _period_start(day)
        values: dict[str, Any] = {
            "identified_by_police_or_youth_justice": sum(
                1
                for person_id in population
                if person_id in raisers
                and raisers[person_id][0] <= day
                and raisers[person_id][1] in police_like
            ),
            "referrals_percent_in_time": _in_time_share(referrals, after, day, "decided"),
            "screenings_percent_in_time": _in_time_share(screenings, after, day, "completed"),
            "missing_episodes": episodes[i],
            "repeat_missing": repeat[i],
            "rhi_percent_within_72h": _share(on_time[i], due[i]),
            "education_percent_any": _share(
                len(population & _open_keys(education_rows, day)), len(population)
            ),
            "youth_justice_percent": _share(len(population & _open_keys(justice_rows, day)), len(population)),
            "active_contexts": active_contexts[i],
        }
        points.append(
            {
                "as_at": day.isoformat(),
                "population": len(population),
                **{name: values[name] for name in HEADLINES},
            }
        )
    return points


def profile_dashboard_for(user: Any, *, as_at: date) -> dict[str, Any]:
    """The profile, the further figures and their trends for one date, for an allowed user."""
    require_profile_access(user, object_type="profile_dashboard", object_id=as_at.isoformat())
    data = {
        "profile": profile_report(as_at=as_at),
        "figures": figures(as_at=as_at),
        "trends": trends(as_at=as_at),
    }
    audit_record(
        actor=user,
        action="view",
        object_type="profile_dashboard",
        object_id=as_at.isoformat(),
        detail={"as_at": as_at.isoformat()},
    )
    return data


def figures_for(user: Any, *, as_at: date) -> dict[str, Any]:
    """The further figures and their monthly trend, for an allowed user; audited."""
    require_profile_access(user, object_type="profile_figures", object_id=as_at.isoformat())
    report = {**figures(as_at=as_at), "trends": trends(as_at=as_at)}
    audit_record(actor=user, action="view", object_type="profile_figures", object_id=as_at.isoformat())
    return report
