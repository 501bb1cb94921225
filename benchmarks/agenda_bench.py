"""Benchmark agenda generation for a meeting whose area has 20,000 children at risk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/agenda_bench.py --children 20000 --output benchmarks/results-agenda-20000.json

Seeds, into a database of its own (``lantern_bench_agenda_<N>``, created if missing, seeded once,
never dropped), one area with ``--children`` children each with an open risk assessment, their
reviews due from 30 days ago to 120 days ahead; 3% of them missing three times in the last
month; 50 contexts raised since the last meeting; a previous meeting with 300 actions still open
past their due date; and a second area of 5,000 children at risk that the agenda must leave out.
Children's services are involved with every child in the area, the police with one in ten.

Each run creates a MACE for the area through ``meeting_create`` (the service the "create
meeting" page calls: it runs every agenda rule and writes the proposed items), then builds the
first page (50 items) of the meeting page's pack (``meeting_pack_for``) as the coordinator and
as an invited police officer, and rolls everything back, so every run sees the same database.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 2000
AREA = "bench-agenda"
OTHER_AREA = "bench-other"
MEETING_AT = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def bench_database_url(base_url: str, children: int) -> str:
    """This size's own database (PostgreSQL: created if missing; SQLite: a file under var/)."""
    parsed = urlparse(base_url)
    if parsed.scheme == "sqlite":
        return f"sqlite:///var/lantern_bench_agenda_{children}.sqlite3"
    import psycopg

    name = f"lantern_bench_agenda_{children}"
    admin = urlunparse(parsed._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}"))


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LANTERN_DEMO", "true")
    import django

    django.setup()


def _children(area: Any, count: int, prefix: str) -> list[int]:
    from lantern.people.models import Person

    people = [
        Person(
            given_name=f"Child{index}",
            family_name=f"{prefix}{index % 997}",
            date_of_birth=date(2010, 1, 1) + timedelta(days=index % 2500),
            sex="female" if index % 2 else "male",
            area=area,
            source_id=f"{prefix}-{index}",
        )
        for index in range(count)
    ]
    Person.objects.bulk_create(people, batch_size=BATCH)
    return [person.pk for person in people]


def _risk_assessments(person_ids: list[int], agency: Any) -> None:
    from lantern.risk.models import RiskAssessment

    today = MEETING_AT.date()
    RiskAssessment.objects.bulk_create(
        [
            RiskAssessment(
                person_id=pk,
                assessed_on=today - timedelta(days=90),
                exploitation_type="criminal",
                level=("low", "medium", "high")[index % 3],
                next_review_due=today + timedelta(days=index % 150 - 30),
                agency=agency,
            )
            for index, pk in enumerate(person_ids)
        ],
        batch_size=BATCH,
    )


