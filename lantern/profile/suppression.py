"""Small-number suppression for figures that leave the partnership (issue 8 §5).

The rule, over tables of rows ``{"key", "label", "counts": {<area code>: n, ..., "total": n}}``:

1. Primary: a count from 1 to N-1 is hidden and shown as "<N" (N is LANTERN_SUPPRESS_BELOW,
   default 5). Zero is never hidden.
2. Secondary: a hidden count must not be recoverable from what is shown. The cells of a table are
   tied together by sums: each row's area cells plus the children whose area is unknown or outside
   the partnership add up to its total, and the rows of some tables add up to a total in every
   column (every child in the profile's population is in exactly one exploitation row, one care
   status row, one sex row, one identification route row, and is either up to date or overdue;
   the same population lies behind every such table, so they are tied to each other too). Every
   cell that one subtraction gives from the cells shown is worked out, and again with what that
   gives, until nothing more comes. While a hidden small count can be worked out this way, one
   more non-zero count is hidden (shown as "suppressed"): of the counts shown in the sums that give
   it away (its row and columns, and the sums behind them), the one whose hiding leaves the fewest
   small counts recoverable, then the fewest sums a small count can be read from directly, then
   one in its own row or column, then the smallest, preferring an area cell to a total. Where one
   small count sits in a row and a column this ends with the four corners of a rectangle hidden.
   Last, any cell hidden on the way that is not needed after all is shown again, largest first.
   Children whose area is unknown or outside the partnership are counted in totals but in no
   area: how many there are in the population is taken as known (the dashboard shows it) unless it
   is a small number, a row with none of them is taken as known to have none, and where a row's
   number of them is small it is protected like any small count.
3. Percentages: a percentage is shown only where its numerator and denominator can both be worked
   out from the counts shown (so it tells nothing more); otherwise it is shown as "suppressed".
   A percentage row of a table whose make-up is not known here is hidden in any column where a
   count of that table is hidden.

Only tables whose sums are described in ``SHAPES`` get column checks; rows are always checked.
A sum declared here must hold exactly (a part it names that is missing from the table gets an
unprinted rest), since a percentage is shown on the strength of what the sums let a reader work out.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lantern.profile.figures import HEADLINES
from lantern.profile.selectors import TOTAL

SUPPRESSED = "suppressed"
OUTSIDE = "~outside"  # the column of children whose area is unknown or outside the partnership
POPULATION = "~population"  # the profile's population, which several tables' rows add up to
OWN_WHOLE = "~whole"  # an unpublished row of a table that the table's parts add up to
REST = "~rest"  # the unpublished rest of a whole after the parts shown
DEFAULT_THRESHOLD = 5

Row = tuple[str, str]  # (table, key); the population is ("", POPULATION)
Cell = tuple[Row, str]  # (row, column)
POPULATION_ROW: Row = ("", POPULATION)


@dataclass(frozen=True)
class Sum:
    """Rows of a table that add up to a whole in every column.

    ``whole``: POPULATION, OWN_WHOLE (a total the table does not print) or a row key. ``parts``:
    row keys, or "prefix.*" for every row whose key starts with "prefix." (None: every count row
    but the whole). ``rest``: the parts are only some of the whole; an unprinted rest completes
    it. A part that is not in the table also gets a rest, so a sum never claims more than holds.
    """

    whole: str
    parts: tuple[str, ...] | None = None
    rest: bool = False


@dataclass(frozen=True)
class Shape:
    """The sums of a table, and its percentages: row key -> (numerator row key, denominator)."""

    sums: tuple[Sum, ...] = ()
    percents: Mapping[str, tuple[str, str]] = field(default_factory=dict)


SHAPES: dict[str, Shape] = {
    "exploitation": Shape(sums=(Sum(POPULATION),)),
    "care_status": Shape(sums=(Sum(POPULATION),)),
    "exploitation_by_sex": Shape(sums=(Sum(POPULATION),)),
    "identification_route": Shape(sums=(Sum(POPULATION),)),
    "risk_assessment": Shape(
        sums=(Sum(POPULATION, ("up_to_date", "overdue")),),
        percents={"percent_up_to_date": ("up_to_date", POPULATION)},
    ),
    "education": Shape(
        sums=(Sum(POPULATION, ("any",), rest=True),), percents={"percent_any": ("any", POPULATION)}
    ),
    "youth_justice": Shape(
        sums=(Sum(POPULATION, ("flagged",), rest=True),),
        percents={"percent_flagged": ("flagged", POPULATION)},
    ),
    "referral_timeliness": Shape(
        sums=(Sum(OWN_WHOLE, ("in_time", "late", "not_yet")),),
        percents={"percent_in_time": ("in_time", OWN_WHOLE)},
    ),
    "screening_timeliness": Shape(
        sums=(Sum(OWN_WHOLE, ("in_time", "late")),), percents={"percent_in_time": ("in_time", OWN_WHOLE)}
    ),
    "missing": Shape(
        sums=(Sum("rhi_due", ("rhi_within_72h",), rest=True), Sum("episodes", ("children",), rest=True)),
        percents={"percent_rhi_within_72h": ("rhi_within_72h", "rhi_due")},
    ),
    "contexts": Shape(),
    # Every report is graded by the date or not, and came by one route (every route has a row).
    "intelligence": Shape(sums=(Sum("received", ("graded", "ungraded")), Sum("received", ("via.*",)))),
    # Every disruption has one type, and a type has a row wherever it has a disruption.
    "disruption": Shape(sums=(Sum("happened", ("happened.*",)), Sum("in_force", ("in_force.*",)))),
    # Submissions and decisions in the month are different referrals: only "of those" rows nest.
    "nrm": Shape(
        sums=(
            Sum(OWN_WHOLE, ("rg_positive", "rg_negative")),
            Sum(OWN_WHOLE, ("rg_late",), rest=True),
            Sum("rg_waiting", ("rg_overdue",), rest=True),
        )
    ),
    "meeting_actions": Shape(
        sums=(Sum("open", ("overdue",), rest=True),), percents={"percent_overdue": ("overdue", "open")}
    ),
    "transitions": Shape(
        sums=(
            Sum(POPULATION, ("aged_17_plus",), rest=True),
            Sum("aged_17_plus", ("with_plan",), rest=True),
            Sum("with_plan", ("status.*",)),  # every plan has one status, each with a row
        ),
        percents={"percent_with_plan": ("with_plan", "aged_17_plus")},
    ),
    "prevent": Shape(
        # Every worry has one outcome by the date (not triaged being one); school activity rows
        # count activities, people and schools, which do not add up to one another.
        sums=(Sum("worries", ("worries.*",)), Sum("staff", ("staff_in_date",), rest=True)),
        percents={"percent_staff_in_date": ("staff_in_date", "staff")},
    ),
}


def suppress_below() -> int:
    """Counts from 1 up to this number minus one are hidden (LANTERN_SUPPRESS_BELOW, default 5)."""
    try:
        threshold = int(os.environ.get("LANTERN_SUPPRESS_BELOW", str(DEFAULT_THRESHOLD)))
    except ValueError:
        threshold = DEFAULT_THRESHOLD
    return max(threshold, 1)


def suppression_note(threshold: int) -> str:
    """The rule in words, for the definitions that go out with a suppressed export."""
    return (
        f"Counts from 1 to {threshold - 1} are hidden (shown as <{threshold}); further cells are hidden "
        f'(shown as "{SUPPRESSED}") so hidden counts cannot be worked out from totals. A percentage '
        "is shown only where the counts it is made from can be worked out from the counts shown."
    )


def is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_percent_row(key: str) -> bool:
    return key.startswith("percent")


def _row(table: str, key: str) -> Row:
    """The row a sum's whole or a percentage's denominator names."""
    if key == POPULATION:
        return POPULATION_ROW
    return (table, key)


class _Grid:
    """Every cell of a set of tables, the sums that tie them, and which are printed."""

    def __init__(self, tables: Mapping[str, list[dict[str, Any]]], areas: list[str], threshold: int) -> None:
        self.threshold = threshold
        self.columns = [*areas, OUTSIDE, TOTAL]
        self.values: dict[Cell, int] = {}
        self.order: dict[Cell, int] = {}
        self.printed: set[Cell] = set()
        self.assumed: set[Cell] = set()  # not printed but taken as known
        self.sensitive: set[Cell] = set()
        self.equations: list[tuple[Cell, ...]] = []
        virtual_rows: set[Row] = set()
        for table, rows in tables.items():
            counted = [row for row in rows if not is_percent_row(row["key"])]
            for row in counted:
                self._add_printed_row((table, row["key"]), row["counts"], areas)
            keys = [row["key"] for row in counted]
            for index, total in enumerate(SHAPES.get(table, Shape()).sums):
                virtual_rows |= self._add_sum(table, index, total, keys)
        for virtual in sorted(virtual_rows | ({POPULATION_ROW} if self._uses(POPULATION_ROW) else set())):
            self.equations.append(tuple((virtual, column) for column in self.columns))
        self._population_outside(tables)

    def _population_outside(self, tables: Mapping[str, list[dict[str, Any]]]) -> None:
        """The dashboard shows how many children of the population have no area in the
        partnership: taken as known, unless it is a small number."""
        for table, rows in tables.items():
            if Sum(POPULATION) in SHAPES.get(table, Shape()).sums and self._uses(POPULATION_ROW):
                cell = (POPULATION_ROW, OUTSIDE)
                self.values[cell] = sum(
                    self.values[((table, row["key"]), OUTSIDE)]
                    for row in rows
                    if not is_percent_row(row["key"])
                )
                self.order[cell] = len(self.order)
                (self.sensitive if self.is_small(self.values[cell]) else self.assumed).add(cell)
                return

    def _add_sum(self, table: str, index: int, total: Sum, keys: list[str]) -> set[Row]:
        """The equations of one sum in every column; returns the unprinted rows it brings in."""
        whole = _row(table, total.whole)
        virtual: set[Row] = set()
        if total.whole != POPULATION and total.whole not in keys:
            virtual.add(whole)
        wanted = [key for key in keys if key != total.whole] if total.parts is None else list(total.parts)
        parts: list[Row] = []
        missing = False
        for want in wanted:
            if want.endswith(".*"):
                parts += [(table, key) for key in keys if key.startswith(want[:-1])]
            elif want in keys:
                parts.append((table, want))
            else:
                missing = True
        if total.rest or (missing and total.parts is not None):
            rest = (table, f"{REST}{index}")
            parts.append(rest)
            virtual.add(rest)
        for column in self.columns:
            self.equations.append((*((part, column) for part in parts), (whole, column)))
        return virtual

    def _uses(self, row: Row) -> bool:
        return any(cell[0] == row for equation in self.equations for cell in equation)

    def _add_printed_row(self, row: Row, counts: Mapping[str, Any], areas: list[str]) -> None:
        for column in [*areas, TOTAL]:
            cell = (row, column)
            self.values[cell] = int(counts.get(column) or 0)
            self.order[cell] = len(self.order)
            self.printed.add(cell)
        outside = (row, OUTSIDE)
        self.values[outside] = self.values[(row, TOTAL)] - sum(self.values[(row, c)] for c in areas)
        self.order[outside] = len(self.order)
        if not self.values[outside]:  # taken as known: everyone is in an area, as a reader would assume
            self.assumed.add(outside)
        for column in self.columns:
            if self.is_small(self.values[(row, column)]):
                self.sensitive.add((row, column))
        self.equations.append(tuple((row, column) for column in self.columns))

    def is_small(self, value: int) -> bool:
        return 0 < value < self.threshold

    def _index(self) -> None:
        self.equations_of: dict[Cell, list[int]] = {}
        for index, equation in enumerate(self.equations):
            for cell in equation:
                self.equations_of.setdefault(cell, []).append(index)

    def derivable(self, hidden: set[Cell]) -> tuple[set[Cell], dict[Cell, int]]:
        """Every cell worked out from what is shown by repeated single subtractions, and the sum
        that gave each one."""
        known = (self.printed | self.assumed) - hidden - self.sensitive
        unknown = [sum(cell not in known for cell in equation) for equation in self.equations]
        ready = [index for index, n in enumerate(unknown) if n == 1]
        via: dict[Cell, int] = {}
        while ready:
            index = ready.pop()
            if unknown[index] != 1:
                continue
            cell = next(cell for cell in self.equations[index] if cell not in known)
            known.add(cell)
            via[cell] = index
            for other in self.equations_of[cell]:
                unknown[other] -= 1
                if unknown[other] == 1:
                    ready.append(other)
        return known, via

    def _leaks(self, hidden: set[Cell]) -> tuple[list[Cell], set[Cell], dict[Cell, int]]:
        known, via = self.derivable(hidden)
        leaked = sorted((cell for cell in self.sensitive if cell in known), key=self.order.__getitem__)
        return leaked, known, via

    def protect(self) -> tuple[set[Cell], set[Cell]]:
        """The printed cells to hide, and what can be worked out from the rest."""
        self._index()
        hidden = {cell for cell in self.printed if cell in self.sensitive}
        while True:
            leaked, known, via = self._leaks(hidden)
            if not leaked:
                return self._unhide_spare(hidden)
            target = leaked[0]
            candidates: dict[Cell, int] = {}
            for index in self.equations_of[target]:
                if all(cell in known for cell in self.equations[index]):
                    self._behind(index, target, via, hidden, 0, candidates, {target})
            if not candidates:  # nothing shown gives it away: what is taken as known does
                everything = hidden | {cell for cell in self.printed if self.values[cell]}
                if everything == hidden:
                    return hidden, known
                hidden = everything
                continue
            hidden.add(min(candidates, key=lambda cell: self._cost(cell, candidates[cell], hidden)))

    def _exposed(self, hidden: set[Cell]) -> int:
        """How many sums have a small count as their only cell not shown."""
        shown = (self.printed | self.assumed) - hidden - self.sensitive
        return sum(
            all(other == cell or other in shown for other in self.equations[index])
            for cell in self.sensitive
            for index in self.equations_of.get(cell, [])
        )

    def _unhide_spare(self, hidden: set[Cell]) -> tuple[set[Cell], set[Cell]]:
        """Show again, largest first, any cell hidden on the way that turns out not to be needed."""
        for cell in sorted(hidden - self.sensitive, key=lambda c: (-self.values[c], -self.order[c])):
            if not self._leaks(hidden - {cell})[0]:
                hidden = hidden - {cell}
        _, known, _ = self._leaks(hidden)
        return hidden, known

    def _cost(self, cell: Cell, depth: int, hidden: set[Cell]) -> tuple[int, int, int, int, bool, int]:
        """Prefer the cell whose hiding leaves the fewest small counts recoverable, then the fewest
        sums a small count could be read from directly, then one in a sum that gave the count away
        rather than behind it, then the smallest, then an area cell over a total."""
        trial = hidden | {cell}
        leaked, _, _ = self._leaks(trial)
        return (
            len(leaked),
            self._exposed(trial),
            depth,
            self.values[cell],
            cell[1] == TOTAL,
            self.order[cell],
        )

    def _behind(
        self,
        index: int,
        target: Cell,
        via: dict[Cell, int],
        hidden: set[Cell],
        depth: int,
        found: dict[Cell, int],
        seen: set[Cell],
    ) -> None:
        """The non-zero printed cells shown in sum ``index``, which worked ``target`` out (depth 0),
        and in the sums that worked out its other cells (depth 1, and so on)."""
        for cell in self.equations[index]:
            if cell in seen:
                continue
            seen.add(cell)
            if cell in self.printed and cell not in hidden and self.values[cell]:
                found[cell] = min(found.get(cell, depth), depth)
            elif cell in via:
                self._behind(via[cell], cell, via, hidden, depth + 1, found, seen)


def _shown_percent(
    table: str, key: str, column: str, known: set[Cell], rows: Iterable[dict[str, Any]]
) -> bool:
    shape = SHAPES.get(table)
    if shape is not None and key in shape.percents:
        numerator, denominator = shape.percents[key]
        return ((table, numerator), column) in known and (_row(table, denominator), column) in known
    return all(((table, row["key"]), column) in known for row in rows if not is_percent_row(row["key"]))


def suppress_tables(
    tables: Mapping[str, list[dict[str, Any]]], areas: list[str], threshold: int
) -> tuple[dict[str, list[dict[str, Any]]], set[Cell]]:
    """Suppressed copies of ``tables`` (which are left untouched), and the cells that can be worked
    out from what the copies show."""
    grid = _Grid(tables, areas, threshold)
    hidden, known = grid.protect()
    out: dict[str, list[dict[str, Any]]] = {}
    for table, rows in tables.items():
        out[table] = []
        for row in rows:
            copied = copy.deepcopy(row)
            for column, value in row["counts"].items():
                if is_percent_row(row["key"]):
                    if value is not None and not _shown_percent(table, row["key"], column, known, rows):
                        copied["counts"][column] = SUPPRESSED
                elif ((table, row["key"]), column) in hidden:
                    small = grid.is_small(grid.values[((table, row["key"]), column)])
                    copied["counts"][column] = f"<{threshold}" if small else SUPPRESSED
            out[table].append(copied)
    return out, known


def suppressed(report: dict[str, Any], threshold: int | None = None) -> dict[str, Any]:
    """A copy of the profile (``profile_report``) fit to leave the partnership."""
    threshold = suppress_below() if threshold is None else threshold
    out = copy.deepcopy(report)
    out["tables"], _ = suppress_tables(report["tables"], report["areas"], threshold)
    out["suppressed_below"] = threshold
    out["suppression"] = suppression_note(threshold)
    return out


def _key(key: Any) -> str:
    """A row key from HEADLINES, which may be a choices member."""
    return str(getattr(key, "value", key))


@dataclass(frozen=True)
class _Published:
    """What a suppressed set of tables lets a reader work out, for the trend's last point."""

    known: set[Cell]
    keys: dict[str, set[str]]  # table -> its row keys (a row left out is all zeros)
    shown_percents: set[Row]

    def total_known(self, table: str, key: str) -> bool:
        if table in self.keys and key not in self.keys[table]:
            return True
        return ((table, key), TOTAL) in self.known


