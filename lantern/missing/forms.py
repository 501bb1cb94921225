from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from lantern.core.forms import GovukDateField, LanguageCheckedTextarea
from lantern.missing.models import HowReturned, MissingFrom, RiskGrade
from lantern.missing.rules import CLOCK_LABELS, COMPLETED_LATE, DUE, OVERDUE
from lantern.people.models import LawfulBasis


def _time_field(label: str, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=["%H:%M", "%H.%M"],
        help_text="Use the 24-hour clock, for example 21:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={
            "invalid": f"{label} must be a time like 21:30",
            "required": f"Enter the {label.lower()}",
        },
    )


def _text(label: str, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=LanguageCheckedTextarea()
    )


class MomentsForm(forms.Form):
    """Each moment is a GOV.UK date (``<name>_date``) and a time (``<name>_time``), combined
    into ``cleaned_data[<name>]`` as a local date and time."""

    moments: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.moments:
            day, time = cleaned.get(f"{name}_date"), cleaned.get(f"{name}_time")
            if day and time:
                cleaned[name] = timezone.make_aware(datetime.combine(day, time))
            elif day or time:
                missing = f"{name}_time" if day else f"{name}_date"
                if missing not in self.errors:
                    self.add_error(missing, "Enter both the date and the time")
            else:
                cleaned[name] = None
        return cleaned


class EpisodeForm(MomentsForm):
    moments = ("reported_at", "last_seen_at")
    missing_from = forms.ChoiceField(
        label="Missing from", choices=MissingFrom.choices, widget=forms.RadioSelect
    )
    reported_at_date = GovukDateField(label="Date reported missing")
    reported_at_time = _time_field("Time reported missing")
    risk_grade = forms.ChoiceField(
        label="Police risk grade", choices=RiskGrade.choices, widget=forms.RadioSelect
    )
    grade_reason = _text("Why this grade")
    last_seen_at_date = GovukDateField(label="Date last seen", required=False)
    last_seen_at_time = _time_field("Time last seen", required=False)
    last_seen_where = _text("Where last seen")
    clothing = _text("What they were wearing", help_text="Part 2 of the Philomena profile")
    circumstances = _text("Circumstances")

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "missing_from": data["missing_from"],
            "reported_at": data["reported_at"],
            "risk_grade": data["risk_grade"],
            "grade_reason": data["grade_reason"],
            "last_seen_at": data["last_seen_at"],
            "last_seen_where": data["last_seen_where"],
            "clothing": data["clothing"],
            "circumstances": data["circumstances"],
        }


class RegradeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.ChoiceField(
        label="New police risk grade", choices=RiskGrade.choices, widget=forms.RadioSelect
    )
    reason = _text("Why the grade has changed", required=True)


