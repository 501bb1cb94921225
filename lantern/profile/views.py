from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from lantern.core.access import role_required
from lantern.partnership.selectors import area_boundaries
from lantern.profile import charts, maps, services
from lantern.profile.board import board_report_for, board_workbook_for
from lantern.profile.exports import CONTENT_TYPES, FORMATS, rows_as_csv, suppress_below
from lantern.profile.figures import (
    FIGURE_DEFINITIONS,
    TREND_MONTHS,
    TYPE_FILTER_DEFINITION,
    profile_dashboard_for,
)
from lantern.profile.forms import (
    AsAtForm,
    BoardForm,
    DashboardForm,
    DownloadForm,
    DrillDownForm,
    RowsDownloadForm,
)
from lantern.profile.selectors import (
    DEFINITIONS,
    PSEUDONYMISED_COLUMNS,
    TOTAL,
    area_names,
    can_drill_down,
    can_read_pseudonymised_rows,
    can_view_profile,
    profile_children_for,
    profile_report_for,
    pseudonymised_rows_for,
)
from lantern.profile.suppression import SUPPRESSED, suppression_note
from lantern.risk.models import ExploitationType


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
    context: dict[str, Any] = {
        "form": form,
        "formats": FORMATS,
        "suppression_rule": suppression_note(suppress_below()),
        "can_read_rows": can_read_pseudonymised_rows(getattr(request.user, "role", "")),
    }
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


