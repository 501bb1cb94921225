"""Small-number suppression: primary, secondary in rows and columns, percentages, the board report.

``recovered`` below is the reader trying to undo the suppression: starting from what is shown, it
does every single subtraction a sum allows (a row's areas and the unknown-area children add up to
its total; the rows of the profile's tables add up to the same population in every column; a
percentage shown with its denominator gives the numerator and the other way round), again and
again with what it works out, and returns every hidden count it gets.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from lantern.audit.models import AuditEvent
from lantern.core.testing import TEST_PASSWORD, TestWorld, make_person, totp_code
from lantern.profile.board import board_report, board_workbook
from lantern.profile.selectors import TOTAL
from lantern.profile.suppression import (
    SHAPES,
    SUPPRESSED,
    Shape,
    Sum,
    suppress_below,
    suppressed,
    suppressed_board,
    suppressed_trends,
)
from lantern.profile.tests.factories import assess
from lantern.profile.tests.test_exports import read_xlsx
from lantern.profile.tests.test_pages import api_client
from tests.browser.fixtures import assert_accessible

AREAS = ["north", "south", "east"]
POPULATION_TABLES = ("exploitation", "care_status", "exploitation_by_sex")
BOARD_AS_AT = {"as_at_0": "31", "as_at_1": "12", "as_at_2": "2020"}


def row(key: str, **counts: Any) -> dict[str, Any]:
    return {"key": key, "label": key, "counts": counts}


def report_of(tables: dict[str, list[dict[str, Any]]], areas: list[str] | None = None) -> dict[str, Any]:
    return {"as_at": "2020-12-31", "areas": areas or ["north", "south"], "tables": tables}


def profile_of(children: list[dict[str, Any]], areas: list[str]) -> dict[str, Any]:
    """A profile-shaped report counted from synthetic children, as ``profile_report`` counts."""

    def counts_for(match: Any) -> dict[str, Any]:
        counts: dict[str, Any] = dict.fromkeys([*areas, TOTAL], 0)
        for child in children:
            if match(child):
                counts[TOTAL] += 1
                if child["area"] in areas:
                    counts[child["area"]] += 1
        return counts

    def table(field: str, keys: list[str], keep_zero: bool) -> list[dict[str, Any]]:
        rows = [row(key, **counts_for(lambda c, key=key: c[field] == key)) for key in keys]
        return [r for r in rows if keep_zero or any(r["counts"].values())]

    up = counts_for(lambda c: c["current"])
    overdue = counts_for(lambda c: not c["current"])
    percent = {
        column: (
            round(100 * up[column] / (up[column] + overdue[column]), 1)
            if up[column] + overdue[column]
            else None
        )
        for column in [*areas, TOTAL]
    }
    return report_of(
        {
            "exploitation": table(
                "type", ["criminal.high", "criminal.medium", "sexual.high", "sexual.low"], False
            ),
            "care_status": table("care", ["looked_after", "cp_plan", "not_open"], True),
            "risk_assessment": [
                row("up_to_date", **up),
                row("overdue", **overdue),
                row("percent_up_to_date", **percent),
            ],
            "exploitation_by_sex": table("sex", ["criminal.female", "criminal.male", "sexual.female"], False),
        },
        areas,
    )


def random_children(rng: random.Random, areas: list[str]) -> list[dict[str, Any]]:
    kinds = rng.choice([("criminal.high", "sexual.high"), ("criminal.high", "criminal.medium", "sexual.low")])
    return [
        {
            "area": rng.choice([*areas, *areas, *areas, None]),
            "type": rng.choice(kinds),
            "care": rng.choice(["looked_after", "cp_plan", "not_open", "not_open"]),
            "current": rng.random() < 0.4,
            "sex": rng.choice(["criminal.female", "criminal.male", "sexual.female"]),
        }
        for _ in range(rng.randint(0, 45))
    ]


# The further figure families' rows as a reader of figures.py would add them up (written out here
# rather than taken from SHAPES, so that a wrong shape fails): (whole, parts; "prefix.*" for every
# row starting with "prefix."). Rows that are only "of those" some other row give no subtraction.
FAMILY_SUMS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "intelligence": [("received", ("graded", "ungraded")), ("received", ("via.*",))],
    "disruption": [("happened", ("happened.*",)), ("in_force", ("in_force.*",))],
    "transitions": [("with_plan", ("status.*",))],
    "prevent": [("worries", ("worries.*",))],
}
FAMILY_PERCENTS: dict[str, dict[str, tuple[str, str]]] = {
    "meeting_actions": {"percent_overdue": ("overdue", "open")},
    "transitions": {"percent_with_plan": ("with_plan", "aged_17_plus")},
    "prevent": {"percent_staff_in_date": ("staff_in_date", "staff")},
}


def recovered(
    shown: dict[str, Any], original: dict[str, Any], threshold: int
) -> dict[tuple[str, str, str], int]:
    """Every hidden count (and small number of children with no area) that subtraction gives back.

    The reader knows what is shown, that a row with no children outside the areas has none, and
    how many children of the population have no area (unless that is a small number)."""
    areas, columns = shown["areas"], [*shown["areas"], TOTAL]
    values: dict[Any, float] = {}
    hidden: set[Any] = set()
    equations: list[tuple[list[Any], Any]] = []  # (parts, whole)
    percents: list[tuple[Any, Any, Any]] = []  # (percentage cell, numerator, denominator)
    for name, rows in shown["tables"].items():
        originals = {r["key"]: r["counts"] for r in original["tables"][name]}
        for r in rows:
            if r["key"].startswith("percent"):
                continue
            for column in columns:
                value = r["counts"][column]
                if isinstance(value, int):
                    values[(name, r["key"], column)] = value
                else:
                    hidden.add((name, r["key"], column))
            outside = originals[r["key"]][TOTAL] - sum(originals[r["key"]][c] for c in areas)
            if outside == 0:  # a reader may take it that everyone is in an area
                values[(name, r["key"], "outside")] = 0
            elif outside < threshold:
                hidden.add((name, r["key"], "outside"))
            equations.append(([(name, r["key"], c) for c in [*areas, "outside"]], (name, r["key"], TOTAL)))
        parts = {
            "risk_assessment": ["up_to_date", "overdue"],
        }.get(name, [r["key"] for r in rows])
        if name in POPULATION_TABLES or name == "risk_assessment":
            for column in [*columns, "outside"]:
                equations.append(([(name, key, column) for key in parts], ("population", column)))
        keys = [r["key"] for r in rows]
        for whole, wanted in FAMILY_SUMS.get(name, []):
            members = [
                key
                for want in wanted
                for key in keys
                if key == want or (want.endswith(".*") and key.startswith(want[:-1]))
            ]
            for column in [*columns, "outside"]:
                equations.append(([(name, key, column) for key in members], (name, whole, column)))
    equations.append(([("population", c) for c in [*areas, "outside"]], ("population", TOTAL)))
    if "care_status" in original["tables"]:  # the dashboard shows the children with no area
        care = original["tables"]["care_status"]
        population_outside = sum(r["counts"][TOTAL] - sum(r["counts"][c] for c in areas) for r in care)
        if population_outside >= threshold or population_outside == 0:
            values[("population", "outside")] = population_outside
        else:
            hidden.add(("population", "outside"))
    for r in shown["tables"].get("risk_assessment", []):
        if r["key"] == "percent_up_to_date":
            for column in columns:
                if isinstance(r["counts"][column], float):
                    values[("percent", column)] = r["counts"][column]
                    percents.append(
                        (
                            ("percent", column),
                            ("risk_assessment", "up_to_date", column),
                            ("population", column),
                        )
                    )
    for name, rows in shown["tables"].items():
        for r in rows:
            if r["key"] not in FAMILY_PERCENTS.get(name, {}):
                continue
            numerator, denominator = FAMILY_PERCENTS[name][r["key"]]
            for column in columns:
                if isinstance(r["counts"][column], float):
                    values[("percent", name, column)] = r["counts"][column]
                    percents.append(
                        (("percent", name, column), (name, numerator, column), (name, denominator, column))
                    )
    changed = True
    while changed:
        changed = False
        for parts, whole in equations:
            cells = [*parts, whole]
            unknown = [cell for cell in cells if cell not in values]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            values[cell] = (
                sum(values[p] for p in parts)
                if cell == whole
                else values[whole] - sum(values[p] for p in parts if p != cell)
            )
            changed = True
        for percent, numerator, denominator in percents:
            if numerator in values and denominator not in values and values[percent]:
                values[denominator] = round(100 * values[numerator] / values[percent])
                changed = True
            elif denominator in values and numerator not in values:
                values[numerator] = round(values[percent] * values[denominator] / 100)
                changed = True
    return {cell: int(values[cell]) for cell in hidden if cell in values}


def test_primary_hides_one_to_four_and_never_zero() -> None:
    report = report_of({"care_status": [row("not_open", north=20, south=0, total=20)]})
    assert suppressed(report, 5)["tables"]["care_status"][0]["counts"] == {
        "north": 20,
        "south": 0,
        "total": 20,
    }
    report = report_of({"contexts": [row("active", north=1, south=4, total=5)]})
    counts = suppressed(report, 5)["tables"]["contexts"][0]["counts"]
    assert counts == {"north": "<5", "south": "<5", "total": 5}


def test_one_hidden_cell_in_a_row_takes_the_next_smallest_with_it() -> None:
    report = report_of({"contexts": [row("active", north=10, south=2, total=12)]})
    counts = suppressed(report, 5)["tables"]["contexts"][0]["counts"]
    assert counts == {"north": SUPPRESSED, "south": "<5", "total": 12}


def test_children_of_unknown_area_are_protected_too() -> None:
    """Cumbria's districts add up to 59 of 60: the one child elsewhere is a small number."""
    report = report_of({"contexts": [row("active", north=30, south=29, total=60)]})
    counts = suppressed(report, 5)["tables"]["contexts"][0]["counts"]
    assert counts == {"north": 30, "south": SUPPRESSED, "total": 60}