def _trend_value(
    name: str, value: Any, population: Any, last: bool, published: _Published, threshold: int
) -> Any:
    """One point of a trend. The last point is the as-at date, the same figures as the tables, so
    it is shown only where the tables' cells it is made from can be worked out; earlier points
    stand alone, so only small counts (and percentages of the population that would give one away)
    are hidden."""
    if value is None:
        return None
    headline = HEADLINES.get(name)
    keys = [_key(key) for key in headline[1]] if headline is not None else []
    if last and name == "population":
        return value if (POPULATION_ROW, TOTAL) in published.known else SUPPRESSED
    if last and headline is not None:
        family = headline[0]
        if all(is_percent_row(key) for key in keys):
            shown = all((family, key) in published.shown_percents for key in keys)
        else:
            shown = all(published.total_known(family, key) for key in keys)
        return value if shown else SUPPRESSED
    if is_count(value):
        return f"<{threshold}" if 0 < value < threshold else value
    shape = SHAPES.get(headline[0]) if headline is not None else None
    of_population = shape is not None and any(
        shape.percents.get(key, ("", ""))[1] == POPULATION for key in keys
    )
    if of_population and is_count(population):
        numerator = round(value * population / 100)
        if 0 < population < threshold or 0 < numerator < threshold:
            return SUPPRESSED
    return value