@role_required(can_read_pseudonymised_rows, "profile_rows")
def rows_download(request: HttpRequest) -> HttpResponse:
    form = RowsDownloadForm(request.GET)
    if not form.is_valid():
        return HttpResponse("Give as_at as YYYY-MM-DD.", status=400, content_type="text/plain")
    as_at = form.cleaned_data["as_at"]
    rows = pseudonymised_rows_for(request.user, as_at=as_at)
    response = HttpResponse(rows_as_csv(rows, PSEUDONYMISED_COLUMNS), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="profile-rows-{as_at.isoformat()}.csv"'
    return response


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
    "intelligence_received": "Intelligence reports received in the month",
    "disruptions_in_force": "Disruptions in force",
    "nrm_submitted": "NRM referrals submitted in the month",
    "actions_overdue": "Meeting actions overdue",
    "transitions_percent_with_plan": "Young people aged 17 or over with a transition plan (%)",
    "public_worries": "Worries from the public received in the month",
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
    ("figures", "intelligence", "Intelligence reports received in the month"),
    ("figures", "disruption", "Disruption activity"),
    ("figures", "nrm", "National Referral Mechanism referrals"),
    ("figures", "meeting_actions", "Meeting actions"),
    ("figures", "transitions", "Transitions to adulthood"),
    ("figures", "prevent", "Prevent: public worries, school activities and workforce training"),
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
        months, exploitation_type = _trend_filters(form if data_in is not None else None)
        column = area or TOTAL
        data = profile_dashboard_for(
            request.user, as_at=as_at, months=months, exploitation_type=exploitation_type
        )
        context.update(
            {
                "as_at": as_at,
                "area": area,
                "months": months,
                "exploitation_type_label": dict(ExploitationType.choices).get(exploitation_type or "", ""),
                "type_filter_definition": TYPE_FILTER_DEFINITION if exploitation_type else "",
                "column_name": names.get(area, "All areas") if area else "All areas",
                "bars": _bar_sections(data, column),
                "tables": _table_sections(data, column),
                "trend_points": data["trends"],
                "trend_titles": TREND_TITLES,
                "trends": _trend_sections(data),
                "area_counts": charts.bar_chart(_area_counts(data, names)),
                "area_rows": _area_counts(data, names),
                "area_summary": charts.summary_of_bars("Children by area", _area_counts(data, names)),
                "area_map": _area_map(
                    data, as_at=as_at, area=area, months=months, exploitation_type=exploitation_type
                ),
                "exploitation_type": exploitation_type or "",
                "can_drill_down": can_drill_down(getattr(request.user, "role", "")),
            }
        )
    return render(request, "profile/dashboard.html", context)


def _trend_filters(form: DashboardForm | None) -> tuple[int, str | None]:
    """The trend period and the exploitation type chosen on a valid form (defaults without one)."""
    if form is None:
        return TREND_MONTHS, None
    return form.cleaned_data.get("months") or TREND_MONTHS, form.cleaned_data.get("exploitation_type") or None


def _area_counts(data: dict[str, Any], names: dict[str, str]) -> list[tuple[str, Any]]:
    care = data["profile"]["tables"]["care_status"]
    columns = data["profile"]["areas"]
    per_area = [(names.get(code, code), sum(row["counts"][code] for row in care)) for code in columns]
    total = sum(row["counts"][TOTAL] for row in care)
    return [*per_area, ("Area not known or outside the partnership", total - sum(n for _, n in per_area))]


def dashboard_query(*, as_at: date, area: str, months: int, exploitation_type: str | None) -> str:
    """The dashboard's query string for these filters (every one that is on)."""
    query = {"as_at_0": as_at.day, "as_at_1": as_at.month, "as_at_2": as_at.year, "area": area}
    query["months"] = months
    if exploitation_type:
        query["exploitation_type"] = exploitation_type
    return urlencode(query)


def _area_map(
    data: dict[str, Any], *, as_at: date, area: str, months: int, exploitation_type: str | None
) -> maps.AreaMap | None:
    """The map of children by area, each area a link to this dashboard for it with the other
    filters kept; ``None`` when no area has a boundary (the bar chart is shown instead)."""
    care = data["profile"]["tables"]["care_status"]
    counts = {code: sum(row["counts"].get(code, 0) for row in care) for code in data["profile"]["areas"]}

    def href_for(code: str) -> str:
        query = dashboard_query(as_at=as_at, area=code, months=months, exploitation_type=exploitation_type)
        return f"{reverse('profile:dashboard')}?{query}"

    shapes = [
        maps.MapShape(code, name, boundary, counts.get(code, 0)) for code, name, boundary in area_boundaries()
    ]
    return maps.area_map(shapes, href_for=href_for, selected=area)


@role_required(can_drill_down, "profile_drilldown")
def drilldown(request: HttpRequest) -> HttpResponse:
    form = DrillDownForm(request.GET)
    if not form.is_valid():
        return HttpResponse("Give as_at, table, key and area.", status=400, content_type="text/plain")
    values = form.cleaned_data
    rows = profile_children_for(
        request.user,
        as_at=values["as_at"],
        table=values["table"],
        key=values["key"],
        area=values["area"],
        exploitation_type=values["exploitation_type"] or None,
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
            "exploitation_type_label": dict(ExploitationType.choices).get(values["exploitation_type"], ""),
            "dashboard_query": dashboard_query(
                as_at=values["as_at"],
                area="" if values["area"] == TOTAL else values["area"],
                months=values["months"] or TREND_MONTHS,
                exploitation_type=values["exploitation_type"],
            ),
            "area_name": names.get(values["area"], "All areas")
            if values["area"] and values["area"] != TOTAL
            else "All areas",
        },
    )


@role_required(can_view_profile, "board_report")
def board(request: HttpRequest) -> HttpResponse:
    data_in = request.GET if "as_at_0" in request.GET else None
    form = BoardForm(data_in, initial={"as_at": timezone.localdate()}, suppress_below=suppress_below())
    context: dict[str, Any] = {"form": form}
    if data_in is None or form.is_valid():
        as_at = form.cleaned_data["as_at"] if data_in is not None else timezone.localdate()
        suppress = bool(form.cleaned_data.get("suppress")) if data_in is not None else False
        names = area_names()
        report = board_report_for(request.user, as_at=as_at, suppress=suppress)
        context.update(
            {
                "report": report,
                "as_at": as_at,
                "suppress": suppress,
                "hidden": SUPPRESSED,
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
    as_at, suppress = form.cleaned_data["as_at"], form.cleaned_data["suppress"]
    content = board_workbook_for(request.user, as_at=as_at, area_names=area_names(), suppress=suppress)
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    suffix = "-suppressed" if suppress else ""
    response["Content-Disposition"] = f'attachment; filename="board-report-{as_at.isoformat()}{suffix}.xlsx"'
    return response
