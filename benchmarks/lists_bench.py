"""Benchmark the work lists at scale, through the selectors the pages use, as the demo users.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/lists_bench.py --children 100000 --output benchmarks/results-lists-100000.json

Seeds ``--children`` synthetic children with ``seed_demo``'s service (every module: concerns,
screenings, referrals, missing episodes and return interviews, contexts and links) into a
database of its own, ``lantern_bench_lists_<N>`` (created if missing, seeded once, never
dropped), runs VACUUM ANALYZE, then times each list ``--runs`` times after a few warm-up runs:

- the front door's referral queue (``referral_queue_for``, waiting referrals) as ``frontdoor``;
- the risk reviews due list, first page of 50 (``risk_review_list_for`` + ``risk_review_rows``)
  as ``socialworker`` and ``frontdoor``;
- the return-interview work list, first page (``interview_list_for``) as ``returns`` (the
  interview provider) and ``police``;
- the open missing-episode list, first page (``open_episode_list_for``) as ``police``;
- the contexts map data, as the map's JSON endpoint answers it (``context_map_places_for`` for
  the view's bounding box, at most ``MAP_PLACE_LIMIT`` places, turned into the JSON the view
  returns): for the whole partnership (the first view: the extent of every place) as ``police``
  and ``analyst``, and for a town-sized view (0.1 degree square around a random place) as
  ``police``;
- the contexts map page without its JSON: the first page of its table of places and the extent
  the map opens on, as ``police``;
- the 2-step network of a context (``context_network_for``) as ``police``, for random contexts.

A page is timed the way its view uses it: the selector call plus the queries for the page shown
(the same ``Paginator`` and page size), with rows turned into what the template reads.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGE_SIZE = 50


def bench_database_url(base_url: str, children: int) -> str:
    """This size's own database (PostgreSQL: created if missing; SQLite: a file under var/)."""
    parsed = urlparse(base_url)
    if parsed.scheme == "sqlite":
        return f"sqlite:///var/lantern_bench_lists_{children}.sqlite3"
    import psycopg

    name = f"lantern_bench_lists_{children}"
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


def seed_if_needed(children: int, seed: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from lantern.contexts.models import ContextAssessment
    from lantern.demo.services import demo_seed, partnership_exists

    call_command("migrate", verbosity=0)
    if partnership_exists():
        if not ContextAssessment.objects.exists():  # written last by the seed
            raise SystemExit(
                f"{connection.settings_dict['NAME']} holds a partly seeded partnership "
                "(an interrupted run?): drop that database and run again."
            )
        return {"seeded_now": False}
    report = demo_seed(children=children, seed=seed, log=print)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "seeded_now": True,
        "seed_seconds": round(report.seconds, 1),
        "analyze_seconds": round(time.perf_counter() - started, 1),
        "timings": {step: round(seconds, 1) for step, seconds in report.timings.items()},
        "rows": report.casework,
    }


def timed(call: Callable[[], Any], *, runs: int, warm_up: int) -> dict[str, Any]:
    for _ in range(warm_up):
        call()
    latencies: list[float] = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        size = call()
        latencies.append((time.perf_counter() - started) * 1000)
    quantiles = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else latencies * 19
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(quantiles[18], 1),
        "min_ms": round(min(latencies), 1),
        "rows_shown": size,
    }


def user(username: str) -> Any:
    from lantern.accounts.models import User

    return User.objects.select_related("agency", "team").get(username=username)


def first_page(queryset: Any) -> list[Any]:
    from django.core.paginator import Paginator

    page = Paginator(queryset, PAGE_SIZE).get_page(1)
    return [*page.object_list, page.paginator.count]


def referral_queue(frontdoor: Any) -> Callable[[], int]:
    from lantern.referrals.selectors import referral_queue_for

    return lambda: len(referral_queue_for(frontdoor))


def risk_reviews(reader: Any) -> Callable[[], int]:
    from lantern.risk.selectors import risk_review_list_for, risk_review_page, risk_review_rows

    def run() -> int:
        reviews = risk_review_list_for(reader)
        rows = list(risk_review_page(reviews, 1, PAGE_SIZE).object_list)
        return len(risk_review_rows(rows, reviews.today))

    return run


def interviews(reader: Any) -> Callable[[], int]:
    from lantern.missing.selectors import interview_list_for, interview_page, interview_rows

    def run() -> int:
        listing = interview_list_for(reader)
        rows = list(interview_page(listing, 1, PAGE_SIZE).object_list)
        return len(interview_rows(rows, listing.now))

    return run


def open_episodes(reader: Any) -> Callable[[], int]:
    from lantern.missing.selectors import open_episode_list_for

    def run() -> int:
        rows = first_page(open_episode_list_for(reader))[:-1]
        return len([(episode.person.full_name, episode.person.area) for episode in rows])

    return run


def context_map(reader: Any, views: list[Any]) -> Callable[[], int]:
    """The map's JSON for one of ``views`` (bounding boxes) in turn, as the endpoint returns it."""
    from lantern.contexts.selectors import ContextFilters, context_map_places_for
    from lantern.contexts.views import map_data

    turn = iter(range(10**9))

    def run() -> int:
        bbox = views[next(turn) % len(views)]
        return len(map_data(context_map_places_for(reader, ContextFilters(), bbox=bbox))["places"])

    return run


