"""Writing the profile as JSON, CSV or XLSX. Suppression for exports that leave the partnership is
in ``lantern.profile.suppression``."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from lantern.profile.selectors import DEFINITIONS, TOTAL
from lantern.profile.suppression import suppress_below, suppressed, suppression_note
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
__all__ = ["CONTENT_TYPES", "FORMATS", "render", "suppress_below", "suppressed"]


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
    if "suppressed_below" in report:
        # A last row in the same columns, so the file still reads as one table: the rule in the label.
        note = suppression_note(report["suppressed_below"])
        writer.writerow([report["as_at"], "suppression", "rule", note, *([""] * (len(report["areas"]) + 1))])
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
        definitions.append(["suppression", suppression_note(report["suppressed_below"])])
    sheets.append(("Definitions", definitions))
    return workbook_bytes(sheets)


def render(report: dict[str, Any], fmt: str) -> bytes:
    return {"json": as_json, "csv": as_csv, "xlsx": as_xlsx}[fmt](report)


def rows_as_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    """Pseudonymised rows, one per child, in ``columns`` order; an unknown value is left empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[column] is None else row[column] for column in columns])
    return buffer.getvalue().encode()
