"""The quarterly board report: the figures arranged under Prepare, Prevent, Protect and Pursue
(DESIGN.md §1.3), each with its definition, as at one date. Read only."""

from __future__ import annotations

from datetime import date
from typing import Any

from lantern.audit.services import audit_record
from lantern.profile.figures import FIGURE_DEFINITIONS, figures, trends
from lantern.profile.selectors import DEFINITIONS, TOTAL, profile_report, require_profile_access
from lantern.profile.suppression import suppressed_board, suppression_note
from lantern.profile.xlsx import workbook_bytes

# (strand, what it asks, [(source, family, title)])
STRANDS = (
    (
        "Prepare",
        "Are agencies recognising exploitation and responding quickly?",
        [
            ("figures", "identification_route", "How children were first identified"),
            ("figures", "referral_timeliness", "Referral decisions within one working day"),
            ("figures", "screening_timeliness", "Screenings completed within one working day"),
        ],
    ),
    (
        "Prevent",
        "Are the vulnerabilities that lead to exploitation known and met?",
        [
            ("profile", "care_status", "Care status of children at risk"),
            ("figures", "education", "Education status of children at risk"),
            ("figures", "youth_justice", "Children known to the youth justice service"),
            ("figures", "prevent", "Public worries, school awareness activities and workforce training"),
        ],
    ),
    (
        "Protect",
        "Are children at risk assessed, kept up to date and safeguarded when missing?",
        [
            ("profile", "exploitation", "Children by exploitation type and level"),
            ("profile", "risk_assessment", "Risk assessments up to date"),
            ("figures", "missing", "Missing episodes and return home interviews"),
            ("figures", "meeting_actions", "Meeting actions open and overdue"),
            ("figures", "transitions", "Transitions to adulthood"),
        ],
    ),
    (
        "Pursue",
        "Are the places and groups where children are exploited being tackled?",
        [
            ("figures", "intelligence", "Intelligence reports received"),
            ("figures", "disruption", "Disruption activity"),
            ("figures", "nrm", "National Referral Mechanism referrals"),
            ("figures", "contexts", "Contexts with someone linked"),
        ],
    ),
)


def _rows(profile: dict[str, Any], extra: dict[str, Any], source: str, family: str) -> list[dict[str, Any]]:
    return profile["tables"][family] if source == "profile" else extra["figures"][family]


def board_report(*, as_at: date) -> dict[str, Any]:
    profile = profile_report(as_at=as_at)
    extra = figures(as_at=as_at)
    strands = [
        {
            "name": name,
            "question": question,
            "sections": [
                {
                    "id": family,
                    "title": title,
                    "definition": (DEFINITIONS if source == "profile" else FIGURE_DEFINITIONS)[family],
                    "rows": _rows(profile, extra, source, family),
                }
                for source, family, title in sections
            ],
        }
        for name, question, sections in STRANDS
    ]
    return {
        "as_at": as_at.isoformat(),
        "areas": profile["areas"],
        "population_definition": DEFINITIONS["population"],
        "strands": strands,
        "trends": trends(as_at=as_at, months=4),
    }


def board_report_for(user: Any, *, as_at: date, suppress: bool = False) -> dict[str, Any]:
    """The board report for an allowed user; ``suppress`` for publication outside the partnership."""
    require_profile_access(user, object_type="board_report", object_id=as_at.isoformat())
    report = board_report(as_at=as_at)
    audit_record(
        actor=user,
        action="view",
        object_type="board_report",
        object_id=as_at.isoformat(),
        detail={"as_at": as_at.isoformat(), "suppressed": suppress},
    )
    return suppressed_board(report) if suppress else report


def board_workbook(report: dict[str, Any], area_names: dict[str, str], *, suppress: bool = False) -> bytes:
    """The report as an XLSX workbook; ``suppress`` hides small numbers (``suppressed_board``)
    unless the report given is already suppressed."""
    if suppress and "suppressed_below" not in report:
        report = suppressed_board(report)
    columns = [*report["areas"], TOTAL]
    header = ["Figure", *(area_names.get(code, code) for code in report["areas"]), "All children"]
    sheets: list[tuple[str, list[list[Any]]]] = []
    for strand in report["strands"]:
        rows: list[list[Any]] = [[f"{strand['name']} as at {report['as_at']}"], [strand["question"]]]
        for section in strand["sections"]:
            rows += [[], [section["title"]], [section["definition"]], header]
            rows += [[row["label"], *(row["counts"][c] for c in columns)] for row in section["rows"]]
        sheets.append((strand["name"], rows))
    trend_names = [key for key in report["trends"][0] if key != "as_at"] if report["trends"] else []
    trend_rows: list[list[Any]] = [["Figure (all areas)", *(point["as_at"] for point in report["trends"])]]
    trend_rows += [[name, *(point[name] for point in report["trends"])] for name in trend_names]
    sheets.append(("Quarter trend", trend_rows))
    sheets.append(
        (
            "Definitions",
            [
                ["As at", report["as_at"]],
                ["Population", report["population_definition"]],
                ["Small numbers", _small_numbers(report)],
            ],
        )
    )
    return workbook_bytes(sheets)


def _small_numbers(report: dict[str, Any]) -> str:
    if "suppressed_below" in report:
        return f"For publication outside the partnership. {suppression_note(report['suppressed_below'])}"
    return "Not suppressed: small numbers are shown. For use within the partnership only."


def board_workbook_for(
    user: Any, *, as_at: date, area_names: dict[str, str], suppress: bool = False
) -> bytes:
    require_profile_access(user, object_type="board_report", object_id=as_at.isoformat())
    content = board_workbook(board_report(as_at=as_at), area_names, suppress=suppress)
    audit_record(
        actor=user,
        action="export",
        object_type="board_report",
        object_id=as_at.isoformat(),
        detail={"as_at": as_at.isoformat(), "format": "xlsx", "suppressed": suppress},
    )
    return content
