"""Synthetic partnership work for the demo: the workforce, intelligence and Pursue (reports with
their grading and subjects, disruption activities, NRM referrals), multi-agency meetings (agenda
items and actions, open, done and overdue), transition plans for young people of 17 and over,
and Prevent (worries from the public with their outcomes, school awareness activities, training
sessions and who attended them).

Volumes are proportional to the number of children (at 100,000 children: about 12,000
intelligence reports, 4,000 disruptions, 1,000 NRM referrals, 15,000 agenda items with 30,000
actions, 2,000 staff). Rows are written with ``bulk_insert`` (COPY on PostgreSQL) and follow the
rules the services enforce: an adult must consent to an NRM referral, an action's owner works for
the owning agency, a transition plan is for a young person of 17 or over, a person attends a
training session once, and a record imported from another system carries its whole source pair.
The wording follows DESIGN.md §6.8: the child is always the victim.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Max

from lantern.accounts.models import User
from lantern.accounts.roles import Role
from lantern.concerns.models import Concern, ConcernStatus, TriageDecision
from lantern.contexts.models import Context
from lantern.demo.modules import (
    CATEGORY_FOR,
    CONCERN_COLUMNS,
    HISTORY_DAYS,
    REFERRAL_COLUMNS,
    Child,
    ModuleContext,
    Row,
    _bulk,
    _moment,
    _pick,
    insert_with_ids,
)
from lantern.demo.names import FEMALE_GIVEN, MALE_GIVEN, STREETS, family_names
from lantern.intelligence.models import (
    Disruption,
    DisruptionType,
    Handling,
    IntelligenceReport,
    NrmDecision,
    NrmReferral,
    PersonOfConcern,
    PersonRole,
    ReceivedVia,
    ReportStatus,
    ReportSubject,
    SourceGrade,
    SubjectKind,
)
from lantern.intelligence.services import ADULT_AGE, YOUNG_ADULT_MAX_AGE
from lantern.meetings.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Consent,
    ItemKind,
    Meeting,
    MeetingStatus,
    MeetingType,
    TransitionPlan,
    TransitionStatus,
)
from lantern.meetings.plans_selectors import TRANSITION_FROM_AGE
from lantern.partnership.models import AgencyType
from lantern.people.models import Involvement, Relationship, RelationshipKind
from lantern.people.selectors import age_on
from lantern.prevent.learning import add_months
from lantern.prevent.models import (
    ActivityAudience,
    AwarenessActivity,
    Course,
    PublicWorry,
    TrainingSession,
    WorryOutcome,
    WorryRelationship,
    WorryStatus,
)
from lantern.prevent.models import Attendance as TrainingAttendance
from lantern.referrals.models import Referral, ReferralDecision

STAFF_PER_CHILD = 0.02  # 2,000 staff in the partner agencies for 100,000 children
REPORTS_PER_CHILD = 0.12
PUBLIC_REPORT_SHARE = 0.15
DISRUPTIONS_PER_CHILD = 0.04
IMPORTED_DISRUPTION_SHARE = 0.3  # loaded from the police records system, with their source pair
NRM_PER_CHILD = 0.01
ITEMS_PER_CHILD = 0.15
ITEMS_PER_MEETING = 15
TRANSITION_PLAN_SHARE = 0.45  # of the young people of 17 or over with an open risk assessment
WORRIES_PER_CHILD = 0.01
TRAINED_SHARE = 0.85  # of the staff, for each course
RECENT_DAYS = 30  # the figures are of the month to the as-at date: some of everything is recent


# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------


def _day_in_history(ctx: ModuleContext, index: int, *, days: int = HISTORY_DAYS) -> date:
    """A day in the last ``days`` days; the first few of a kind fall in the last month."""
    if index < 5:
        return ctx.today - timedelta(days=ctx.rng.randint(1, RECENT_DAYS - 2))
    return ctx.today - timedelta(days=ctx.rng.randint(1, days))


def _capped(ctx: ModuleContext, moment: datetime) -> datetime:
    """Nothing is recorded after the seed's clock."""
    return min(moment, ctx.now - timedelta(minutes=ctx.rng.randint(5, 120)))


def _later(ctx: ModuleContext, start: datetime, delay: timedelta) -> datetime:
    """``delay`` after ``start``, but not after the seed's clock (nor before ``start``)."""
    return max(start, _capped(ctx, start + delay))


def _age(child: Child, day: date) -> int:
    return age_on(child.born, day) or 0


def _users_by_agency(ctx: ModuleContext) -> dict[int, list[int]]:
    by_agency: dict[int, list[int]] = {}
    for user_id, agency_id in (
        User.objects.filter(is_active=True, agency__isnull=False)
        .order_by("pk")
        .values_list("pk", "agency_id")
    ):
        by_agency.setdefault(agency_id, []).append(user_id)
    return by_agency


def _children_by_area(ctx: ModuleContext) -> dict[int, list[Child]]:
    by_area: dict[int, list[Child]] = {}
    for child in ctx.children:
        by_area.setdefault(child.area_id, []).append(child)
    return by_area


# ---------------------------------------------------------------------------------------------
# The workforce
# ---------------------------------------------------------------------------------------------

STAFF_TITLES: dict[str, str] = {
    AgencyType.CHILDRENS_SOCIAL_CARE: "Social worker",
    AgencyType.POLICE: "Police constable",
    AgencyType.EDUCATION: "Teacher",
    AgencyType.HEALTH: "School nurse",
    AgencyType.YOUTH_JUSTICE: "Youth justice worker",
    AgencyType.VOLUNTARY: "Youth worker",
    AgencyType.HOUSING: "Housing officer",
}
USER_COLUMNS = [
    "username",
    "password",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "agency_id",
    "role",
    "job_title",
    "date_joined",
]


