"""Synthetic casework for the demo: concerns, screenings, referrals, missing episodes and return
interviews, contexts of harm and the children linked to them.

Volumes are proportional to the number of children (at 100,000 children: about 30,000 concerns,
25,000 screenings, 500,000 missing episodes, 20,000 contexts and 500,000 context links). Rows are
written with ``bulk_insert`` (COPY on PostgreSQL). Where a service creates related rows (the first
risk grading when an episode is recorded, the return interview and the provider's involvement
when it is closed, the safeguarding lead's notification when a concern is recorded), the same
rows are written here. The wording follows DESIGN.md §6.8: the child is always the victim.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from lantern.accounts.models import User
from lantern.concerns.models import Concern, ConcernCategory, ConcernStatus, Notification, TriageDecision
from lantern.contexts.models import (
    Context,
    ContextAssessment,
    ContextKind,
    ContextLink,
    ContextPlan,
    ContextPlanReview,
    ContextResponse,
    EducationSettingType,
    LinkRelationship,
    LinkSource,
    LocationType,
    ResponseStatus,
    ResponseType,
    Weighting,
)
from lantern.demo.names import STREETS
from lantern.missing.models import (
    EpisodeStatus,
    HowReturned,
    InterviewAttempt,
    InterviewOutcome,
    MissingEpisode,
    MissingFrom,
    ReturnInterview,
    RiskGrade,
    RiskGrading,
)
from lantern.missing.rules import interview_due_at
from lantern.partnership.models import Agency, Area
from lantern.people.models import Involvement, Person
from lantern.referrals.models import Referral, ReferralDecision
from lantern.risk.models import RiskAssessment
from lantern.screening.models import (
    Indicator,
    IndicatorCatalogue,
    Outcome,
    Screening,
    ScreeningAnswer,
    ScreeningStatus,
    StartedFrom,
)
from lantern.screening.scoring import Rules, ScoredAnswer, level_for_index, suggest
from lantern.screening.services import catalogue_install_default

Log = Callable[[str], None]
Row = tuple[Any, ...]

CONCERNS_PER_CHILD = 0.3
SCREENINGS_PER_CHILD = 0.25
EXTRA_REFERRALS_PER_CHILD = 0.03
MISSING_SHARE = 0.5  # children who go missing at least once
EPISODES_PER_CHILD = 5.0  # over all children: 500,000 episodes for 100,000 children
CONTEXTS_PER_CHILD = 0.2
LINKS_PER_CHILD = (2, 8)  # uniform, so 5 on average
HISTORY_DAYS = 730
LATE_DECISION_SHARE = 0.2
REFERRAL_QUEUE_DAYS = 10  # referrals received this recently are mostly still waiting
INTERVIEW_OVERDUE_DAYS = 60  # older interviews not done are recorded as completed late


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    pk: int
    area_id: int
    born: date
    learning_disability: bool
    given_name: str
    sex: str
    exploitation_type: str
    level: str
    at_risk: bool = True  # has an open risk assessment


@dataclass
class ModuleContext:
    """What the module seeders share: the population, the partnership and the clock."""

    rng: random.Random
    today: date
    now: datetime
    children: list[Child]
    jade: Child
    areas: dict[str, Area]
    agencies: dict[str, Agency]
    users: dict[str, User]
    involved: dict[int, set[int]]  # person id -> agency ids with an open involvement
    shorts: dict[int, str]  # area id -> the area's short code, as in agency codes
    counts: dict[str, int] = field(default_factory=dict)

    def agency_id(self, code: str) -> int:
        return self.agencies[code].pk

    def user_id(self, username: str) -> int | None:
        user = self.users.get(username)
        return user.pk if user else None

    def area_short(self, area_id: int) -> str:
        return self.shorts[area_id]


def insert_with_ids(model: type[models.Model], columns: Sequence[str], rows: list[Row]) -> list[int]:
    """Bulk-insert ``rows`` and return their new ids in the same order.

    The seed is the only writer: ids are handed out in insertion order by the sequence (COPY and
    executemany both insert row by row), so the new ids are the ones above the previous maximum.
    """
    from lantern.search.bulk import bulk_insert

    before = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
    bulk_insert(model, columns, rows)
    ids = list(model._default_manager.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True))
    if len(ids) != len(rows):
        raise RuntimeError(f"{model.__name__}: expected {len(rows)} new rows, found {len(ids)}")
    return ids


def _bulk(model: type[models.Model], columns: Sequence[str], rows: list[Row]) -> int:
    from lantern.search.bulk import bulk_insert

    return bulk_insert(model, columns, rows)


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _they(sex: str) -> tuple[str, str]:
    if sex == "male":
        return "he", "him"
    if sex == "female":
        return "she", "her"
    return "they", "them"


def load_population(
    *, child_ids: Sequence[int], rng: random.Random, today: date, now: datetime, **partnership: Any
) -> ModuleContext:
    """Read back what the people seed saved: the children, their current risk and involvements."""
    from lantern.demo.services import AREAS

    low, high = min(child_ids), max(child_ids)
    wanted = set(child_ids)
    risk = dict(
        (person_id, (kind, level))
        for person_id, kind, level in RiskAssessment.objects.filter(
            closed_on=None, person_id__gte=low, person_id__lte=high
        ).values_list("person_id", "exploitation_type", "level")
    )
    children = [
        Child(
            pk, area_id, born or today, disability, given, sex, *risk.get(pk, ("criminal", "low")), pk in risk
        )
        for pk, area_id, born, disability, given, sex in Person.objects.filter(pk__gte=low, pk__lte=high)
        .order_by("pk")
        .values_list("pk", "area_id", "date_of_birth", "learning_disability", "given_name", "sex")
        if pk in wanted
    ]
    involved: dict[int, set[int]] = {}
    for person_id, agency_id in Involvement.objects.filter(
        person_id__gte=low, person_id__lte=high, end=None
    ).values_list("person_id", "agency_id"):
        involved.setdefault(person_id, set()).add(agency_id)
    jade = next(child for child in children if child.pk == child_ids[0])
    codes = {spec.code: spec.short for spec in AREAS}
    shorts = {area.pk: codes[code] for code, area in partnership["areas"].items()}
    return ModuleContext(
        rng=rng,
        today=today,
        now=now,
        children=children,
        jade=jade,
        involved=involved,
        shorts=shorts,
        **partnership,
    )


# ---------------------------------------------------------------------------------------------
# Concerns
# ---------------------------------------------------------------------------------------------

CATEGORY_FOR = {
    "criminal": ConcernCategory.CRIMINAL,
    "county_lines": ConcernCategory.COUNTY_LINES,
    "sexual": ConcernCategory.SEXUAL,
    "online": ConcernCategory.ONLINE,
    "trafficking": ConcernCategory.TRAFFICKING,
    "peer_on_peer": ConcernCategory.PEER_ON_PEER,
    "radicalisation": ConcernCategory.RADICALISATION,
    "financial": ConcernCategory.FINANCIAL,
}
CONCERN_TEXT = {
    ConcernCategory.CRIMINAL: (
        "{name} arrived at school with a new phone and expensive trainers and said {they} owed "
        "money to older boys. We believe {name} is being criminally exploited."
    ),
    ConcernCategory.COUNTY_LINES: (
        "{name} was found out of area at a railway station with cash and two phones. "
        "{name} may have been trafficked to sell drugs on a county line."
    ),
    ConcernCategory.SEXUAL: (
        "{name} was picked up outside the gates by an adult male in a car. This looks like a "
        "potentially exploitative relationship; a child cannot consent to their own abuse."
    ),
    ConcernCategory.ONLINE: (
        "{name} told a member of staff that an adult {they} met online is asking for images "
        "and threatening to share the ones already sent. {name} has been groomed online."
    ),
    ConcernCategory.TRAFFICKING: (
        "{name} was collected by unknown adults and driven out of town; {they} came back "
        "frightened and would not say where {they} had been. {name} may have been trafficked."
    ),
    ConcernCategory.PEER_ON_PEER: (
        "{name} was assaulted by a group of older pupils in the park after school and filmed. "
        "{name} is being harmed by peers and is not to blame."
    ),
    ConcernCategory.RADICALISATION: (
        "{name} has been sent extremist videos by an adult in an online group and may have been groomed."
    ),
    ConcernCategory.FINANCIAL: (
        "{name} said an adult asked to use {their} bank card to move money. {name} is being financially exploited."
    ),
    ConcernCategory.MISSING: (
        "{name} did not come home last night and was found in another town. "
        "{name} is being controlled and may have been trafficked."
    ),
}
CHILDS_WORDS = (
    "I didn't have a choice, they said they'd hurt my mum.",
    "They're my mates, they look after me.",
    "I owe them, I have to pay it back.",
    "I just want it to stop.",
    "",
)
TRIAGE_NOTES = {
    TriageDecision.NO_FURTHER_ACTION: "Known to the allocated social worker; information shared.",
    TriageDecision.MONITOR: "Monitor in school; check in with the child each morning.",
    TriageDecision.START_SCREENING: "Complete an exploitation screening with the child's tutor.",
    TriageDecision.REFER: "Referred to the front door today.",
}
CONCERN_COLUMNS = [
    "person_id",
    "raised_by_id",
    "agency_id",
    "happened_on",
    "happened_time",
    "categories",
    "what_happened",
    "childs_words",
    "actions_taken",
    "immediate_danger",
    "status",
    "triage_decision",
    "triaged_by_id",
    "triaged_at",
    "triage_notes",
]


@dataclass
class ConcernRow:
    person_id: int
    agency_id: int
    happened_on: date
    open: bool
    values: Row


def _raiser(ctx: ModuleContext, child: Child) -> int | None:
    """An agency involved with the child (so it may see them), other than children's social care
    where possible; None when no agency is involved."""
    short = ctx.area_short(child.area_id)
    involved = ctx.involved.get(child.pk, set())
    demo_school = ctx.agency_id("ce-school-1")
    if demo_school in involved and ctx.rng.random() < 0.7:  # schools raise most concerns
        return demo_school
    choices = sorted(involved - {ctx.agency_id(f"{short}-csc")}) or sorted(involved)
    return ctx.rng.choice(choices) if choices else None


def _concern(
    ctx: ModuleContext, child: Child, *, agency_id: int, happened_on: date, untriaged: bool, category: str
) -> ConcernRow:
    rng = ctx.rng
    school = ctx.agency_id("ce-school-1")
    they, them = _they(child.sex)
    words = {
        "name": child.given_name,
        "they": they,
        "them": them,
        "their": "their" if they == "they" else them,
    }
    if they == "he":
        words["their"] = "his"
    decision = _pick(
        rng,
        {
            TriageDecision.NO_FURTHER_ACTION: 10,
            TriageDecision.MONITOR: 35,
            TriageDecision.START_SCREENING: 30,
            TriageDecision.REFER: 25,
        },
    )
    triaged_at = None if untriaged else _moment(happened_on + timedelta(days=rng.randint(0, 3)), 15)
    if triaged_at is not None and triaged_at > ctx.now:
        triaged_at = ctx.now - timedelta(minutes=rng.randint(5, 120))
    categories = [category] + ([ConcernCategory.MISSING.value] if rng.random() < 0.2 else [])
    values: Row = (
        child.pk,
        ctx.user_id("teacher") if agency_id == school else None,
        agency_id,
        happened_on,
        f"{rng.randint(8, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}:00",  # bulk_insert passes values as given
        json.dumps(categories),
        CONCERN_TEXT[ConcernCategory(category)].format(**words),
        rng.choice(CHILDS_WORDS),
        "Spoke to the child, recorded what they said and told the safeguarding lead.",
        rng.random() < 0.03,
        ConcernStatus.OPEN if untriaged else ConcernStatus.TRIAGED,
        "" if untriaged else decision,
        None if untriaged or agency_id != school else ctx.user_id("dsl"),
        triaged_at,
        "" if untriaged else TRIAGE_NOTES[decision],
    )
    return ConcernRow(child.pk, agency_id, happened_on, untriaged, values)


def seed_concerns(ctx: ModuleContext) -> dict[int, list[tuple[int, date]]]:
    """Concerns, mostly triaged; a safeguarding lead's recent ones wait, each with a notification."""
    rng = ctx.rng
    school = ctx.agency_id("ce-school-1")
    rows = [
        _concern(
            ctx,
            ctx.jade,
            agency_id=school,
            happened_on=ctx.today - timedelta(days=2),
            untriaged=True,
            category=ConcernCategory.SEXUAL,
        )
    ]
    for child in ctx.children:
        if child is ctx.jade or rng.random() >= CONCERNS_PER_CHILD:
            continue
        for _ in range(2 if rng.random() < 0.1 else 1):
            agency_id = _raiser(ctx, child)
            if agency_id is None:
                break
            happened_on = ctx.today - timedelta(days=rng.randint(0, 400))
            recent = (ctx.today - happened_on).days <= 30
            untriaged = (recent and rng.random() < 0.5) or (agency_id == school and rng.random() < 0.5)
            category = CATEGORY_FOR.get(child.exploitation_type, ConcernCategory.OTHER)
            rows.append(
                _concern(
                    ctx,
                    child,
                    agency_id=agency_id,
                    happened_on=happened_on,
                    untriaged=untriaged,
                    category=category,
                )
            )
    ids = insert_with_ids(Concern, CONCERN_COLUMNS, [row.values for row in rows])
    _notify_lead(
        ctx, [(pk, row) for pk, row in zip(ids, rows, strict=True) if row.open and row.agency_id == school]
    )
    ctx.counts["concerns"] = len(ids)
    by_person: dict[int, list[tuple[int, date]]] = {}
    for pk, row in zip(ids, rows, strict=True):
        by_person.setdefault(row.person_id, []).append((pk, row.happened_on))
    return by_person


