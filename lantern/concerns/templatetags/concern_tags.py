from __future__ import annotations

from django import template

from lantern.concerns.models import ConcernAmendment
from lantern.concerns.values import category_labels, readable

register = template.Library()


@register.filter
def amended_from(amendment: ConcernAmendment) -> str:
    return readable(amendment.field, amendment.old_value)


@register.filter
def amended_to(amendment: ConcernAmendment) -> str:
    return readable(amendment.field, amendment.new_value)


@register.filter
def concern_categories(codes: list[str]) -> str:
    return category_labels(codes)
