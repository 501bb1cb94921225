"""Screening forms. Completeness is checked by the services, so a draft can always be saved."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.html import format_html

from lantern.core.forms import LanguageCheckedTextarea
from lantern.risk.scale import level_choices
from lantern.screening.models import (
    Answer,
    Indicator,
    IndicatorCatalogue,
    IndicatorDomain,
    Outcome,
    Screening,
    StartedFrom,
    Weight,
)
from lantern.screening.services import AnswerInput, IndicatorEdit, answer_field, evidence_field

EVIDENCE_HINT = (
    "What you have seen, been told or read, and when. Keep your opinion for the professional judgement."
)


def _hidden_context(label: str, context: str) -> str:
    """A label whose extra words are read out by screen readers but not shown."""
    return format_html('{}<span class="govuk-visually-hidden"> {}</span>', label, context)


def answers_from_data(data: Mapping[str, Any], indicators: Iterable[Indicator]) -> dict[int, AnswerInput]:
    """The answers present in submitted data; indicators with neither field are left out."""
    answers: dict[int, AnswerInput] = {}
    for indicator in indicators:
        answer_key, evidence_key = answer_field(indicator.pk), evidence_field(indicator.pk)
        if answer_key in data or evidence_key in data:
            answers[indicator.pk] = AnswerInput(
                answer=str(data.get(answer_key) or ""), evidence=str(data.get(evidence_key) or "")
            )
    return answers


def optional_text(data: Mapping[str, Any], name: str) -> str | None:
    """A submitted field's text, or None when the page did not send it (leave it as it was)."""
    return str(data[name]) if name in data else None