def test_secondary_suppression_follows_columns_of_tables_that_share_the_population() -> None:
    report = report_of(
        {
            "exploitation": [
                row("criminal.high", north=10, south=2, total=12),
                row("sexual.high", north=8, south=9, total=17),
            ],
            "care_status": [
                row("looked_after", north=9, south=5, total=14),
                row("not_open", north=9, south=6, total=15),
            ],
        }
    )
    hidden = suppressed(report, 5)
    exploitation = [r["counts"] for r in hidden["tables"]["exploitation"]]
    # the 2 needs a partner in its row and one in its column, and so does that partner
    assert exploitation == [
        {"north": SUPPRESSED, "south": "<5", "total": 12},
        {"north": SUPPRESSED, "south": SUPPRESSED, "total": 17},
    ]
    assert [r["counts"] for r in hidden["tables"]["care_status"]] == [
        r["counts"] for r in report["tables"]["care_status"]
    ]
    assert recovered(hidden, report, 5) == {}


def test_without_the_column_check_the_population_would_give_it_away() -> None:
    """The same cells hidden in a table whose rows add up to nothing known can stay as they are."""
    report = report_of(
        {
            "contexts": [
                row("active", north=10, south=2, total=12),
                row("other", north=8, south=9, total=17),
            ],
        }
    )
    counts = [r["counts"] for r in suppressed(report, 5)["tables"]["contexts"]]
    assert counts == [
        {"north": SUPPRESSED, "south": "<5", "total": 12},
        {"north": 8, "south": 9, "total": 17},
    ]