def seed_workforce(ctx: ModuleContext) -> None:
    """Staff in every partner agency, so training, meetings and school activities have people.
    They have no usable password: only the demo accounts sign in."""
    rng = ctx.rng
    agencies = sorted(ctx.agencies.values(), key=lambda agency: agency.code)
    total = max(len(agencies), round(len(ctx.children) * STAFF_PER_CHILD))
    surnames = family_names()
    taken = set(User.objects.filter(username__startswith="staff.").values_list("username", flat=True))
    rows: list[Row] = []
    for index in range(total):
        agency = agencies[index % len(agencies)]
        username = f"staff.{agency.code}.{index // len(agencies) + 1}"
        if username in taken:
            continue
        chair = agency.code.endswith("-csc") and username.endswith(".1")  # each area's MACE chair
        given = rng.choice(MALE_GIVEN if rng.random() < 0.5 else FEMALE_GIVEN)
        family = rng.choice(surnames)
        rows.append(
            (
                username,
                "!",  # an unusable password (django.contrib.auth.hashers.UNUSABLE_PASSWORD_PREFIX)
                given,
                family,
                f"{username}@{agency.code}.example.org",
                True,
                agency.pk,
                Role.MEETING_CHAIR if chair else Role.PRACTITIONER,
                "MACE chair" if chair else STAFF_TITLES.get(agency.agency_type, "Practitioner"),
                _moment(ctx.today - timedelta(days=rng.randint(HISTORY_DAYS, HISTORY_DAYS * 4)), 9),
            )
        )
    ctx.counts["staff"] = _bulk(User, USER_COLUMNS, rows)


# ---------------------------------------------------------------------------------------------
# Intelligence reports, disruption activities and NRM referrals
# ---------------------------------------------------------------------------------------------

REPORT_TEXT = (
    "{name} has been seen getting into a silver car with two adult males outside the chip shop on "
    "{street} most evenings this month. {name} looked frightened and had a new phone.",
    "An adult known as a dealer has been giving {name} cannabis and asking {name} to carry "
    "packages to a flat on {street}. We believe {name} is being criminally exploited.",
    "{name} was seen with older men at the bus stops on {street} late at night; one of them "
    "took {name}'s phone and made a call. {name} may be being groomed.",
    "A taxi driver has been picking {name} up from {street} after school and taking {name} out of "
    "the area. {name} may have been trafficked.",
)
PUBLIC_TEXT = (
    "Children in school uniform are going in and out of the flat above the shop on {street} "
    "with adults who do not live there. I am worried they are being exploited.",
    "Cars pull up on {street} every night and young people are handed small packages. "
    "The children look scared.",
)
SANITISED_TEXT = (
    "A child is believed to be being exploited by adults who collect them by car on {street}.",
    "Adults are believed to be using a flat on {street} to exploit children.",
)
SOURCE_DETAILS = "Seen directly by the reporter while on duty; the reporter spoke to the child afterwards."
HANDLING_CONDITIONS = "Share with children's social care and the school's safeguarding lead only."
REPORT_COLUMNS = [
    "received_via",
    "reporter_id",
    "reporter_agency_id",
    "original_text",
    "source_details",
    "occurred_on",
    "status",
    "source_grade",
    "information_grade",
    "handling",
    "handling_conditions",
    "sanitised_text",
    "graded_by_id",
    "graded_at",
    "created_at",
]
SUBJECT_COLUMNS = [
    "report_id",
    "kind",
    "person_id",
    "person_role",
    "description",
    "location_text",
    "postcode",
    "linked_by_id",
]


def _adults_of_children(ctx: ModuleContext) -> dict[int, list[int]]:
    """The adults believed to be exploiting each child (the people seed relates them)."""
    low, high = min(c.pk for c in ctx.children), max(c.pk for c in ctx.children)
    adults: dict[int, list[int]] = {}
    for person_id, other_id in Relationship.objects.filter(
        kind=RelationshipKind.POTENTIALLY_EXPLOITATIVE, person_id__gte=low, person_id__lte=high
    ).values_list("person_id", "other_id"):
        adults.setdefault(person_id, []).append(other_id)
    return adults


def _report_row(ctx: ModuleContext, index: int, child: Child | None, agency_id: int | None) -> Row:
    rng = ctx.rng
    created = _capped(ctx, _moment(_day_in_history(ctx, index), rng.randint(8, 20), rng.choice((0, 30))))
    street = rng.choice(STREETS)
    if child is None:
        text = rng.choice(PUBLIC_TEXT).format(street=street)
    else:
        text = rng.choice(REPORT_TEXT).format(name=child.given_name, street=street)
    graded = (ctx.now - created).days > 5 or rng.random() < 0.3
    graded_at = _later(ctx, created, timedelta(hours=rng.randint(2, 96))) if graded else None
    handling = _pick(rng, {Handling.P: 75, Handling.C: 25}) if graded else ""
    reporter = ctx.user_id("teacher") if agency_id == ctx.agency_id("ce-school-1") else None
    return (
        ReceivedVia.PUBLIC if child is None else ReceivedVia.PRACTITIONER,
        reporter,
        agency_id,
        text,
        "" if child is None else SOURCE_DETAILS,
        created.date() - timedelta(days=rng.randint(0, 3)),
        ReportStatus.GRADED if graded else ReportStatus.UNGRADED,
        _pick(rng, {SourceGrade.RELIABLE: 45, SourceGrade.UNTESTED: 45, SourceGrade.NOT_RELIABLE: 10})
        if graded
        else "",
        _pick(rng, {"A": 15, "B": 35, "C": 35, "D": 12, "E": 3}) if graded else "",
        handling,
        HANDLING_CONDITIONS if handling == Handling.C else "",
        rng.choice(SANITISED_TEXT).format(street=street) if graded else "",
        ctx.user_id("police") if graded else None,
        graded_at,
        created,
    )


