"""Benchmark entity matching for a new intelligence report against 1,000,000 known entities.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/entity_bench.py --database lantern_bench_entities --seed

``--seed`` creates the database if it is missing, migrates it, and bulk-inserts (one
``INSERT ... SELECT generate_series`` per table) ``--entities`` entities (a quarter each of
vehicles, phone numbers, nicknames and online accounts), ``--reports`` ungraded reports and two
subjects per report linked to entities, so a known entity has earlier reports to show. Without
``--seed`` it only reads what is there.

Each timed run is what happens when a practitioner submits a report naming a vehicle, a phone and a
nickname that are already known, and the police open it:

- ``report_create``: the intelligence app's own service. Every subject is normalised and matched
  to its entity on the unique (kind, key) index (``services.entity_key_for`` and
  ``get_or_create``), the report and subjects are written and audited.
- ``known_entities_for``: the selector the report page (``intelligence:report-detail``) calls to
  show what other reports already say about those entities, as a police intelligence officer.
- ``entity_match``: the bare index look-up of one entity, for reference.

Every run is rolled back, so the database is the same for each run. ``--warmup`` runs, then
``--runs`` timed runs; p50/p95/max and the query counts are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED_ENTITIES = """
INSERT INTO intelligence_entity (created_at, updated_at, kind, key, label)
SELECT now(), now(), kind, key, key FROM (
    SELECT n, CASE n %% 4 WHEN 0 THEN 'vehicle' WHEN 1 THEN 'phone' WHEN 2 THEN 'nickname'
               ELSE 'online_account' END AS kind,
           CASE n %% 4 WHEN 0 THEN 'V' || lpad(n::text, 7, '0')
                      WHEN 1 THEN '07' || lpad(n::text, 9, '0')
                      WHEN 2 THEN 'nick' || n
                      ELSE 'snapchat:user' || n END AS key
    FROM generate_series(1, %(entities)s) AS n
) AS generated
"""
SEED_REPORTS = """
INSERT INTO intelligence_intelligencereport (
    created_at, updated_at, version, source_id, received_via, original_text, source_details,
    status, source_grade, information_grade, handling, handling_conditions, sanitised_text,
    reporter_agency_id
)
SELECT now() - (n || ' minutes')::interval, now(), 1, '', 'practitioner',
       'Synthetic benchmark report ' || n, '', 'ungraded', '', '', '', '', '', %(agency)s
FROM generate_series(1, %(reports)s) AS n
"""
# Two subjects per report: report n names entities n and (n * 7919) mod the entity count, so
# popular and rare entities both exist.
SEED_SUBJECTS = """
INSERT INTO intelligence_reportsubject (
    created_at, updated_at, report_id, kind, entity_id, person_role, description, nickname,
    location_text, postcode, vrm, vehicle_make, vehicle_colour, phone_number, deal_line,
    platform, handle
)
SELECT now(), now(), r.id,
       CASE e.kind WHEN 'nickname' THEN 'person' ELSE e.kind END,
       e.id, CASE e.kind WHEN 'nickname' THEN 'other' ELSE '' END, '',
       CASE e.kind WHEN 'nickname' THEN e.key ELSE '' END, '', '',
       CASE e.kind WHEN 'vehicle' THEN e.key ELSE '' END, '', '',
       CASE e.kind WHEN 'phone' THEN e.key ELSE '' END, false, '', ''
FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM intelligence_intelligencereport) AS r
CROSS JOIN LATERAL (VALUES (r.n), ((r.n * 7919) %% %(entities)s + 1)) AS pick(number)
JOIN intelligence_entity AS e ON e.id = (SELECT min(id) FROM intelligence_entity) + pick.number - 1
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values) * 1000, 2),
        "p95_ms": round(percentile(values, 0.95) * 1000, 2),
        "max_ms": round(max(values) * 1000, 2),
    }


