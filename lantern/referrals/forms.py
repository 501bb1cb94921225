"""Forms for referrals. The consent rules live in services; forms check shape and keep input."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms

from lantern.core.forms import LanguageCheckedTextarea
from lantern.referrals.models import ReferralDecision

YES_NO = [("yes", "Yes"), ("no", "No")]


def new_submission_key() -> str:
    return secrets.token_urlsafe(32)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ReferralForm(forms.Form):
    reason = forms.CharField(
        label="Why are you referring?",
        help_text="What you are worried about, what has happened, and who is causing the harm. "
        "Describe the harm done to the child, not the child's behaviour.",
        widget=LanguageCheckedTextarea(attrs={"rows": 8}),
        error_messages={"required": "Enter why you are referring"},
    )
    consent_sought = forms.ChoiceField(
        label="Did you ask for consent to refer?",
        help_text="Ask the child and, where appropriate, their parent or carer, unless asking would "
        "put the child at greater risk.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if consent was sought"},
    )
    consent_given = forms.ChoiceField(
        label="Was consent given?",
        help_text="If you did not ask, select no.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if consent was given"},
    )
    reason_without_consent = forms.CharField(
        label="If consent was not given, why are you referring without it?",
        help_text="Significant risk of harm must not wait for consent. Say what the risk is, or why "
        "asking would increase it.",
        widget=LanguageCheckedTextarea(attrs={"rows": 4}),
        required=False,
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", new_submission_key())

    def referral_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "reason": data["reason"],
            "consent_sought": _yes_no(data["consent_sought"]),
            "consent_given": _yes_no(data["consent_given"]),
            "reason_without_consent": data["reason_without_consent"],
            "submission_key": data["submission_key"],
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=ReferralDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    notes = forms.CharField(
        label="Reasons for the decision",
        widget=LanguageCheckedTextarea(attrs={"rows": 5}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
