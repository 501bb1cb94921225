"""Form pieces shared by every module."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from lantern.core.errors import ConflictingEdit, ValidationFailed


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes, as in the GOV.UK date input pattern."""

    def __init__(self) -> None:
        super().__init__([forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)])

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> date | None:
        if not data_list or not any(data_list):
            return None
        if not all(data_list):
            raise forms.ValidationError(f"{self.label or 'Date'} must include a day, month and year")
        try:
            day, month, year = (int(str(part).strip()) for part in data_list)
            if year < 1900:
                raise ValueError
            return date(year, month, day)
        except ValueError as exc:
            raise forms.ValidationError(f"{self.label or 'Date'} must be a real date") from exc


class LanguageCheckedTextarea(forms.Textarea):
    """A free-text box that the appropriate-language check watches as the user types."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"rows": 5, "data_language_check": "1", **(attrs or {})})


CONFLICT_MESSAGE = (
    "Someone else changed this record after you opened it. Nothing has been saved: check it and submit again."
)


def apply_service_errors(form: forms.Form, error: ValidationFailed) -> None:
    """Show a service's validation errors on the form, against the field where there is one."""
    for field, messages in error.errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def show_conflict(form: forms.Form, error: ConflictingEdit, message: str = CONFLICT_MESSAGE) -> None:
    """Keep what the user typed, move the form to the current version and say why nothing saved."""
    data = form.data.copy()  # type: ignore[attr-defined]  # a bound form holds a QueryDict
    data["version"] = str(error.current_version)
    form.data = data
    form.add_error(None, message)
