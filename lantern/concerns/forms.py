"""Forms for concerns. The rules live in services; forms check shape and keep what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from lantern.concerns.models import AmendableField, ConcernCategory, ConcernStatus, TriageDecision
from lantern.concerns.values import ConcernContent
from lantern.core.forms import GovukDateField, LanguageCheckedTextarea

YES_NO = [("yes", "Yes"), ("no", "No")]


class ConcernContentForm(forms.Form):
    happened_on = GovukDateField(
        label="When did it happen?",
        help_text="For example, 27 3 2025. If you are not sure, give your best estimate.",
        error_messages={"required": "Enter the date it happened"},
    )
    happened_time = forms.TimeField(
        label="Time it happened",
        help_text="Use the 24-hour clock, for example, 15:30",
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TextInput(),
        error_messages={"invalid": "Enter the time like 15:30"},
    )
    categories = forms.MultipleChoiceField(
        label="What is the concern about?",
        help_text="Select all that apply",
        choices=ConcernCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one category"},
    )
    what_happened = forms.CharField(
        label="What happened?",
        help_text="Facts: what you saw or were told, by whom, where. Describe the harm done to the child "
        "and who is causing it, not the child's behaviour.",
        widget=LanguageCheckedTextarea(),
        error_messages={"required": "Enter what happened"},
    )
    childs_words = forms.CharField(
        label="What did the child say?",
        help_text="In the child's own words, as exactly as you can",
        widget=LanguageCheckedTextarea(),
        required=False,
    )
    actions_taken = forms.CharField(
        label="What have you done so far?",
        help_text="For example, who you told and when",
        widget=LanguageCheckedTextarea(),
        required=False,
    )

    def content(self) -> dict[str, Any]:
        return {field: self.cleaned_data.get(field) for field in AmendableField.values}


class ConcernForm(ConcernContentForm):
    immediate_danger = forms.ChoiceField(
        label="Is the child in immediate danger?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the child is in immediate danger"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("happened_on", timezone.localdate())

    def concern_fields(self) -> dict[str, Any]:
        return {**self.content(), "immediate_danger": self.cleaned_data["immediate_danger"] == "yes"}


class ConcernAmendForm(ConcernContentForm):
    reason = forms.CharField(
        label="Why are you amending the concern?",
        help_text="For example, a wrong date, or something the child said that was left out. "
        "The original stays readable on the concern.",
        widget=LanguageCheckedTextarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the concern is being amended"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, content: ConcernContent, version: int) -> dict[str, Any]:
        initial = content.as_dict()
        if initial["happened_time"] is not None:
            initial["happened_time"] = initial["happened_time"].strftime("%H:%M")
        return {**initial, "version": version}


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label="What happens next?",
        choices=TriageDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens next"},
    )
    notes = forms.CharField(
        label="Reasons for your decision",
        widget=LanguageCheckedTextarea(attrs={"rows": 4}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConcernFilterForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=[("", "All"), *ConcernStatus.choices], required=False)
    category = forms.ChoiceField(
        label="Category", choices=[("", "All"), *ConcernCategory.choices], required=False
    )
