"""Benchmark "Do we know this child?" search at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/search_bench.py --people 100000

Seeds ``--people`` synthetic children (plus adults of concern, one per twenty children) with
``seed_demo``'s service into a database of its own, ``lantern_bench_<N>`` (created if missing,
seeded once, never dropped), runs ANALYZE, then times four sets of queries: a misspelt name (one
random edit in the given or family name) with the full date of birth, the misspelt name alone,
and the same two with two edits in the given or family name (``--edits 1`` runs only the first
two sets, ``--edits 2`` only the last two). Reports p50/p95/p99 latency and how often the right
person was first and in the top five.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def bench_database_url(base_url: str, people: int) -> str:
    """The URL of this size's own database (PostgreSQL: created if missing; SQLite: a file)."""
    parsed = urlparse(base_url)
    if parsed.scheme == "sqlite":
        return f"sqlite:///var/lantern_bench_{people}.sqlite3"
    import psycopg

    name = f"lantern_bench_{people}"
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


def seed_if_needed(people: int, seed: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from lantern.demo.services import demo_seed, partnership_exists
    from lantern.people.models import Person

    call_command("migrate", verbosity=0)
    if partnership_exists():
        if Person.objects.count() < people:
            raise SystemExit(
                f"{connection.settings_dict['NAME']} holds a partly seeded partnership "
                "(an interrupted run?): drop that database and run again."
            )
        return {"seeded_now": False}
    report = demo_seed(children=people, seed=seed, log=print)
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    analyze_seconds = time.perf_counter() - started
    return {
        "seeded_now": True,
        "seed_seconds": round(report.seconds, 1),
        "analyze_seconds": round(analyze_seconds, 1),
        "timings": {step: round(seconds, 1) for step, seconds in report.timings.items()},
    }


def misspell(word: str, rng: random.Random, edits: int = 1) -> str:
    """``edits`` random edits (substitution, insertion, deletion or transposition of adjacent
    letters), drawn again until the result is exactly that many edits from the word."""
    from lantern.search.engine import damerau_levenshtein

    while True:
        result = word
        for _ in range(edits):
            result = one_edit(result, rng)
        if damerau_levenshtein(word, result) == edits:
            return result


def one_edit(word: str, rng: random.Random) -> str:
    """One random edit: substitution, insertion, deletion or transposition of adjacent letters."""
    while True:
        kind = rng.choice(["substitute", "insert", "delete", "transpose"])
        position = rng.randrange(len(word))
        if kind == "substitute":
            result = word[:position] + rng.choice(LETTERS) + word[position + 1 :]
        elif kind == "insert":
            result = word[:position] + rng.choice(LETTERS) + word[position:]
        elif kind == "delete" and len(word) > 2:
            result = word[:position] + word[position + 1 :]
        elif kind == "transpose" and position < len(word) - 1:
            result = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
        else:
            continue
        if result != word:
            return result


def sample_people(count: int, rng: random.Random) -> list[tuple[int, str, str, Any]]:
    from lantern.people.models import Person

    highest = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    wanted = {rng.randint(1, highest) for _ in range(count * 2)}
    rows = list(
        Person.objects.filter(pk__in=sorted(wanted)).values_list(
            "pk", "given_name", "family_name", "date_of_birth"
        )
    )
    rng.shuffle(rows)
    return rows[:count]


def make_query(row: tuple[int, str, str, Any], rng: random.Random, edits: int = 1) -> str:
    from lantern.search.index import normalise

    given = " ".join(normalise(row[1]))
    family = " ".join(normalise(row[2]))
    if rng.random() < 0.5:
        given = misspell(given, rng, edits)
    else:
        family = misspell(family, rng, edits)
    return f"{given} {family}"


def run_queries(
    rows: list[tuple[int, str, str, Any]], *, with_dob: bool, rng: random.Random, edits: int = 1
) -> dict[str, Any]:
    from lantern.search.engine import search_people

    latencies: list[float] = []
    top1 = top5 = 0
    misses: list[str] = []
    for row in rows:
        person_id, _, _, born = row
        query = make_query(row, rng, edits)
        dob = (
            {"dob_day": born.day, "dob_month": born.month, "dob_year": born.year} if with_dob and born else {}
        )
        started = time.perf_counter()
        hits = search_people(name=query, limit=20, **dob)
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = [hit.person_id for hit in hits]
        top1 += bool(ranked) and ranked[0] == person_id
        top5 += person_id in ranked[:5]
        if person_id not in ranked[:5] and len(misses) < 5:
            misses.append(query)
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "queries": len(rows),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(quantiles[94], 1),
        "p99_ms": round(quantiles[98], 1),
        "top1": round(top1 / len(rows), 4),
        "top5": round(top5 / len(rows), 4),
        "example_misses": misses,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000, help="children to seed (default 100000)")
    parser.add_argument("--queries", type=int, default=1000, help="queries per set (default 1000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--edits",
        choices=["1", "2", "both"],
        default="both",
        help="misspellings of one edit, two edits or both (default both: four sets)",
    )
    parser.add_argument("--output", help="also write the results as JSON to this file")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "sqlite:///var/lantern.sqlite3")
    database_url = bench_database_url(base_url, args.people)
    setup_django(database_url)
    from django.db import connection

    from lantern.people.models import Person
    from lantern.search.models import SearchToken, TokenVariant

    seeding = seed_if_needed(args.people, args.seed)
    rng = random.Random(args.seed + 1)
    edit_counts = [1, 2] if args.edits == "both" else [int(args.edits)]
    rows = sample_people(args.queries * 2 * len(edit_counts) + 50, rng)
    warm_up, rows = rows[:50], rows[50:]
    run_queries(warm_up, with_dob=True, rng=rng)
    results: dict[str, Any] = {
        "database": connection.vendor,
        "database_name": connection.settings_dict["NAME"],
        "people": Person.objects.count(),
        "search_tokens": SearchToken.objects.count(),
        "vocabulary_rows": TokenVariant.objects.count(),
        "seeding": seeding,
        # The machine is shared: a load average above the CPU count inflates every latency.
        "cpus": os.cpu_count(),
        "load_average_before": [round(load, 2) for load in os.getloadavg()],
    }
    for edits in edit_counts:
        prefix = "misspelt" if edits == 1 else "two_edits"
        for with_dob, suffix in ((True, "name_with_dob"), (False, "name_only")):
            chosen, rows = rows[: args.queries], rows[args.queries :]
            results[f"{prefix}_{suffix}"] = run_queries(chosen, with_dob=with_dob, rng=rng, edits=edits)
    results["load_average_after"] = [round(load, 2) for load in os.getloadavg()]
    text = json.dumps(results, indent=2, default=str)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
