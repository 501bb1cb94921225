"""The monthly trends, read once for the whole window, give the same numbers as working out each
month's figures on their own (the way they were computed before)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lantern.concerns.models import Concern
from lantern.contexts.tests.factories import make_context, make_link
from lantern.core.testing import make_person
from lantern.intelligence.models import (
    Disruption,
    DisruptionType,
    IntelligenceReport,
    NrmReferral,
    ReportSubject,
)
from lantern.meetings.models import Action, Meeting, TransitionPlan
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.people.models import EducationStatus, YouthJusticeStatus
from lantern.prevent.models import PublicWorry
from lantern.profile.figures import HEADLINES, figures, trends
from lantern.profile.selectors import TOTAL, population_on
from lantern.profile.tests.factories import assess
from lantern.referrals.tests.factories import make_referral, make_screening
from lantern.risk.scale import add_months

START = date(2020, 1, 1)


def recomputed_trends(as_at: date, months: int, exploitation_type: str | None = None) -> list[dict[str, Any]]:
    """The former way: every figure family worked out again for each month's date."""
    points = []
    for back in range(months - 1, -1, -1):
        day = add_months(as_at, -back)
        report = figures(as_at=day, exploitation_type=exploitation_type)
        point: dict[str, Any] = {
            "as_at": day.isoformat(),
            "population": population_on(day, exploitation_type).count(),
        }
        for name, (family, keys) in HEADLINES.items():
            values = [row["counts"][TOTAL] for row in report["figures"][family] if row["key"] in keys]
            point[name] = (values[0] if values else None) if keys[0].startswith("percent") else sum(values)
        points.append(point)
    return points


def moment(rng: random.Random, spread: int = 600) -> datetime:
    day = START + timedelta(days=rng.randrange(spread))
    return timezone.make_aware(datetime(day.year, day.month, day.day, rng.choice([0, 9, 17, 23]), 30))


def maybe_end(rng: random.Random, start: date) -> date | None:
    return start + timedelta(days=rng.randrange(1, 300)) if rng.random() < 0.5 else None


def build_history(world: Any) -> None:
    rng = random.Random(8)
    extra = random.Random(80)  # the later sources draw from their own generator: the first's data stay
    agencies = [world.police, world.yjs_a, world.school_a, world.health_a, world.csc_a]
    referrers = [world.police_officer, world.yjs_worker, world.teacher, world.nurse]
    contexts = [
        make_context(area=rng.choice([world.area_a, world.area_b]), name=f"Place {n}") for n in range(4)
    ]
    kinds = [
        DisruptionType.objects.get_or_create(code=code, defaults={"label": code})[0]
        for code in ("cawn", "visit")
    ]
    meetings = [
        Meeting.objects.create(
            meeting_type="mace", area=area, scheduled_at=moment(extra), chair=world.meeting_chair
        )
        for area in (world.area_a, world.area_b, world.area_a)
    ]
    for n in range(40):
        person = make_person(
            area=rng.choice([world.area_a, world.area_b, None]),
            family_name=f"Trend{n}",
            date_of_birth=date(2002 + extra.randrange(3), extra.randrange(1, 13), extra.randrange(1, 29)),
        )
        for _ in range(rng.randrange(3)):
            assessed = moment(rng).date()
            assess(
                person,
                assessed,
                closed_on=maybe_end(rng, assessed),
                exploitation_type=extra.choice(["criminal", "sexual"]),
            )
        build_pursue_and_protect(world, extra, person, kinds, meetings)
        if rng.random() < 0.6:
            Concern.objects.create(
                person=person,
                agency=rng.choice(agencies),
                happened_on=moment(rng).date(),
                what_happened="Seen with older men.",
            )
        for _ in range(rng.randrange(3)):
            completed = moment(rng)
            screening = make_screening(person, agency=rng.choice(agencies), completed_at=completed)
            type(screening).objects.filter(pk=screening.pk).update(
                created_at=completed - timedelta(days=rng.randrange(6))
            )
        for _ in range(rng.randrange(3)):
            received = moment(rng)
            decided = received + timedelta(days=rng.randrange(8)) if rng.random() < 0.8 else None
            make_referral(
                person,
                rng.choice(referrers),
                area=person.area or world.area_a,
                received_at=received,
                decided_at=decided,
            )
        for _ in range(rng.randrange(4)):
            reported = moment(rng)
            episode = MissingEpisode.objects.create(
                person=person,
                missing_from="home",
                reported_at=reported,
                risk_grade="medium",
                returned_at=reported + timedelta(hours=20),
                status="closed",
            )
            due = reported + timedelta(hours=92)
            done = due + timedelta(hours=rng.choice([-30, -1, 0, 5, 80])) if rng.random() < 0.8 else None
            ReturnInterview.objects.create(episode=episode, due_at=due, completed_at=done)
        if rng.random() < 0.5:
            start = moment(rng).date()
            status = rng.choice(["excluded", "pru", "alternative_provision", "neet", "mainstream"])
            EducationStatus.objects.create(
                person=person, status=status, start=start, end=maybe_end(rng, start)
            )
        if rng.random() < 0.3:
            start = moment(rng).date()
            YouthJusticeStatus.objects.create(
                person=person, status="referral_order", start=start, end=maybe_end(rng, start)
            )
        if rng.random() < 0.4:
            start = moment(rng).date()
            make_link(person, rng.choice(contexts), start=start, end=maybe_end(rng, start))