def _notify_lead(ctx: ModuleContext, waiting: list[tuple[int, ConcernRow]]) -> None:
    """What ``concern_create`` does for the school's safeguarding lead: one in-app alert each."""
    lead = ctx.users.get("dsl")
    teacher = ctx.users.get("teacher")
    if lead is None or teacher is None:
        return
    agency = ctx.agencies["ce-school-1"]
    rows: list[Row] = []
    for pk, row in waiting:
        text = f"New concern {pk} recorded by {teacher.display_name} ({agency.name}): please triage it."
        if row.values[CONCERN_COLUMNS.index("immediate_danger")]:
            text = f"Immediate danger. {text}"
        rows.append((lead.pk, text, reverse("concerns:concern-detail", args=[pk])))
    ctx.counts["notifications"] = _bulk(Notification, ["recipient_id", "text", "url"], rows)


# ---------------------------------------------------------------------------------------------
# Screenings
# ---------------------------------------------------------------------------------------------

ANSWER_PROFILES = {  # chance of yes, possible, no; the rest "not known"
    "low": (0.005, 0.02, 0.9),
    "medium": (0.03, 0.05, 0.8),
    "high": (0.09, 0.08, 0.7),
}
EVIDENCE = (
    "Seen by school staff and recorded in a concern.",
    "Reported by the police after a missing episode.",
    "The child told their youth worker.",
    "Parent told the social worker at a home visit.",
    "Found during a return home interview.",
)
OUTCOMES_FOR_LEVEL = {
    "low": {Outcome.NO_FURTHER_ACTION: 30, Outcome.SINGLE_AGENCY: 50, Outcome.EARLY_HELP: 20},
    "medium": {Outcome.EARLY_HELP: 35, Outcome.REFER_TO_FRONT_DOOR: 55, Outcome.SINGLE_AGENCY: 10},
    "high": {Outcome.REFER_TO_FRONT_DOOR: 60, Outcome.STRATEGY_DISCUSSION: 35, Outcome.POLICE_IMMEDIATE: 5},
}
REFERRING_OUTCOMES = {Outcome.REFER_TO_FRONT_DOOR, Outcome.STRATEGY_DISCUSSION, Outcome.POLICE_IMMEDIATE}
SCREENING_COLUMNS = [
    "person_id",
    "catalogue_id",
    "status",
    "started_from",
    "started_from_id",
    "professional_judgement",
    "suggested_level",
    "suggestion_reasons",
    "weighted_total",
    "domain_totals",
    "final_level",
    "level_reason",
    "outcome",
    "agency_id",
    "created_by_id",
    "completed_by_id",
    "completed_at",
]


