"""Reads of accounts, scoped to the user asking. Only partnership admins read other accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.models import User
from lantern.accounts.roles import can_configure_partnership
from lantern.audit.services import audit_refusal
from lantern.core.errors import AccessRefused

STATUS_ACTIVE = "active"
STATUS_DISABLED = "disabled"
STATUS_LOCKED = "locked"


def _require_admin(user: Any, *, object_id: object = "", reason: str) -> None:
    if not can_configure_partnership(getattr(user, "role", "")):
        audit_refusal(actor=user, object_type="user", object_id=object_id, reason=reason)
        raise AccessRefused("Only partnership admins manage user accounts.")


def user_for_sign_in(username: str) -> User | None:
    """The account a sign-in attempt names, whatever its state, for counting failures."""
    return User.objects.filter(username=username).select_related("agency").first()


def user_profile_get_for(user: User) -> User:
    """The signed-in user's own account, with what the profile page shows."""
    return User.objects.select_related("agency", "team").get(pk=user.pk)


def user_has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def user_list_for(
    user: Any, *, agency_id: int | None = None, role: str = "", status: str = ""
) -> QuerySet[User]:
    _require_admin(user, reason="user list")
    users = User.objects.select_related("agency", "team").order_by("last_name", "first_name", "username")
    if agency_id:
        users = users.filter(agency_id=agency_id)
    if role:
        users = users.filter(role=role)
    now = timezone.now()
    if status == STATUS_ACTIVE:
        users = users.filter(is_active=True).exclude(locked_until__gt=now)
    elif status == STATUS_DISABLED:
        users = users.filter(is_active=False)
    elif status == STATUS_LOCKED:
        users = users.filter(locked_until__gt=now)
    return users


def user_get_for(user: Any, user_id: int) -> User:
    _require_admin(user, object_id=user_id, reason="user record")
    return get_object_or_404(User.objects.select_related("agency", "team"), pk=user_id)


def user_count_for(user: Any) -> int:
    _require_admin(user, reason="user count")
    return User.objects.count()


def user_is_locked(user: User) -> bool:
    return user.is_locked
