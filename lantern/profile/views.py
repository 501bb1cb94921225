from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.core.access import role_required
from lantern.profile import charts, services
from lantern.profile.board import board_report_for, board_workbook_for
from lantern.profile.exports import CONTENT_TYPES, FORMATS, suppress_below
from lantern.profile.figures import FIGURE_DEFINITIONS, profile_dashboard_for
from lantern.profile.forms import AsAtForm, DashboardForm, DownloadForm, DrillDownForm
from lantern.profile.selectors import (
    DEFINITIONS,
    TOTAL,
    area_names,
    can_drill_down,
    can_view_profile,
    profile_children_for,
    profile_report_for,
)


def _display_tables(report: dict[str, Any]) -> list[dict[str, Any]]:
    titles = {
        "exploitation": "Children by exploitation type and level",
        "care_status": "Children by care status",
        "risk_assessment": "Risk assessments up to date",
        "exploitation_by_sex": "Children by exploitation type and sex",
    }
    columns = [*report["areas"], TOTAL]
    return [
        {
            "name": name,
            "title": titles[name],
            "definition": DEFINITIONS[name],
            "rows": [
                {"key": row["key"], "label": row["label"], "cells": [row["counts"][c] for c in columns]}
                for row in rows
            ],
        }
        for name, rows in report["tables"].items()
    ]


@role_required(can_view_profile, "profile_report")
def report(request: HttpRequest) -> HttpResponse:
    data = request.GET if "as_at_0" in request.GET else None
    form = AsAtForm(data, initial={"as_at": timezone.localdate()})
    as_at = form.cleaned_data["as_at"] if data is not None and form.is_valid() else None
    if data is None:
        as_at = timezone.localdate()
    context: dict[str, Any] = {"form": form, "formats": FORMATS, "suppress_below": suppress_below()}
    if as_at is not None:
        profile = profile_report_for(request.user, as_at=as_at)
        names = area_names()
        context.update(
            {
                "profile": profile,
                "as_at": as_at,
                "columns": [names.get(code, code) for code in profile["areas"]] + ["All children"],
                "tables": _display_tables(profile),
                "population_definition": DEFINITIONS["population"],
            }
        )
    return render(request, "profile/report.html", context)