def test_percentages_are_hidden_where_their_counts_are() -> None:
    report = report_of(
        {
            "risk_assessment": [
                row("up_to_date", north=2, south=10, east=20, total=32),
                row("overdue", north=8, south=10, east=20, total=38),
                row("percent_up_to_date", north=20.0, south=50.0, east=50.0, total=45.7),
            ],
            "care_status": [row("not_open", north=10, south=20, east=40, total=70)],
        },
        AREAS,
    )
    hidden = suppressed(report, 5)
    rows = {r["key"]: r["counts"] for r in hidden["tables"]["risk_assessment"]}
    assert rows["up_to_date"] == {"north": "<5", "south": SUPPRESSED, "east": 20, "total": 32}
    assert rows["overdue"] == {"north": SUPPRESSED, "south": SUPPRESSED, "east": 20, "total": 38}
    assert rows["percent_up_to_date"] == {
        "north": SUPPRESSED,
        "south": SUPPRESSED,
        "east": 50.0,
        "total": 45.7,
    }
    assert recovered(hidden, report, 5) == {}


def test_a_percentage_of_nothing_stays_empty() -> None:
    report = report_of(
        {
            "risk_assessment": [
                row("up_to_date", north=0, south=6, total=6),
                row("overdue", north=0, south=6, total=6),
                row("percent_up_to_date", north=None, south=50.0, total=50.0),
            ]
        }
    )
    percent = suppressed(report, 5)["tables"]["risk_assessment"][2]["counts"]
    assert percent == {"north": None, "south": 50.0, "total": 50.0}


