"""Render Django form fields as GOV.UK Design System components.

``{% govuk_field form.field %}`` picks the component from the widget; ``{% govuk_error_summary form %}``
renders the error summary that links to each invalid field.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.loader import render_to_string

from lantern.core.forms import GovukDateWidget

register = template.Library()


def _component(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a subclass of RadioSelect: test it first
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.DateInput) and getattr(widget, "input_type", "") == "date":
        return "input"
    return "input"


@register.simple_tag
def govuk_field(field: forms.BoundField, **options: Any) -> str:
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "text")
    classes = options.get("classes", "")
    context = {
        "field": field,
        "id": field.id_for_label or field.auto_id,
        "input_type": input_type,
        "classes": classes,
        "label_class": options.get("label_class", "govuk-label"),
        "legend_class": options.get("legend_class", "govuk-fieldset__legend govuk-fieldset__legend--s"),
        "autocomplete": options.get("autocomplete", widget.attrs.get("autocomplete", "")),
        "errors": field.errors,
        "hint": field.help_text,
        "value": field.value(),
        "is_page_heading": options.get("is_page_heading", False),
    }
    if isinstance(widget, GovukDateWidget):
        value = field.value()
        if not isinstance(value, (list, tuple)):
            value = widget.decompress(value)
        labels = [("Day", 2), ("Month", 2), ("Year", 4)]
        context["parts"] = [
            {"label": label, "width": width, "value": value[i] if i < len(value) else None}
            for i, (label, width) in enumerate(labels)
        ]
    return render_to_string(f"includes/govuk/{_component(field)}.html", context)


@register.simple_tag
def govuk_error_summary(*forms_: forms.BaseForm) -> str:
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            items.append({"text": str(error), "href": ""})
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            bound = form[name]
            target = bound.id_for_label or bound.auto_id
            if isinstance(
                bound.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, GovukDateWidget)
            ):
                target = f"{bound.auto_id}_0"
            for error in errors:
                items.append({"text": str(error), "href": f"#{target}"})
    if not items:
        return ""
    return render_to_string("includes/govuk/error_summary.html", {"items": items})
