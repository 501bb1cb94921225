from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lantern.core.access import role_required
from lantern.profile import services
from lantern.profile.exports import CONTENT_TYPES, FORMATS, suppress_below
from lantern.profile.forms import AsAtForm, DownloadForm
from lantern.profile.selectors import DEFINITIONS, TOTAL, area_names, can_view_profile, profile_report_for


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