def seed_intelligence(ctx: ModuleContext) -> None:
    """Reports from practitioners (about a child, sometimes with an adult of concern) and from the
    public (about a place); most are graded by the exploitation police within a few days."""
    rng = ctx.rng
    total = max(20, round(len(ctx.children) * REPORTS_PER_CHILD))
    adults = _adults_of_children(ctx)
    police_user = ctx.user_id("police")
    reports: list[Row] = []
    about: list[Child | None] = []
    shown = [child for child in ctx.children if child.level in ("medium", "high")] or ctx.children
    for index in range(total):
        public = index >= 2 and rng.random() < PUBLIC_REPORT_SHARE
        child = None if public else (ctx.jade if index == 0 else rng.choice(shown))
        agency_id = None
        if child is not None:
            involved = sorted(ctx.involved.get(child.pk, set())) or [
                ctx.agency_id(f"{ctx.area_short(child.area_id)}-csc")
            ]
            agency_id = rng.choice(involved)
        reports.append(_report_row(ctx, index, child, agency_id))
        about.append(child)
    ids = insert_with_ids(IntelligenceReport, REPORT_COLUMNS, reports)
    subjects: list[Row] = []
    of_concern: set[int] = set()
    for report_id, child, row in zip(ids, about, reports, strict=True):
        linked_by = police_user if row[6] == ReportStatus.GRADED else None
        if child is None:
            subjects.append(
                (
                    report_id,
                    SubjectKind.LOCATION,
                    None,
                    "",
                    "",
                    f"Flat above the shop, {rng.choice(STREETS)}",
                    "",
                    None,
                )
            )
            continue
        subjects.append((report_id, SubjectKind.PERSON, child.pk, PersonRole.CHILD, "", "", "", linked_by))
        known = adults.get(child.pk, [])
        if known and linked_by is not None and rng.random() < 0.4:
            adult = rng.choice(known)
            of_concern.add(adult)
            subjects.append(
                (report_id, SubjectKind.PERSON, adult, PersonRole.ADULT_OF_CONCERN, "", "", "", linked_by)
            )
    _bulk(ReportSubject, SUBJECT_COLUMNS, subjects)
    already = set(
        PersonOfConcern.objects.filter(person_id__in=of_concern).values_list("person_id", flat=True)
    )
    _bulk(
        PersonOfConcern,
        ["person_id", "summary", "recorded_by_id"],
        [
            (pk, "Believed to be exploiting children; named in graded intelligence.", police_user)
            for pk in sorted(of_concern - already)
        ],
    )
    ctx.counts["intelligence reports"] = len(ids)
    ctx.counts["report subjects"] = len(subjects)
    reports_of = {child.pk: pk for pk, child in zip(ids, about, strict=True) if child is not None}
    _seed_disruptions(ctx, adults, reports_of)
    _seed_nrm(ctx)


DISRUPTION_OUTCOMES = (
    "Order granted; the adult may not contact the child or enter the area.",
    "Warning notice served; the adult was told the child is a victim of exploitation.",
    "Premises closed; children found there were taken home safely.",
    "Arrested on suspicion of trafficking; the child was safeguarded and spoken to as a victim.",
    "Hotel staff shared guest details; adults booking rooms with children are being identified.",
)
DISRUPTION_COLUMNS = [
    "disruption_type_id",
    "target_person_id",
    "target_context_id",
    "protected_child_id",
    "happened_on",
    "agency_id",
    "outcome",
    "expires_on",
    "report_id",
    "recorded_by_id",
    "source_agency_id",
    "source_id",
]


def _seed_disruptions(ctx: ModuleContext, adults: dict[int, list[int]], reports_of: dict[int, int]) -> None:
    """Disruptions against the adults who exploit a child or the places children are exploited."""
    rng = ctx.rng
    types = list(DisruptionType.objects.filter(active=True).order_by("position", "pk"))
    if not types:
        ctx.counts["disruptions"] = 0
        return
    contexts: dict[int, list[int]] = {}
    for pk, area_id in Context.objects.order_by("pk").values_list("pk", "area_id"):
        contexts.setdefault(area_id, []).append(pk)
    police = ctx.agency_id("cheshire-police")
    police_user = ctx.user_id("police")
    shown = [child for child in ctx.children if child.level in ("medium", "high")] or ctx.children
    total = max(12, round(len(ctx.children) * DISRUPTIONS_PER_CHILD))
    start = (Disruption.objects.filter(source_agency_id=police).aggregate(top=Max("pk"))["top"] or 0) + 1
    rows: list[Row] = []
    for index in range(total):
        child = ctx.jade if index == 0 else rng.choice(shown)
        kind = types[index % len(types)] if index < len(types) else rng.choice(types)
        happened_on = _day_in_history(ctx, index)
        against = adults.get(child.pk)
        target_person = rng.choice(against) if against and rng.random() < 0.7 else None
        target_context = None if target_person else rng.choice(contexts.get(child.area_id) or [None])
        if target_person is None and target_context is None:
            continue
        expires = (
            happened_on + timedelta(days=kind.default_duration_days)
            if kind.default_duration_days is not None
            else None
        )
        imported = rng.random() < IMPORTED_DISRUPTION_SHARE
        rows.append(
            (
                kind.pk,
                target_person,
                target_context,
                child.pk,
                happened_on,
                police if rng.random() < 0.8 else ctx.agency_id(f"{ctx.area_short(child.area_id)}-csc"),
                rng.choice(DISRUPTION_OUTCOMES),
                expires,
                reports_of.get(child.pk) if rng.random() < 0.5 else None,
                None if imported else police_user,
                police if imported else None,
                f"NICHE-DIS-{start + index:07d}" if imported else "",
            )
        )
    ctx.counts["disruptions"] = _bulk(Disruption, DISRUPTION_COLUMNS, rows)


