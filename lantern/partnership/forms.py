from __future__ import annotations

from typing import Any

from django import forms

from lantern.core.forms import LanguageCheckedTextarea
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
        return cls(initial={**{name: getattr(area, name) for name in fields}, "version": edit_version(area)})

    @classmethod
    def blank(cls) -> AreaForm:
        default = Area._meta.get_field("emergency_guidance").get_default()
        return cls(initial={"emergency_guidance": default})


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