class CloseForm(MomentsForm):
    moments = ("returned_at", "safe_and_well_check_at")
    version = forms.IntegerField(widget=forms.HiddenInput)
    returned_at_date = GovukDateField(label="Date returned")
    returned_at_time = _time_field("Time returned")
    found_where = forms.CharField(label="Where found", required=False, widget=LanguageCheckedTextarea())
    found_postcode = forms.CharField(
        label="Postcode where found",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    found_with = forms.TypedMultipleChoiceField(
        label="Found with",
        required=False,
        coerce=int,
        help_text="People already linked to the child",
        widget=forms.CheckboxSelectMultiple,
    )
    how_returned = forms.ChoiceField(
        label="How they returned", required=False, choices=HowReturned.choices, widget=forms.RadioSelect
    )
    safe_and_well_check_at_date = GovukDateField(label="Date of the safe and well check", required=False)
    safe_and_well_check_at_time = _time_field("Time of the safe and well check", required=False)
    safe_and_well_check_by = forms.CharField(
        label="Safe and well check carried out by", required=False, max_length=200
    )
    provider = forms.TypedChoiceField(
        label="Return home interview provider", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, people: list[Any], providers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["found_with"]).choices = [
            (person.pk, person.full_name) for person in people
        ]
        cast(forms.ChoiceField, self.fields["provider"]).choices = [("", "Not chosen yet")] + [
            (agency.pk, agency.name) for agency in providers
        ]


class AttemptForm(MomentsForm):
    moments = ("attempted_at",)
    version = forms.IntegerField(widget=forms.HiddenInput)
    attempted_at_date = GovukDateField(label="Date offered")
    attempted_at_time = _time_field("Time offered")
    note = _text("What happened", help_text="For example, who offered it, how, and what the child said")


class InterviewForm(MomentsForm):
    moments = ("offered_at", "completed_at")
    version = forms.IntegerField(widget=forms.HiddenInput)
    offered_at_date = GovukDateField(label="Date the interview was offered")
    offered_at_time = _time_field("Time the interview was offered")
    completed_at_date = GovukDateField(label="Date of the interview")
    completed_at_time = _time_field("Time of the interview")
    interviewer = forms.CharField(label="Interviewer", max_length=200)
    before = _text("Before they went missing")
    during = _text("While they were missing")
    after = _text("Since they came back")
    push_factors = _text("Push factors", help_text="What made them want to leave")
    pull_factors = _text("Pull factors", help_text="What drew them away")
    where_went = _text("Where they went")
    who_with = _text("Who they were with")
    how_travelled = _text("How they travelled")
    harm_or_threats = _text("Harm or threats")
    what_would_help = _text("What would help")
    childs_words = _text("In the child's own words")
    people_named = forms.TypedMultipleChoiceField(
        label="People named",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="Link people already known to Lantern",
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["people_named"]).choices = [
            (person.pk, person.full_name) for person in people
        ]


class PhilomenaForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    description = _text("Description", help_text="Height, build, hair, distinguishing features")
    photo_held_by = forms.CharField(
        label="Current photo held by",
        required=False,
        max_length=300,
        help_text="Who holds a recent photo and how the police can get it quickly",
    )
    associates = _text("Associates", help_text="Friends and others they may go to")
    places_frequented = _text("Places they go")
    phones = _text("Phones")
    social_media = _text("Social media accounts")
    transport = _text("Transport they use")
    medical_needs = _text("Medical needs", help_text="Including medication they must take")


class ProduceForm(forms.Form):
    to_agency = forms.TypedChoiceField(label="Police force", coerce=int)
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing", choices=LawfulBasis.choices, widget=forms.RadioSelect
    )
    purpose = forms.CharField(
        label="Purpose",
        initial="To help the police find the child, who has been reported missing",
        widget=LanguageCheckedTextarea(),
    )

    def __init__(self, *args: Any, police: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_agency"]).choices = [
            (agency.pk, agency.name) for agency in police
        ]


class InterviewFilterForm(forms.Form):
    area = forms.TypedChoiceField(label="Area", required=False, coerce=int, empty_value=None)
    provider = forms.TypedChoiceField(label="Provider", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Due, overdue or completed late")]
        + [(value, CLOCK_LABELS[value]) for value in (DUE, OVERDUE, COMPLETED_LATE)],
    )
    completed_within = forms.TypedChoiceField(
        label="Completed late within",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "The last 90 days"), (30, "The last 30 days"), (365, "The last year")],
    )

    def __init__(self, *args: Any, areas: list[Any], providers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", "All areas")] + [
            (area.pk, area.name) for area in areas
        ]
        cast(forms.ChoiceField, self.fields["provider"]).choices = [("", "All providers")] + [
            (agency.pk, agency.name) for agency in providers
        ]

    def filters(self) -> dict[str, Any]:
        return {
            "area_id": self.cleaned_data.get("area"),
            "provider_id": self.cleaned_data.get("provider"),
            "status": self.cleaned_data.get("status") or "",
            "completed_within_days": self.cleaned_data.get("completed_within"),
        }


class AreaFilterForm(forms.Form):
    area = forms.TypedChoiceField(label="Area", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, areas: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", "All areas")] + [
            (area.pk, area.name) for area in areas
        ]


SCREENED_ANY = "any"


class RepeatFilterForm(AreaFilterForm):
    screening = forms.ChoiceField(
        label="Exploitation screening",
        required=False,
        choices=[("", "No completed screening"), (SCREENED_ANY, "With or without a screening")],
    )