def test_a_percentage_row_of_an_unknown_table_is_hidden_where_any_of_its_counts_is() -> None:
    report = report_of(
        {
            "new_family": [
                row("done", north=3, south=20, total=23),
                row("percent_done", north=30.0, south=80.0, total=60.0),
            ]
        }
    )
    counts = suppressed(report, 5)["tables"]["new_family"][1]["counts"]
    assert counts["north"] == SUPPRESSED and counts["south"] == SUPPRESSED  # south went with north
    assert counts["total"] == 60.0


def test_threshold_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    report = report_of({"contexts": [row("active", north=7, south=20, total=27)]})
    monkeypatch.delenv("LANTERN_SUPPRESS_BELOW", raising=False)
    assert suppress_below() == 5
    assert suppressed(report)["tables"]["contexts"][0]["counts"]["north"] == 7
    monkeypatch.setenv("LANTERN_SUPPRESS_BELOW", "10")
    hidden = suppressed(report)
    assert hidden["tables"]["contexts"][0]["counts"] == {"north": "<10", "south": SUPPRESSED, "total": 27}
    assert hidden["suppressed_below"] == 10
    assert "Counts from 1 to 9 are hidden" in hidden["suppression"]
    monkeypatch.setenv("LANTERN_SUPPRESS_BELOW", "many")
    assert suppress_below() == 5


@pytest.mark.parametrize("threshold", [5, 10])
@pytest.mark.parametrize("seed", range(100))
def test_no_hidden_count_can_be_worked_out(seed: int, threshold: int) -> None:
    rng = random.Random(seed)
    report = profile_of(random_children(rng, AREAS), AREAS)
    hidden = suppressed(report, threshold)
    assert recovered(hidden, report, threshold) == {}
    for name, rows in hidden["tables"].items():
        for before, after in zip(report["tables"][name], rows, strict=True):
            if before["key"].startswith("percent"):
                continue
            for column, value in before["counts"].items():
                shown = after["counts"][column]
                if value == 0:
                    assert shown == 0  # zero is never hidden
                elif value < threshold:
                    assert shown == f"<{threshold}"
                else:
                    assert shown in (value, SUPPRESSED)


def test_the_random_tables_do_need_secondary_suppression() -> None:
    """Most of the random profiles above have a hidden cell that is not itself small."""
    needing = 0
    for seed in range(100):
        report = profile_of(random_children(random.Random(seed), AREAS), AREAS)
        tables = suppressed(report, 5)["tables"]
        needing += any(
            SUPPRESSED in r["counts"].values()
            for rows in tables.values()
            for r in rows
            if not r["key"].startswith("percent")
        )
    assert needing > 50


def test_the_checker_catches_primary_suppression_alone() -> None:
    """The checker is not vacuous: hiding only the small counts leaves them recoverable."""
    report = report_of({"contexts": [row("active", north=10, south=2, total=12)]})
    only_primary = report_of({"contexts": [row("active", north=10, south="<5", total=12)]})
    assert recovered(only_primary, report, 5) == {("contexts", "active", "south"): 2}


