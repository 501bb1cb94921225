from __future__ import annotations

from typing import Any

from django import forms

from lantern.concerns.models import ConcernCategory
from lantern.core.forms import GovukDateField, LanguageCheckedTextarea
from lantern.partnership.models import Area
from lantern.prevent.models import ActivityAudience, Audience, ResourceKind, WorryOutcome, WorryRelationship
from lantern.prevent.services import MAX_WORRY_TEXT


class PublicWorryForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Where does the child live?",
        queryset=Area.objects.order_by("name"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the area where the child lives"},
    )
    what_worries = forms.CharField(
        label="What is worrying you?",
        help_text=f"Say what you have seen or heard, and when. Up to {MAX_WORRY_TEXT} characters.",
        max_length=MAX_WORRY_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Tell us what is worrying you",
            "max_length": f"What is worrying you must be {MAX_WORRY_TEXT} characters or fewer",
        },
    )
    relationship = forms.ChoiceField(
        label="How do you know the child?",
        choices=WorryRelationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you know the child"},
    )
    child_name = forms.CharField(
        label="The child's name, if you know it (optional)", required=False, max_length=200
    )
    child_age = forms.CharField(label="Their age, if you know it (optional)", required=False, max_length=50)
    where = forms.CharField(
        label="Where they live, go to school or spend time (optional)", required=False, max_length=300
    )
    contact_name = forms.CharField(label="Your name (optional)", required=False, max_length=200)
    contact_details = forms.CharField(
        label="A phone number or email so we can contact you (optional)",
        help_text="Leave this empty if you do not want to be contacted.",
        required=False,
        max_length=200,
    )
    # A honeypot: hidden from people, filled in by spam robots.
    website = forms.CharField(required=False, max_length=200)


class PageForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(label="Summary for the list of pages", required=False, max_length=300)
    body = forms.CharField(
        label="Words of the page",
        help_text="Leave a blank line between paragraphs. Start a line with ## for a heading, - for a "
        "bullet, and write links as [words](https://address).",
        widget=LanguageCheckedTextarea(attrs={"rows": 20}),
    )


class PageCreateForm(forms.Form):
    slug = forms.SlugField(
        label="Page address", help_text="Lower-case words joined by hyphens, for example county-lines"
    )
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(label="Summary for the list of pages", required=False, max_length=300)
    body = forms.CharField(
        label="Words of the page",
        help_text="Leave a blank line between paragraphs. Start a line with ## for a heading, - for a "
        "bullet, and write links as [words](https://address).",
        widget=LanguageCheckedTextarea(attrs={"rows": 20}),
    )


class PublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class WorryTriageForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happens next?", choices=WorryOutcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label="Reasons for the decision", widget=LanguageCheckedTextarea(attrs={"rows": 4})
    )
    given_name = forms.CharField(
        label="Child's given name", required=False, max_length=100, help_text="Needed to create a record"
    )
    family_name = forms.CharField(
        label="Child's family name", required=False, max_length=100, help_text="Needed to create a record"
    )
    category = forms.ChoiceField(
        label="What kind of harm may this be?",
        required=False,
        choices=[("", "Choose"), *ConcernCategory.choices],
        help_text="Needed to create a concern",
    )

    def triage_fields(self) -> dict[str, Any]:
        return {
            key: self.cleaned_data[key]
            for key in ("outcome", "notes", "given_name", "family_name", "category")
        }


class ResourceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(label="Summary", max_length=300)
    kind = forms.ChoiceField(label="Kind of resource", choices=ResourceKind.choices, widget=forms.RadioSelect)
    audiences = forms.MultipleChoiceField(
        label="Who is it for?", choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    link = forms.URLField(label="Link (optional)", required=False, assume_scheme="https")
    body = forms.CharField(
        label="Text of the resource (optional if there is a link)",
        required=False,
        help_text="The simple markup of the public pages: ## headings, - bullets, [words](https://link).",
        widget=LanguageCheckedTextarea(attrs={"rows": 10}),
    )
    is_public = forms.BooleanField(label="Show it on the public site", required=False)

    def resource_fields(self) -> dict[str, Any]:
        return {
            key: self.cleaned_data[key]
            for key in ("title", "summary", "kind", "audiences", "link", "body", "is_public")
        }


class AwarenessActivityForm(forms.Form):
    held_on = GovukDateField(label="Date of the activity")
    activity = forms.CharField(
        label="What did you do?",
        help_text="For example: assembly for National Child Exploitation Awareness Day",
        max_length=300,
    )
    audience = forms.ChoiceField(
        label="Who took part?", choices=ActivityAudience.choices, widget=forms.RadioSelect
    )
    number_reached = forms.IntegerField(label="How many people took part?", min_value=1, max_value=100000)


class CourseForm(forms.Form):
    name = forms.CharField(label="Course name", max_length=200)
    description = forms.CharField(
        label="What it covers (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    refresher_months = forms.IntegerField(
        label="Refresher every (months)",
        help_text="Leave empty if the course never needs refreshing",
        required=False,
        min_value=1,
        max_value=120,
    )


class TrainingSessionForm(forms.Form):
    held_on = GovukDateField(label="Date of the session")
    trainer = forms.CharField(label="Trainer (optional)", required=False, max_length=200)
    place = forms.CharField(label="Place (optional)", required=False, max_length=200)


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name}, {obj.agency.name}"


class AttendanceForm(forms.Form):
    people = StaffChoiceField(
        label="Who attended?",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one person"},
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = staff  # type: ignore[attr-defined]
