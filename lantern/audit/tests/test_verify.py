"""The hash chain: stable across databases, and any changed or removed row is found."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from lantern.audit.models import AuditChainHead, AuditEvent
from lantern.audit.selectors import audit_chain_verify
from lantern.audit.services import audit_record, canonical_time, event_hash

pytestmark = pytest.mark.django_db

TABLE = AuditEvent._meta.db_table


def _events(count: int = 5) -> list[AuditEvent]:
    return [
        audit_record(
            actor=None,
            username=f"tester{n}",
            action="view",
            object_type="person",
            object_id=n,
            person_id=100 + n,
            purpose=f"Reason {n}",
            detail={"n": n},
        )
        for n in range(count)
    ]


def _run_verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("audit_verify", stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def _raw(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_hash_survives_a_round_trip_through_the_database() -> None:
    detail: Any = {
        "zeta": 1,
        "alpha": {"nested_b": [3, 2, 1], "nested_a": "\u00e9 \u2013 \u2018quoted\u2019"},
        7: "an integer key",
        "when": datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        "tuple": (1, 2),
        "float": 0.1,
        "none": None,
    }
    written = audit_record(actor=None, username="someone", action="update", detail=detail)
    reread = AuditEvent.objects.get(pk=written.pk)
    assert reread.detail == written.detail
    assert event_hash(reread) == reread.hash == written.hash
    assert reread.detail["7"] == "an integer key"
    assert reread.detail["tuple"] == [1, 2]


def test_hash_survives_a_whole_second_timestamp(monkeypatch: pytest.MonkeyPatch) -> None:
    whole_second = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)
    monkeypatch.setattr("lantern.audit.services.timezone.now", lambda: whole_second)
    written = audit_record(actor=None, username="someone", action="view")
    reread = AuditEvent.objects.get(pk=written.pk)
    assert reread.at == whole_second
    assert event_hash(reread) == written.hash


def test_the_same_instant_in_any_time_zone_hashes_the_same() -> None:
    utc = datetime(2025, 6, 1, 12, 0, 0, 123456, tzinfo=UTC)
    london_summer = utc.astimezone(timezone(timedelta(hours=1)))
    assert canonical_time(utc) == canonical_time(london_summer) == "2025-06-01T12:00:00.123456+00:00"


def test_detail_key_order_does_not_change_the_hash() -> None:
    first = audit_record(actor=None, username="x", action="view", detail={"a": 1, "b": 2})
    first.detail = {"b": 2, "a": 1}
    assert event_hash(first) == first.hash


def test_verify_passes_on_an_untouched_trail() -> None:
    _events(5)
    code, output = _run_verify()
    assert code == 0
    assert "Audit trail intact: 5 events checked" in output


def test_verify_passes_on_an_empty_trail() -> None:
    code, output = _run_verify()
    assert code == 0
    assert "Audit trail intact: 0 events checked" in output


def test_verify_finds_a_purpose_changed_with_raw_sql() -> None:
    events = _events(5)
    _raw(f"UPDATE {TABLE} SET purpose = %s WHERE id = %s", ["Nothing to see here", events[2].pk])  # noqa: S608 (table name from the model)
    code, output = _run_verify()
    assert code == 1
    assert f"event {events[2].pk}" in output
    assert "content was changed" in output


def test_verify_finds_a_detail_changed_with_raw_sql() -> None:
    events = _events(5)
    cast = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    _raw(f"UPDATE {TABLE} SET detail = {cast} WHERE id = %s", [json.dumps({"n": 99}), events[3].pk])  # noqa: S608 (table name from the model)
    result = audit_chain_verify()
    assert not result.ok
    assert result.broken_event_id == events[3].pk
    assert result.checked == 3


def test_verify_finds_a_middle_row_deleted() -> None:
    events = _events(5)
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[2].pk])  # noqa: S608 (table name from the model)
    code, output = _run_verify()
    assert code == 1
    # The row after the gap no longer links to the row before it.
    assert f"event {events[3].pk}" in output
    assert "link to the previous row" in output


def test_verify_finds_the_newest_row_deleted() -> None:
    events = _events(5)
    _raw(f"DELETE FROM {TABLE} WHERE id = %s", [events[-1].pk])  # noqa: S608 (table name from the model)
    code, output = _run_verify()
    assert code == 1
    assert f"event {events[-1].pk}" in output
    assert "newest rows" in output


def test_verify_finds_every_row_deleted() -> None:
    events = _events(3)
    _raw(f"DELETE FROM {TABLE}", [])  # noqa: S608 (table name from the model)
    result = audit_chain_verify()
    assert not result.ok
    assert result.broken_event_id == events[-1].pk


def test_verify_finds_a_row_added_behind_the_services_back() -> None:
    events = _events(2)
    forged = AuditEvent(
        at=events[-1].at,
        username="intruder",
        action="view",
        prev_hash=events[-1].hash,
    )
    forged.hash = event_hash(forged)
    forged.save()
    result = audit_chain_verify()
    assert not result.ok
    assert result.broken_event_id == forged.pk
    assert "without going through the audit service" in result.problem


def test_verify_finds_a_missing_chain_head() -> None:
    _events(2)
    AuditChainHead.objects.all().delete()
    result = audit_chain_verify()
    assert not result.ok
    assert "chain head" in result.message


def test_verify_reads_in_batches() -> None:
    _events(7)
    assert audit_chain_verify(batch_size=2).checked == 7
