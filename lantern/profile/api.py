"""GET /api/v1/profile/?as_at=YYYY-MM-DD[&suppress=true] — the partnership profile as JSON."""

from __future__ import annotations

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from lantern.api.views import LanternAPIView
from lantern.profile.exports import suppressed
from lantern.profile.figures import figures_for
from lantern.profile.selectors import profile_report_for


class ProfileReportView(LanternAPIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("as_at", OpenApiTypes.DATE, required=True, description="The date, YYYY-MM-DD"),
            OpenApiParameter(
                "suppress", OpenApiTypes.BOOL, description="Hide counts of 1 to 4 (LANTERN_SUPPRESS_BELOW)"
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        try:
            as_at = date.fromisoformat(request.query_params.get("as_at", ""))
        except ValueError:
            return Response(
                {"errors": {"as_at": ["Give a real date written YYYY-MM-DD."]}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        suppress = request.query_params.get("suppress", "").lower() in {"1", "true", "yes"}
        report = profile_report_for(request.user, as_at=as_at, purpose="export" if suppress else "view")
        return Response(suppressed(report) if suppress else report)


class ProfileFiguresView(LanternAPIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("as_at", OpenApiTypes.DATE, required=True, description="The date, YYYY-MM-DD")
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        try:
            as_at = date.fromisoformat(request.query_params.get("as_at", ""))
        except ValueError:
            return Response(
                {"errors": {"as_at": ["Give a real date written YYYY-MM-DD."]}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(figures_for(request.user, as_at=as_at))