@role_required(can_view_profile, "profile_report")
def report_download(request: HttpRequest) -> HttpResponse:
    form = DownloadForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            "Give as_at as YYYY-MM-DD and format as json, csv or xlsx.", status=400, content_type="text/plain"
        )
    as_at, fmt, suppress = (
        form.cleaned_data["as_at"],
        form.cleaned_data["format"],
        form.cleaned_data["suppress"],
    )
    content = services.profile_export(
        actor=request.user, as_at=as_at, fmt=fmt, suppress=suppress, channel="web"
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    suffix = "-suppressed" if suppress else ""
    response["Content-Disposition"] = f'attachment; filename="profile-{as_at.isoformat()}{suffix}.{fmt}"'
    return response


TREND_TITLES = {
    "population": "Children with an open risk assessment",
    "identified_by_police_or_youth_justice": "Children first raised by police or youth justice",
    "referrals_percent_in_time": "Referrals decided within one working day (%)",
    "screenings_percent_in_time": "Screenings completed within one working day (%)",
    "missing_episodes": "Missing episodes reported in the month",
    "repeat_missing": "Children missing two or more times in twelve months",
    "rhi_percent_within_72h": "Return home interviews within 72 hours (%)",
    "education_percent_any": "Excluded, PRU, alternative provision or NEET (%)",
    "youth_justice_percent": "Known to the youth justice service (%)",
    "active_contexts": "Contexts with someone linked",
}
BAR_SECTIONS = (
    ("profile", "exploitation", "Children by exploitation type and level"),
    ("profile", "care_status", "Children by care status"),
    ("figures", "identification_route", "Children by the agency that first raised them"),
    ("figures", "education", "Children excluded, in a PRU, in alternative provision or NEET"),
)
TABLE_SECTIONS = (
    ("profile", "risk_assessment", "Risk assessments up to date"),
    ("figures", "referral_timeliness", "Referrals received in the month"),
    ("figures", "screening_timeliness", "Screenings completed in the month"),
    ("figures", "missing", "Missing episodes and return home interviews"),
    ("figures", "youth_justice", "Youth justice"),
    ("figures", "contexts", "Contexts"),
)


def _rows_of(data: dict[str, Any], source: str, name: str) -> list[dict[str, Any]]:
    return data["profile"]["tables"][name] if source == "profile" else data["figures"]["figures"][name]


def _bar_sections(data: dict[str, Any], column: str) -> list[dict[str, Any]]:
    sections = []
    for source, name, title in BAR_SECTIONS:
        rows = [row for row in _rows_of(data, source, name) if not row["key"].startswith("percent")]
        items = [(row["label"], row["counts"][column]) for row in rows]
        sections.append(
            {
                "id": name,
                "title": title,
                "chart": charts.bar_chart(items),
                "summary": charts.summary_of_bars(title, items),
                "rows": [
                    {"key": row["key"], "label": row["label"], "value": row["counts"][column]} for row in rows
                ],
                "table": name if source == "profile" else "",
                "definition": (DEFINITIONS if source == "profile" else FIGURE_DEFINITIONS)[name],
            }
        )
    return sections


def _table_sections(data: dict[str, Any], column: str) -> list[dict[str, Any]]:
    return [
        {
            "id": name,
            "title": title,
            "rows": [
                {"key": row["key"], "label": row["label"], "value": row["counts"][column]}
                for row in _rows_of(data, source, name)
            ],
            "table": name if source == "profile" else "",
            "definition": (DEFINITIONS if source == "profile" else FIGURE_DEFINITIONS)[name],
        }
        for source, name, title in TABLE_SECTIONS
    ]


def _trend_sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    sections = []
    for name, title in TREND_TITLES.items():
        series = [(point["as_at"], point[name]) for point in data["trends"]]
        sections.append(
            {
                "id": f"trend-{name}",
                "title": title,
                "chart": charts.line_chart(series),
                "summary": charts.summary_of_line(title, series),
            }
        )
    return sections


@role_required(can_view_profile, "profile_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    names = area_names()
    data_in = request.GET if "as_at_0" in request.GET else None
    form = DashboardForm(data_in, areas=list(names.items()), initial={"as_at": timezone.localdate()})
    context: dict[str, Any] = {"form": form}
    if data_in is None or form.is_valid():
        as_at = form.cleaned_data["as_at"] if data_in is not None else timezone.localdate()
        area = form.cleaned_data.get("area", "") if data_in is not None else ""
        column = area or TOTAL
        data = profile_dashboard_for(request.user, as_at=as_at)
        context.update(
            {
                "as_at": as_at,
                "area": area,
                "column_name": names.get(area, "All areas") if area else "All areas",
                "bars": _bar_sections(data, column),
                "tables": _table_sections(data, column),
                "trend_points": data["trends"],
                "trend_titles": TREND_TITLES,
                "trends": _trend_sections(data),
                "area_counts": charts.bar_chart(_area_counts(data, names)),
                "area_rows": _area_counts(data, names),
                "area_summary": charts.summary_of_bars("Children by area", _area_counts(data, names)),
                "can_drill_down": can_drill_down(getattr(request.user, "role", "")),
            }
        )
    return render(request, "profile/dashboard.html", context)


def _area_counts(data: dict[str, Any], names: dict[str, str]) -> list[tuple[str, Any]]:
    care = data["profile"]["tables"]["care_status"]
    columns = data["profile"]["areas"]
    per_area = [(names.get(code, code), sum(row["counts"][code] for row in care)) for code in columns]
    total = sum(row["counts"][TOTAL] for row in care)
    return [*per_area, ("Area not known or outside the partnership", total - sum(n for _, n in per_area))]


@role_required(can_drill_down, "profile_drilldown")
def drilldown(request: HttpRequest) -> HttpResponse:
    form = DrillDownForm(request.GET)
    if not form.is_valid():
        return HttpResponse("Give as_at, table, key and area.", status=400, content_type="text/plain")
    values = form.cleaned_data
    rows = profile_children_for(
        request.user, as_at=values["as_at"], table=values["table"], key=values["key"], area=values["area"]
    )
    names = area_names()
    return render(
        request,
        "profile/drilldown.html",
        {
            "rows": rows,
            "as_at": values["as_at"],
            "table": values["table"],
            "key": values["key"],
            "area_name": names.get(values["area"], "All areas")
            if values["area"] and values["area"] != TOTAL
            else "All areas",
        },
    )


@role_required(can_view_profile, "board_report")
def board(request: HttpRequest) -> HttpResponse:
    data_in = request.GET if "as_at_0" in request.GET else None
    form = AsAtForm(data_in, initial={"as_at": timezone.localdate()})
    context: dict[str, Any] = {"form": form}
    if data_in is None or form.is_valid():
        as_at = form.cleaned_data["as_at"] if data_in is not None else timezone.localdate()
        names = area_names()
        report = board_report_for(request.user, as_at=as_at)
        context.update(
            {
                "report": report,
                "as_at": as_at,
                "columns": [names.get(code, code) for code in report["areas"]] + ["All children"],
                "strands": [
                    {
                        **strand,
                        "sections": [
                            {
                                **section,
                                "cells": [
                                    {
                                        "key": row["key"],
                                        "label": row["label"],
                                        "values": [row["counts"][c] for c in [*report["areas"], TOTAL]],
                                    }
                                    for row in section["rows"]
                                ],
                            }
                            for section in strand["sections"]
                        ],
                    }
                    for strand in report["strands"]
                ],
            }
        )
    return render(request, "profile/board.html", context)


@role_required(can_view_profile, "board_report")
def board_download(request: HttpRequest) -> HttpResponse:
    form = DownloadForm({**request.GET.dict(), "format": "xlsx"})
    if not form.is_valid():
        return HttpResponse("Give as_at as YYYY-MM-DD.", status=400, content_type="text/plain")
    as_at = form.cleaned_data["as_at"]
    content = board_workbook_for(request.user, as_at=as_at, area_names=area_names())
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="board-report-{as_at.isoformat()}.xlsx"'
    return response
