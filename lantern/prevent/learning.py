"""Working out who is trained and in date. Pure functions over rows the selectors already scoped.

A person is *in date* for a course when their latest attended session plus the course's
refresher interval is today or later (or the course never expires)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from lantern.prevent.models import Course


@dataclass(frozen=True)
class CourseStatus:
    course: Course
    last_attended: date | None
    due_on: date | None

    @property
    def trained(self) -> bool:
        return self.last_attended is not None

    @property
    def in_date(self) -> bool:
        return self.trained and (self.due_on is None or self.due_on >= date.today())

    @property
    def label(self) -> str:
        if not self.trained:
            return "Not trained"
        return "In date" if self.in_date else "Refresher overdue"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(course: Course, last_attended: date | None) -> date | None:
    if last_attended is None or course.refresher_months is None:
        return None
    return add_months(last_attended, course.refresher_months)


def statuses(courses: list[Course], latest: dict[int, date]) -> list[CourseStatus]:
    """``latest`` maps a course id to the person's latest attended session date."""
    return [
        CourseStatus(
            course=course, last_attended=latest.get(course.pk), due_on=due_on(course, latest.get(course.pk))
        )
        for course in courses
    ]