def test_the_original_report_is_left_untouched() -> None:
    report = report_of({"contexts": [row("active", north=10, south=2, total=12)]})
    suppressed(report, 5)
    assert report["tables"]["contexts"][0]["counts"] == {"north": 10, "south": 2, "total": 12}


def board_of(sections: dict[str, list[dict[str, Any]]], trends: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "as_at": "2020-12-31",
        "areas": ["north", "south"],
        "population_definition": "",
        "strands": [
            {
                "name": "Protect",
                "question": "",
                "sections": [
                    {"id": name, "title": name, "definition": "", "rows": rows}
                    for name, rows in sections.items()
                ],
            }
        ],
        "trends": trends,
        "not_yet": "",
    }


def test_board_sections_are_suppressed_together_with_the_trend() -> None:
    report = board_of(
        {
            "care_status": [row("not_open", north=10, south=2, total=12)],
            "youth_justice": [
                row("flagged", north=6, south=0, total=6),
                row("percent_flagged", north=60.0, south=0.0, total=50.0),
            ],
            "missing": [row("episodes", north=9, south=3, total=12)],
        },
        [
            {"as_at": "2020-11-30", "population": 3, "missing_episodes": 2, "youth_justice_percent": 50.0},
            {"as_at": "2020-12-31", "population": 12, "missing_episodes": 12, "youth_justice_percent": 50.0},
        ],
    )
    hidden = suppressed_board(report, 5)
    sections = {s["id"]: s["rows"] for s in hidden["strands"][0]["sections"]}
    assert sections["care_status"][0]["counts"] == {"north": SUPPRESSED, "south": "<5", "total": 12}
    # the population of north is hidden, so the percentage of it would give it away
    assert sections["youth_justice"][1]["counts"] == {"north": SUPPRESSED, "south": SUPPRESSED, "total": 50.0}
    assert sections["missing"][0]["counts"] == {"north": SUPPRESSED, "south": "<5", "total": 12}
    earlier, last = hidden["trends"]
    assert earlier == {
        "as_at": "2020-11-30",
        "population": "<5",
        "missing_episodes": "<5",
        "youth_justice_percent": SUPPRESSED,
    }
    assert last == {
        "as_at": "2020-12-31",
        "population": 12,
        "missing_episodes": 12,
        "youth_justice_percent": 50.0,
    }
    assert report["strands"][0]["sections"][0]["rows"][0]["counts"]["south"] == 2


def test_the_last_trend_point_is_hidden_where_the_table_behind_it_is() -> None:
    tables = {"missing": [row("episodes", north="<5", south=20, total=SUPPRESSED)]}
    points = [{"as_at": "2020-12-31", "missing_episodes": 23, "population": 30}]
    assert suppressed_trends(points, tables, set(), 5) == [
        {"as_at": "2020-12-31", "missing_episodes": SUPPRESSED, "population": SUPPRESSED}
    ]


@pytest.fixture
def board_children(world: Any) -> None:
    for _ in range(6):
        assess(make_person(area=world.area_a), date(2020, 12, 10))
    assess(make_person(area=world.area_b), date(2020, 8, 10))


def test_board_workbook_with_and_without_suppression(board_children: None) -> None:
    report = board_report(as_at=date(2020, 12, 31))
    names = {"north": "North", "south": "South"}
    plain = read_xlsx(board_workbook(report, names))
    assert ["Criminal exploitation: High", "6", "1", "7"] in plain["Protect"]
    assert plain["Definitions"][-1][0] == "Small numbers"
    assert "within the partnership only" in plain["Definitions"][-1][1]
    sheets = read_xlsx(board_workbook(report, names, suppress=True))
    assert ["Criminal exploitation: High", "6", "<5", SUPPRESSED] in sheets["Protect"]
    assert "Counts from 1 to 4 are hidden" in sheets["Definitions"][-1][1]
    assert "cannot be worked out from totals" in sheets["Definitions"][-1][1]
    assert not any(cell == "1" for r in sheets["Protect"] for cell in r[1:])


