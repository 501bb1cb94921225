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
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.people.models import EducationStatus, YouthJusticeStatus
from lantern.profile.figures import HEADLINES, figures, trends
from lantern.profile.selectors import TOTAL, population_on
from lantern.profile.tests.factories import assess
from lantern.referrals.tests.factories import make_referral, make_screening
from lantern.risk.scale import add_months

START = date(2020, 1, 1)


def recomputed_trends(as_at: date, months: int) -> list[dict[str, Any]]:
    """The former way: every figure family worked out again for each month's date."""
    points = []
    for back in range(months - 1, -1, -1):
        day = add_months(as_at, -back)
        report = figures(as_at=day)
        point: dict[str, Any] = {"as_at": day.isoformat(), "population": population_on(day).count()}
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
    agencies = [world.police, world.yjs_a, world.school_a, world.health_a, world.csc_a]
    referrers = [world.police_officer, world.yjs_worker, world.teacher, world.nurse]
    contexts = [
        make_context(area=rng.choice([world.area_a, world.area_b]), name=f"Place {n}") for n in range(4)
    ]
    for n in range(40):
        person = make_person(area=rng.choice([world.area_a, world.area_b, None]), family_name=f"Trend{n}")
        for _ in range(rng.randrange(3)):
            assessed = moment(rng).date()
            assess(person, assessed, closed_on=maybe_end(rng, assessed))
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


@pytest.mark.parametrize(
    ("as_at", "months"), [(date(2021, 3, 31), 12), (date(2020, 12, 15), 12), (date(2021, 5, 31), 4)]
)
def test_trends_match_recomputing_every_month(world: Any, as_at: date, months: int) -> None:
    build_history(world)
    expected = recomputed_trends(as_at, months)
    assert trends(as_at=as_at, months=months) == expected
    assert any(point["population"] for point in expected)
    assert any(point["identified_by_police_or_youth_justice"] for point in expected)
    assert any(point["repeat_missing"] for point in expected)
    assert any(point["active_contexts"] for point in expected)
    assert any(point["referrals_percent_in_time"] not in (None, 0.0, 100.0) for point in expected)


def test_trends_read_each_source_once_whatever_the_number_of_months(world: Any) -> None:
    build_history(world)
    with CaptureQueriesContext(connection) as twelve:
        trends(as_at=date(2021, 3, 31), months=12)
    with CaptureQueriesContext(connection) as four:
        trends(as_at=date(2021, 3, 31), months=4)
    assert len(twelve) == len(four) <= 20  # 13 reads, plus transaction and tuning statements
