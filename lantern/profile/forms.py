from __future__ import annotations

from django import forms

from lantern.core.forms import GovukDateField
from lantern.profile.exports import FORMATS
from lantern.risk.models import ExploitationType

TREND_MONTH_CHOICES = [("3", "3 months"), ("6", "6 months"), ("12", "12 months"), ("24", "24 months")]


class AsAtForm(forms.Form):
    as_at = GovukDateField(label="As at", help_text="For example, 31 12 2020")


class BoardForm(AsAtForm):
    suppress = forms.BooleanField(label="For publication outside the partnership", required=False)

    def __init__(self, *args: object, suppress_below: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        hidden = f"counts from 1 to {suppress_below - 1}"
        self.fields["suppress"].help_text = f"Hides {hidden}, and any figure they could be worked out from"


class DownloadForm(forms.Form):
    """The query string of a download link: an ISO date is not personal data."""

    as_at = forms.DateField(input_formats=["%Y-%m-%d"])
    format = forms.ChoiceField(choices=[(fmt, fmt) for fmt in FORMATS])
    suppress = forms.BooleanField(required=False)


class RowsDownloadForm(forms.Form):
    as_at = forms.DateField(input_formats=["%Y-%m-%d"])


class DashboardForm(forms.Form):
    as_at = GovukDateField(label="As at", help_text="For example, 31 12 2020")
    area = forms.ChoiceField(label="Area", required=False)
    exploitation_type = forms.ChoiceField(
        label="Exploitation type",
        required=False,
        choices=[("", "All types"), *ExploitationType.choices],
        help_text="Children whose latest open risk assessment on the date has this primary type",
    )
    months = forms.TypedChoiceField(
        label="Trend period",
        choices=TREND_MONTH_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        initial="12",
        help_text="The number of months up to the as-at date that the trends cover",
    )

    def __init__(self, *args: object, areas: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ChoiceField)
        area_field.choices = [("", "All areas"), *areas]


class DrillDownForm(forms.Form):
    as_at = forms.DateField(input_formats=["%Y-%m-%d"])
    table = forms.ChoiceField(
        choices=[
            (name, name) for name in ("exploitation", "care_status", "risk_assessment", "exploitation_by_sex")
        ]
    )
    key = forms.RegexField(regex=r"^[a-z0-9_]+(\.[a-z0-9_]+)?$", max_length=80)
    area = forms.SlugField(required=False, max_length=50)
    exploitation_type = forms.ChoiceField(
        choices=[("", "All types"), *ExploitationType.choices], required=False
    )
    # Not a filter of the children listed: kept for the way back to the dashboard.
    months = forms.TypedChoiceField(choices=TREND_MONTH_CHOICES, coerce=int, required=False, empty_value=None)