def ensure_database(url: str, name: str) -> None:
    """Create the benchmark database if it does not exist; never drops anything."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def seed(entities: int, reports: int) -> None:
    from django.db import connection, transaction

    from lantern.accounts.roles import Role
    from lantern.core.testing import make_agency, make_user
    from lantern.intelligence.models import Entity
    from lantern.partnership.models import Agency, AgencyType

    if Entity.objects.exists():
        print("Entities already seeded; not seeding again.")
        return
    with transaction.atomic():
        school = make_agency("bench-school", agency_type=AgencyType.EDUCATION)
        police = make_agency("bench-police", agency_type=AgencyType.POLICE)
        make_user("bench_teacher", agency=school, role=Role.PRACTITIONER)
        make_user("bench_intel", agency=police, role=Role.EXPLOITATION_POLICE)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(SEED_ENTITIES, {"entities": entities})
        cursor.execute(
            SEED_REPORTS, {"reports": reports, "agency": Agency.objects.get(code="bench-school").pk}
        )
        cursor.execute(SEED_SUBJECTS, {"entities": entities})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE intelligence_entity")
        cursor.execute("ANALYZE intelligence_intelligencereport")
        cursor.execute("ANALYZE intelligence_reportsubject")
    print(f"Seeded {entities} entities and {reports} reports in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="lantern_bench_entities", help="The benchmark's own database")
    parser.add_argument("--seed", action="store_true", help="Create, migrate and seed the database first")
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--output", help="Write the results as JSON here")
    args = parser.parse_args()

    base = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    url = urlunparse(base._replace(path=f"/{args.database}"))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if args.seed:
        ensure_database(urlunparse(base), args.database)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"], check=True, env=os.environ
        )
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from lantern.accounts.models import User
    from lantern.intelligence.models import Entity, EntityKind, IntelligenceReport, ReportSubject
    from lantern.intelligence.selectors import known_entities_for
    from lantern.intelligence.services import SubjectInput, entity_match, report_create

    if args.seed:
        seed(args.entities, args.reports)
    teacher = User.objects.select_related("agency").get(username="bench_teacher")
    intel = User.objects.select_related("agency").get(username="bench_intel")
    entity_count = Entity.objects.count()
    subject_count = ReportSubject.objects.count()
    # Entity number n is seeded with kind n % 4, and seeded report n names entity n: so every run's
    # vehicle (n), phone (n + 1) and nickname (n + 2) are known and have earlier reports. They are
    # spread over the reported part of the million-row table.
    reports = IntelligenceReport.objects.count()
    step = (reports - 4) // (args.runs + args.warmup) // 4 * 4
    numbers = [step * run + 4 for run in range(args.runs + args.warmup)]

    def subjects_for(n: int) -> list[SubjectInput]:
        return [
            SubjectInput(kind="vehicle", vrm=f"V{n:07d}"[:3] + " " + f"V{n:07d}"[3:].lower()),
            SubjectInput(kind="phone", phone_number=f"+44 7{n + 1:09d}"),
            SubjectInput(kind="person", nickname=f"Nick{n + 2}"),
        ]

    def one_run(n: int) -> tuple[float, float, float, int, int]:
        with transaction.atomic():
            started = time.perf_counter()
            report = report_create(
                actor=teacher, text="Synthetic: a car and a phone outside school.", subjects=subjects_for(n)
            )
            created = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                known = known_entities_for(intel, report)
            shown = time.perf_counter()
            entity_match(EntityKind.VEHICLE, f"V{n:07d}")
            matched = time.perf_counter()
            matched_entities = len(known)
            transaction.set_rollback(True)
        return created - started, shown - created, matched - shown, len(queries), matched_entities

    for n in numbers[: args.warmup]:
        one_run(n)
    create_times, known_times, match_times = [], [], []
    queries = matched = 0
    for n in numbers[args.warmup :]:
        create, known, match, queries, matched = one_run(n)
        create_times.append(create)
        known_times.append(known)
        match_times.append(match)
    results = {
        "database": args.database,
        "entities": entity_count,
        "reports": reports,
        "report_subjects": subject_count,
        "runs": args.runs,
        "report_create_match_3_subjects": summary(create_times),
        "known_entities_for": {**summary(known_times), "queries": queries, "entities_matched": matched},
        "entity_match_one_lookup": summary(match_times),
        "create_plus_known": summary([a + b for a, b in zip(create_times, known_times, strict=True)]),
    }
    print(json.dumps(results, indent=2))
    if args.output:
        Path(args.output).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
