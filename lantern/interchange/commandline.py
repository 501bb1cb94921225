"""Helpers shared by the interchange's management commands."""

from __future__ import annotations

from django.core.management.base import CommandError

from lantern.accounts.models import User


def actor_named(username: str) -> User | None:
    """The user a command acts as, or None for the server's operator."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).select_related("agency").first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user
