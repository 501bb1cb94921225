from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from lantern.core.forms import GovukDateField, LanguageCheckedTextarea
from lantern.meetings.models import ActionStatus, AttendanceStatus, Consent, MeetingType, TransitionStatus
from lantern.meetings.selectors import ACTION_STATES
from lantern.risk.models import ExploitationType
from lantern.risk.scale import level_choices


def _choice(label: str, choices: Any, required: bool = True, radios: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": f"Choose {label.lower()}"},
    )


class MeetingForm(forms.Form):
    meeting_type = _choice("Type of meeting", MeetingType.choices, radios=True)
    area = forms.TypedChoiceField(label="Area", coerce=int, error_messages={"required": "Choose the area"})
    date = GovukDateField(
        label="Date of the meeting", error_messages={"required": "Enter the date of the meeting"}
    )
    time = forms.TimeField(
        label="Time of the meeting",
        help_text="For example, 14:00",
        error_messages={"required": "Enter the time of the meeting", "invalid": "Enter a time such as 14:00"},
    )
    recurrence_weeks = forms.IntegerField(
        label="Repeat every (weeks)",
        required=False,
        min_value=1,
        max_value=52,
        help_text="Leave blank for a one-off meeting",
    )
    chair = forms.TypedChoiceField(label="Chair", coerce=int, error_messages={"required": "Choose the chair"})
    invited_agencies = forms.TypedMultipleChoiceField(
        label="Agencies invited",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one agency to invite"},
    )

    def __init__(self, *args: Any, areas: Any, chairs: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", "Choose an area")] + [
            (area.pk, area.name) for area in areas
        ]
        cast(forms.ChoiceField, self.fields["chair"]).choices = [
            (user.pk, f"{user.display_name} ({user.agency.name})") for user in chairs
        ]
        cast(forms.ChoiceField, self.fields["invited_agencies"]).choices = [
            (agency.pk, agency.name) for agency in agencies
        ]

    def scheduled_at(self) -> datetime:
        day, time = self.cleaned_data["date"], self.cleaned_data["time"]
        return timezone.make_aware(datetime.combine(day, time))


class AgendaItemAddForm(forms.Form):
    reason = forms.CharField(
        label="What should the meeting discuss?",
        max_length=300,
        help_text="Use record numbers, not names",
        error_messages={"required": "Enter what the meeting should discuss"},
    )
    person_id = forms.IntegerField(
        label="Record number of the person (optional)", required=False, min_value=1
    )


class AttendanceForm(forms.Form):
    user = forms.TypedChoiceField(
        label="Person", coerce=int, error_messages={"required": "Choose the person"}
    )
    status = _choice("Attendance", AttendanceStatus.choices, radios=True)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["user"]).choices = [
            (user.pk, f"{user.display_name} ({user.agency.name})") for user in people
        ]


class MinuteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label="Summary of the discussion", widget=LanguageCheckedTextarea(), required=False
    )
    decisions = forms.CharField(label="Decisions", widget=LanguageCheckedTextarea(), required=False)
    agreed_risk_level = forms.ChoiceField(label="Agreed risk level", required=False, widget=forms.RadioSelect)
    exploitation_type = forms.ChoiceField(
        label="Primary type of exploitation",
        required=False,
        choices=[("", "Not applicable"), *list(ExploitationType.choices)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agreed_risk_level"]).choices = [
            ("", "No level agreed"),
            *level_choices(),
        ]


class ActionForm(forms.Form):
    description = forms.CharField(
        label="Action",
        widget=LanguageCheckedTextarea(),
        error_messages={"required": "Enter what is to be done"},
    )
    owner_agency = forms.TypedChoiceField(
        label="Owner agency",
        coerce=int,
        error_messages={"required": "Choose the agency that owns the action"},
    )
    owner = forms.TypedChoiceField(label="Owner", coerce=int, required=False, empty_value=None)
    due_on = GovukDateField(label="Due date", error_messages={"required": "Enter the due date"})

    def __init__(self, *args: Any, agencies: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner_agency"]).choices = [("", "Choose an agency")] + [
            (agency.pk, agency.name) for agency in agencies
        ]
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", "No named owner")] + [
            (user.pk, f"{user.display_name} ({user.agency.name})") for user in owners
        ]


class AmendForm(forms.Form):
    field = _choice("What to correct", [("summary", "Summary"), ("decisions", "Decisions")], radios=True)
    new_value = forms.CharField(
        label="Corrected text",
        widget=LanguageCheckedTextarea(),
        error_messages={"required": "Enter the corrected text"},
    )
    reason = forms.CharField(
        label="Reason for the correction",
        error_messages={"required": "Enter why the minutes are being corrected"},
    )


class ActionFilterForm(forms.Form):
    agency = forms.TypedChoiceField(label="Agency", coerce=int, required=False, empty_value=None)
    meeting = forms.IntegerField(label="Meeting number", required=False, min_value=1)
    state = forms.ChoiceField(label="Status", required=False, choices=[("", "All"), *ACTION_STATES])
    area = forms.TypedChoiceField(label="Area of the meeting", coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, agencies: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agency"]).choices = [("", "All")] + [
            (agency.pk, agency.name) for agency in agencies
        ]
        cast(forms.ChoiceField, self.fields["area"]).choices = [("", "All")] + [
            (area.pk, area.name) for area in areas
        ]


class ActionUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = _choice("Status", ActionStatus.choices, radios=True)
    progress = forms.CharField(label="Progress", widget=LanguageCheckedTextarea(), required=False)


class SafetyPlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    young_persons_words = forms.CharField(
        label="What the young person says, in their own words",
        widget=LanguageCheckedTextarea(),
        error_messages={"required": "Enter what the young person says, in their words"},
    )
    strengths = forms.CharField(label="Strengths", widget=LanguageCheckedTextarea(), required=False)
    worries = forms.CharField(label="Worries", widget=LanguageCheckedTextarea(), required=False)
    family_says = forms.CharField(
        label="What the family says", widget=LanguageCheckedTextarea(), required=False
    )
    family_will_do = forms.CharField(
        label="What the family will do", widget=LanguageCheckedTextarea(), required=False
    )
    agency_actions = forms.CharField(
        label="What agencies will do", widget=LanguageCheckedTextarea(), required=False
    )
    family_actions = forms.CharField(
        label="Actions for the family", widget=LanguageCheckedTextarea(), required=False
    )
    contexts = forms.TypedMultipleChoiceField(
        label="Places, groups and online spaces to make safer",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    review_on = GovukDateField(label="Review date", error_messages={"required": "Enter the review date"})

    def __init__(self, *args: Any, contexts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["contexts"]).choices = [
            (context.pk, context.name) for context in contexts
        ]


class TransitionPlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    receiving_service = forms.CharField(
        label="Receiving adult service",
        error_messages={"required": "Enter the adult service receiving the young person"},
    )
    consent = _choice("Consent", Consent.choices, radios=True)
    target_handover_on = GovukDateField(
        label="Target handover date", error_messages={"required": "Enter the target handover date"}
    )
    status = _choice("Status", TransitionStatus.choices, radios=True)
    notes = forms.CharField(label="Notes", widget=LanguageCheckedTextarea(), required=False)
