from django import template

from lantern.risk.scale import level_label

register = template.Library()


@register.filter
def screening_level_label(level: str) -> str:
    return level_label(level) if level else ""
