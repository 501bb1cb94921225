"""Working days in England and Wales, for the front door's one-working-day decision (DESIGN.md §6.2).

A working day is Monday to Friday and not a bank holiday. The bank holidays are data: the list
published for England and Wales (substitute days included), 2024 to 2028. Extend it when the
next years are announced.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

BANK_HOLIDAYS_ENGLAND_AND_WALES: frozenset[date] = frozenset(
    date.fromisoformat(day)
    for day in [
        # 2024
        "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27",
        "2024-08-26", "2024-12-25", "2024-12-26",
        # 2025
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26",
        "2025-08-25", "2025-12-25", "2025-12-26",
        # 2026 (Boxing Day is a Saturday: the substitute day is Monday 28 December)
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
        "2026-08-31", "2026-12-25", "2026-12-28",
        # 2027 (Christmas Day and Boxing Day fall at the weekend: substitutes on 27 and 28 December)
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
        "2027-08-30", "2027-12-27", "2027-12-28",
        # 2028 (New Year's Day is a Saturday: the substitute day is Monday 3 January)
        "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29",
        "2028-08-28", "2028-12-25", "2028-12-26",
    ]
)  # fmt: skip


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS_ENGLAND_AND_WALES


def add_working_days(day: date, days: int) -> date:
    """The date ``days`` working days after ``day`` (``day`` itself need not be a working day)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = day
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days come after ``start`` up to and including ``end`` (0 if none)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def decision_due_on(received_at: datetime, working_days: int = 1) -> date:
    """The last day a decision is in time: the end of the working day after the day received.

    So a referral received on Friday is in time if decided on Monday (one working day), and one
    received on the Thursday before Easter is in time until the end of the Tuesday after Easter
    Monday.
    """
    return add_working_days(local_day(received_at), working_days)


def decided_late(received_at: datetime, decided_at: datetime, working_days: int = 1) -> bool:
    return local_day(decided_at) > decision_due_on(received_at, working_days)


def overdue_now(received_at: datetime, now: datetime | None = None, working_days: int = 1) -> bool:
    """An undecided referral is overdue once its due day has passed."""
    return local_day(now or timezone.now()) > decision_due_on(received_at, working_days)
