"""The partnership's risk scale as people read it, and how often each level is reviewed."""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings

from config.env import ConfigurationError, env_int, env_str
from lantern.partnership.selectors import risk_scale

LEVEL_LABELS = {
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "category_1": "Category 1 (at risk)",
    "category_2": "Category 2 (being targeted or groomed)",
    "category_3": "Category 3 (being exploited)",
}


def level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level.replace("_", " ").capitalize())


def level_choices() -> list[tuple[str, str]]:
    return [(level, level_label(level)) for level in risk_scale()]


def level_tag_class(level: str, scale: list[str] | None = None) -> str:
    """Colour a level by its place on the scale: the highest red, the lowest green.
    Pass ``scale`` when colouring many rows, to read the partnership's scale once."""
    scale = risk_scale() if scale is None else scale
    if level not in scale or len(scale) < 2:
        return "govuk-tag--grey"
    position = scale.index(level) / (len(scale) - 1)
    if position == 1:
        return "govuk-tag--red"
    if position == 0:
        return "govuk-tag--green"
    return "govuk-tag--yellow" if position < 0.5 else "govuk-tag--orange"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), or the month's last day if it is shorter."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def _positive(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigurationError(f"{name} must be a whole number of months, at least 1, not {value!r}")
    return value


def default_review_months() -> int:
    configured = getattr(settings, "LANTERN_REVIEW_MONTHS", None)
    if configured is None:
        configured = env_int("LANTERN_REVIEW_MONTHS", 1)
    return _positive("LANTERN_REVIEW_MONTHS", configured)


def review_months_by_level() -> dict[str, int]:
    """Optional per-level review intervals, e.g. ``low=3,medium=2,high=1`` in the environment."""
    configured = getattr(settings, "LANTERN_REVIEW_MONTHS_BY_LEVEL", None)
    if configured is None:
        configured = _parse_months_by_level(env_str("LANTERN_REVIEW_MONTHS_BY_LEVEL", ""))
    return {
        str(level): _positive(f"review months for {level}", months) for level, months in configured.items()
    }


def _parse_months_by_level(raw: str) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        level, sep, months = item.partition("=")
        if not sep or not months.strip().isdigit():
            raise ConfigurationError(
                f"LANTERN_REVIEW_MONTHS_BY_LEVEL must look like high=1,medium=2, not {raw!r}"
            )
        mapping[level.strip()] = int(months)
    return mapping


def review_months_for(level: str) -> int:
    return review_months_by_level().get(level, default_review_months())


def default_review_due(level: str, assessed_on: date) -> date:
    return add_months(assessed_on, review_months_for(level))
