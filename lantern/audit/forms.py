from __future__ import annotations

from typing import Any, cast

from django import forms

from lantern.audit.models import AuditAction
from lantern.core.forms import GovukDateField


class AuditFilterForm(forms.Form):
    """Filters for the trail. Sent by GET: they hold ids and codes, never a person's name."""

    person_id = forms.IntegerField(
        label="Person record number",
        required=False,
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    username = forms.CharField(label="Username", required=False, max_length=150)
    agency_code = forms.ChoiceField(label="Agency", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditAction.choices]
    )
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)

    def __init__(
        self, *args: Any, agency_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agency_code"]).choices = [
            ("", "Any agency"),
            *(agency_choices or []),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The filters for ``audit_event_list_for``; empty when the form is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "person_id": data.get("person_id"),
            "username": (data.get("username") or "").strip(),
            "agency_code": data.get("agency_code") or "",
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
