"""Forms for intelligence. The rules live in services; forms check shape and keep what was typed."""

from __future__ import annotations

from typing import Any

from django import forms

from lantern.contexts.models import Context
from lantern.core.forms import GovukDateField, LanguageCheckedTextarea
from lantern.intelligence.models import (
    DisruptionType,
    Handling,
    InformationGrade,
    NrmDecision,
    PersonRole,
    SourceGrade,
)
from lantern.intelligence.services import MAX_TEXT, SubjectInput
from lantern.partnership.models import Agency
from lantern.people.models import LawfulBasis

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, *, help_text: str = "", max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=max_length)


class SubjectFieldsMixin(forms.Form):
    """Who and what the report is about; every part is optional."""

    adult_description = _text(
        "Describe the adult or other person", help_text="What they look like, their age", max_length=500
    )
    adult_nickname = _text("Their name or nickname, if you know it", max_length=100)
    location_text = _text("Where was it?", help_text="A street, shop, park or other place", max_length=300)
    postcode = _text("Postcode, if you know it", max_length=10)
    vrm = _text("Vehicle registration", help_text="For example, AB12 CDE", max_length=10)
    vehicle_make = _text("Vehicle make and model", max_length=60)
    vehicle_colour = _text("Vehicle colour", max_length=40)
    phone_number = _text("Phone number", help_text="A UK number, for example 07700 900123", max_length=20)
    deal_line = forms.BooleanField(label="The number is used to sell drugs (a deal line)", required=False)
    platform = _text("Social media or app", help_text="For example, Snapchat", max_length=60)
    handle = _text("Account name or handle", max_length=100)

    def subjects(self) -> list[SubjectInput]:
        data = self.cleaned_data
        subjects = []
        if data.get("adult_description") or data.get("adult_nickname"):
            subjects.append(
                SubjectInput(
                    kind="person",
                    person_role=PersonRole.OTHER,
                    description=data["adult_description"],
                    nickname=data["adult_nickname"],
                )
            )
        context = data.get("context")
        if context is not None or data.get("location_text") or data.get("postcode"):
            subjects.append(
                SubjectInput(
                    kind="location",
                    context_id=context.pk if context is not None else None,
                    location_text=data["location_text"],
                    postcode=data["postcode"],
                )
            )
        if data.get("vrm"):
            subjects.append(
                SubjectInput(
                    kind="vehicle",
                    vrm=data["vrm"],
                    vehicle_make=data["vehicle_make"],
                    vehicle_colour=data["vehicle_colour"],
                )
            )
        if data.get("phone_number"):
            subjects.append(
                SubjectInput(kind="phone", phone_number=data["phone_number"], deal_line=data["deal_line"])
            )
        if data.get("handle"):
            subjects.append(
                SubjectInput(kind="online_account", platform=data["platform"], handle=data["handle"])
            )
        return subjects


SUBJECT_ERROR_FIELDS = {
    "vrm": "vrm",
    "phone_number": "phone_number",
    "handle": "handle",
    "location_text": "location_text",
    "context_id": "context",
    "person_id": "child_record",
}


