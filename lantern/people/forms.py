"""Forms for people's records. Choices come from selectors; the rules live in services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from lantern.core.forms import GovukDateField, GovukDateWidget, LanguageCheckedTextarea
from lantern.people.models import (
    AliasKind,
    CareStatusValue,
    EducationStatusValue,
    IdentifierKind,
    LawfulBasis,
    RelationshipKind,
    SendStatus,
    Sex,
    YouthJusticeValue,
)
from lantern.people.selectors import agency_choices, area_choices, worker_choices
from lantern.people.services import BREAK_GLASS_MIN_REASON

PartialDate = tuple[int | None, int | None, int | None]


class PartialDateField(forms.MultiValueField):
    """Day, month and year boxes where any part may be left blank (for searching)."""

    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        parts = (forms.CharField(required=False),) * 3
        super().__init__(fields=parts, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[Any]) -> PartialDate:
        if not data_list:
            return (None, None, None)
        day, month, year = (self._number(part) for part in data_list)
        if day is not None and not 1 <= day <= 31:
            raise forms.ValidationError("Day must be between 1 and 31")
        if month is not None and not 1 <= month <= 12:
            raise forms.ValidationError("Month must be between 1 and 12")
        if year is not None and not 1900 <= year <= timezone.localdate().year:
            raise forms.ValidationError("Year must be 4 digits, like 2010")
        if day is not None and month is not None and year is not None:
            try:
                date(year, month, day)
            except ValueError as exc:
                raise forms.ValidationError("Date of birth must be a real date") from exc
        return (day, month, year)

    @staticmethod
    def _number(part: Any) -> int | None:
        text = str(part or "").strip()
        if not text:
            return None
        if not text.isdigit():
            raise forms.ValidationError("Date of birth must only include numbers")
        return int(text)


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="Any name they are known by, including nicknames and street names",
    )
    date_of_birth = PartialDateField(
        label="Date of birth", help_text="Leave blank any part you do not know. For example, 27 3 2010"
    )
    dob_approximate = forms.BooleanField(label="The date of birth is approximate", required=False)
    identifier = forms.CharField(
        label="Identifier",
        required=False,
        max_length=50,
        help_text="NHS number, unique pupil number, police ID or local authority ID",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dob = data.get("date_of_birth") or (None, None, None)
        if (
            not (data.get("name") or "").strip()
            and not any(dob)
            and not (data.get("identifier") or "").strip()
        ):
            raise forms.ValidationError("Enter a name, a date of birth or an identifier to search")
        return data

    def search_terms(self) -> dict[str, Any]:
        day, month, year = self.cleaned_data.get("date_of_birth") or (None, None, None)
        return {
            "name": self.cleaned_data["name"].strip(),
            "dob_day": day,
            "dob_month": month,
            "dob_year": year,
            "dob_approximate": self.cleaned_data["dob_approximate"],
            "identifier": " ".join(self.cleaned_data["identifier"].split()),
        }


class PersonForm(forms.Form):
    given_name = forms.CharField(label="Given name", max_length=100)
    middle_names = forms.CharField(label="Middle names", max_length=200, required=False)
    family_name = forms.CharField(label="Family name", max_length=100)
    preferred_name = forms.CharField(
        label="Preferred name", max_length=100, required=False, help_text="What they like to be called"
    )
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2010")
    date_of_birth_estimated = forms.BooleanField(label="The date of birth is approximate", required=False)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN)
    gender = forms.CharField(label="Gender", max_length=100, required=False)
    ethnicity = forms.CharField(label="Ethnicity", max_length=100, required=False)
    first_language = forms.CharField(label="First language", max_length=100, required=False)
    area = forms.ModelChoiceField(
        label="Area",
        queryset=area_choices(),
        required=False,
        empty_label="Not known or outside the partnership",
    )
    send = forms.ChoiceField(
        label="Special educational needs (SEND)", choices=SendStatus.choices, initial=SendStatus.NOT_KNOWN
    )
    disability = forms.CharField(label="Disability", required=False, widget=LanguageCheckedTextarea())
    learning_disability = forms.BooleanField(label="Has a learning disability", required=False)

    def person_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.fields if name not in self.extra_fields}
        for name in ("given_name", "middle_names", "family_name", "preferred_name"):
            fields[name] = " ".join(fields[name].split())
        return fields

    extra_fields: tuple[str, ...] = ()


class PersonCreateForm(PersonForm):
    involvement_role = forms.CharField(
        label="Your agency's role with this person",
        max_length=200,
        help_text="For example, allocated social worker, school, health visitor",
    )
    extra_fields = ("involvement_role",)


class PersonUpdateForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    extra_fields = ("version",)


class AliasForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of name is it?", choices=AliasKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label="Name", max_length=200)


class IdentifierForm(forms.Form):
    kind = forms.ChoiceField(label="Identifier", choices=IdentifierKind.choices, widget=forms.RadioSelect)
    value = forms.CharField(label="Number or ID", max_length=60, help_text="Spaces are ignored")


class AddressForm(forms.Form):
    line_1 = forms.CharField(label="Address line 1", max_length=200)
    line_2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    area = forms.ModelChoiceField(
        label="Area",
        queryset=area_choices(),
        required=False,
        empty_label="Outside the partnership or not known",
        help_text="If this is their current address, they will be recorded as living in this area",
    )
    start = GovukDateField(label="Lived here from", required=False)
    end = GovukDateField(
        label="Lived here until", required=False, help_text="Leave blank if they still live here"
    )


EPISODE_CHOICES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "care": ("Care status", CareStatusValue.choices),
    "education": ("Education status", EducationStatusValue.choices),
    "youth-justice": ("Youth justice", YouthJusticeValue.choices),
}


class EpisodeForm(forms.Form):
    status = forms.ChoiceField(label="Status", widget=forms.RadioSelect)
    setting_name = forms.CharField(label="School or setting", max_length=200, required=False)
    start = GovukDateField(label="Start date")
    end = GovukDateField(label="End date", required=False, help_text="Leave blank if it has not ended")

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label, choices = EPISODE_CHOICES[kind]
        self.fields["status"].label = label
        self.fields["status"].choices = choices  # type: ignore[attr-defined]
        if kind != "education":
            del self.fields["setting_name"]


class EndForm(forms.Form):
    end = GovukDateField(label="End date")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RelationshipForm(forms.Form):
    other_id = forms.IntegerField(
        label="Record number of the other person",
        min_value=1,
        help_text="Shown at the top of their record. You need to be able to see their record.",
    )
    kind = forms.ChoiceField(label="Relationship", choices=RelationshipKind.choices, widget=forms.RadioSelect)
    start = GovukDateField(label="Start date", required=False)
    end = GovukDateField(label="End date", required=False)
    notes = forms.CharField(label="Notes", required=False, widget=LanguageCheckedTextarea())


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}, {obj.agency.name}"


class InvolvementForm(forms.Form):
    agency = forms.ModelChoiceField(label="Agency", queryset=agency_choices(), empty_label="Choose an agency")
    worker = WorkerChoiceField(
        label="Worker",
        queryset=worker_choices(),
        required=False,
        empty_label="No named worker",
        help_text="The worker must belong to the agency",
    )
    role = forms.CharField(
        label="Role", max_length=200, help_text="For example, allocated social worker, school, key worker"
    )
    start = GovukDateField(label="Start date", required=False, help_text="Leave blank for today")
    end = GovukDateField(label="End date", required=False)


class OwnInvolvementForm(forms.Form):
    role = forms.CharField(
        label="Your agency's role with this person",
        max_length=200,
        help_text="For example, allocated social worker, school, key worker",
    )


class ShareForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label="Agency you shared with", queryset=agency_choices(), empty_label="Choose an agency"
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing", choices=LawfulBasis.choices, widget=forms.RadioSelect
    )
    purpose = forms.CharField(label="Why you shared", widget=LanguageCheckedTextarea())
    what_shared = forms.CharField(label="What you shared", widget=LanguageCheckedTextarea())


class ShareDeclineForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label="Agency you decided not to share with",
        queryset=agency_choices(),
        empty_label="Choose an agency",
    )
    reasons = forms.CharField(label="Why you decided not to share", widget=LanguageCheckedTextarea())


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this record now?",
        min_length=BREAK_GLASS_MIN_REASON,
        help_text=(
            f"At least {BREAK_GLASS_MIN_REASON} characters. Your reason, your name and the time are "
            "recorded and shown to the auditor."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "min_length": f"Explain why you need access now, in at least {BREAK_GLASS_MIN_REASON} characters",
            "required": "Explain why you need access now",
        },
    )


class ChronologyFilterForm(forms.Form):
    agency = forms.ChoiceField(label="Agency", required=False)
    kind = forms.ChoiceField(label="Type of event", required=False)

    def __init__(
        self, *args: Any, agencies: list[tuple[str, str]], kinds: list[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "All agencies"), *agencies]  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", "All events"), *kinds]  # type: ignore[attr-defined]
