from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lantern.accounts.roles import can_read_audit
from lantern.audit.forms import AuditFilterForm
from lantern.audit.models import AuditEvent
from lantern.audit.selectors import (
    AUDIT_TRAIL,
    audit_event_get_for,
    audit_event_list_for,
    audit_trail_verify_for,
)
from lantern.audit.services import audit_trail_read_record, canonical_time
from lantern.core.access import role_required
from lantern.partnership.selectors import agency_list

PAGE_SIZE = 50
CSV_COLUMNS = [
    "id",
    "at",
    "user_id",
    "username",
    "agency_code",
    "action",
    "object_type",
    "object_id",
    "person_id",
    "purpose",
    "detail",
    "prev_hash",
    "hash",
]


def _filter_form(request: HttpRequest) -> AuditFilterForm:
    choices = [(agency.code, f"{agency.name} ({agency.code})") for agency in agency_list()]
    params = request.GET.copy()
    params.pop("page", None)
    return AuditFilterForm(params or None, agency_choices=choices)


def _filters_for_audit(filters: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in filters.items()
        if value not in (None, "")
    }


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@role_required(can_read_audit, AUDIT_TRAIL)
def event_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if form.is_bound else {}
    events = audit_event_list_for(request.user, **filters)
    if not valid:
        events = events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    page_events = list(page.object_list)
    audit_trail_read_record(
        actor=request.user,
        action="view",
        purpose="Searched the audit trail" if filters else "Read the audit trail",
        detail={"filters": _filters_for_audit(filters), "page": page.number},
    )
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "events": page_events, "query": _query_without_page(request)},
    )


@role_required(can_read_audit, AUDIT_TRAIL)
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = audit_event_get_for(request.user, event_id)
    audit_trail_read_record(
        actor=request.user, action="view", object_id=event.pk, purpose="Read an audit event"
    )
    detail_json = json.dumps(event.detail, indent=2, sort_keys=True, ensure_ascii=False)
    return render(request, "audit/event_detail.html", {"event": event, "detail_json": detail_json})


def _csv_safe(value: object) -> str:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_row(event: AuditEvent) -> list[str]:
    values: list[object] = [
        event.pk,
        canonical_time(event.at),
        event.user_id_ref,
        event.username,
        event.agency_code,
        event.action,
        event.object_type,
        event.object_id,
        event.person_id_ref,
        event.purpose,
        json.dumps(event.detail, sort_keys=True, ensure_ascii=False),
        event.prev_hash,
        event.hash,
    ]
    return [_csv_safe(value) for value in values]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(events: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events.iterator(chunk_size=2000):
        yield writer.writerow(_csv_row(event))


def event_export(request: HttpRequest) -> HttpResponseBase:
    # The selector refuses (and audits) anyone but an auditor before anything is read.
    audit_event_list_for(request.user)
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "audit/event_list.html",
            {"form": form, "page": None, "events": [], "query": ""},
            status=400,
        )
    filters = form.filters() if form.is_bound else {}
    events = audit_event_list_for(request.user, **filters)
    audit_trail_read_record(
        actor=request.user,
        action="export",
        purpose="Exported the audit trail as CSV",
        detail={"filters": _filters_for_audit(filters), "rows": events.count()},
    )
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


@role_required(can_read_audit, AUDIT_TRAIL)
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        result = audit_trail_verify_for(request.user)
        audit_trail_read_record(
            actor=request.user,
            action="view",
            purpose="Verified the audit trail",
            detail={
                "verified": result.ok,
                "checked": result.checked,
                "broken_event_id": result.broken_event_id,
            },
        )
    return render(request, "audit/verify.html", {"result": result})