def seed_if_needed(children: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection, transaction

    from lantern.accounts.roles import Role
    from lantern.contexts.models import Context
    from lantern.core.testing import make_agency, make_area, make_user
    from lantern.meetings.models import Action, Meeting
    from lantern.missing.models import MissingEpisode
    from lantern.partnership.models import AgencyType, Area
    from lantern.people.models import Involvement

    call_command("migrate", verbosity=0)
    if Area.objects.filter(code=AREA).exists():
        if not Action.objects.exists():  # written last
            raise SystemExit(
                f"{connection.settings_dict['NAME']} is partly seeded (an interrupted run?): "
                "drop that database and run again."
            )
        return {"seeded_now": False}
    started = time.perf_counter()
    with transaction.atomic():
        area, other = make_area(AREA), make_area(OTHER_AREA)
        csc = make_agency("bench-csc", area=area)
        police = make_agency("bench-police", agency_type=AgencyType.POLICE)
        coordinator = make_user("bench_coordinator", agency=csc, role=Role.MEETING_CHAIR)
        make_user("bench_police", agency=police, role=Role.EXPLOITATION_POLICE)
        in_area = _children(area, children, "Area")
        _risk_assessments(in_area, csc)
        _risk_assessments(_children(other, 5000, "Other"), None)
        Involvement.objects.bulk_create(
            [
                Involvement(person_id=pk, agency=csc, role="Allocated social worker", start=date(2025, 1, 1))
                for pk in in_area
            ]
            + [
                Involvement(person_id=pk, agency=police, role="Exploitation team", start=date(2025, 1, 1))
                for pk in in_area[::10]
            ],
            batch_size=BATCH,
        )
        missing = in_area[:: 100 // 3]
        MissingEpisode.objects.bulk_create(
            [
                MissingEpisode(
                    person_id=pk,
                    missing_from="home",
                    reported_at=MEETING_AT - timedelta(days=5 + 7 * episode),
                    risk_grade="medium",
                    status="closed",
                    returned_at=MEETING_AT - timedelta(days=4 + 7 * episode),
                )
                for pk in missing
                for episode in range(3)
            ],
            batch_size=BATCH,
        )
        contexts = Context.objects.bulk_create(
            [
                Context(kind="location", location_type="park", name=f"Park {index}", area=area)
                for index in range(50)
            ]
        )
        # created_at is set on save; move them into the weeks before the meeting.
        Context.objects.filter(pk__in=[context.pk for context in contexts]).update(
            created_at=MEETING_AT - timedelta(days=10)
        )
        previous = Meeting.objects.create(
            meeting_type="mace", area=area, scheduled_at=MEETING_AT - timedelta(weeks=4), chair=coordinator
        )
        Action.objects.bulk_create(
            [
                Action(
                    meeting=previous,
                    person_id=in_area[index],
                    description="Home visit",
                    owner_agency=police if index % 2 else csc,
                    due_on=MEETING_AT.date() - timedelta(days=3),
                )
                for index in range(300)
            ]
        )
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "seeded_now": True,
        "seed_seconds": round(seeded, 1),
        "analyze_seconds": round(time.perf_counter() - started, 1),
    }


def percentiles(latencies: list[float]) -> dict[str, float]:
    quantiles = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
    return {
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(quantiles[18], 1),
        "min_ms": round(min(latencies), 1),
        "max_ms": round(max(latencies), 1),
    }


def one_run() -> dict[str, Any]:
    from django.db import transaction

    from lantern.accounts.models import User
    from lantern.meetings.selectors import meeting_pack_for
    from lantern.meetings.services import meeting_create
    from lantern.partnership.models import Agency, Area

    coordinator = User.objects.select_related("agency").get(username="bench_coordinator")
    police = User.objects.select_related("agency").get(username="bench_police")
    area = Area.objects.get(code=AREA)
    invited = list(Agency.objects.filter(code__in=["bench-csc", "bench-police"]))
    timings: dict[str, Any] = {}
    with transaction.atomic():
        clock = time.perf_counter()
        meeting = meeting_create(
            actor=coordinator,
            meeting_type="mace",
            area=area,
            scheduled_at=MEETING_AT,
            recurrence_weeks=4,
            chair=coordinator,
            invited_agencies=invited,
        )
        timings["create_and_propose_ms"] = (time.perf_counter() - clock) * 1000
        for name, user in (("coordinator", coordinator), ("police", police)):
            clock = time.perf_counter()
            pack = meeting_pack_for(user, meeting.pk)
            rows = [(row.person_label, len(row.actions)) for row in pack.rows]
            timings[f"pack_{name}_ms"] = (time.perf_counter() - clock) * 1000
            timings[f"items_{name}"] = pack.page.paginator.count
            timings[f"rows_on_page_{name}"] = len(rows)
        timings["items_proposed"] = meeting.items.count()
        timings["reviews_not_proposed"] = meeting.reviews_not_proposed
        transaction.set_rollback(True)
    return timings


def measure(runs: int, warm_up: int) -> dict[str, Any]:
    for _ in range(warm_up):
        one_run()
    results = [one_run() for _ in range(runs)]
    summary: dict[str, Any] = {"runs": runs}
    for key in ("create_and_propose_ms", "pack_coordinator_ms", "pack_police_ms"):
        summary[key.removesuffix("_ms")] = percentiles([result[key] for result in results])
    summary["total"] = percentiles(
        [sum(result[key] for key in result if key.endswith("_ms")) for result in results]
    )
    for key in (
        "items_proposed",
        "reviews_not_proposed",
        "items_coordinator",
        "items_police",
        "rows_on_page_coordinator",
        "rows_on_page_police",
    ):
        summary[key] = results[-1][key]
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warm-up", type=int, default=3)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    setup_django(bench_database_url(base, args.children))
    report: dict[str, Any] = {"children": args.children, "seed": seed_if_needed(args.children)}
    report["agenda"] = measure(args.runs, args.warm_up)
    text = json.dumps(report, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
