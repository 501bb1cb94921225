"""The missing-episode rules a partnership can configure, and the 72-hour interview clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from config.env import env_int

# Calendar time, not working days: a child back late on a Friday is due an interview by late Monday.
RETURN_INTERVIEW_WITHIN = timedelta(hours=72)


@dataclass(frozen=True)
class RepeatRule:
    episodes: int
    days: int

    @property
    def description(self) -> str:
        return f"{self.episodes} or more missing episodes in {self.days} days"


def repeat_rule() -> RepeatRule:
    """Read on each call so a changed environment applies without a code change."""
    return RepeatRule(
        episodes=max(1, env_int("LANTERN_REPEAT_MISSING_EPISODES", 3)),
        days=max(1, env_int("LANTERN_REPEAT_MISSING_DAYS", 90)),
    )


def interview_due_at(returned_at: datetime) -> datetime:
    return returned_at + RETURN_INTERVIEW_WITHIN


DUE = "due"
OVERDUE = "overdue"
COMPLETED_ON_TIME = "completed"
COMPLETED_LATE = "completed_late"

CLOCK_LABELS = {
    DUE: "Due",
    OVERDUE: "Overdue",
    COMPLETED_ON_TIME: "Completed within 72 hours",
    COMPLETED_LATE: "Completed late",
}


def interview_clock(due_at: datetime, completed_at: datetime | None, now: datetime) -> str:
    if completed_at is not None:
        return COMPLETED_LATE if completed_at > due_at else COMPLETED_ON_TIME
    return OVERDUE if now > due_at else DUE
