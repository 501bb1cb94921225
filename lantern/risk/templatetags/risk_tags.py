from __future__ import annotations

from typing import Any

from django import template

from lantern.risk import scale

register = template.Library()


@register.filter
def level_label(level: str) -> str:
    return scale.level_label(level)


@register.filter
def level_tag_class(level: str) -> str:
    return scale.level_tag_class(level)


@register.filter
def exploitation_type_labels(values: list[str]) -> str:
    from lantern.risk.models import ExploitationType

    labels = dict(ExploitationType.choices)
    return ", ".join(str(labels.get(value, value)) for value in values)


@register.inclusion_tag("risk/includes/review_overdue_banner.html")
def risk_review_overdue_banner(person: Any) -> dict[str, Any]:
    """For pages that already show the person (so the user may see them)."""
    from lantern.risk.selectors import risk_review_overdue_since

    return {"overdue_since": risk_review_overdue_since(person)}