NRM_KINDS = {"criminal", "county_lines", "trafficking", "sexual"}
NRM_COLUMNS = [
    "person_id",
    "first_responder_agency_id",
    "submitted_at",
    "reasonable_grounds_decision",
    "reasonable_grounds_on",
    "conclusive_grounds_decision",
    "conclusive_grounds_on",
    "guardian_allocated",
    "guardian_allocated_on",
    "consent_given",
    "consent_recorded_on",
    "notes",
    "recorded_by_id",
]


def _nrm_row(ctx: ModuleContext, child: Child, index: int) -> Row | None:
    rng = ctx.rng
    day = _day_in_history(ctx, index)
    age = _age(child, day)
    if age >= YOUNG_ADULT_MAX_AGE or day <= child.born:
        return None
    adult = age >= ADULT_AGE
    submitted = _capped(ctx, _moment(day, rng.randint(9, 16)))
    waited = (ctx.today - day).days
    rg, rg_on = NrmDecision.PENDING, None
    if waited > 3 and rng.random() < (0.99 if waited > 60 else min(0.95, waited / 12)):
        rg = _pick(rng, {NrmDecision.POSITIVE: 88, NrmDecision.NEGATIVE: 12})
        rg_on = min(ctx.today, day + timedelta(days=rng.randint(2, 12)))
    cg, cg_on = NrmDecision.PENDING, None
    if rg == NrmDecision.POSITIVE and waited > 200 and rng.random() < 0.6:
        cg = _pick(rng, {NrmDecision.POSITIVE: 85, NrmDecision.NEGATIVE: 15})
        cg_on = day + timedelta(days=rng.randint(150, min(waited, 500)))
    guardian = not adult and rng.random() < 0.6
    consent = True if adult else (True if rng.random() < 0.5 else None)
    return (
        child.pk,
        ctx.agency_id(rng.choice((f"{ctx.area_short(child.area_id)}-csc", "cheshire-police"))),
        submitted,
        rg,
        rg_on,
        cg,
        cg_on,
        guardian,
        day + timedelta(days=rng.randint(1, 20)) if guardian else None,
        consent,
        day if consent is not None else None,
        "Referred by the first responder after the child disclosed being made to work for others.",
        ctx.user_id("socialworker"),
    )


def _seed_nrm(ctx: ModuleContext) -> None:
    """NRM referrals for children criminally or sexually exploited or trafficked; a young adult
    (18 or over) gave their consent, as the service requires."""
    rng = ctx.rng
    candidates = [child for child in ctx.children if child.exploitation_type in NRM_KINDS] or ctx.children
    total = max(8, round(len(ctx.children) * NRM_PER_CHILD))
    rows = [
        row
        for index in range(total)
        if (row := _nrm_row(ctx, ctx.jade if index == 0 else rng.choice(candidates), index)) is not None
    ]
    ctx.counts["nrm referrals"] = _bulk(NrmReferral, NRM_COLUMNS, rows)


# ---------------------------------------------------------------------------------------------
# Meetings, agenda items and actions; transition plans
# ---------------------------------------------------------------------------------------------

MEETING_COLUMNS = [
    "meeting_type",
    "area_id",
    "scheduled_at",
    "recurrence_weeks",
    "chair_id",
    "status",
    "minutes_approved_at",
    "minutes_approved_by_id",
    "created_by_id",
    "created_at",
]
ITEM_REASONS = {
    ItemKind.REVIEW_DUE: "Risk review due",
    ItemKind.HIGH_RISK_SCREENING: "New screening at high risk",
    ItemKind.HIGH_RISK_REFERRAL: "New referral at high risk",
    ItemKind.REPEAT_MISSING: "Missing three times in the last 90 days",
    ItemKind.ADDED: "Added by the coordinator: new information from the police",
}
ITEM_WEIGHTS = {
    ItemKind.REVIEW_DUE: 40,
    ItemKind.HIGH_RISK_SCREENING: 15,
    ItemKind.HIGH_RISK_REFERRAL: 10,
    ItemKind.REPEAT_MISSING: 20,
    ItemKind.ADDED: 15,
}
ITEM_COLUMNS = ["meeting_id", "position", "kind", "reason", "person_id", "summary", "decisions"]
ACTIONS = (
    "Visit the child at home with a trusted worker and update the safety plan.",
    "Share the vehicle details with the neighbourhood policing team and check ANPR.",
    "Arrange a place at the youth club on Tuesday and Thursday evenings.",
    "Speak to the school about a part-time timetable and a mentor.",
    "Complete the return home interview and share what the child says.",
    "Apply for a child abduction warning notice against the adult.",
    "Refer to the NRM as first responder.",
)
ACTION_COLUMNS = [
    "meeting_id",
    "agenda_item_id",
    "person_id",
    "description",
    "owner_agency_id",
    "owner_id",
    "due_on",
    "status",
    "progress",
    "completed_at",
]


