"""The live language-check region rendered under every ``LanguageCheckedTextarea``."""

from __future__ import annotations

from typing import Any

from django import template

from lantern.language.selectors import MAX_CHECK_LENGTH, language_check

register = template.Library()


@register.inclusion_tag("language/_live_region.html")
def language_live_region(field_id: str, value: Any) -> dict[str, Any]:
    """The region, already filled for text the form is re-showing (works without JavaScript)."""
    text = value if isinstance(value, str) and len(value) <= MAX_CHECK_LENGTH else ""
    return {"id": field_id, "findings": language_check(text)}
