from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict

from lantern.core.errors import ValidationFailed
from lantern.core.forms import LanguageCheckedTextarea
from lantern.partnership.boundaries import MAX_BYTES, MAX_POINTS, parse_boundary_text
from lantern.partnership.models import Agency, AgencyType, Area, Partnership, Team
from lantern.partnership.selectors import agency_list, area_list
from lantern.partnership.services import edit_version, risk_scale_key

RISK_SCALE_CHOICES = [
    ("low_medium_high", "Low, medium, high"),
    (
        "categories",
        "Category 1 (at risk), category 2 (being targeted or groomed), category 3 (being exploited)",
    ),
]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PartnershipForm(VersionedForm):
    name = forms.CharField(label="Partnership name", max_length=200)
    risk_scale = forms.ChoiceField(
        label="Risk scale",
        choices=RISK_SCALE_CHOICES,
        widget=forms.RadioSelect,
        help_text="The levels used in every risk assessment, lowest first",
    )

    @classmethod
    def for_partnership(cls, partnership: Partnership) -> PartnershipForm:
        return cls(
            initial={
                "name": partnership.name,
                "risk_scale": risk_scale_key(partnership.levels),
                "version": edit_version(partnership),
            }
        )


class AreaForm(VersionedForm):
    code = forms.SlugField(
        label="Code",
        max_length=50,
        help_text="A short identifier used in data exchange, for example north-borough",
    )
    name = forms.CharField(label="Name", max_length=200)
    front_door_name = forms.CharField(label="Front door name", max_length=200, required=False)
    front_door_phone = forms.CharField(label="Front door phone number", max_length=50, required=False)
    front_door_email = forms.EmailField(label="Front door secure email address", required=False)
    emergency_guidance = forms.CharField(
        label="Emergency guidance",
        required=False,
        help_text="Shown to practitioners who record that a child is in immediate danger",
        widget=LanguageCheckedTextarea(),
    )
    boundary = forms.CharField(
        label="Boundary for the dashboard map (GeoJSON)",
        required=False,
        help_text=(
            "A GeoJSON Polygon or MultiPolygon, or a Feature holding one, in longitude and latitude "
            f"(WGS84). At most {MAX_POINTS} points. Leave empty to leave the area off the map."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    boundary_file = forms.FileField(
        label="Or upload a GeoJSON file",
        required=False,
        help_text="A .geojson or .json file. It replaces what is in the box above.",
    )

    @classmethod
    def for_area(cls, area: Area) -> AreaForm:
        fields = [
            "code",
            "name",
            "front_door_name",
            "front_door_phone",
            "front_door_email",
            "emergency_guidance",
        ]
        boundary = json.dumps(area.boundary) if area.boundary else ""
        return cls(
            initial={
                **{name: getattr(area, name) for name in fields},
                "boundary": boundary,
                "version": edit_version(area),
            }
        )

    def clean(self) -> dict[str, Any]:
        """Parse the boundary's JSON; the area service checks the geometry itself.

        An uploaded file's text is put in the box, so a mistake in it is shown where it can be fixed.
        """
        cleaned = super().clean() or {}
        upload = cleaned.pop("boundary_file", None)
        text = cleaned.get("boundary") or ""
        if upload:
            try:
                text = _uploaded_text(upload)
            except forms.ValidationError as exc:
                self.add_error("boundary_file", exc)
                return cleaned
            data = QueryDict(mutable=True)
            data.update(self.data)
            data[self.add_prefix("boundary")] = text
            self.data = data
        if "boundary" in cleaned or upload:
            try:
                cleaned["boundary"] = parse_boundary_text(text)
            except ValidationFailed as exc:
                self.add_error("boundary", exc.errors["boundary"])
        return cleaned

    @classmethod
    def blank(cls) -> AreaForm:
        default = Area._meta.get_field("emergency_guidance").get_default()
        return cls(initial={"emergency_guidance": default})


def _uploaded_text(upload: UploadedFile) -> str:
    if (upload.size or 0) > MAX_BYTES:
        raise forms.ValidationError(
            f"The file must be smaller than {MAX_BYTES // 1000} KB. Simplify the shape and try again"
        )
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise forms.ValidationError("The file must be a GeoJSON text file in UTF-8") from exc


class AgencyForm(VersionedForm):
    code = forms.SlugField(label="Code", max_length=50, help_text="A short identifier used in data exchange")
    name = forms.CharField(label="Name", max_length=200)
    agency_type = forms.ChoiceField(label="Agency type", choices=AgencyType.choices, widget=forms.RadioSelect)
    area = forms.ModelChoiceField(
        label="Area",
        queryset=Area.objects.none(),
        required=False,
        empty_label="Whole partnership",
        help_text="Choose whole partnership for an agency that serves every area, such as the police",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = area_list()  # type: ignore[attr-defined]

    @classmethod
    def for_agency(cls, agency: Agency) -> AgencyForm:
        return cls(
            initial={
                "code": agency.code,
                "name": agency.name,
                "agency_type": agency.agency_type,
                "area": agency.area_id,
                "version": edit_version(agency),
            }
        )


class TeamCreateForm(forms.Form):
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none())
    name = forms.CharField(label="Team name", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agency_list()  # type: ignore[attr-defined]


class TeamUpdateForm(VersionedForm):
    name = forms.CharField(label="Team name", max_length=200)

    @classmethod
    def for_team(cls, team: Team) -> TeamUpdateForm:
        return cls(initial={"name": team.name, "version": edit_version(team)})