def test_board_download_option_is_audited(world: Any, board_children: None) -> None:
    client = world.client_for(world.police_analyst)
    url = reverse("profile:board-report-download")
    response = client.get(url + "?as_at=2020-12-31&suppress=on")
    assert response.status_code == 200
    assert "board-report-2020-12-31-suppressed.xlsx" in response["Content-Disposition"]
    assert ["Criminal exploitation: High", "6", "<5", SUPPRESSED] in read_xlsx(response.content)["Protect"]
    assert client.get(url + "?as_at=2020-12-31").status_code == 200
    exports = AuditEvent.objects.filter(action="export", object_type="board_report").order_by("id")
    assert [event.detail["suppressed"] for event in exports] == [True, False]


def test_board_page_for_publication(world: Any, board_children: None) -> None:
    client = world.client_for(world.partnership_admin)
    page = client.get(reverse("profile:board-report"), {**BOARD_AS_AT, "suppress": "on"}).content.decode()
    assert 'data-testid="board-suppression"' in page and "Counts from 1 to 4 are hidden" in page
    assert "&lt;5" in page and f"{SUPPRESSED}%" not in page
    assert "suppress=on" in page  # the download link keeps the option
    plain = client.get(reverse("profile:board-report"), BOARD_AS_AT).content.decode()
    assert 'data-testid="board-not-suppressed"' in plain and "&lt;5" not in plain
    views = AuditEvent.objects.filter(action="view", object_type="board_report").order_by("id")
    assert [event.detail["suppressed"] for event in views] == [True, False]


@pytest.mark.parametrize("name", ["teacher", "auditor"])
def test_board_option_is_refused_to_roles_without_a_need(world: Any, name: str) -> None:
    user = getattr(world, name)
    client = world.client_for(user)
    assert client.get(reverse("profile:board-report"), {**BOARD_AS_AT, "suppress": "on"}).status_code == 403
    download = reverse("profile:board-report-download") + "?as_at=2020-12-31&suppress=on"
    assert client.get(download).status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count() == 2


def test_profile_api_suppresses_for_use_outside(world: Any, board_children: None) -> None:
    client = api_client(world.police_analyst)
    body = client.get("/api/v1/profile/?as_at=2020-12-31&suppress=true").json()
    assert body["tables"]["exploitation"][0]["counts"] == {"north": 6, "south": "<5", "total": SUPPRESSED}
    assert "cannot be worked out from totals" in body["suppression"]
    plain = client.get("/api/v1/profile/?as_at=2020-12-31").json()
    assert plain["tables"]["exploitation"][0]["counts"] == {"north": 6, "south": 1, "total": 7}
    assert api_client(world.teacher).get("/api/v1/profile/?as_at=2020-12-31&suppress=true").status_code == 403
    assert AuditEvent.objects.filter(action="access_refused", user_id_ref=world.teacher.pk).exists()


def test_figures_api_suppresses_for_use_outside(world: Any, board_children: None) -> None:
    client = api_client(world.police_analyst)
    plain = client.get("/api/v1/profile/figures/?as_at=2020-12-31").json()
    assert plain["figures"]["identification_route"][0]["counts"] == {"north": 6, "south": 1, "total": 7}
    body = client.get("/api/v1/profile/figures/?as_at=2020-12-31&suppress=true").json()
    route = body["figures"]["identification_route"][0]["counts"]
    # the route counts the profile's population: suppressed with the profile's tables, as the board is
    assert route == {"north": 6, "south": "<5", "total": SUPPRESSED}
    board = suppressed_board(board_report(as_at=date(2020, 12, 31)))
    assert route == board["strands"][0]["sections"][0]["rows"][0]["counts"]
    assert body["suppressed_below"] == 5 and "cannot be worked out from totals" in body["suppression"]
    assert body["trends"][-1]["population"] == SUPPRESSED  # 7: it would give the 1 away
    assert all(
        not (isinstance(value, int) and 0 < value < 5) for point in body["trends"] for value in point.values()
    )
    events = AuditEvent.objects.filter(object_type="profile_figures").order_by("id")
    assert [(event.action, event.detail["suppressed"]) for event in events] == [
        ("view", False),
        ("export", True),
    ]
    refused = api_client(world.teacher).get("/api/v1/profile/figures/?as_at=2020-12-31&suppress=true")
    assert refused.status_code == 403
    assert AuditEvent.objects.filter(
        action="access_refused", user_id_ref=world.teacher.pk, object_type="profile_figures"
    ).exists()


