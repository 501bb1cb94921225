"""Every write to accounts: sign-in bookkeeping, passwords, and user administration.

Each service takes keyword-only arguments and an explicit ``actor`` (None when nobody is signed
in yet), runs in one transaction and writes its audit row in that same transaction.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.models import User
from lantern.accounts.roles import CASEWORK_ROLES
from lantern.audit.services import audit_record
from lantern.core.errors import ValidationFailed
from lantern.core.versioning import lock_version, save_new_version
from lantern.partnership.models import Agency, Team

USER = "user"
EDITABLE_FIELDS = ("first_name", "last_name", "email", "agency", "team", "manages_team", "role", "job_title")
TOTP_DEVICE_NAME = "Authenticator app"
# Letters and digits without look-alikes (0/O, 1/l/I), so a generated password can be read out.
_PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


@dataclass(frozen=True)
class Enrolment:
    """What an administrator reads out or hands over once: never stored anywhere in clear."""

    user: User
    device: TOTPDevice
    initial_password: str = ""


# --- signing in -----------------------------------------------------------------------------


def login_record_success(*, user: User, device: Any) -> None:
    """Reset the failure count and audit the sign-in."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.failed_login_count = 0
        user.locked_until = None
        audit_record(
            actor=user,
            action="login",
            object_type=USER,
            object_id=user.pk,
            detail={"device": getattr(device, "persistent_id", "")},
        )


def login_record_failure(*, username: str, user: User | None, reason: str) -> User | None:
    """Audit a failed sign-in and count it against the account; lock it at the threshold.

    ``reason`` is for the audit trail only: the person signing in always sees the same message.
    Returns the account as it now stands (with any new lock), or None for an unknown username.
    """
    with transaction.atomic():
        audit_record(
            actor=None,
            username=username[:150],
            action="login_failed",
            object_type=USER,
            object_id=user.pk if user else "",
            detail={"reason": reason},
        )
        if user is None or reason in {"locked", "inactive"}:
            return user
        account = User.objects.select_for_update().get(pk=user.pk)
        now = timezone.now()
        if account.locked_until is not None and account.locked_until <= now:
            # The last lock has run out: this is a fresh run of attempts.
            account.failed_login_count = 0
            account.locked_until = None
        account.failed_login_count += 1
        if account.failed_login_count >= settings.LOCKOUT_THRESHOLD:
            account.locked_until = now + timedelta(minutes=settings.LOCKOUT_MINUTES)
            audit_record(
                actor=None,
                username=account.username,
                action="locked_out",
                object_type=USER,
                object_id=account.pk,
                detail={"failed_attempts": account.failed_login_count, "minutes": settings.LOCKOUT_MINUTES},
            )
        account.save(update_fields=["failed_login_count", "locked_until"])
        return account


def logout_record(*, actor: User, reason: str = "signed out") -> None:
    """Audit the end of a session: the person signed out, or the session policy ended it."""
    with transaction.atomic():
        audit_record(
            actor=actor, action="logout", object_type=USER, object_id=actor.pk, detail={"reason": reason}
        )


# --- the signed-in user's own account -----------------------------------------------------------


def user_password_change(*, actor: User, new_password: str) -> None:
    """Change the actor's own password (already checked by the form against the old one)."""
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=actor.pk)
        account.set_password(new_password)
        account.save(update_fields=["password"])
        actor.password = account.password
        audit_record(
            actor=actor,
            action="update",
            object_type=USER,
            object_id=actor.pk,
            detail={"changed": ["password"], "by": "self"},
        )


# --- user administration ------------------------------------------------------------------------


def generate_password(length: int = 20) -> str:
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


def _check_membership(
    *, agency: Agency | None, team: Team | None, role: str, manages_team: bool = False
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if role in CASEWORK_ROLES and agency is None:
        errors["agency"] = ["Select the agency this person works for"]
    if team is not None and (agency is None or team.agency_id != agency.pk):
        errors["team"] = ["Select a team in the person's agency, or no team"]
    if manages_team and team is None:
        errors["manages_team"] = ["Select the team this person manages, or untick team manager"]
    return errors


def _new_totp_device(user: User) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)