@dataclass
class ScreeningPlan:
    child: Child
    agency_id: int
    completed_at: datetime
    outcome: str
    final_level: str
    values: Row
    answers: list[tuple[int, str, str]]  # indicator id, answer, evidence


@dataclass(frozen=True)
class Catalogue:
    pk: int
    rules: Rules
    indicators: list[tuple[int, str, str, str, int]]  # id, text, domain code, domain name, weight


def _catalogue(actor: User | None) -> Catalogue:
    catalogue: IndicatorCatalogue = catalogue_install_default(actor=actor)
    indicators = [
        (i.pk, i.text, i.domain.code, i.domain.name, i.weight)
        for i in Indicator.objects.filter(domain__catalogue=catalogue)
        .select_related("domain")
        .order_by("domain__order", "domain__id", "order", "id")
    ]
    rules = Rules(
        medium_threshold=catalogue.medium_threshold,
        high_threshold=catalogue.high_threshold,
        high_yes_for_high=catalogue.high_yes_for_high,
        floor_max_age=catalogue.floor_max_age,
    )
    return Catalogue(catalogue.pk, rules, indicators)


def _answer(rng: random.Random, level: str) -> str:
    yes, possible, no = ANSWER_PROFILES[level]
    roll = rng.random()
    if roll < yes:
        return "yes"
    if roll < yes + possible:
        return "possible"
    if roll < yes + possible + no:
        return "no"
    return "not_known"


def _screening(
    ctx: ModuleContext,
    catalogue: Catalogue,
    child: Child,
    *,
    agency_id: int,
    completed_at: datetime,
    concern_id: int | None,
    completed_by: int | None,
) -> ScreeningPlan:
    """Answers drawn for the child's level of risk, scored with the catalogue's own rules."""
    rng = ctx.rng
    answers = [(pk, _answer(rng, child.level)) for pk, *_ in catalogue.indicators]
    scored = [
        ScoredAnswer(text, domain_code, domain_name, weight, answer)
        for (_, text, domain_code, domain_name, weight), (_, answer) in zip(
            catalogue.indicators, answers, strict=True
        )
    ]
    on = completed_at.date()
    age = on.year - child.born.year - ((on.month, on.day) < (child.born.month, child.born.day))
    suggestion = suggest(scored, catalogue.rules, age=age, learning_disability=child.learning_disability)
    scale = ["low", "medium", "high"]
    suggested = level_for_index(scale, suggestion.level_index)
    final, reason = suggested, ""
    if rng.random() < 0.12 and suggested != "high":
        final = scale[scale.index(suggested) + 1]
        reason = (
            "Raised on professional judgement: the child has been missing several times this month "
            "and is being controlled by adults who are not yet identified."
        )
    outcome = _pick(rng, OUTCOMES_FOR_LEVEL[final])
    values: Row = (
        child.pk,
        catalogue.pk,
        ScreeningStatus.COMPLETED,
        StartedFrom.CONCERN if concern_id else StartedFrom.PERSON,
        concern_id,
        f"{child.given_name} is a victim of exploitation; the answers reflect what agencies know today.",
        suggested,
        json.dumps(suggestion.reasons),
        suggestion.weighted_total,
        json.dumps({code: str(total) for code, total in suggestion.domain_totals.items()}),
        final,
        reason,
        outcome,
        agency_id,
        completed_by,
        completed_by,
        completed_at,
    )
    with_evidence = [
        (pk, answer, rng.choice(EVIDENCE) if answer in ("yes", "possible") else "") for pk, answer in answers
    ]
    return ScreeningPlan(child, agency_id, completed_at, outcome, final, values, with_evidence)


