from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from lantern.core.forms import GovukDateField, LanguageCheckedTextarea
from lantern.risk.models import ExploitationType
from lantern.risk.scale import level_choices


class RiskAssessmentForm(forms.Form):
    assessed_on = GovukDateField(
        label="Date of the assessment",
        help_text="For example, 27 3 2025",
        error_messages={"required": "Enter the date of the assessment"},
    )
    level = forms.ChoiceField(
        label="Risk level",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the risk level"},
    )
    exploitation_type = forms.ChoiceField(
        label="Primary type of exploitation",
        choices=ExploitationType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the primary type of exploitation"},
    )
    other_types = forms.MultipleChoiceField(
        label="Other types of exploitation, if any",
        choices=ExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    summary = forms.CharField(
        label="Summary of the assessment",
        help_text="What the risk is, who is causing the harm, and what keeps the child safe. "
        "Describe the harm done to the child, not the child's behaviour.",
        widget=LanguageCheckedTextarea(),
        error_messages={"required": "Enter a summary of the assessment"},
    )
    next_review_due = GovukDateField(
        label="Next review due",
        required=False,
        help_text="Leave blank to use the partnership's review interval for the level",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["level"]).choices = level_choices()
        if not self.is_bound:
            self.initial.setdefault("assessed_on", timezone.localdate())


class RiskAssessmentCloseForm(forms.Form):
    closed_on = GovukDateField(
        label="Date the assessment closed",
        error_messages={"required": "Enter the date the assessment closed"},
    )
    reason = forms.CharField(
        label="Why is it being closed?",
        widget=LanguageCheckedTextarea(),
        error_messages={"required": "Enter why the risk assessment is being closed"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("closed_on", timezone.localdate())


class ReviewFilterForm(forms.Form):
    """Filters for the reviews due list. Sent by GET: they hold ids, never a person's name."""

    area = forms.TypedChoiceField(label="Area", required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(
        label="Team of the assessing worker", required=False, coerce=int, empty_value=None
    )
    worker = forms.TypedChoiceField(label="Assessing worker", required=False, coerce=int, empty_value=None)
    due_status = forms.ChoiceField(
        label="Review",
        required=False,
        choices=[
            ("", "Overdue or due soon"),
            ("overdue", "Overdue"),
            ("due_soon", "Due in the next 14 days"),
        ],
    )

    def __init__(
        self,
        *args: object,
        areas: list[tuple[int, str]],
        teams: list[tuple[int, str]],
        workers: list[tuple[int, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["area"].choices = [("", "Any area"), *areas]  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", "Any team"), *teams]  # type: ignore[attr-defined]
        self.fields["worker"].choices = [("", "Any worker"), *workers]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "area_id": data.get("area"),
            "team_id": data.get("team"),
            "worker_id": data.get("worker"),
            "due_status": data.get("due_status") or "",
        }
