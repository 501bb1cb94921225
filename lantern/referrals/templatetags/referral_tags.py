from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def waited(duration: timedelta) -> str:
    """How long, in days and hours, for the queue: "2 days 3 hours", "45 minutes"."""
    total_minutes = max(int(duration.total_seconds() // 60), 0)
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if not days and not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
