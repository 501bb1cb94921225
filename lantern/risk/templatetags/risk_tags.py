from __future__ import annotations

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
