from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from lantern.accounts.models import User
from lantern.accounts.roles import Role
from lantern.accounts.selectors import STATUS_ACTIVE, STATUS_DISABLED, STATUS_LOCKED
from lantern.partnership.models import Agency, Team
from lantern.partnership.selectors import agency_list, team_list


class LoginForm(forms.Form):
    username = forms.CharField(
        label="Username", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label="Password",
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from the authenticator app on your phone",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        token = "".join(str(self.cleaned_data["token"]).split())
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError("Enter the 6-digit security code from your authenticator app")
        return token


class GovukPasswordChangeForm(PasswordChangeForm):
    """Django's form with GOV.UK labels and hints (its checks are unchanged)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].label = "New password"
        self.fields[
            "new_password1"
        ].help_text = (
            "At least 12 characters. Do not use a common password or one like your name or username."
        )
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"


def _agency_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="No agency (partnership staff)",
        help_text="Required for roles that work with people's records",
    )


def _team_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        required=False,
        empty_label="No team",
    )


class UserFieldsForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    )
    agency = _agency_choices()
    team = _team_choices()
    manages_team = forms.BooleanField(
        label="Manages this team",
        required=False,
        help_text="A team manager sees the learning records of everyone in the team",
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agency_list()  # type: ignore[attr-defined]
        self.fields["team"].queryset = team_list()  # type: ignore[attr-defined]


class UserCreateForm(UserFieldsForm):
    username = forms.RegexField(
        label="Username",
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text="Letters, digits and . @ + - _ only. The person signs in with this.",
        error_messages={"invalid": "Username must use only letters, digits and . @ + - _"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Initial password",
        required=False,
        strip=False,
        help_text="Leave empty to generate a strong password, shown to you once",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "agency",
        "team",
        "manages_team",
        "role",
        "job_title",
        "password",
    ]


class UserUpdateForm(UserFieldsForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_user(cls, user: User) -> UserUpdateForm:
        return cls(
            initial={
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "agency": user.agency_id,
                "team": user.team_id,
                "manages_team": user.manages_team,
                "role": user.role,
                "job_title": user.job_title,
                "version": user.version,
            }
        )


class UserFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="All agencies"
    )
    role = forms.ChoiceField(label="Role", choices=[("", "All roles"), *Role.choices], required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Any status"),
            (STATUS_ACTIVE, "Active"),
            (STATUS_LOCKED, "Locked"),
            (STATUS_DISABLED, "Disabled"),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agency_list()  # type: ignore[attr-defined]
