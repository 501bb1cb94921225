"""Forms for contexts. The rules live in services; forms check shape and keep what was typed."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from lantern.contexts.models import (
    ContextKind,
    ContextPlan,
    EducationSettingType,
    LinkRelationship,
    LinkSource,
    LocationType,
    ResponseType,
    Weighting,
)
from lantern.contexts.services import AttendeeInput, ResponseInput, parse_attendees
from lantern.core.forms import GovukDateField, LanguageCheckedTextarea
from lantern.partnership.selectors import agency_list, area_list
from lantern.risk.scale import level_choices

BLANK = [("", "Choose")]


def _blank(choices: Any) -> list[tuple[Any, str]]:
    return [*BLANK, *list(choices)]


class ContextForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of context is it?", choices=ContextKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label="Name", max_length=200, help_text="For example, Riverside Park or the 7B group chat"
    )
    description = forms.CharField(
        label="What is the concern about this context?", widget=LanguageCheckedTextarea(), required=False
    )
    area = forms.ModelChoiceField(label="Area", queryset=area_list(), required=False, empty_label="Choose")
    location_type = forms.ChoiceField(
        label="Type of place (for a location)", choices=_blank(LocationType.choices), required=False
    )
    address = forms.CharField(
        label="Address (for a location)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    latitude = forms.DecimalField(
        label="Latitude", max_digits=9, decimal_places=6, required=False, help_text="For example, 53.480759"
    )
    longitude = forms.DecimalField(
        label="Longitude", max_digits=9, decimal_places=6, required=False, help_text="For example, -2.242631"
    )
    education_setting_type = forms.ChoiceField(
        label="Type of education setting", choices=_blank(EducationSettingType.choices), required=False
    )
    urn = forms.CharField(label="URN (unique reference number)", max_length=8, required=False)
    platform = forms.CharField(label="Platform (for an online space)", max_length=100, required=False)
    online_account = forms.CharField(label="Group or account", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def context_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields if name != "version"}


class ContextFilterForm(forms.Form):
    location_type = forms.ChoiceField(
        label="Type of place", choices=[("", "Any"), *LocationType.choices], required=False
    )
    risk_level = forms.ChoiceField(label="Risk level", required=False)
    area = forms.ModelChoiceField(label="Area", queryset=area_list(), required=False, empty_label="Any")
    active_from = forms.DateField(
        label="Active from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    active_to = forms.DateField(
        label="Active to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["risk_level"]).choices = [("", "Any"), *level_choices()]


class ContextLinkForm(forms.Form):
    context = forms.TypedChoiceField(label="Context", coerce=int)
    relationship = forms.ChoiceField(
        label="How are they linked?", choices=LinkRelationship.choices, widget=forms.RadioSelect
    )
    start = GovukDateField(label="From", help_text="For example, 27 3 2025")
    end = GovukDateField(label="Until (leave blank if the link is current)", required=False)
    source_kind = forms.ChoiceField(
        label="Where did this come from?", choices=LinkSource.choices, widget=forms.RadioSelect
    )
    source_ref = forms.CharField(
        label="Reference of the source record (optional)", max_length=100, required=False
    )
    weighting = forms.TypedChoiceField(
        label="How much does this context need to change for the child to be safer?",
        choices=_blank(Weighting.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, contexts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["context"]).choices = _blank(
            (c.pk, f"{c.name} ({c.type_label})") for c in contexts
        )


class WeightingForm(forms.Form):
    weighting = forms.TypedChoiceField(
        label="How much does this context need to change for the child to be safer?",
        choices=_blank(Weighting.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssessmentForm(forms.Form):
    assessed_on = GovukDateField(label="Date of the assessment")
    who_is_there = forms.CharField(label="Who is there, and when?", widget=LanguageCheckedTextarea())
    harm = forms.CharField(label="What harm happens there?", widget=LanguageCheckedTextarea())
    guardians = forms.CharField(
        label="Who has influence?",
        help_text="Guardians such as shop staff, security, youth workers, residents",
        widget=LanguageCheckedTextarea(),
        required=False,
    )
    protective = forms.CharField(
        label="What is protective?", widget=LanguageCheckedTextarea(), required=False
    )
    young_peoples_views = forms.CharField(
        label="What do young people say?", widget=LanguageCheckedTextarea(), required=False
    )
    risk_level = forms.ChoiceField(label="Risk level", widget=forms.RadioSelect)
    next_review_due = GovukDateField(label="Next review")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["risk_level"]).choices = level_choices()


RESPONSE_SLOTS = 3


class PlanForm(forms.Form):
    """Goals, measures, and up to three responses (more can be added to the plan later)."""

    goals = forms.CharField(
        label="Goals", help_text="What should change in this context", widget=LanguageCheckedTextarea()
    )
    measures_of_change = forms.CharField(
        label="Measures of change in the context",
        help_text="How you will know the context is safer",
        widget=LanguageCheckedTextarea(),
    )
    review_due = GovukDateField(label="Review the plan by")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = agency_list()
        for index in range(1, RESPONSE_SLOTS + 1):
            prefix = f"response_{index}_"
            self.fields[f"{prefix}response_type"] = forms.ChoiceField(
                label=f"Response {index}: type", choices=_blank(ResponseType.choices), required=False
            )
            self.fields[f"{prefix}description"] = forms.CharField(
                label=f"Response {index}: what will be done",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"{prefix}owner_agency"] = forms.ModelChoiceField(
                label=f"Response {index}: owner agency",
                queryset=agencies,
                required=False,
                empty_label="Choose",
            )
            self.fields[f"{prefix}due_on"] = GovukDateField(label=f"Response {index}: due", required=False)

    def response_slots(self) -> list[list[forms.BoundField]]:
        return [
            [
                self[f"response_{i}_{name}"]
                for name in ("response_type", "description", "owner_agency", "due_on")
            ]
            for i in range(1, RESPONSE_SLOTS + 1)
        ]

    def responses(self) -> list[ResponseInput]:
        data = self.cleaned_data
        chosen = []
        for index in range(1, RESPONSE_SLOTS + 1):
            prefix = f"response_{index}_"
            values = [
                data.get(f"{prefix}{name}")
                for name in ("response_type", "description", "owner_agency", "due_on")
            ]
            if any(values):
                chosen.append(
                    ResponseInput(
                        response_type=values[0] or "",
                        description=values[1] or "",
                        owner_agency=values[2],
                        due_on=values[3],
                    )
                )
        return chosen


class PlanReviewForm(forms.Form):
    reviewed_on = GovukDateField(label="Date of the review")
    progress = forms.CharField(label="What has changed in the context?", widget=LanguageCheckedTextarea())
    next_review_due = GovukDateField(label="Next review")


class ConferenceForm(forms.Form):
    held_on = GovukDateField(label="Date of the conference")
    chair_name = forms.CharField(label="Chair", max_length=200)
    plan = forms.TypedChoiceField(label="Context plan agreed", coerce=int, empty_value=None, required=False)
    attendees = forms.CharField(
        label="Attendees",
        help_text="One a line: name, organisation, and an email address if they should receive the minutes. "
        "For example: Sam Patel, Riverside Youth Club, sam@example.org",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    shared_minutes = forms.CharField(
        label="Shared minutes",
        help_text="These go to every attendee, including partners outside Lantern. Do not name any child.",
        widget=LanguageCheckedTextarea(),
    )
    decisions = forms.CharField(
        label="Decisions", help_text="Do not name any child.", widget=LanguageCheckedTextarea()
    )

    def __init__(self, *args: Any, plans: list[ContextPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["plan"]).choices = [("", "None")] + [
            (plan.pk, f"Plan of {plan.created_at:%d %B %Y}") for plan in plans
        ]

    def clean_attendees(self) -> list[AttendeeInput]:
        attendees, problems = parse_attendees(self.cleaned_data["attendees"])
        if problems:
            raise forms.ValidationError(problems)
        return attendees


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