def build_pursue_and_protect(
    world: Any, rng: random.Random, person: Any, kinds: list[Any], meetings: list[Any]
) -> None:
    """Intelligence, disruption, NRM, actions, transition plans and public worries for one person."""
    for _ in range(rng.randrange(3)):
        report = IntelligenceReport.objects.create(
            received_via="practitioner", reporter_agency=world.school_a, original_text="Seen in a car."
        )
        IntelligenceReport.objects.filter(pk=report.pk).update(created_at=moment(rng))
        if rng.random() < 0.7:
            ReportSubject.objects.create(report=report, kind="person", person=person, person_role="child")
    for _ in range(rng.randrange(2)):
        happened = moment(rng).date()
        Disruption.objects.create(
            disruption_type=rng.choice(kinds),
            happened_on=happened,
            expires_on=maybe_end(rng, happened),
            agency=world.police,
            protected_child=person if rng.random() < 0.7 else None,
        )
    if rng.random() < 0.3:
        NrmReferral.objects.create(
            person=person, first_responder_agency=world.csc_a, submitted_at=moment(rng)
        )
    for _ in range(rng.randrange(3)):
        done = moment(rng) if rng.random() < 0.5 else None
        Action.objects.create(
            meeting=rng.choice(meetings),
            person=person if rng.random() < 0.7 else None,
            description="Visit.",
            owner_agency=world.csc_a,
            due_on=moment(rng).date(),
            status="completed" if done else "open",
            completed_at=done,
        )
    if rng.random() < 0.4:
        plan = TransitionPlan.objects.create(
            person=person, receiving_service="Adult services", target_handover_on=date(2022, 1, 1)
        )
        TransitionPlan.objects.filter(pk=plan.pk).update(created_at=moment(rng))
    if rng.random() < 0.4:
        worry = PublicWorry.objects.create(
            area=world.area_a,
            what_worries="Seen with older boys.",
            relationship="parent",
            person=person if rng.random() < 0.5 else None,
        )
        PublicWorry.objects.filter(pk=worry.pk).update(created_at=moment(rng))


@pytest.mark.parametrize(
    ("as_at", "months", "exploitation_type"),
    [
        (date(2021, 3, 31), 12, None),
        (date(2020, 12, 15), 12, None),
        (date(2021, 5, 31), 4, None),
        (date(2021, 3, 31), 12, "sexual"),
    ],
)
def test_trends_match_recomputing_every_month(
    world: Any, as_at: date, months: int, exploitation_type: str | None
) -> None:
    build_history(world)
    expected = recomputed_trends(as_at, months, exploitation_type)
    assert trends(as_at=as_at, months=months, exploitation_type=exploitation_type) == expected
    assert any(point["population"] for point in expected)
    assert any(point["missing_episodes"] for point in expected)
    if exploitation_type:
        return  # the checks below that every headline is exercised are for everyone's figures
    assert any(point["identified_by_police_or_youth_justice"] for point in expected)
    assert any(point["repeat_missing"] for point in expected)
    assert any(point["active_contexts"] for point in expected)
    assert any(point["referrals_percent_in_time"] not in (None, 0.0, 100.0) for point in expected)
    for name in (
        "intelligence_received",
        "disruptions_in_force",
        "nrm_submitted",
        "actions_overdue",
        "public_worries",
    ):
        assert any(point[name] for point in expected), name
    assert any(point["transitions_percent_with_plan"] not in (None, 0.0) for point in expected)


def test_the_type_filter_narrows_every_child_based_trend(world: Any) -> None:
    build_history(world)
    everyone = trends(as_at=date(2021, 3, 31))
    sexual = trends(as_at=date(2021, 3, 31), exploitation_type="sexual")
    criminal = trends(as_at=date(2021, 3, 31), exploitation_type="criminal")
    for whole, part, other in zip(everyone, sexual, criminal, strict=True):
        assert part["population"] + other["population"] == whole["population"]
        assert part["active_contexts"] == whole["active_contexts"]  # places are not filtered
        for name in ("missing_episodes", "intelligence_received", "actions_overdue", "public_worries"):
            assert part[name] + other[name] <= whole[name]
    assert sum(point["public_worries"] for point in sexual) < sum(
        point["public_worries"] for point in everyone
    )


def test_trends_read_each_source_once_whatever_the_number_of_months(world: Any) -> None:
    build_history(world)
    with CaptureQueriesContext(connection) as twelve:
        trends(as_at=date(2021, 3, 31), months=12)
    with CaptureQueriesContext(connection) as four:
        trends(as_at=date(2021, 3, 31), months=4)
    assert len(twelve) == len(four) <= 25  # 19 reads, plus transaction and tuning statements
