"""Writing the profile as JSON, CSV or XLSX, with small-number suppression for exports that leave
the partnership."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
from typing import Any

from lantern.profile.selectors import DEFINITIONS, TOTAL
from lantern.profile.xlsx import workbook_bytes

FORMATS = ("json", "csv", "xlsx")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TABLE_TITLES = {
    "exploitation": "Exploitation",
    "care_status": "Care status",
    "risk_assessment": "Risk assessment",
    "exploitation_by_sex": "Exploitation by sex",
}
SUPPRESSED_PERCENT = "suppressed"


def suppress_below() -> int:
    """Counts from 1 up to this number minus one are hidden (LANTERN_SUPPRESS_BELOW, default 5)."""
    try:
        threshold = int(os.environ.get("LANTERN_SUPPRESS_BELOW", "5"))
    except ValueError:
        threshold = 5
    return max(threshold, 1)


def _hide(value: Any, threshold: int) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold:
        return f"<{threshold}"
    return value


def suppressed(report: dict[str, Any], threshold: int | None = None) -> dict[str, Any]:
    """A copy with every count from 1 to threshold-1 shown as "<threshold".

    A percentage is hidden where the up-to-date or overdue count behind it is hidden, since the
    percentage would give the small number away. Only primary suppression is applied.
    """
    threshold = suppress_below() if threshold is None else threshold
    out = copy.deepcopy(report)
    out["suppressed_below"] = threshold
    for name, rows in out["tables"].items():
        if name == "risk_assessment":
            continue
        for row in rows:
            row["counts"] = {column: _hide(n, threshold) for column, n in row["counts"].items()}
    currency = {row["key"]: row for row in out["tables"]["risk_assessment"]}
    hidden_columns = {
        column
        for key in ("up_to_date", "overdue")
        for column, n in currency[key]["counts"].items()
        if isinstance(n, int) and 0 < n < threshold
    }
    for key in ("up_to_date", "overdue"):
        currency[key]["counts"] = {c: _hide(n, threshold) for c, n in currency[key]["counts"].items()}
    percent = currency["percent_up_to_date"]["counts"]
    currency["percent_up_to_date"]["counts"] = {
        c: (SUPPRESSED_PERCENT if c in hidden_columns else v) for c, v in percent.items()
    }
    return out


def _table_rows(report: dict[str, Any]) -> list[list[Any]]:
    columns = [*report["areas"], TOTAL]
    rows: list[list[Any]] = []
    for name, table in report["tables"].items():
        for row in table:
            rows.append(
                [report["as_at"], name, row["key"], row["label"], *(row["counts"][c] for c in columns)]
            )
    return rows


def as_json(report: dict[str, Any]) -> bytes:
    return (json.dumps(report, indent=2) + "\n").encode()


def as_csv(report: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["as_at", "table", "key", "label", *report["areas"], TOTAL])
    for row in _table_rows(report):
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode()


def as_xlsx(report: dict[str, Any]) -> bytes:
    columns = [*report["areas"], TOTAL]
    sheets = []
    for name, table in report["tables"].items():
        rows: list[list[Any]] = [
            [f"{TABLE_TITLES.get(name, name)} as at {report['as_at']}"],
            [DEFINITIONS.get(name, "")],
            ["key", "label", *columns],
        ]
        rows += [[row["key"], row["label"], *(row["counts"][c] for c in columns)] for row in table]
        sheets.append((TABLE_TITLES.get(name, name), rows))
    definitions = [["figure", "definition"], *([k, v] for k, v in DEFINITIONS.items())]
    if "suppressed_below" in report:
        definitions.append(
            [
                "suppression",
                f"Counts from 1 to {report['suppressed_below'] - 1} are shown as <{report['suppressed_below']}",
            ]
        )
    sheets.append(("Definitions", definitions))
    return workbook_bytes(sheets)


def render(report: dict[str, Any], fmt: str) -> bytes:
    return {"json": as_json, "csv": as_csv, "xlsx": as_xlsx}[fmt](report)