def context_map_page(reader: Any) -> Callable[[], int]:
    """The map page's own queries: the first page of the table, and the extent to open on."""
    from lantern.contexts.selectors import ContextFilters, context_map_extent_for, context_map_table_for

    def run() -> int:
        rows = first_page(context_map_table_for(reader, ContextFilters()))[:-1]
        context_map_extent_for(reader, ContextFilters())
        return len([(place.name, place.type_label, place.area, place.linked_people) for place in rows])

    return run


def map_views(reader: Any, count: int, rng: random.Random) -> dict[str, list[Any]]:
    """The whole partnership's extent, and town-sized views around random places."""
    from decimal import Decimal

    from lantern.contexts.selectors import (
        BoundingBox,
        ContextFilters,
        context_map_extent_for,
        context_map_table_for,
    )

    extent = context_map_extent_for(reader, ContextFilters())
    points: list[tuple[Decimal, Decimal]] = list(
        context_map_table_for(reader, ContextFilters()).values_list("longitude", "latitude")  # type: ignore[arg-type]
    )
    half = Decimal("0.05")
    towns = [
        BoundingBox(west=lng - half, south=lat - half, east=lng + half, north=lat + half)
        for lng, lat in rng.sample(points, min(count, len(points)))
    ]
    return {"partnership": [extent], "town": towns}


def context_network(reader: Any, context_ids: list[int], rng: random.Random) -> Callable[[], int]:
    from lantern.contexts.selectors import context_network_for

    def run() -> int:
        _, network = context_network_for(reader, rng.choice(context_ids))
        return len(network.nodes)

    return run


def network_contexts(count: int, rng: random.Random) -> dict[str, list[int]]:
    """Random contexts, and the busiest ones (the hot spots a partnership looks at most)."""
    from django.db.models import Count

    from lantern.contexts.models import Context

    ids = list(Context.objects.values_list("pk", flat=True))
    busiest = list(
        Context.objects.annotate(links_count=Count("links"))
        .order_by("-links_count")
        .values_list("pk", flat=True)[:20]
    )
    return {"random": rng.sample(ids, min(count, len(ids))), "busiest": busiest}


def sizes() -> dict[str, int]:
    from lantern.concerns.models import Concern
    from lantern.contexts.models import Context, ContextLink
    from lantern.missing.models import EpisodeStatus, MissingEpisode, ReturnInterview
    from lantern.people.models import Person
    from lantern.referrals.models import Referral
    from lantern.risk.models import RiskAssessment
    from lantern.screening.models import Screening

    return {
        "people": Person.objects.count(),
        "risk_assessments": RiskAssessment.objects.count(),
        "concerns": Concern.objects.count(),
        "screenings": Screening.objects.count(),
        "referrals": Referral.objects.count(),
        "referrals_waiting": Referral.objects.filter(decided_at=None).count(),
        "missing_episodes": MissingEpisode.objects.count(),
        "open_episodes": MissingEpisode.objects.filter(status=EpisodeStatus.OPEN).count(),
        "return_interviews": ReturnInterview.objects.count(),
        "contexts": Context.objects.count(),
        "context_links": ContextLink.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--children", type=int, default=100_000, help="children to seed (default 100000)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per list (default 30)")
    parser.add_argument("--warm-up", type=int, default=3, help="untimed runs first (default 3)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--seed-only", action="store_true", help="seed the database and stop")
    parser.add_argument("--output", help="also write the results as JSON to this file")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "sqlite:///var/lantern.sqlite3")
    setup_django(bench_database_url(base_url, args.children))
    from django.db import connection

    seeding = seed_if_needed(args.children, args.seed)
    print(json.dumps(seeding, indent=2))
    if args.seed_only:
        return
    rng = random.Random(args.seed + 2)
    police, frontdoor, socialworker = user("police"), user("frontdoor"), user("socialworker")
    returns, analyst = user("returns"), user("analyst")
    contexts = network_contexts(200, rng)
    views = map_views(police, 200, rng)
    lists: dict[str, Callable[[], int]] = {
        "referral queue (frontdoor, waiting)": referral_queue(frontdoor),
        "risk reviews due, page 1 (socialworker)": risk_reviews(socialworker),
        "risk reviews due, page 1 (frontdoor)": risk_reviews(frontdoor),
        "return interviews, page 1 (returns: provider)": interviews(returns),
        "return interviews, page 1 (police)": interviews(police),
        "open missing episodes, page 1 (police)": open_episodes(police),
        "contexts map data, whole partnership (police)": context_map(police, views["partnership"]),
        "contexts map data, whole partnership (analyst)": context_map(analyst, views["partnership"]),
        "contexts map data, town-sized view (police)": context_map(police, views["town"]),
        "contexts map page: table page 1 and extent (police)": context_map_page(police),
        "context network, random context (police)": context_network(police, contexts["random"], rng),
        "context network, busiest 20 contexts (police)": context_network(police, contexts["busiest"], rng),
    }
    results: dict[str, Any] = {
        "database": connection.vendor,
        "database_name": connection.settings_dict["NAME"],
        "children": args.children,
        "sizes": sizes(),
        "seeding": seeding,
        "load_average_before": os.getloadavg(),
        "lists": {},
    }
    for label, call in lists.items():
        results["lists"][label] = timed(call, runs=args.runs, warm_up=args.warm_up)
        print(f"{label}: {json.dumps(results['lists'][label])}", flush=True)
    results["load_average_after"] = os.getloadavg()
    if args.output:
        Path(args.output).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