@pytest.mark.browser
def test_board_page_option_in_a_browser(live_server: Any, page: Page, live_world: TestWorld) -> None:
    for _ in range(6):
        assess(make_person(area=live_world.area_a), date(2020, 12, 10))
    assess(make_person(area=live_world.area_b), date(2020, 8, 10))
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Username").fill(live_world.partnership_admin.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_label("Security code").fill(totp_code(live_world.partnership_admin))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lantern")
    page.goto(f"{live_server.url}/profile/board/")
    expect(page.get_by_test_id("board-not-suppressed")).to_be_visible()
    page.get_by_role("textbox", name="Day").fill("31")
    page.get_by_role("textbox", name="Month").fill("12")
    page.get_by_role("textbox", name="Year").fill("2020")
    page.get_by_role("checkbox", name="For publication outside the partnership").check()
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_test_id("board-suppression")).to_contain_text("Counts from 1 to 4 are hidden")
    expect(page.get_by_test_id("board-exploitation")).to_contain_text("<5")
    expect(page.get_by_role("checkbox", name="For publication outside the partnership")).to_be_checked()
    assert_accessible(page)


# --- the further figure families ------------------------------------------------------------------


def counted(items: list[dict[str, Any]], match: Any, areas: list[str], amount: str = "") -> dict[str, Any]:
    """Counts per area and in total as figures.py adds them: an item with no area (or one outside
    the partnership) is in the total only."""
    counts: dict[str, Any] = dict.fromkeys([*areas, TOTAL], 0)
    for item in items:
        if match(item):
            n = item[amount] if amount else 1
            counts[TOTAL] += n
            if item["area"] in areas:
                counts[item["area"]] += n
    return counts


def percent_of(part: dict[str, Any], whole: dict[str, Any]) -> dict[str, Any]:
    return {c: (round(100 * part[c] / whole[c], 1) if whole[c] else None) for c in whole}


def family_rows(family: str, rng: random.Random, areas: list[str]) -> list[dict[str, Any]]:
    """Random rows of one family, shaped as ``lantern.profile.figures`` makes them."""

    def items(**choices: Any) -> list[dict[str, Any]]:
        return [
            {
                "area": rng.choice([*areas, *areas, *areas, None]),
                **{k: rng.choice(v) for k, v in choices.items()},
            }
            for _ in range(rng.randint(0, 40))
        ]

    def of(things: list[dict[str, Any]], **want: Any) -> dict[str, Any]:
        return counted(things, lambda item: all(item[k] == v for k, v in want.items()), areas)

    if family == "intelligence":
        reports = items(via=["police", "partner", "public"], graded=[True, False])
        return [
            row("received", **of(reports)),
            *(row(f"via.{via}", **of(reports, via=via)) for via in ("police", "partner", "public")),
            row("graded", **of(reports, graded=True)),
            row("ungraded", **of(reports, graded=False)),
        ]
    if family == "disruption":
        activity = items(kind=["cpn", "trespass", "visit"], when=["month", "force", "both"])
        month = [a for a in activity if a["when"] != "force"]
        force = [a for a in activity if a["when"] != "month"]
        return [
            row("happened", **of(month)),
            *(row(f"happened.{k}", **of(month, kind=k)) for k in sorted({a["kind"] for a in month})),
            row("in_force", **of(force)),
            *(row(f"in_force.{k}", **of(force, kind=k)) for k in sorted({a["kind"] for a in force})),
        ]
    if family == "nrm":
        referrals = items(stage=["submitted", "positive", "negative", "waiting"], late=[True, False])
        decided = [r for r in referrals if r["stage"] in ("positive", "negative")]
        waiting = [r for r in referrals if r["stage"] == "waiting"]
        return [
            row("submitted", **of(referrals, stage="submitted")),
            row("rg_positive", **of(referrals, stage="positive")),
            row("rg_negative", **of(referrals, stage="negative")),
            row("rg_late", **of(decided, late=True)),
            row("rg_waiting", **of(waiting)),
            row("rg_overdue", **of(waiting, late=True)),
        ]
    if family == "meeting_actions":
        actions = items(overdue=[True, False, False])
        open_counts, overdue = of(actions), of(actions, overdue=True)
        return [
            row("open", **open_counts),
            row("overdue", **overdue),
            row("percent_overdue", **percent_of(overdue, open_counts)),
        ]
    if family == "transitions":
        children = items(
            aged=[True, False], plan=[True, False], status=["planning", "referred", "handed_over"]
        )
        aged = [c for c in children if c["aged"]]
        planned = [c for c in aged if c["plan"]]
        aged_counts, plan_counts = of(aged), of(planned)
        return [
            row("aged_17_plus", **aged_counts),
            row("with_plan", **plan_counts),
            *(
                row(f"status.{k}", **of(planned, status=k))
                for k in ("planning", "referred", "accepted", "handed_over")
            ),
            row("percent_with_plan", **percent_of(plan_counts, aged_counts)),
        ]
    assert family == "prevent"
    worries = items(outcome=["referred", "advice", "awaiting_triage"])
    activities = items(reached=[0, 3, 30])
    staff = items(in_date=[True, True, False])
    staff_counts, in_date = of(staff), of(staff, in_date=True)
    return [
        row("worries", **of(worries)),
        *(row(f"worries.{k}", **of(worries, outcome=k)) for k in ("referred", "advice", "awaiting_triage")),
        row("school_activities", **of(activities)),
        row("school_people_reached", **counted(activities, lambda a: True, areas, "reached")),
        row("staff", **staff_counts),
        row("staff_in_date", **in_date),
        row("percent_staff_in_date", **percent_of(in_date, staff_counts)),
    ]