def suppressed_trends(
    trends: list[dict[str, Any]],
    tables: Mapping[str, list[dict[str, Any]]],
    known: set[Cell],
    threshold: int,
) -> list[dict[str, Any]]:
    """The trend points, given the suppressed tables of the last point's date and what can be
    worked out from them."""
    published = _Published(
        known=known,
        keys={table: {row["key"] for row in rows} for table, rows in tables.items()},
        shown_percents={
            (table, row["key"])
            for table, rows in tables.items()
            for row in rows
            if is_percent_row(row["key"]) and row["counts"].get(TOTAL) != SUPPRESSED
        },
    )
    out = []
    for index, point in enumerate(trends):
        last = index == len(trends) - 1
        population = point.get("population")
        out.append(
            {
                name: value
                if name == "as_at"
                else _trend_value(name, value, population, last, published, threshold)
                for name, value in point.items()
            }
        )
    return out


def suppressed_board(report: dict[str, Any], threshold: int | None = None) -> dict[str, Any]:
    """A copy of the board report (``board_report``) fit to leave the partnership: every section
    is suppressed together, since their rows share one population, and so is the trend."""
    threshold = suppress_below() if threshold is None else threshold
    tables = {
        section["id"]: section["rows"] for strand in report["strands"] for section in strand["sections"]
    }
    hidden_tables, known = suppress_tables(tables, report["areas"], threshold)
    out = copy.deepcopy(report)
    for strand in out["strands"]:
        for section in strand["sections"]:
            section["rows"] = copy.deepcopy(hidden_tables[section["id"]])
    out["trends"] = suppressed_trends(report["trends"], hidden_tables, known, threshold)
    out["suppressed_below"] = threshold
    out["suppression"] = suppression_note(threshold)
    return out


def suppressed_figures(
    report: dict[str, Any], profile_tables: Mapping[str, list[dict[str, Any]]], threshold: int | None = None
) -> dict[str, Any]:
    """A copy of the further figures (``figures_for``) fit to leave the partnership. Several
    families count the profile's population, so they are suppressed together with the profile's
    tables of the same date (as the board report is); only the figures and their trend are given."""
    threshold = suppress_below() if threshold is None else threshold
    families = report["figures"]
    hidden_tables, known = suppress_tables({**profile_tables, **families}, report["areas"], threshold)
    out = copy.deepcopy(report)
    out["figures"] = {name: hidden_tables[name] for name in families}
    out["trends"] = suppressed_trends(report["trends"], hidden_tables, known, threshold)
    out["suppressed_below"] = threshold
    out["suppression"] = suppression_note(threshold)
    return out