def _meeting_days(ctx: ModuleContext, count: int) -> list[date]:
    """``count`` meeting days spread evenly over the history window, the last two still to come."""
    step = max(1, HISTORY_DAYS // max(1, count - 2))
    first = ctx.today + timedelta(days=14) - timedelta(days=step * (count - 1))
    return [first + timedelta(days=step * index) for index in range(count)]


def seed_meetings(ctx: ModuleContext) -> None:
    """MACE meetings in each area: past ones minuted and approved with actions agreed, the next
    ones scheduled with their agenda proposed."""
    from lantern.demo.services import AREAS

    staff = _users_by_agency(ctx)
    by_area = _children_by_area(ctx)
    items_total = max(len(AREAS) * 6, round(len(ctx.children) * ITEMS_PER_CHILD))
    meetings: list[Row] = []
    meeting_area: list[int] = []
    meeting_days: list[date] = []
    for spec in AREAS:
        area = ctx.areas[spec.code]
        count = max(
            6, round(items_total * len(by_area.get(area.pk, [])) / len(ctx.children) / ITEMS_PER_MEETING)
        )
        csc = ctx.agency_id(f"{spec.short}-csc")
        chair = ctx.user_id("chair") if spec.code == "cheshire-east" else _area_chair(csc, staff)
        for day in _meeting_days(ctx, count):
            at = _moment(day, 10)
            held = day < ctx.today - timedelta(days=3)
            meetings.append(
                (
                    MeetingType.MACE,
                    area.pk,
                    at,
                    2,
                    chair,
                    MeetingStatus.APPROVED if held else MeetingStatus.SCHEDULED,
                    at + timedelta(days=2) if held else None,
                    chair if held else None,
                    chair,
                    min(at - timedelta(days=14), ctx.now),
                )
            )
            meeting_area.append(area.pk)
            meeting_days.append(day)
    ids = insert_with_ids(Meeting, MEETING_COLUMNS, meetings)
    _invite_and_attend(ctx, ids, meetings, staff)
    items, item_meetings = _agenda_items(ctx, ids, meeting_area, meeting_days, by_area)
    item_ids = insert_with_ids(AgendaItem, ITEM_COLUMNS, items)
    ctx.counts["meetings"] = len(ids)
    ctx.counts["agenda items"] = len(item_ids)
    _seed_actions(ctx, item_ids, items, item_meetings, staff)


def _area_chair(csc: int, staff: dict[int, list[int]]) -> int:
    """A meeting chair in the area's children's social care (who coordinates the area's meetings)."""
    chair = (
        User.objects.filter(agency_id=csc, role=Role.MEETING_CHAIR, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return chair if chair is not None else staff[csc][0]


def _invite_and_attend(
    ctx: ModuleContext, ids: list[int], meetings: list[Row], staff: dict[int, list[int]]
) -> None:
    invited: list[Row] = []
    attended: list[Row] = []
    short_of = {ctx.areas[code].pk: ctx.area_short(ctx.areas[code].pk) for code in ctx.areas}
    for pk, row in zip(ids, meetings, strict=True):
        short = short_of[row[1]]
        codes = [f"{short}-csc", "cheshire-police", f"{short}-yjs", f"{short}-school-1", f"{short}-youth"]
        agencies = [ctx.agency_id(code) for code in codes if code in ctx.agencies]
        invited.extend((pk, agency_id) for agency_id in agencies)
        if row[5] != MeetingStatus.APPROVED:
            continue
        present = {row[4]}
        attended.append((pk, row[4], ctx.agency_id(f"{short}-csc"), AttendanceStatus.ATTENDED))
        for agency_id in agencies[1:]:
            people = [user for user in staff.get(agency_id, []) if user not in present]
            if people:
                present.add(people[0])
                status = AttendanceStatus.ATTENDED if ctx.rng.random() < 0.85 else AttendanceStatus.APOLOGIES
                attended.append((pk, people[0], agency_id, status))
    _bulk(Meeting.invited_agencies.through, ["meeting_id", "agency_id"], invited)
    _bulk(Attendance, ["meeting_id", "user_id", "agency_id", "status"], attended)


def _agenda_items(
    ctx: ModuleContext,
    ids: list[int],
    meeting_area: list[int],
    meeting_days: list[date],
    by_area: dict[int, list[Child]],
) -> tuple[list[Row], list[int]]:
    rng = ctx.rng
    items: list[Row] = []
    item_meetings: list[int] = []
    discussed = {
        area_id: [child for child in children if child.level != "low"] or children
        for area_id, children in by_area.items()
    }
    for index, (pk, area_id, day) in enumerate(zip(ids, meeting_area, meeting_days, strict=True)):
        children = discussed.get(area_id, [])
        held = day < ctx.today - timedelta(days=3)
        wanted = min(len(children), rng.randint(ITEMS_PER_MEETING - 5, ITEMS_PER_MEETING + 5))
        chosen = rng.sample(children, k=wanted)
        if ctx.jade.area_id == area_id and ctx.jade not in chosen and (not held or rng.random() < 0.1):
            chosen.insert(0, ctx.jade)  # the demo's memorable child is discussed now and then
        for position, child in enumerate(chosen):
            kind = _pick(rng, ITEM_WEIGHTS)
            items.append(
                (
                    pk,
                    position,
                    kind,
                    ITEM_REASONS[kind],
                    child.pk,
                    f"Agencies shared what they know about {child.given_name}; {child.given_name} is a victim "
                    "of exploitation and their views were shared by the social worker."
                    if held
                    else "",
                    "Keep the safety plan; agencies to complete the actions below." if held else "",
                )
            )
            item_meetings.append(index)
    return items, item_meetings


def _seed_actions(
    ctx: ModuleContext,
    item_ids: list[int],
    items: list[Row],
    item_meetings: list[int],
    staff: dict[int, list[int]],
) -> None:
    """Actions agreed at the minuted meetings: most done, some open, some overdue. The owner, when
    named, works for the owning agency (as the service requires)."""
    rng = ctx.rng
    info = {
        pk: (scheduled, status)
        for pk, scheduled, status in Meeting.objects.filter(pk__in={row[0] for row in items}).values_list(
            "pk", "scheduled_at", "status"
        )
    }
    area_of = {child.pk: child.area_id for child in ctx.children}
    rows: list[Row] = []
    for item_id, item in zip(item_ids, items, strict=True):
        scheduled, status = info[item[0]]
        if status != MeetingStatus.APPROVED:
            continue
        person_id = item[4]
        csc = ctx.agency_id(f"{ctx.area_short(area_of[person_id])}-csc")
        involved = sorted(ctx.involved.get(person_id, set())) or [csc]
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            owner_agency = rng.choice(involved)
            people = staff.get(owner_agency, [])
            owner = rng.choice(people) if people and rng.random() < 0.8 else None
            met = scheduled.date()
            due = met + timedelta(days=rng.randint(7, 42))
            state, progress, completed_at = _action_state(ctx, met, due)
            rows.append(
                (
                    item[0],
                    item_id,
                    person_id,
                    rng.choice(ACTIONS),
                    owner_agency,
                    owner,
                    due,
                    state,
                    progress,
                    completed_at,
                )
            )
    ctx.counts["actions"] = _bulk(Action, ACTION_COLUMNS, rows)


def _action_state(ctx: ModuleContext, met: date, due: date) -> tuple[str, str, datetime | None]:
    rng = ctx.rng
    days_since = (ctx.today - met).days
    # Most actions are done by a month after they fall due; a few stay open, long overdue.
    done_share = 0.97 if due < ctx.today - timedelta(days=30) else 0.6 if due < ctx.today else 0.2
    if rng.random() < done_share and days_since > 1:
        finished = met + timedelta(days=rng.randint(1, max(1, min(days_since - 1, (due - met).days + 20))))
        return (
            ActionStatus.COMPLETED,
            "Done and recorded on the child's file.",
            _capped(ctx, _moment(finished, 16)),
        )
    if rng.random() < 0.5:
        return ActionStatus.IN_PROGRESS, "Started; the owner will report back at the next meeting.", None
    return ActionStatus.OPEN, "", None


RECEIVING_SERVICES = (
    "Adult social care: transitions team",
    "Probation service: young adults",
    "Community mental health team",
    "Leaving care service: personal adviser",
    "Adult safeguarding: modern slavery lead",
)
TRANSITION_COLUMNS = [
    "person_id",
    "receiving_service",
    "consent",
    "target_handover_on",
    "status",
    "notes",
    "created_by_id",
    "created_at",
]


def seed_transitions(ctx: ModuleContext) -> None:
    """Transition plans for young people of 17 or over with an open risk assessment, started after
    their 17th birthday."""
    rng = ctx.rng
    born_by = add_months(ctx.today, -12 * TRANSITION_FROM_AGE)
    already = set(TransitionPlan.objects.values_list("person_id", flat=True))
    rows: list[Row] = []
    for child in ctx.children:
        if not child.at_risk or child.born > born_by or child.pk in already:
            continue
        if child is not ctx.jade and rng.random() >= TRANSITION_PLAN_SHARE:
            continue
        seventeen = add_months(child.born, 12 * TRANSITION_FROM_AGE)
        created_on = seventeen + timedelta(
            days=rng.randint(0, max(0, min(400, (ctx.today - seventeen).days)))
        )
        eighteen = add_months(child.born, 12 * ADULT_AGE)
        age = _age(child, ctx.today)
        status = _pick(
            rng,
            {TransitionStatus.PLANNING: 50, TransitionStatus.REFERRED: 30, TransitionStatus.ACCEPTED: 20}
            if age < ADULT_AGE
            else {
                TransitionStatus.PLANNING: 10,
                TransitionStatus.REFERRED: 20,
                TransitionStatus.ACCEPTED: 30,
                TransitionStatus.HANDED_OVER: 40,
            },
        )
        rows.append(
            (
                child.pk,
                rng.choice(RECEIVING_SERVICES),
                _pick(rng, {Consent.GIVEN: 70, Consent.NOT_ASKED: 20, Consent.REFUSED: 10}),
                max(eighteen, created_on + timedelta(days=90)),
                status,
                f"{child.given_name} wants to keep the same youth worker after turning 18.",
                ctx.user_id("socialworker"),
                _capped(ctx, _moment(created_on, 11)),
            )
        )
    ctx.counts["transition plans"] = _bulk(TransitionPlan, TRANSITION_COLUMNS, rows)


# ---------------------------------------------------------------------------------------------
# Prevent: worries from the public, school awareness activities, training
# ---------------------------------------------------------------------------------------------

WORRY_TEXT = (
    "I keep seeing {name} with much older lads in a car late at night. {name} looks scared and "
    "has new clothes nobody bought for them.",
    "{name} told my daughter an adult online is asking for pictures and threatening to share them.",
    "{name} has been going missing for days and comes back with money. I think someone is using {name}.",
)
WORRY_COLUMNS = [
    "area_id",
    "child_name",
    "child_age",
    "where",
    "what_worries",
    "relationship",
    "status",
    "outcome",
    "triaged_by_id",
    "triaged_at",
    "triage_notes",
    "person_id",
    "concern_id",
    "referral_id",
    "created_at",
]
OUTCOME_WEIGHTS = {
    WorryOutcome.NO_FURTHER_ACTION: 45,
    WorryOutcome.CONCERN_CREATED: 35,
    WorryOutcome.REFERRED: 20,
}
TRIAGE_NOTES = {
    WorryOutcome.NO_FURTHER_ACTION: "Already known to the allocated social worker; information added to the file.",
    WorryOutcome.CONCERN_CREATED: "Concern recorded so agencies involved can act on it.",
    WorryOutcome.REFERRED: "Referred to the front door: the child may be being exploited.",
}


def seed_prevent(ctx: ModuleContext) -> None:
    _seed_worries(ctx)
    _seed_awareness(ctx)
    _seed_training(ctx)


def _seed_worries(ctx: ModuleContext) -> None:
    """Worries sent through the public form; the front door triages them within a few days and,
    where the child is identified, records a concern (and for some a referral)."""
    rng = ctx.rng
    total = max(8, round(len(ctx.children) * WORRIES_PER_CHILD))
    worries: list[dict[str, Any]] = []
    for index in range(total):
        created = _capped(ctx, _moment(_day_in_history(ctx, index), rng.randint(7, 22), rng.choice((5, 35))))
        triaged = index < len(OUTCOME_WEIGHTS) or (ctx.now - created).days > 2 or rng.random() < 0.4
        outcome: str = ""
        if index < len(OUTCOME_WEIGHTS):  # every outcome at least once, even in a small demo
            outcome = list(OUTCOME_WEIGHTS)[index]
        else:
            outcome = _pick(rng, OUTCOME_WEIGHTS) if triaged else ""
        worries.append(
            {
                "child": rng.choice(ctx.children),
                "created": created,
                "outcome": outcome,
                "triaged_at": _later(ctx, created, timedelta(hours=rng.randint(2, 70))) if triaged else None,
            }
        )
    concerns = _worry_concerns(
        ctx, [w for w in worries if w["outcome"] in {WorryOutcome.CONCERN_CREATED, WorryOutcome.REFERRED}]
    )
    rows: list[Row] = []
    for worry in worries:
        child: Child = worry["child"]
        outcome = worry["outcome"]
        concern_id, referral_id = concerns.get(id(worry), (None, None))
        rows.append(
            (
                child.area_id,
                child.given_name,
                str(_age(child, worry["created"].date())),
                f"Near the shops on {rng.choice(STREETS)}",
                rng.choice(WORRY_TEXT).format(name=child.given_name),
                _pick(rng, {key: 1 for key in WorryRelationship.values}),
                WorryStatus.TRIAGED if outcome else WorryStatus.NEW,
                outcome,
                ctx.user_id("frontdoor") if outcome else None,
                worry["triaged_at"],
                TRIAGE_NOTES[WorryOutcome(outcome)] if outcome else "",
                child.pk if concern_id else None,
                concern_id,
                referral_id,
                worry["created"],
            )
        )
    ctx.counts["public worries"] = _bulk(PublicWorry, WORRY_COLUMNS, rows)


def _worry_concerns(
    ctx: ModuleContext, worries: Sequence[dict[str, Any]]
) -> dict[int, tuple[int, int | None]]:
    """The concern (and referral) a triaged worry led to, recorded by the area's front door."""
    rng = ctx.rng
    rows: list[Row] = []
    for worry in worries:
        child: Child = worry["child"]
        csc = ctx.agency_id(f"{ctx.area_short(child.area_id)}-csc")
        category = CATEGORY_FOR.get(child.exploitation_type, "other")
        rows.append(
            (
                child.pk,
                ctx.user_id("frontdoor"),
                csc,
                worry["created"].date(),
                None,
                json.dumps([category]),
                f"Raised by a member of the public: {child.given_name} may be being exploited.",
                "",
                TRIAGE_NOTES[worry["outcome"]],
                False,
                ConcernStatus.TRIAGED,
                TriageDecision.REFER if worry["outcome"] == WorryOutcome.REFERRED else TriageDecision.MONITOR,
                ctx.user_id("frontdoor"),
                worry["triaged_at"],
                TRIAGE_NOTES[worry["outcome"]],
            )
        )
    concern_ids = insert_with_ids(Concern, CONCERN_COLUMNS, rows)
    _involve_front_doors(ctx, worries)
    referrals: list[Row] = []
    referred: list[int] = []
    start = Referral.objects.count() + 1
    for concern_id, worry in zip(concern_ids, worries, strict=True):
        if worry["outcome"] != WorryOutcome.REFERRED:
            continue
        child = worry["child"]
        received = worry["triaged_at"]
        decided = _later(ctx, received, timedelta(hours=rng.randint(4, 48)))
        referrals.append(
            (
                child.pk,
                child.area_id,
                ctx.agency_id(f"{ctx.area_short(child.area_id)}-csc"),
                ctx.user_id("frontdoor"),
                None,
                concern_id,
                TRIAGE_NOTES[WorryOutcome.REFERRED],
                False,
                False,
                "Raised by a member of the public through the public form",
                received,
                _pick(
                    rng,
                    {
                        ReferralDecision.ASSESSMENT_S17: 50,
                        ReferralDecision.EARLY_HELP: 30,
                        ReferralDecision.ALREADY_OPEN: 20,
                    },
                ),
                decided,
                ctx.user_id("frontdoor"),
                "Decision recorded by the front door.",
                f"public-worry-demo-{start + len(referrals):07d}",
            )
        )
        referred.append(concern_id)
    referral_ids = insert_with_ids(Referral, REFERRAL_COLUMNS, referrals)
    referral_of = dict(zip(referred, referral_ids, strict=True))
    ctx.counts["worry concerns"] = len(concern_ids)
    return {
        id(worry): (concern_id, referral_of.get(concern_id))
        for concern_id, worry in zip(concern_ids, worries, strict=True)
    }


def _involve_front_doors(ctx: ModuleContext, worries: Sequence[dict[str, Any]]) -> None:
    """The front door that records a concern from a worry becomes involved with the child, as
    the people service does when it triages one."""
    rows: list[Row] = []
    for worry in worries:
        child: Child = worry["child"]
        csc = ctx.agency_id(f"{ctx.area_short(child.area_id)}-csc")
        if csc in ctx.involved.get(child.pk, set()):
            continue
        ctx.involved.setdefault(child.pk, set()).add(csc)
        rows.append((child.pk, csc, "Front door: worry from the public", worry["created"].date()))
    _bulk(Involvement, ["person_id", "agency_id", "role", "start"], rows)


ACTIVITIES = (
    ("Assembly on county lines and how to get help", ActivityAudience.PUPILS, (120, 400)),
    ("Online safety workshop: sextortion and who to tell", ActivityAudience.PUPILS, (25, 90)),
    ("Parents' evening talk on spotting exploitation", ActivityAudience.PARENTS, (15, 80)),
    ("Staff briefing on the screening tool and language", ActivityAudience.STAFF, (10, 60)),
    ("Community drop-in with the neighbourhood police team", ActivityAudience.COMMUNITY, (10, 50)),
)


def _seed_awareness(ctx: ModuleContext) -> None:
    """About one awareness activity a month in each school and pupil referral unit, recorded by
    a member of its staff."""
    rng = ctx.rng
    staff = _users_by_agency(ctx)
    schools = sorted(
        (agency for agency in ctx.agencies.values() if agency.agency_type == AgencyType.EDUCATION),
        key=lambda agency: agency.code,
    )
    rows: list[Row] = []
    for school in schools:
        people = [ctx.user_id("teacher")] if school.code == "ce-school-1" else staff.get(school.pk, [])
        if not people or people[0] is None:
            continue
        for month in range(HISTORY_DAYS // 30):
            if month > 0 and rng.random() < 0.2:
                continue
            name, audience, (low, high) = rng.choice(ACTIVITIES)
            rows.append(
                (
                    school.pk,
                    ctx.today - timedelta(days=month * 30 + rng.randint(1, 25)),
                    name,
                    audience,
                    rng.randint(low, high),
                    rng.choice(people),
                )
            )
    ctx.counts["awareness activities"] = _bulk(
        AwarenessActivity,
        ["agency_id", "held_on", "activity", "audience", "number_reached", "recorded_by_id"],
        rows,
    )


def _seed_training(ctx: ModuleContext) -> None:
    """Sessions of every active course through the history window; most staff attended each
    course once, most of them recently enough to be in date. One attendance per person and session."""
    rng = ctx.rng
    courses = list(Course.objects.filter(active=True).order_by("pk"))
    people = list(
        User.objects.filter(is_active=True, agency__isnull=False)
        .order_by("pk")
        .values_list("pk", "agency_id")
    )
    if not courses or not people:
        ctx.counts["training sessions"] = 0
        return
    per_course = max(12, len(people) // 30)
    sessions: list[Row] = []
    for course in courses:
        for index in range(per_course):
            held = ctx.today - timedelta(days=HISTORY_DAYS * (index + 1) // (per_course + 1))
            sessions.append((course.pk, held, "Partnership training team", "Online"))
    session_ids = insert_with_ids(TrainingSession, ["course_id", "held_on", "trainer", "place"], sessions)
    by_course: dict[int, list[tuple[int, date]]] = {}
    for pk, row in zip(session_ids, sessions, strict=True):
        by_course.setdefault(row[0], []).append((pk, row[1]))
    admin = ctx.user_id("admin")
    rows: list[Row] = []
    for user_id, agency_id in people:
        for course in courses:
            if rng.random() >= TRAINED_SHARE:
                continue
            options = by_course[course.pk]
            recent = [
                pk
                for pk, held in options
                if course.refresher_months is None or add_months(held, course.refresher_months) >= ctx.today
            ]
            pool = recent if recent and rng.random() < 0.85 else [pk for pk, _ in options]
            rows.append((rng.choice(pool), user_id, agency_id, admin))
    ctx.counts["training sessions"] = len(session_ids)
    ctx.counts["training attendance"] = _bulk(
        TrainingAttendance, ["session_id", "user_id", "agency_id", "recorded_by_id"], rows
    )
