"""Benchmark the partnership profile (``lantern.profile.selectors.profile_report``), the further
figure families (``lantern.profile.figures.figures``) and their monthly trends (``trends``) at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/profile_bench.py --database lantern_bench_100000 --runs 20
    ... profile_bench.py --database lantern_bench_lists_100000 --call figures --call trends --runs 5

It reads an already seeded database (``seed_demo`` data: one open or closed risk assessment
history per child, care status episodes) and never writes: the connection is put in read-only
mode before anything runs. Seed one first if you have none, for example

    createdb -h 127.0.0.1 -U postgres lantern_bench_profile_100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lantern_bench_profile_100000 \\
        .venv/bin/python manage.py migrate && ... manage.py seed_demo --children 100000

For each call (``--call``, repeatable: profile_report, figures, trends, dashboard; default
profile_report) and as-at date it does ``--warmup`` runs, then times ``--runs`` runs of the whole
call (every query and the Python that builds the tables) and reports p50/p95/max, the query count,
the time PostgreSQL took over the queries (as the client saw it) and the process's own CPU time,
so that a result taken on a loaded machine can be read. ``dashboard`` is what the dashboard page
reads (``dashboard_data``: profile, figures, 12-month trends, sharing what they have in common)
without the page's audit row.
``--exploitation-type`` times the type-filtered variant.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True, help="An existing seeded PostgreSQL database")
    parser.add_argument("--as-at", action="append", help="YYYY-MM-DD (repeatable; default: today)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--output", help="Write the results as JSON here")
    parser.add_argument(
        "--call",
        action="append",
        choices=["profile_report", "figures", "trends", "dashboard"],
        help="What to time (repeatable; default: profile_report)",
    )
    parser.add_argument("--months", type=int, default=12, help="Trend months (trends and dashboard)")
    parser.add_argument("--exploitation-type", default=None, help="Time the type-filtered variant")
    args = parser.parse_args()

    base = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    os.environ["DATABASE_URL"] = urlunparse(base._replace(path=f"/{args.database}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lantern.profile.figures import dashboard_data, figures, trends
    from lantern.profile.selectors import population_on, profile_report

    kind = args.exploitation_type
    calls = {
        "profile_report": lambda day: profile_report(as_at=day, exploitation_type=kind),
        "figures": lambda day: figures(as_at=day, exploitation_type=kind),
        "trends": lambda day: trends(as_at=day, months=args.months, exploitation_type=kind),
        "dashboard": lambda day: dashboard_data(as_at=day, months=args.months, exploitation_type=kind),
    }

    with connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")
        cursor.execute("SELECT count(*) FROM people_person")
        people = cursor.fetchone()[0]
    results = []
    for name in args.call or ["profile_report"]:
        call = calls[name]
        for text in args.as_at or [date.today().isoformat()]:
            as_at = date.fromisoformat(text)
            for _ in range(args.warmup):
                call(as_at)
            timings, database, cpu = [], [], []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    call(as_at)
                    timings.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - cpu_started)
                database.append(sum(float(query["time"]) for query in queries.captured_queries))
            row = {
                "call": name,
                "database": args.database,
                "people": people,
                "as_at": as_at.isoformat(),
                "exploitation_type": kind,
                "months": args.months if name in {"trends", "dashboard"} else None,
                "population": population_on(as_at, kind).count(),
                "queries": len(queries),
                "runs": args.runs,
                "p50_s": round(statistics.median(timings), 3),
                "p95_s": round(percentile(timings, 0.95), 3),
                "max_s": round(max(timings), 3),
                "db_p50_s": round(statistics.median(database), 3),
                "python_cpu_p50_s": round(statistics.median(cpu), 3),
                "load_average": os.getloadavg()[0],
            }
            print(json.dumps(row), flush=True)
            results.append(row)
    if args.output:
        Path(args.output).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
