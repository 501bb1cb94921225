"""The versioned REST API for agency systems. Thin: each view calls one service or selector.

Authentication is by token only (issued by ``manage.py api_token``); a refusal is audited by
the selector or service that refuses, and answered 403.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lantern.api import selectors
from lantern.api.parsers import JSONLinesParser
from lantern.api.serializers import (
    ChronologyEntrySerializer,
    ImportCountsSerializer,
    ImportRejectedSerializer,
    PersonSearchSerializer,
    SearchResultSerializer,
)
from lantern.core.errors import AccessRefused
from lantern.interchange.services import (
    RecordsRejected,
    records_export,
    records_import,
    require_exchange_permission,
)
from lantern.interchange.streaming import jsonl_line

NOT_AN_ARRAY = "The body must be a JSON array of records, or JSON Lines sent as application/x-ndjson."


class LanternAPIView(APIView):
    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, AccessRefused):
            exc = PermissionDenied(str(exc) or "You may not do this.")
        if isinstance(exc, RecordsRejected):
            return _rejected_response(exc)
        return super().handle_exception(exc)


def _rejected_response(rejected: RecordsRejected) -> Response:
    return Response(
        {
            "detail": "Nothing was imported: fix these lines and send the whole file again.",
            "errors": [
                {"line": error.line, "field": error.field, "reason": error.reason}
                for error in rejected.line_errors
            ],
            "messages": [str(error) for error in rejected.line_errors],
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document, for holders of a token."""

    permission_classes = [IsAuthenticated]


class RecordsImportView(LanternAPIView):
    parser_classes = [JSONParser, JSONLinesParser]

    @extend_schema(
        operation_id="records_import",
        summary="Import interchange records, all or nothing",
        description="A JSON array of interchange records, or JSON Lines with Content-Type "
        "application/x-ndjson (docs/interchange.md). Every record is checked first; on any error "
        "nothing changes. Partnership admins only.",
        request={"application/json": OpenApiTypes.OBJECT, "application/x-ndjson": OpenApiTypes.STR},
        responses={200: ImportCountsSerializer, 400: ImportRejectedSerializer, 401: None, 403: None},
        examples=[
            OpenApiExample(
                "Two records",
                value=[
                    {"type": "area", "code": "allerdale", "name": "Allerdale"},
                    {
                        "type": "agency",
                        "code": "cumbria-csc",
                        "name": "Cumbria Children's Services",
                        "agency_type": "childrens_social_care",
                        "area": None,
                    },
                ],
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        require_exchange_permission(request.user, "import")
        lines = _body_lines(request.data)
        if lines is None:
            return Response({"detail": NOT_AN_ARRAY}, status=status.HTTP_400_BAD_REQUEST)
        report = records_import(actor=request.user, lines=lines)
        return Response({**report.as_dict(), "summary": report.summary_lines()})


def _body_lines(data: Any) -> list[str] | list[bytes] | None:
    """Each record as its own line, numbered as the importer numbers a file's lines."""
    if isinstance(data, list) and all(isinstance(item, bytes) for item in data):
        return data
    if isinstance(data, list):
        return [json.dumps(item) for item in data]
    return None


class RecordsExportView(LanternAPIView):
    @extend_schema(
        operation_id="records_export",
        summary="Export every record as JSON Lines",
        description="Streams the interchange file (docs/interchange.md). Partnership admins only; audited.",
        responses={(200, "application/x-ndjson"): OpenApiTypes.STR, 401: None, 403: None},
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        records = records_export(actor=request.user)
        response = StreamingHttpResponse(_jsonl(records), content_type="application/x-ndjson; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="lantern-export.jsonl"'
        return response


def _jsonl(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield jsonl_line(record)


class PersonDetailView(LanternAPIView):
    @extend_schema(
        operation_id="person_get",
        summary="A person's record in interchange shape",
        description="Only if the caller's agency has a need to know; every view and refusal is audited.",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="A `person` record"),
            401: None,
            403: None,
        },
    )
    def get(self, request: Request, person_id: int) -> Response:
        return Response(selectors.person_record_for(request.user, person_id))


class PersonChronologyView(LanternAPIView):
    @extend_schema(
        operation_id="person_chronology",
        summary="A person's multi-agency chronology, newest first",
        responses={200: ChronologyEntrySerializer(many=True), 401: None, 403: None},
    )
    def get(self, request: Request, person_id: int) -> Response:
        return Response(selectors.person_chronology_for(request.user, person_id))


class PersonSearchView(LanternAPIView):
    @extend_schema(
        operation_id="people_search",
        summary='"Do we know this child?"',
        description="Search terms go in the body, never the URL. People the caller may not see are "
        "shown only as who to contact. Casework roles only; every search is audited.",
        request=PersonSearchSerializer,
        responses={200: SearchResultSerializer(many=True), 400: None, 401: None, 403: None},
    )
    def post(self, request: Request) -> Response:
        query = PersonSearchSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        return Response(selectors.people_search_for(request.user, **query.validated_data))