def seed_screenings(
    ctx: ModuleContext, concerns: dict[int, list[tuple[int, date]]], actor: User | None
) -> list[tuple[int, ScreeningPlan]]:
    rng = ctx.rng
    catalogue = _catalogue(actor)
    jade_concern = concerns[ctx.jade.pk][0][0]
    plans = [
        _screening(
            ctx,
            catalogue,
            ctx.jade,
            agency_id=ctx.agency_id("ce-csc"),
            completed_at=ctx.now - timedelta(days=1, hours=3),
            concern_id=jade_concern,
            completed_by=ctx.user_id("socialworker"),
        )
    ]
    for child in ctx.children:
        if child is ctx.jade or rng.random() >= SCREENINGS_PER_CHILD:
            continue
        earlier = concerns.get(child.pk)
        concern = rng.choice(earlier) if earlier and rng.random() < 0.6 else None
        start = concern[1] if concern else ctx.today - timedelta(days=rng.randint(1, 365))
        day = min(start + timedelta(days=rng.randint(0, 10)), ctx.today)
        completed_at = min(_moment(day, rng.randint(9, 16), rng.randint(0, 59)), ctx.now - timedelta(hours=1))
        csc = ctx.agency_id(f"{ctx.area_short(child.area_id)}-csc")
        agency_id = (csc if rng.random() < 0.6 else None) or _raiser(ctx, child) or csc
        plans.append(
            _screening(
                ctx,
                catalogue,
                child,
                agency_id=agency_id,
                completed_at=completed_at,
                concern_id=concern[0] if concern else None,
                completed_by=None,
            )
        )
    ids = insert_with_ids(Screening, SCREENING_COLUMNS, [plan.values for plan in plans])
    answers = (
        (screening_id, indicator_id, answer, evidence)
        for screening_id, plan in zip(ids, plans, strict=True)
        for indicator_id, answer, evidence in plan.answers
    )
    ctx.counts["screenings"] = len(ids)
    ctx.counts["screening answers"] = _bulk(
        ScreeningAnswer, ["screening_id", "indicator_id", "answer", "evidence"], list(answers)
    )
    return list(zip(ids, plans, strict=True))


# ---------------------------------------------------------------------------------------------
# Referrals to the front door
# ---------------------------------------------------------------------------------------------

REFERRAL_COLUMNS = [
    "person_id",
    "area_id",
    "from_agency_id",
    "referred_by_id",
    "screening_id",
    "concern_id",
    "reason",
    "consent_sought",
    "consent_given",
    "reason_without_consent",
    "received_at",
    "decision",
    "decided_at",
    "decided_by_id",
    "decision_notes",
    "submission_key",
]
DECISION_WEIGHTS = {
    ReferralDecision.NO_FURTHER_ACTION: 8,
    ReferralDecision.ADVICE: 12,
    ReferralDecision.EARLY_HELP: 20,
    ReferralDecision.ASSESSMENT_S17: 25,
    ReferralDecision.STRATEGY_DISCUSSION_S47: 15,
    ReferralDecision.ALREADY_OPEN: 20,
}


def _decision_time(rng: random.Random, received_at: datetime, now: datetime) -> tuple[datetime | None, bool]:
    """When the front door decided: mostly the same day, some late, recent ones still waiting."""
    age = now - received_at
    if age < timedelta(days=REFERRAL_QUEUE_DAYS) and rng.random() < 0.6:
        return None, False
    if rng.random() < 0.01:
        return None, False
    if rng.random() < LATE_DECISION_SHARE:
        decided = received_at + timedelta(days=rng.randint(4, 12), hours=rng.randint(0, 3))
        if decided < now:
            return decided, True
    decided = received_at + timedelta(minutes=rng.randint(20, 150))
    return (decided, False) if decided < now else (None, False)


def _referral(
    ctx: ModuleContext,
    child: Child,
    *,
    serial: int,
    from_agency: int,
    screening_id: int | None,
    concern_id: int | None,
    received_at: datetime,
    decided: tuple[datetime | None, bool],
    referred_by: int | None = None,
) -> Row:
    rng = ctx.rng
    decided_at, late = decided
    sought = rng.random() < 0.85
    given = sought and rng.random() < 0.75
    front_door = ctx.area_short(child.area_id) == "ce"
    decision = _pick(rng, DECISION_WEIGHTS) if decided_at else ""
    notes = ""
    if decided_at:
        notes = "Decision recorded after checks with police and school."
        if late:
            notes += " Decided late: waiting for information from health."
    return (
        child.pk,
        child.area_id,
        from_agency,
        referred_by,
        screening_id,
        concern_id,
        f"{child.given_name} is being exploited and needs a coordinated multi-agency response.",
        sought,
        given,
        ""
        if given
        else "Asking the family could place the child at greater risk from the adults exploiting them.",
        received_at,
        decision,
        decided_at,
        ctx.user_id("frontdoor") if decided_at and front_door else None,
        notes,
        f"demo-{serial:08d}",
    )


def seed_referrals(
    ctx: ModuleContext,
    screenings: list[tuple[int, ScreeningPlan]],
    concerns: dict[int, list[tuple[int, date]]],
) -> int:
    rng = ctx.rng
    rows: list[Row] = []
    for screening_id, plan in screenings:
        if plan.outcome not in REFERRING_OUTCOMES:
            continue
        received_at = plan.completed_at + timedelta(minutes=rng.randint(10, 90))
        received_at = min(received_at, ctx.now - timedelta(minutes=5))
        decided = (None, False) if plan.child is ctx.jade else _decision_time(rng, received_at, ctx.now)
        rows.append(
            _referral(
                ctx,
                plan.child,
                serial=len(rows) + 1,
                from_agency=plan.agency_id,
                screening_id=screening_id,
                concern_id=None,
                received_at=received_at,
                decided=decided,
                referred_by=plan.values[SCREENING_COLUMNS.index("completed_by_id")],
            )
        )
    for child in ctx.children:
        if child is ctx.jade or rng.random() >= EXTRA_REFERRALS_PER_CHILD:
            continue
        from_agency = _raiser(ctx, child)
        if from_agency is None:
            continue
        earlier = concerns.get(child.pk)
        concern = earlier[0] if earlier else None
        day = concern[1] if concern else ctx.today - timedelta(days=rng.randint(0, 365))
        received_at = min(
            _moment(day, rng.randint(9, 16), rng.randint(0, 59)), ctx.now - timedelta(minutes=5)
        )
        rows.append(
            _referral(
                ctx,
                child,
                serial=len(rows) + 1,
                from_agency=from_agency,
                screening_id=None,
                concern_id=concern[0] if concern else None,
                received_at=received_at,
                decided=_decision_time(rng, received_at, ctx.now),
            )
        )
    ctx.counts["referrals"] = _bulk(Referral, REFERRAL_COLUMNS, rows)
    return len(rows)


