"""Two writers at once must still leave one unbroken chain (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from lantern.audit.models import AuditEvent
from lantern.audit.selectors import audit_chain_verify
from lantern.audit.services import audit_record

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
EVENTS_PER_THREAD = 40


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="SQLite allows one writer at a time, so there is no concurrent chain to test; "
    "run with DATABASE_URL=postgres://... to exercise select_for_update",
)
@pytest.mark.django_db(transaction=True)
def test_two_threads_writing_at_once_keep_the_chain_intact() -> None:
    audit_record(actor=None, username="first", action="view")  # the head row exists before the race
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def write(name: str) -> None:
        try:
            start.wait()
            for n in range(EVENTS_PER_THREAD):
                audit_record(actor=None, username=name, action="view", detail={"n": n})
        except BaseException as error:  # reported to the main thread below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("writer_a", "writer_b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert AuditEvent.objects.count() == 1 + 2 * EVENTS_PER_THREAD
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(set(prev_hashes)) == len(prev_hashes), "two events claimed the same predecessor"
    result = audit_chain_verify()
    assert result.ok, result.message
    assert result.checked == 1 + 2 * EVENTS_PER_THREAD


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL: see the test above")
@pytest.mark.django_db(transaction=True)
def test_two_threads_racing_to_write_the_very_first_event() -> None:
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def write(name: str) -> None:
        try:
            start.wait()
            for _ in range(5):
                audit_record(actor=None, username=name, action="login")
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("writer_a", "writer_b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert audit_chain_verify().ok
    assert AuditEvent.objects.count() == 10