def int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class StartScreeningForm(forms.Form):
    started_from = forms.ChoiceField(choices=StartedFrom.choices, widget=forms.HiddenInput)
    started_from_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ScreeningAnswersForm(forms.Form):
    """One radio group and one evidence box per indicator, plus the professional judgement."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    professional_judgement = forms.CharField(
        label="Professional judgement",
        required=False,
        help_text="Your view of the risk to the child, who may be causing harm, and what keeps the "
        "child safe. Keep facts in the evidence for each indicator.",
        widget=LanguageCheckedTextarea(),
    )

    def __init__(self, *args: Any, indicators: Sequence[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for indicator in indicators:
            self.fields[answer_field(indicator.pk)] = forms.ChoiceField(
                label=indicator.text, choices=Answer.choices, required=False, widget=forms.RadioSelect
            )
            self.fields[evidence_field(indicator.pk)] = forms.CharField(
                label=_hidden_context(
                    "Evidence",
                    f"for \N{LEFT DOUBLE QUOTATION MARK}{indicator.text}\N{RIGHT DOUBLE QUOTATION MARK}",
                ),
                help_text=EVIDENCE_HINT,
                required=False,
                widget=LanguageCheckedTextarea(attrs={"rows": 3}),
            )

    def answers(self) -> dict[int, AnswerInput]:
        data = self.cleaned_data
        return {
            int(name.removeprefix("answer_")): AnswerInput(
                answer=data.get(name) or "",
                evidence=data.get(evidence_field(int(name.removeprefix("answer_")))) or "",
            )
            for name in self.fields
            if name.startswith("answer_")
        }


class ScreeningReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    final_level = forms.ChoiceField(label="Final level", required=False, widget=forms.RadioSelect)
    level_reason = forms.CharField(
        label="Reason for a final level different from the suggestion",
        required=False,
        help_text="Required only when your final level is not the suggested level.",
        widget=LanguageCheckedTextarea(),
    )
    outcome = forms.ChoiceField(
        label="Outcome", choices=Outcome.choices, required=False, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["final_level"]).choices = level_choices()


def stored_answers_data(screening: Screening, answers: Mapping[int, Any]) -> dict[str, Any]:
    """A draft as submitted data, to show it in a bound form (with errors) as it was saved."""
    data: dict[str, Any] = {
        "version": screening.version,
        "professional_judgement": screening.professional_judgement,
    }
    for indicator_id, stored in answers.items():
        data[answer_field(indicator_id)] = stored.answer
        data[evidence_field(indicator_id)] = stored.evidence
    return data


# --- catalogue admin -----------------------------------------------------------------------------


def domain_field(domain_id: int) -> str:
    return f"domain_{domain_id}"


@dataclass(frozen=True)
class IndicatorFields:
    indicator: Indicator
    text: forms.BoundField
    weight: forms.BoundField
    required: forms.BoundField


@dataclass(frozen=True)
class DomainFields:
    domain: IndicatorDomain
    name: forms.BoundField
    indicators: list[IndicatorFields]


class CatalogueVersionForm(forms.Form):
    """Every wording, weight and threshold of the current version, edited into the next one."""

    based_on_version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="Name of the catalogue", max_length=200)
    change_note = forms.CharField(
        label="What changed in this version",
        help_text="Screenings already completed keep the version they were scored with.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what changed in this version"},
    )
    medium_threshold = forms.DecimalField(
        label="Weighted total that suggests the middle of the scale",
        min_value=Decimal("0.5"),
        decimal_places=1,
    )
    high_threshold = forms.DecimalField(
        label="Weighted total that suggests the top of the scale", min_value=Decimal("0.5"), decimal_places=1
    )
    high_yes_for_high = forms.IntegerField(
        label="Number of high-weight indicators answered yes that suggests the top of the scale", min_value=1
    )
    floor_max_age = forms.IntegerField(
        label="Age at or under which a high-weight indicator is never rated at the bottom of the scale",
        min_value=0,
        max_value=25,
    )

    def __init__(
        self, *args: Any, catalogue: IndicatorCatalogue, domains: Sequence[IndicatorDomain], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.domains = domains
        if not self.is_bound:
            self.initial.update(
                based_on_version=catalogue.version_number,
                name=catalogue.name,
                medium_threshold=catalogue.medium_threshold,
                high_threshold=catalogue.high_threshold,
                high_yes_for_high=catalogue.high_yes_for_high,
                floor_max_age=catalogue.floor_max_age,
            )
        for domain in domains:
            self.fields[domain_field(domain.pk)] = forms.CharField(
                label=_hidden_context("Domain name", f"(domain {domain.order})"),
                max_length=200,
                initial=domain.name,
            )
            for indicator in domain.indicators.all():
                number = f"of indicator {domain.order}.{indicator.order}"
                self.fields[f"text_{indicator.pk}"] = forms.CharField(
                    label=_hidden_context("Wording", number), max_length=400, initial=indicator.text
                )
                self.fields[f"weight_{indicator.pk}"] = forms.TypedChoiceField(
                    label=_hidden_context("Weight", number),
                    choices=Weight.choices,
                    coerce=int,
                    initial=indicator.weight,
                )
                self.fields[f"required_{indicator.pk}"] = forms.BooleanField(
                    label=_hidden_context("An answer is required", number),
                    required=False,
                    initial=indicator.required,
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        medium, high = cleaned.get("medium_threshold"), cleaned.get("high_threshold")
        if medium is not None and high is not None and high <= medium:
            self.add_error("high_threshold", "The high threshold must be more than the medium threshold")
        return cleaned

    def grouped(self) -> list[DomainFields]:
        return [
            DomainFields(
                domain=domain,
                name=self[domain_field(domain.pk)],
                indicators=[
                    IndicatorFields(
                        indicator=indicator,
                        text=self[f"text_{indicator.pk}"],
                        weight=self[f"weight_{indicator.pk}"],
                        required=self[f"required_{indicator.pk}"],
                    )
                    for indicator in domain.indicators.all()
                ],
            )
            for domain in self.domains
        ]

    def domain_names(self) -> dict[int, str]:
        return {domain.pk: self.cleaned_data[domain_field(domain.pk)] for domain in self.domains}

    def indicator_edits(self) -> dict[int, IndicatorEdit]:
        return {
            indicator.pk: IndicatorEdit(
                text=self.cleaned_data[f"text_{indicator.pk}"],
                weight=self.cleaned_data[f"weight_{indicator.pk}"],
                required=self.cleaned_data[f"required_{indicator.pk}"],
            )
            for domain in self.domains
            for indicator in domain.indicators.all()
        }