# ---------------------------------------------------------------------------------------------
# Missing episodes, risk gradings and return home interviews
# ---------------------------------------------------------------------------------------------

GRADE_WEIGHTS = {
    RiskGrade.NO_APPARENT_RISK: 10,
    RiskGrade.LOW: 30,
    RiskGrade.MEDIUM: 45,
    RiskGrade.HIGH: 15,
}
LAST_SEEN = (
    "the bus station",
    "a friend's house",
    "the retail park",
    "the school gates",
    "a takeaway on the high street",
)
FOUND = (
    "Found at an address in another town with older males",
    "Found at the railway station",
    "Found in a car with adults not known to the family",
    "Returned home late at night",
    "Found at a hotel by police",
)
HOW_RETURNED_WEIGHTS = {
    HowReturned.RETURNED_THEMSELVES: 45,
    HowReturned.FOUND_BY_POLICE: 30,
    HowReturned.FOUND_BY_FAMILY_OR_CARER: 20,
    HowReturned.FOUND_BY_OTHER: 5,
}
EPISODE_COLUMNS = [
    "person_id",
    "missing_from",
    "reported_at",
    "reported_by_id",
    "recorded_by_id",
    "risk_grade",
    "last_seen_at",
    "last_seen_where",
    "circumstances",
    "returned_at",
    "found_where",
    "found_postcode",
    "how_returned",
    "safe_and_well_check_at",
    "safe_and_well_check_by",
    "status",
]
INTERVIEW_COLUMNS = [
    "episode_id",
    "person_id",
    "due_at",
    "provider_id",
    "offered_at",
    "outcome",
    "completed_at",
    "interviewer",
    "recorded_by_id",
    "push_factors",
    "pull_factors",
    "where_went",
    "who_with",
    "how_travelled",
    "harm_or_threats",
    "what_would_help",
    "childs_words",
]
FINDINGS = (
    "Arguments at home about money; feels nobody listens.",
    "Older males give {them} money, lifts and somewhere to stay.",
    "Taken to a flat in another town.",
    "Adults {they} would not name, and older teenagers.",
    "Driven there in a car; came back by train with a ticket bought for {them}.",
    "Was threatened that {their} family would be hurt if {they} did not go back.",
    "A youth worker to talk to; help to get back into school.",
    "They said I owed them, so I had to go.",
)


@dataclass
class EpisodePlan:
    child: Child
    reported_at: datetime
    returned_at: datetime | None
    grades: list[tuple[str, datetime, str]]
    values: Row


def _episode(ctx: ModuleContext, child: Child, reported_at: datetime, *, open_: bool) -> EpisodePlan:
    rng = ctx.rng
    grade = _pick(rng, GRADE_WEIGHTS)
    grades = [(grade, reported_at, "")]
    returned_at = None if open_ else reported_at + timedelta(hours=rng.choice((3, 6, 10, 18, 30, 48, 72)))
    if returned_at is not None and returned_at >= ctx.now:
        returned_at = None
    if rng.random() < 0.15:
        regraded = RiskGrade.HIGH if grade != RiskGrade.HIGH else RiskGrade.MEDIUM
        moment = reported_at + timedelta(hours=2)
        if returned_at is None or moment < returned_at:
            grades.append((regraded, moment, "New information: seen getting into a car with adults."))
            grade = regraded
    police = ctx.agency_id("cheshire-police")
    they, them = _they(child.sex)
    values: Row = (
        child.pk,
        _pick(rng, {MissingFrom.HOME: 60, MissingFrom.CARE: 32, MissingFrom.EDUCATION: 8}),
        reported_at,
        police,
        None,
        grade,
        reported_at - timedelta(hours=rng.randint(1, 6)),
        rng.choice(LAST_SEEN),
        f"{child.given_name} did not return at the agreed time; {they} may be with adults who are exploiting {them}.",
        returned_at,
        rng.choice(FOUND) if returned_at else "",
        "",
        _pick(rng, HOW_RETURNED_WEIGHTS) if returned_at else "",
        returned_at + timedelta(hours=2) if returned_at else None,
        "Cheshire Police" if returned_at else "",
        EpisodeStatus.CLOSED if returned_at else EpisodeStatus.OPEN,
    )
    return EpisodePlan(child, reported_at, returned_at, grades, values)


def _episodes_of(ctx: ModuleContext, child: Child) -> list[EpisodePlan]:
    rng = ctx.rng
    if child is ctx.jade:
        reported = ctx.now - timedelta(days=20, hours=5)
        return [_episode(ctx, child, reported, open_=False)]
    if rng.random() >= MISSING_SHARE:
        return []
    mean_in_subset = EPISODES_PER_CHILD / MISSING_SHARE
    count = max(1, min(60, round(rng.expovariate(1 / mean_in_subset) + 0.5)))
    plans = [
        _episode(
            ctx,
            child,
            ctx.now - timedelta(minutes=rng.randint(60 * 24 * 4, 60 * 24 * HISTORY_DAYS)),
            open_=False,
        )
        for _ in range(count)
    ]
    if rng.random() < 0.01:
        plans.append(
            _episode(ctx, child, ctx.now - timedelta(minutes=rng.randint(30, 60 * 24 * 3)), open_=True)
        )
    if rng.random() < 0.02:  # back within the last three days: the interview is due
        plans.append(
            _episode(ctx, child, ctx.now - timedelta(minutes=rng.randint(60 * 12, 60 * 48)), open_=False)
        )
    return plans


