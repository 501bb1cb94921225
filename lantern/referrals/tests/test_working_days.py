from __future__ import annotations

from datetime import date

import pytest

from lantern.referrals.tests.factories import london
from lantern.referrals.working_days import (
    BANK_HOLIDAYS_ENGLAND_AND_WALES,
    add_working_days,
    decided_late,
    decision_due_on,
    is_working_day,
    overdue_now,
    working_days_between,
)


def test_every_listed_bank_holiday_is_a_weekday_and_each_year_has_eight() -> None:
    assert all(day.weekday() < 5 for day in BANK_HOLIDAYS_ENGLAND_AND_WALES)
    for year in range(2024, 2029):
        assert len([day for day in BANK_HOLIDAYS_ENGLAND_AND_WALES if day.year == year]) == 8


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2025, 6, 2), 1, date(2025, 6, 3)),  # Monday -> Tuesday
        (date(2025, 6, 6), 1, date(2025, 6, 9)),  # Friday -> Monday
        (date(2025, 6, 7), 1, date(2025, 6, 9)),  # Saturday -> Monday
        (date(2025, 4, 17), 1, date(2025, 4, 22)),  # Thursday before Easter -> Tuesday after
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas Eve -> after the substitute Boxing Day
        (date(2027, 12, 24), 2, date(2027, 12, 30)),  # both Christmas substitutes skipped
        (date(2027, 12, 31), 1, date(2028, 1, 4)),  # New Year's substitute day in 2028
        (date(2025, 6, 2), 0, date(2025, 6, 2)),
        (date(2025, 6, 2), 5, date(2025, 6, 9)),
    ],
)
def test_adding_working_days(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2025, 6, 2))
    assert not is_working_day(date(2025, 6, 7))
    assert not is_working_day(date(2025, 8, 25))
    assert working_days_between(date(2025, 8, 22), date(2025, 8, 26)) == 1


def test_a_friday_referral_decided_on_monday_is_one_working_day_and_not_late() -> None:
    received = london(2025, 6, 6, 16, 30)
    assert decision_due_on(received) == date(2025, 6, 9)
    assert working_days_between(date(2025, 6, 6), date(2025, 6, 9)) == 1
    assert not decided_late(received, london(2025, 6, 9, 17, 0))
    assert decided_late(received, london(2025, 6, 10, 9, 0))


def test_the_bank_holiday_monday_does_not_count() -> None:
    received = london(2025, 8, 22, 11)  # the Friday before the August bank holiday
    assert not decided_late(received, london(2025, 8, 26, 16))
    assert decided_late(received, london(2025, 8, 27, 9))


def test_an_undecided_referral_is_overdue_once_its_due_day_has_passed() -> None:
    received = london(2025, 6, 6, 16)
    assert not overdue_now(received, london(2025, 6, 9, 23, 30))
    assert overdue_now(received, london(2025, 6, 10, 0, 30))


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2025, 6, 2), -1)
