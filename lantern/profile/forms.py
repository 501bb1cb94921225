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