def _interview(ctx: ModuleContext, plan: EpisodePlan, provider: int | None) -> Row:
    """The 72-hour interview ``episode_close`` creates, and how it went."""
    rng = ctx.rng
    assert plan.returned_at is not None
    due_at = interview_due_at(plan.returned_at)
    they, them = _they(plan.child.sex)
    words = {"they": they, "them": them, "their": {"he": "his", "she": "her"}.get(they, "their")}
    roll = rng.random()
    offered: datetime | None = plan.returned_at + timedelta(hours=rng.randint(4, 30))
    offered_at = offered if offered and offered < ctx.now else None
    completed_at: datetime | None
    outcome = InterviewOutcome.ACCEPTED
    if offered_at is None:
        completed_at = None
    elif due_at > ctx.now:
        finished = offered_at + timedelta(hours=2)
        completed_at = finished if roll < 0.4 and finished < ctx.now else None
    elif roll < 0.88:
        completed_at = min(offered_at + timedelta(hours=rng.randint(1, 30)), due_at)
    elif roll < 0.95 or ctx.now - due_at > timedelta(days=INTERVIEW_OVERDUE_DAYS):
        completed_at = min(due_at + timedelta(hours=rng.randint(2, 240)), ctx.now - timedelta(minutes=10))
    else:
        completed_at, outcome = None, InterviewOutcome.DECLINED
    done = completed_at is not None
    findings = [text.format(**words) for text in FINDINGS] if done else [""] * len(FINDINGS)
    return (
        None,  # episode id, filled in once the episodes have theirs
        plan.child.pk,
        due_at,
        provider,
        offered_at,
        outcome if (done or outcome == InterviewOutcome.DECLINED) else "",
        completed_at,
        "Rhian Hughes (Pathways)" if done else "",
        ctx.user_id("returns") if done else None,
        *findings,
    )


def seed_missing(ctx: ModuleContext) -> None:
    plans = [plan for child in ctx.children for plan in _episodes_of(ctx, child)]
    ids = insert_with_ids(MissingEpisode, EPISODE_COLUMNS, [plan.values for plan in plans])
    _bulk(
        RiskGrading,
        ["episode_id", "grade", "graded_at", "reason"],
        [
            (pk, grade, at, reason)
            for pk, plan in zip(ids, plans, strict=True)
            for grade, at, reason in plan.grades
        ],
    )
    provider = ctx.agency_id("return-interviews")
    interviews: list[Row] = []
    first_interview: dict[int, date] = {}
    for pk, plan in zip(ids, plans, strict=True):
        if plan.returned_at is None:
            continue
        by = provider if plan.child is ctx.jade or ctx.rng.random() < 0.92 else None
        interviews.append((pk, *_interview(ctx, plan, by)[1:]))
        if by is not None:
            day = timezone.localtime(plan.returned_at).date()
            first_interview[plan.child.pk] = min(day, first_interview.get(plan.child.pk, day))
    interview_ids = insert_with_ids(ReturnInterview, INTERVIEW_COLUMNS, interviews)
    declined = [
        (pk, row[INTERVIEW_COLUMNS.index("offered_at")], "Offered at home; declined.", ctx.user_id("returns"))
        for pk, row in zip(interview_ids, interviews, strict=True)
        if row[INTERVIEW_COLUMNS.index("outcome")] == InterviewOutcome.DECLINED
    ]
    _bulk(InterviewAttempt, ["interview_id", "attempted_at", "note", "recorded_by_id"], declined)
    # episode_close involves the provider with the child, so it can offer the interview.
    police = ctx.agency_id("cheshire-police")
    involvements = [
        (person_id, provider, "Return home interview", day, police)
        for person_id, day in first_interview.items()
        if provider not in ctx.involved.get(person_id, set())
    ]
    _bulk(Involvement, ["person_id", "agency_id", "role", "start", "source_agency_id"], involvements)
    ctx.counts["missing episodes"] = len(ids)
    ctx.counts["return interviews"] = len(interview_ids)


# ---------------------------------------------------------------------------------------------
# Contexts and the children linked to them
# ---------------------------------------------------------------------------------------------

TOWN_POINTS = {  # town centre (latitude, longitude)
    "Crewe": (53.0979, -2.4416),
    "Macclesfield": (53.2587, -2.1270),
    "Congleton": (53.1631, -2.2133),
    "Nantwich": (53.0673, -2.5218),
    "Wilmslow": (53.3280, -2.2300),
    "Sandbach": (53.1447, -2.3626),
    "Chester": (53.1934, -2.8931),
    "Ellesmere Port": (53.2786, -2.9012),
    "Northwich": (53.2587, -2.5180),
    "Winsford": (53.1910, -2.5240),
    "Frodsham": (53.2950, -2.7250),
    "Runcorn": (53.3417, -2.7313),
    "Widnes": (53.3620, -2.7340),
    "Warrington": (53.3900, -2.5970),
    "Great Sankey": (53.3920, -2.6450),
    "Birchwood": (53.4120, -2.5260),
    "Lymm": (53.3810, -2.4760),
}
LOCATION_WEIGHTS = {
    LocationType.PARK: 20,
    LocationType.SHOP: 15,
    LocationType.TAKEAWAY: 15,
    LocationType.TRANSPORT_HUB: 10,
    LocationType.HOTEL: 8,
    LocationType.HOUSE: 17,
    LocationType.CUCKOOED_HOME: 10,
    LocationType.OTHER: 5,
}
LOCATION_NAMES = {
    LocationType.PARK: "{street} park",
    LocationType.SHOP: "Convenience store, {number} {street}",
    LocationType.TAKEAWAY: "Takeaway, {number} {street}",
    LocationType.TRANSPORT_HUB: "Bus stops, {street}",
    LocationType.HOTEL: "Hotel on {street}",
    LocationType.HOUSE: "{number} {street}",
    LocationType.CUCKOOED_HOME: "Flat {flat}, {number} {street}",
    LocationType.OTHER: "Car park behind {street}",
}
PLATFORMS = ("Snapchat", "Instagram", "TikTok", "WhatsApp", "Telegram", "Discord")
KIND_WEIGHTS = {
    ContextKind.LOCATION: 50,
    ContextKind.PEER_GROUP: 20,
    ContextKind.EDUCATION_SETTING: 12,
    ContextKind.ONLINE_SPACE: 18,
}
RELATIONSHIPS: dict[str, dict[str, int]] = {
    ContextKind.LOCATION: {
        LinkRelationship.FREQUENTS: 55,
        LinkRelationship.FOUND_AT: 25,
        LinkRelationship.EXPLOITED_AT: 20,
    },
    ContextKind.PEER_GROUP: {LinkRelationship.MEMBER_OF: 100},
    ContextKind.EDUCATION_SETTING: {LinkRelationship.ATTENDS: 100},
    ContextKind.ONLINE_SPACE: {LinkRelationship.MEMBER_OF: 70, LinkRelationship.EXPLOITED_AT: 30},
}
SOURCES = {
    LinkSource.CONCERN: 30,
    LinkSource.MISSING_EPISODE: 25,
    LinkSource.RETURN_INTERVIEW: 20,
    LinkSource.INTELLIGENCE: 15,
    LinkSource.MEETING: 10,
}
CONTEXT_COLUMNS = [
    "kind",
    "name",
    "description",
    "area_id",
    "location_type",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "education_setting_type",
    "urn",
    "platform",
    "online_account",
    "raised_by_agency_id",
]