NEW_FAMILIES = ("intelligence", "disruption", "nrm", "meeting_actions", "transitions", "prevent")


@pytest.mark.parametrize("threshold", [5, 10])
@pytest.mark.parametrize("family", NEW_FAMILIES)
def test_no_hidden_count_of_a_further_family_can_be_worked_out(family: str, threshold: int) -> None:
    for seed in range(40):
        report = report_of({family: family_rows(family, random.Random(seed), AREAS)}, AREAS)
        hidden = suppressed(report, threshold)
        assert recovered(hidden, report, threshold) == {}, seed


@pytest.mark.parametrize("seed", range(20))
def test_the_further_families_suppressed_together_with_the_profile_give_nothing_away(seed: int) -> None:
    rng = random.Random(seed)
    report = profile_of(random_children(rng, AREAS), AREAS)
    report["tables"].update({family: family_rows(family, rng, AREAS) for family in NEW_FAMILIES})
    assert recovered(suppressed(report, 5), report, 5) == {}


@pytest.mark.parametrize("family", ["intelligence", "disruption", "transitions", "prevent"])
def test_a_shape_that_misses_an_exact_sum_lets_the_checker_recover_a_count(
    family: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not vacuous: with the family's exact sums declared as only part of their whole (the rows the
    suppression would then leave out of its column check), some hidden count comes back."""
    loose = Shape(
        sums=tuple(Sum(s.whole, s.parts, rest=True) for s in SHAPES[family].sums),
        percents=SHAPES[family].percents,
    )
    monkeypatch.setitem(SHAPES, family, loose)
    leaks = 0
    for seed in range(40):
        report = report_of({family: family_rows(family, random.Random(seed), AREAS)}, AREAS)
        leaks += bool(recovered(suppressed(report, 5), report, 5))
    assert leaks > 0


def test_the_further_families_need_secondary_suppression() -> None:
    needing = 0
    for family in NEW_FAMILIES:
        for seed in range(20):
            report = report_of({family: family_rows(family, random.Random(seed), AREAS)}, AREAS)
            tables = suppressed(report, 5)["tables"]
            needing += any(
                SUPPRESSED in r["counts"].values()
                for r in tables[family]
                if not r["key"].startswith("percent")
            )
    assert needing > 40  # 55 of the 120
