from __future__ import annotations

from django import forms

from lantern.core.forms import GovukDateField
from lantern.profile.exports import FORMATS


class AsAtForm(forms.Form):
    as_at = GovukDateField(label="As at", help_text="For example, 31 12 2020")


class DownloadForm(forms.Form):
    """The query string of a download link: an ISO date is not personal data."""

    as_at = forms.DateField(input_formats=["%Y-%m-%d"])
    format = forms.ChoiceField(choices=[(fmt, fmt) for fmt in FORMATS])
    suppress = forms.BooleanField(required=False)


class DashboardForm(forms.Form):
    as_at = GovukDateField(
        label="As at", help_text="For example, 31 12 2020. Trends cover the 12 months up to this date."
    )
    area = forms.ChoiceField(label="Area", required=False)

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