def user_create(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    agency: Agency | None,
    team: Team | None,
    role: str,
    job_title: str = "",
    password: str = "",
    manages_team: bool = False,
) -> Enrolment:
    """Create an account with an authenticator device. A blank password is generated."""
    errors = _check_membership(agency=agency, team=team, role=role, manages_team=manages_team)
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["That username is already in use"]
    generated = not password
    password = password or generate_password()
    candidate = User(username=username, first_name=first_name, last_name=last_name, email=email)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            email=email,
            first_name=first_name,
            last_name=last_name,
            agency=agency,
            team=team,
            manages_team=manages_team,
            role=role,
            job_title=job_title,
        )
        device = _new_totp_device(user)
        audit_record(
            actor=actor,
            action="create",
            object_type=USER,
            object_id=user.pk,
            detail={
                "username": user.username,
                "role": role,
                "agency": agency.code if agency else "",
                "manages_team": manages_team,
                "password": "generated" if generated else "set by administrator",
            },
        )
    return Enrolment(user=user, device=device, initial_password=password if generated else "")


def _describe(value: Any) -> Any:
    if isinstance(value, (Agency, Team)):
        return str(value)
    return value


def user_update(*, actor: User, user: User, expected_version: int, **fields: Any) -> User:
    """Update the administrator-editable fields; refuse a save made against an older version."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        account = lock_version(User, pk=user.pk, expected_version=expected_version)
        merged = {name: getattr(account, name) for name in EDITABLE_FIELDS} | fields
        errors = _check_membership(
            agency=merged["agency"],
            team=merged["team"],
            role=merged["role"],
            manages_team=merged["manages_team"],
        )
        if account.pk == actor.pk and merged["role"] != account.role:
            errors["role"] = ["You cannot change your own role. Ask another partnership admin."]
        if errors:
            raise ValidationFailed(errors)
        changed = {
            name: {"from": _describe(change.before), "to": _describe(change.after)}
            for name, change in save_new_version(account, fields).items()
        }
        audit_record(
            actor=actor, action="update", object_type=USER, object_id=account.pk, detail={"changed": changed}
        )
        return account


def _refuse_self(actor: User, user: User, what: str) -> None:
    if actor.pk == user.pk:
        raise ValidationFailed(
            {"__all__": [f"You cannot {what} your own account. Ask another partnership admin."]}
        )


def user_disable(*, actor: User, user: User) -> User:
    """Disable the account and end every one of its sessions."""
    _refuse_self(actor, user, "disable")
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        account.is_active = False
        account.sessions_valid_after = timezone.now()
        account.save(update_fields=["is_active", "sessions_valid_after"])
        audit_record(
            actor=actor,
            action="update",
            object_type=USER,
            object_id=account.pk,
            detail={"changed": ["disabled"]},
        )
        audit_record(
            actor=actor,
            action="sessions_ended",
            object_type=USER,
            object_id=account.pk,
            detail={"reason": "account disabled"},
        )
        return account


def user_enable(*, actor: User, user: User) -> User:
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        account.is_active = True
        account.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="update",
            object_type=USER,
            object_id=account.pk,
            detail={"changed": ["enabled"]},
        )
        return account


def user_sessions_end(*, actor: User, user: User) -> User:
    """End every session of the account at its next request."""
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        account.sessions_valid_after = timezone.now()
        account.save(update_fields=["sessions_valid_after"])
        audit_record(
            actor=actor,
            action="sessions_ended",
            object_type=USER,
            object_id=account.pk,
            detail={"reason": "ended by administrator"},
        )
        return account


def user_unlock(*, actor: User, user: User) -> User:
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        account.locked_until = None
        account.failed_login_count = 0
        account.save(update_fields=["locked_until", "failed_login_count"])
        audit_record(
            actor=actor,
            action="update",
            object_type=USER,
            object_id=account.pk,
            detail={"changed": ["unlocked"]},
        )
        return account


def user_mfa_reset(*, actor: User, user: User) -> Enrolment:
    """Replace the authenticator secret and end the account's sessions (the old app stops working)."""
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        device = _new_totp_device(account)
        account.sessions_valid_after = timezone.now()
        account.save(update_fields=["sessions_valid_after"])
        audit_record(
            actor=actor,
            action="update",
            object_type=USER,
            object_id=account.pk,
            detail={"changed": ["authenticator reset"]},
        )
        audit_record(
            actor=actor,
            action="sessions_ended",
            object_type=USER,
            object_id=account.pk,
            detail={"reason": "authenticator reset"},
        )
        return Enrolment(user=account, device=device)