def show_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    for name, messages in errors.items():
        field: str | None = name.split(".")[-1]
        if name.startswith("subjects.") and field:
            field = SUBJECT_ERROR_FIELDS.get(field, field)
            if field == "description":
                field = "adult_description"
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class ReportForm(SubjectFieldsMixin):
    text = forms.CharField(
        label="What did you see or hear?",
        help_text="Facts: what happened, when, who was there. Describe the harm to the child, not their behaviour.",
        max_length=MAX_TEXT,
        widget=LanguageCheckedTextarea(),
    )
    source_details = forms.CharField(
        label="How do you know this?",
        help_text="Who told you or how you saw it. Only the police intelligence team can read this.",
        required=False,
        max_length=MAX_TEXT,
        widget=LanguageCheckedTextarea(attrs={"rows": 3}),
    )
    occurred_on = GovukDateField(
        label="When did it happen?", help_text="For example, 27 3 2026", required=False
    )
    child_record = forms.IntegerField(
        label="Lantern record number of the child or young person",
        help_text="The number in the address of their record, for example 123. Leave empty if you do not know it.",
        required=False,
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    child_description = _text("Or describe the child or young person", max_length=500)
    context = forms.ModelChoiceField(
        label="A place already recorded in Lantern",
        queryset=Context.objects.none(),
        required=False,
        empty_label="Not one of these",
    )

    field_order = [
        "text",
        "source_details",
        "occurred_on",
        "child_record",
        "child_description",
        "adult_description",
        "adult_nickname",
        "context",
    ]

    def __init__(self, *args: Any, contexts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["context"].queryset = contexts  # type: ignore[attr-defined]

    def subjects(self) -> list[SubjectInput]:
        data = self.cleaned_data
        subjects = []
        if data.get("child_record") or data.get("child_description"):
            subjects.append(
                SubjectInput(
                    kind="person",
                    person_id=data.get("child_record"),
                    person_role=PersonRole.CHILD,
                    description=data.get("child_description", ""),
                )
            )
        return subjects + super().subjects()


class PublicReportForm(SubjectFieldsMixin):
    text = forms.CharField(
        label="What did you see or hear?",
        help_text=f"What happened, when, who was there. Up to {MAX_TEXT} characters.",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what you saw or heard"},
    )
    contact = forms.CharField(
        label="How can the police contact you? (optional)",
        help_text="Leave this empty to stay anonymous.",
        required=False,
        max_length=300,
    )
    # A honeypot: hidden from people, filled in by spam robots.
    website = forms.CharField(label="Leave this empty", required=False, max_length=200)

    field_order = ["text", "location_text", "postcode", "adult_description", "adult_nickname"]


class GradeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    source_grade = forms.ChoiceField(
        label="Source evaluation", choices=SourceGrade.choices, widget=forms.RadioSelect
    )
    information_grade = forms.ChoiceField(
        label="Intelligence assessment", choices=InformationGrade.choices, widget=forms.RadioSelect
    )
    handling = forms.ChoiceField(label="Handling code", choices=Handling.choices, widget=forms.RadioSelect)
    handling_conditions = forms.CharField(
        label="Conditions for sharing",
        help_text="Required for handling code C",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sanitised_text = forms.CharField(
        label="Sanitised version",
        help_text="What partners may read: nothing that could identify the source.",
        max_length=MAX_TEXT,
        widget=LanguageCheckedTextarea(),
    )


class LinkPersonForm(forms.Form):
    person_record = forms.IntegerField(
        label="Lantern record number of the person",
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    person_role = forms.ChoiceField(
        label="Who are they in this report?", choices=PersonRole.choices, widget=forms.RadioSelect
    )
    nickname = _text("Nickname used in the report", max_length=100)


class ShareForm(forms.Form):
    to_agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none())
    shared = forms.ChoiceField(
        label="Share the sanitised report with them?", choices=YES_NO, widget=forms.RadioSelect
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis", choices=[("", "Choose"), *LawfulBasis.choices], required=False
    )
    purpose = forms.CharField(label="Why (purpose)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    what_shared = forms.CharField(
        label="What is shared", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reasons_not_shared = forms.CharField(
        label="If not sharing, why not", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies  # type: ignore[attr-defined]


class DisruptionForm(forms.Form):
    disruption_type = forms.ModelChoiceField(
        label="Type of disruption", queryset=DisruptionType.objects.none()
    )
    target_person_record = forms.IntegerField(
        label="Lantern record number of the person it is against",
        help_text="Leave empty for a disruption against a place",
        required=False,
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    target_context = forms.ModelChoiceField(
        label="Or the place it is against", queryset=Context.objects.none(), required=False
    )
    protected_child_record = forms.IntegerField(
        label="Lantern record number of the child it protects (optional)",
        required=False,
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    happened_on = GovukDateField(label="Date")
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none())
    outcome = forms.CharField(
        label="Outcome", required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    expires_on = GovukDateField(
        label="Expiry date", help_text="Leave empty to use the usual duration of the order", required=False
    )

    def __init__(self, *args: Any, types: Any, contexts: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["disruption_type"].queryset = types  # type: ignore[attr-defined]
        self.fields["target_context"].queryset = contexts  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class NrmDecisionsForm(forms.Form):
    reasonable_grounds_decision = forms.ChoiceField(
        label="Reasonable-grounds decision",
        choices=NrmDecision.choices,
        widget=forms.RadioSelect,
        initial=NrmDecision.PENDING,
    )
    reasonable_grounds_on = GovukDateField(label="Date of the reasonable-grounds decision", required=False)
    conclusive_grounds_decision = forms.ChoiceField(
        label="Conclusive-grounds decision",
        choices=NrmDecision.choices,
        widget=forms.RadioSelect,
        initial=NrmDecision.PENDING,
    )
    conclusive_grounds_on = GovukDateField(label="Date of the conclusive-grounds decision", required=False)
    guardian_allocated = forms.BooleanField(
        label="An independent child trafficking guardian (ICTG) is allocated", required=False
    )
    guardian_allocated_on = GovukDateField(label="Date the guardian was allocated", required=False)
    notes = forms.CharField(
        label="Notes", required=False, max_length=MAX_TEXT, widget=LanguageCheckedTextarea(attrs={"rows": 3})
    )


class NrmCreateForm(NrmDecisionsForm):
    person_record = forms.IntegerField(
        label="Lantern record number of the child or young adult",
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    first_responder_agency = forms.ModelChoiceField(
        label="First responder agency", queryset=Agency.objects.none()
    )
    submitted_on = GovukDateField(label="Date submitted")
    consent_given = forms.ChoiceField(
        label="Has the young adult consented?",
        help_text="Children (under 18) do not need to consent. Young adults (18 or over) must.",
        choices=[("", "Not needed (a child)"), ("yes", "Yes, they consented"), ("no", "No")],
        required=False,
        widget=forms.RadioSelect,
    )

    field_order = ["person_record", "first_responder_agency", "submitted_on", "consent_given"]

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_responder_agency"].queryset = agencies  # type: ignore[attr-defined]


class NrmUpdateForm(NrmDecisionsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


def decisions_from(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "reasonable_grounds_decision": data["reasonable_grounds_decision"],
        "reasonable_grounds_on": data.get("reasonable_grounds_on"),
        "conclusive_grounds_decision": data["conclusive_grounds_decision"],
        "conclusive_grounds_on": data.get("conclusive_grounds_on"),
        "guardian_allocated": data.get("guardian_allocated", False),
        "guardian_allocated_on": data.get("guardian_allocated_on"),
        "notes": data.get("notes", ""),
    }
