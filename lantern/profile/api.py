"""GET /api/v1/profile/?as_at=YYYY-MM-DD[&suppress=true] — the partnership profile as JSON;
GET /api/v1/profile/figures/?as_at=YYYY-MM-DD[&suppress=true] — the further figures and their trend;
GET /api/v1/profile/rows/?as_at=YYYY-MM-DD — one pseudonymised row per child counted (analysts)."""

from __future__ import annotations

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.api.views import LanternAPIView
from lantern.profile.figures import figures_for
from lantern.profile.selectors import (
    PSEUDONYMISED_COLUMNS,
    profile_report,
    profile_report_for,
    pseudonymised_rows_for,
)
from lantern.profile.suppression import suppressed, suppressed_figures

AS_AT = OpenApiParameter("as_at", OpenApiTypes.DATE, required=True, description="The date, YYYY-MM-DD")
SUPPRESS = OpenApiParameter(
    "suppress",
    OpenApiTypes.BOOL,
    description=(
        "For use outside the partnership: hide counts of 1 to 4 (LANTERN_SUPPRESS_BELOW) and any "
        "cell or percentage they could be worked out from"
    ),
)
BAD_DATE = {"errors": {"as_at": ["Give a real date written YYYY-MM-DD."]}}


def _as_at(request: Request) -> date | None:
    try:
        return date.fromisoformat(request.query_params.get("as_at", ""))
    except ValueError:
        return None


def _suppress(request: Request) -> bool:
    return request.query_params.get("suppress", "").lower() in {"1", "true", "yes"}


class ProfileReportView(LanternAPIView):
    @extend_schema(parameters=[AS_AT, SUPPRESS], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        as_at = _as_at(request)
        if as_at is None:
            return Response(BAD_DATE, status=status.HTTP_400_BAD_REQUEST)
        suppress = _suppress(request)
        report = profile_report_for(request.user, as_at=as_at, purpose="export" if suppress else "view")
        return Response(suppressed(report) if suppress else report)


class ProfileFiguresView(LanternAPIView):
    @extend_schema(parameters=[AS_AT, SUPPRESS], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        as_at = _as_at(request)
        if as_at is None:
            return Response(BAD_DATE, status=status.HTTP_400_BAD_REQUEST)
        suppress = _suppress(request)
        report = figures_for(request.user, as_at=as_at, suppress=suppress)
        if not suppress:
            return Response(report)
        # Access was checked and the export audited by figures_for.
        return Response(suppressed_figures(report, profile_report(as_at=as_at)["tables"]))


class ProfileRowsView(LanternAPIView):
    @extend_schema(parameters=[AS_AT], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        as_at = _as_at(request)
        if as_at is None:
            return Response(BAD_DATE, status=status.HTTP_400_BAD_REQUEST)
        rows = pseudonymised_rows_for(request.user, as_at=as_at)
        return Response({"as_at": as_at.isoformat(), "columns": list(PSEUDONYMISED_COLUMNS), "rows": rows})
