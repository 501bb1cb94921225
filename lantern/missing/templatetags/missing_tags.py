from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("missing/includes/person_summary.html")
def missing_summary(person: Any) -> dict[str, Any]:
    """The repeat-missing flag and a link to the episodes, for pages that already show the person."""
    from lantern.missing.selectors import repeat_status_for

    return {"person": person, "repeat": repeat_status_for(person)}