def _context(ctx: ModuleContext, spec: Any, serial: int, kind: str) -> Row:
    rng = ctx.rng
    area_id = ctx.areas[spec.code].pk
    town = rng.choice(spec.towns)
    street = rng.choice(STREETS)
    raised_by = ctx.agency_id(rng.choice((f"{spec.short}-csc", "cheshire-police", f"{spec.short}-youth")))
    blank = ("", "", "", None, None, "", "", "", "")
    if kind == ContextKind.LOCATION:
        location_type = _pick(rng, LOCATION_WEIGHTS)
        number = rng.randint(1, 180)
        name = LOCATION_NAMES[location_type].format(street=street, number=number, flat=rng.randint(1, 12))
        latitude, longitude = TOWN_POINTS[town]
        postcode = f"{rng.choice(spec.postcodes)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXY')}{rng.choice('ABDEFGHJLNPQRSTUWXY')}"
        point = (
            location_type,
            f"{number} {street}, {town}",
            postcode,
            Decimal(f"{latitude + rng.uniform(-0.012, 0.012):.6f}"),
            Decimal(f"{longitude + rng.uniform(-0.02, 0.02):.6f}"),
            "",
            "",
            "",
            "",
        )
        return (
            kind,
            f"{name}, {town}",
            "Children are being exploited here: adults meet them, give them drugs and alcohol and "
            "move them on to other places.",
            area_id,
            *point,
            raised_by,
        )
    if kind == ContextKind.PEER_GROUP:
        return (
            kind,
            f"{street} group, {town} ({serial})",
            "A group of children who spend time together and are being targeted by older males.",
            area_id,
            *blank,
            raised_by,
        )
    if kind == ContextKind.EDUCATION_SETTING:
        setting = _pick(
            rng,
            {
                EducationSettingType.SCHOOL: 60,
                EducationSettingType.PRU: 15,
                EducationSettingType.ALTERNATIVE_PROVISION: 15,
                EducationSettingType.COLLEGE: 10,
            },
        )
        label = {
            EducationSettingType.SCHOOL: f"{town} {street.split()[0]} School",
            EducationSettingType.PRU: f"{town} Learning Centre",
            EducationSettingType.ALTERNATIVE_PROVISION: f"{street.split()[0]} Alternative Provision, {town}",
            EducationSettingType.COLLEGE: f"{town} College",
        }[setting]
        return (
            kind,
            f"{label} ({serial})",
            "Pupils are being approached at the gates after school by older young people.",
            area_id,
            "",
            f"{street}, {town}",
            "",
            None,
            None,
            setting,
            f"{100000 + serial % 900000:06d}",
            "",
            "",
            raised_by,
        )
    platform = rng.choice(PLATFORMS)
    return (
        kind,
        f"{platform} group: {town} {street.split()[0].lower()} {serial}",
        "An online group where adults share images of children and arrange to meet them.",
        area_id,
        "",
        "",
        "",
        None,
        None,
        "",
        "",
        platform,
        f"{town.lower().replace(' ', '')}_{street.split()[0].lower()}_{serial}",
        raised_by,
    )


def _popularity(rng: random.Random) -> float:
    """A few contexts are hot spots that many children are linked to."""
    return min(40.0, rng.paretovariate(1.6))


