"""The auditor's pages: search, read, export and verify the trail. Reading is audited too."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_record

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def _refusals_for(user: object) -> int:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).count()  # type: ignore[attr-defined]


def _trail_reads(user: object, action: str = "view") -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(user_id_ref=user.pk, action=action, object_type="audit_trail")  # type: ignore[attr-defined]
    )


@pytest.fixture
def events(world: TestWorld) -> dict[str, AuditEvent]:
    return {
        "view": audit_record(
            actor=world.social_worker_a,
            action="view",
            object_type="person",
            object_id=world.child.pk,
            person_id=world.child.pk,
            purpose="Preparing for the strategy meeting",
        ),
        "glass": audit_record(
            actor=world.outsider_b,
            action="break_glass",
            object_type="person",
            object_id=world.child.pk,
            person_id=world.child.pk,
            purpose="Child found in our area at 2am, police asked for history",
        ),
        "search": audit_record(
            actor=world.police_officer, action="search", object_type="person", detail={"results": 3}
        ),
    }


PAGES = [
    ("get", "audit:event-list", False),
    ("get", "audit:event-detail", True),
    ("get", "audit:event-export", False),
    ("get", "audit:verify", False),
    ("post", "audit:verify", False),
]


@pytest.mark.parametrize("method,url_name,needs_event", PAGES)
@pytest.mark.parametrize("who", ["outsider_b", "social_worker_a", "partnership_admin", "police_analyst"])
def test_only_auditors_may_use_the_audit_pages(
    world: TestWorld, events: dict[str, AuditEvent], method: str, url_name: str, needs_event: bool, who: str
) -> None:
    user = getattr(world, who)
    url = reverse(url_name, args=[events["view"].pk] if needs_event else [])
    response = getattr(world.client_for(user), method)(url)
    assert response.status_code == 403
    assert _refusals_for(user) == 1
    refusal = AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).get()
    assert refusal.object_type == "audit_trail"


def test_the_list_shows_the_trail_newest_first_and_is_audited(
    world: TestWorld, events: dict[str, AuditEvent]
) -> None:
    response = world.client_for(world.auditor).get(reverse("audit:event-list"))
    assert response.status_code == 200
    shown = response.context["events"]
    assert [event.pk for event in shown] == sorted((event.pk for event in shown), reverse=True)
    assert events["glass"] in shown
    html = response.content.decode()
    assert "Child found in our area at 2am, police asked for history" in html
    assert "Broke glass" in html
    assert reverse("audit:event-detail", args=[events["view"].pk]) in html
    assert 'action="/audit/verify/"' in html
    assert len(_trail_reads(world.auditor)) == 1


@pytest.mark.parametrize(
    "params,expected",
    [
        ("person", {"view", "glass"}),
        ("username", {"search"}),
        ("agency", {"glass"}),
        ("action", {"glass"}),
    ],
)
def test_the_trail_can_be_filtered(
    world: TestWorld, events: dict[str, AuditEvent], params: str, expected: set[str]
) -> None:
    queries: dict[str, dict[str, Any]] = {
        "person": {"person_id": world.child.pk},
        "username": {"username": world.police_officer.username.upper()},
        "agency": {"agency_code": world.csc_b.code},
        "action": {"action": "break_glass"},
    }
    query = queries[params]
    response = world.client_for(world.auditor).get(reverse("audit:event-list"), query)
    assert response.status_code == 200
    assert set(response.context["events"]) == {events[key] for key in expected}
    read = _trail_reads(world.auditor)[0]
    assert read.detail["filters"]


def test_the_trail_can_be_filtered_by_date(world: TestWorld, events: dict[str, AuditEvent]) -> None:
    old = events["view"]
    AuditEvent.objects.filter(pk=old.pk).update(at=old.at - timedelta(days=10))  # only for the query
    today = timezone.localdate()
    client = world.client_for(world.auditor)
    since_yesterday: dict[str, Any] = {
        "date_from_0": (today - timedelta(days=1)).day,
        "date_from_1": (today - timedelta(days=1)).month,
        "date_from_2": (today - timedelta(days=1)).year,
    }
    response = client.get(reverse("audit:event-list"), since_yesterday)
    assert old not in response.context["events"]
    assert events["glass"] in response.context["events"]
    before = today - timedelta(days=5)
    response = client.get(
        reverse("audit:event-list"),
        {"date_to_0": before.day, "date_to_1": before.month, "date_to_2": before.year},
    )
    assert list(response.context["events"]) == [AuditEvent.objects.get(pk=old.pk)]


def test_a_backwards_date_range_is_explained(world: TestWorld) -> None:
    response = world.client_for(world.auditor).get(
        reverse("audit:event-list"),
        {
            "date_from_0": "10",
            "date_from_1": "3",
            "date_from_2": "2025",
            "date_to_0": "1",
            "date_to_1": "3",
            "date_to_2": "2025",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert list(response.context["events"]) == []


def test_the_list_pages_fifty_at_a_time(world: TestWorld) -> None:
    for n in range(120):
        audit_record(actor=None, username="bulk", action="view", detail={"n": n})
    client = world.client_for(world.auditor)
    first = client.get(reverse("audit:event-list"), {"username": "bulk"})
    assert len(first.context["events"]) == 50
    assert first.context["events"][0].detail == {"n": 119}
    assert "page=2" in first.content.decode()
    last = client.get(reverse("audit:event-list"), {"username": "bulk", "page": "3"})
    assert len(last.context["events"]) == 20
    assert last.context["events"][-1].detail == {"n": 0}


def test_the_detail_page_shows_every_field_and_is_audited(
    world: TestWorld, events: dict[str, AuditEvent]
) -> None:
    event = events["search"]
    response = world.client_for(world.auditor).get(reverse("audit:event-detail", args=[event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        event.hash,
        event.prev_hash,
        "&quot;results&quot;: 3",
        world.police.code,
        "pete_police_officer",
    ):
        assert text in html
    read = _trail_reads(world.auditor)[0]
    assert read.object_id == str(event.pk)


def test_a_missing_event_is_not_found(world: TestWorld) -> None:
    response = world.client_for(world.auditor).get(reverse("audit:event-detail", args=[999999]))
    assert response.status_code == 404


def test_the_break_glass_reason_is_shown_on_its_detail_page(
    world: TestWorld, events: dict[str, AuditEvent]
) -> None:
    response = world.client_for(world.auditor).get(reverse("audit:event-detail", args=[events["glass"].pk]))
    html = response.content.decode()
    assert "Reason given" in html
    assert "Child found in our area at 2am" in html


def test_the_export_is_the_current_filter_as_csv_and_is_audited(
    world: TestWorld, events: dict[str, AuditEvent]
) -> None:
    audit_record(actor=None, username="mallory", action="login_failed", purpose="=HYPERLINK(1)")
    client = world.client_for(world.auditor)
    response = client.get(reverse("audit:event-export"), {"person_id": world.child.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    assert {int(row["id"]) for row in rows} == {events["view"].pk, events["glass"].pk}
    assert rows[0]["hash"] == events["glass"].hash
    export = _trail_reads(world.auditor, "export")[0]
    assert export.detail == {"filters": {"person_id": world.child.pk}, "rows": 2}

    everything = client.get(reverse("audit:event-export"))
    text = b"".join(everything.streaming_content).decode()  # type: ignore[attr-defined]
    assert "'=HYPERLINK(1)" in text


def test_verify_shows_an_intact_trail_and_is_audited(world: TestWorld, events: dict[str, AuditEvent]) -> None:
    client = world.client_for(world.auditor)
    assert client.get(reverse("audit:verify")).status_code == 200
    response = client.post(reverse("audit:verify"))
    assert response.status_code == 200
    assert "Audit trail intact" in response.content.decode()
    verified = [read for read in _trail_reads(world.auditor) if read.purpose == "Verified the audit trail"]
    assert verified[0].detail["verified"] is True


def test_verify_names_a_tampered_row(world: TestWorld, events: dict[str, AuditEvent]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET purpose = %s WHERE id = %s",  # noqa: S608
            ["Routine check", events["glass"].pk],
        )
    response = world.client_for(world.auditor).post(reverse("audit:verify"))
    html = response.content.decode()
    assert "tampered with" in html
    assert f"Event {events['glass'].pk}" in html


def test_date_filters_use_whole_local_days(world: TestWorld) -> None:
    late = audit_record(actor=None, username="late", action="view")
    local_late_evening = timezone.make_aware(datetime(2025, 7, 1, 23, 59, 30))  # 22:59 UTC
    AuditEvent.objects.filter(pk=late.pk).update(at=local_late_evening)
    client = world.client_for(world.auditor)
    on_the_day = {"username": "late", "date_to_0": "1", "date_to_1": "7", "date_to_2": "2025"}
    assert [event.pk for event in client.get(reverse("audit:event-list"), on_the_day).context["events"]] == [
        late.pk
    ]
    next_day = {"username": "late", "date_from_0": "2", "date_from_1": "7", "date_from_2": "2025"}
    assert list(client.get(reverse("audit:event-list"), next_day).context["events"]) == []