def seed_contexts(ctx: ModuleContext) -> None:
    from lantern.demo.services import AREAS

    rng = ctx.rng
    total = max(len(AREAS) * 4, round(len(ctx.children) * CONTEXTS_PER_CHILD))
    weight_sum = sum(spec.weight for spec in AREAS)
    rows: list[Row] = []
    kinds: list[str] = []
    areas: list[int] = []
    for spec in AREAS:
        count = max(4, round(total * spec.weight / weight_sum))
        for index in range(count):
            kind = list(KIND_WEIGHTS)[index] if index < len(KIND_WEIGHTS) else _pick(rng, KIND_WEIGHTS)
            rows.append(_context(ctx, spec, len(rows) + 1, kind))
            kinds.append(kind)
            areas.append(ctx.areas[spec.code].pk)
    ids = insert_with_ids(Context, CONTEXT_COLUMNS, rows)
    ctx.counts["contexts"] = len(ids)
    popularity = [_popularity(rng) for _ in ids]
    per_area: dict[int, tuple[list[int], list[float]]] = {}
    for pk, area_id, weight in zip(ids, areas, popularity, strict=True):
        members, cumulative = per_area.setdefault(area_id, ([], []))
        members.append(pk)
        cumulative.append((cumulative[-1] if cumulative else 0.0) + weight)
    kind_of = dict(zip(ids, kinds, strict=True))
    _seed_links(ctx, per_area, kind_of)
    hot = sorted(zip(popularity, ids, strict=True), reverse=True)
    _seed_context_work(ctx, [pk for _, pk in hot[: max(2, len(ids) // 40)]])


LINK_COLUMNS = [
    "person_id",
    "context_id",
    "relationship",
    "start",
    "end",
    "source_kind",
    "weighting",
    "recorded_by_agency_id",
]


def _seed_links(
    ctx: ModuleContext, per_area: dict[int, tuple[list[int], list[float]]], kind_of: dict[int, str]
) -> None:
    rng = ctx.rng
    police = ctx.agency_id("cheshire-police")
    rows: list[Row] = []
    for child in ctx.children:
        members, cumulative = per_area[child.area_id]
        wanted = rng.randint(*LINKS_PER_CHILD)
        chosen: set[int] = set()
        for _ in range(4):  # hot spots are drawn more than once; draw again for distinct contexts
            chosen.update(rng.choices(members, cum_weights=cumulative, k=wanted - len(chosen)))
            if len(chosen) >= wanted:
                break
        if child is ctx.jade:
            chosen.add(next(pk for pk in members if kind_of[pk] == ContextKind.LOCATION))
        for context_id in sorted(chosen):
            start = ctx.today - timedelta(days=rng.randint(1, HISTORY_DAYS))
            ended = rng.random() < 0.2
            rows.append(
                (
                    child.pk,
                    context_id,
                    _pick(rng, RELATIONSHIPS[kind_of[context_id]]),
                    start,
                    start + timedelta(days=rng.randint(0, (ctx.today - start).days)) if ended else None,
                    _pick(rng, SOURCES),
                    rng.choice(list(Weighting.values)) if rng.random() < 0.4 else None,
                    police if rng.random() < 0.5 else ctx.agency_id(f"{ctx.area_short(child.area_id)}-csc"),
                )
            )
    ctx.counts["context links"] = _bulk(ContextLink, LINK_COLUMNS, rows)


def _seed_context_work(ctx: ModuleContext, context_ids: list[int]) -> None:
    """Assessments of the busiest contexts; plans, responses and reviews for the riskier ones."""
    rng = ctx.rng
    police = ctx.agency_id("cheshire-police")
    chair = ctx.user_id("chair")
    assessments: list[ContextAssessment] = []
    plans: list[ContextPlan] = []
    for context_id in context_ids:
        assessed_on = ctx.today - timedelta(days=rng.randint(5, 200))
        level = _pick(rng, {"low": 20, "medium": 45, "high": 35})
        assessments.append(
            ContextAssessment(
                context_id=context_id,
                assessed_on=assessed_on,
                who_is_there="Children aged 13 to 16 after school; adult males arrive in cars from about 6pm.",
                harm="Children are given drugs and alcohol and are being criminally and sexually exploited.",
                guardians="Shop staff, the park warden and the neighbourhood policing team.",
                protective="A youth club nearby that children trust; good lighting on the main road.",
                young_peoples_views="Young people say they feel unsafe after dark and want somewhere else to go.",
                risk_level=level,
                next_review_due=assessed_on + timedelta(days=90),
                agency_id=police,
                assessed_by_id=chair,
            )
        )
        if level != "low":
            plans.append(
                ContextPlan(
                    context_id=context_id,
                    goals="Make the place safer for children and disrupt the adults who exploit them.",
                    measures_of_change="Fewer children found here during missing episodes; no reports of adults meeting children.",
                    review_due=ctx.today + timedelta(days=rng.randint(-20, 60)),
                    agency_id=police,
                    created_by_id=chair,
                )
            )
    ContextAssessment.objects.bulk_create(assessments)
    ContextPlan.objects.bulk_create(plans)
    responses: list[ContextResponse] = []
    reviews: list[ContextPlanReview] = []
    for plan in plans:
        for response_type in rng.sample(list(ResponseType.values), k=2):
            status = _pick(
                rng, {ResponseStatus.PLANNED: 3, ResponseStatus.IN_PROGRESS: 4, ResponseStatus.DONE: 3}
            )
            responses.append(
                ContextResponse(
                    plan=plan,
                    response_type=response_type,
                    description="Agreed at the context conference; the owner reports back at the review.",
                    owner_agency_id=police,
                    due_on=ctx.today + timedelta(days=rng.randint(-10, 45)),
                    status=status,
                    completed_on=ctx.today - timedelta(days=rng.randint(1, 20))
                    if status == ResponseStatus.DONE
                    else None,
                )
            )
        if rng.random() < 0.5:
            reviewed_on = ctx.today - timedelta(days=rng.randint(1, 30))
            reviews.append(
                ContextPlanReview(
                    plan=plan,
                    reviewed_on=reviewed_on,
                    progress="Detached youth workers visit twice a week; fewer children reported there.",
                    next_review_due=reviewed_on + timedelta(days=60),
                    reviewed_by_id=chair,
                )
            )
    ContextResponse.objects.bulk_create(responses)
    ContextPlanReview.objects.bulk_create(reviews)
    ctx.counts["context assessments"] = len(assessments)
    ctx.counts["context plans"] = len(plans)


# ---------------------------------------------------------------------------------------------
# Everything, in order
# ---------------------------------------------------------------------------------------------


def seed_casework(
    ctx: ModuleContext, *, actor: User | None, say: Log, timings: dict[str, float]
) -> dict[str, int]:
    """Seed every module, each step in its own transaction; returns the row counts."""
    steps: list[tuple[str, Callable[[], Any]]] = []
    results: dict[str, Any] = {}
    steps.append(("concerns", lambda: results.setdefault("concerns", seed_concerns(ctx))))
    steps.append(
        (
            "screenings",
            lambda: results.setdefault("screenings", seed_screenings(ctx, results["concerns"], actor)),
        )
    )
    steps.append(("referrals", lambda: seed_referrals(ctx, results["screenings"], results["concerns"])))
    steps.append(("missing episodes", lambda: seed_missing(ctx)))
    steps.append(("contexts", lambda: seed_contexts(ctx)))
    steps += partnership_work_steps(ctx, PARTNERSHIP_WORK)
    run_steps(steps, say=say, timings=timings)
    return ctx.counts


PARTNERSHIP_WORK = ("intelligence", "meetings", "prevent")


def partnership_work_steps(ctx: ModuleContext, modules: Sequence[str]) -> list[tuple[str, Callable[[], Any]]]:
    """The seed steps of the intelligence, meetings and Prevent modules (the staff they need first)."""
    from lantern.demo import more_modules

    steps: list[tuple[str, Callable[[], Any]]] = [("workforce", lambda: more_modules.seed_workforce(ctx))]
    if "intelligence" in modules:
        steps.append(("intelligence", lambda: more_modules.seed_intelligence(ctx)))
    if "meetings" in modules:
        steps.append(("meetings", lambda: more_modules.seed_meetings(ctx)))
        steps.append(("transition plans", lambda: more_modules.seed_transitions(ctx)))
    if "prevent" in modules:
        steps.append(("prevent", lambda: more_modules.seed_prevent(ctx)))
    return steps


def run_steps(steps: Sequence[tuple[str, Callable[[], Any]]], *, say: Log, timings: dict[str, float]) -> None:
    """Each step in its own transaction, timed."""
    import time as clock

    for label, step in steps:
        started = clock.perf_counter()
        with transaction.atomic():
            step()
        timings[label] = clock.perf_counter() - started
        say(f"  {label}: done in {timings[label]:.1f}s")


def demo_now(today: date, given: bool) -> datetime:
    """The seed's clock: the real time for a live demo, noon on ``today`` for a fixed test date."""
    if not given:
        return timezone.now()
    return datetime.combine(today, time(12), tzinfo=UTC)
