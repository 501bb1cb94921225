"""Session policy: MFA before anything personal, inactivity timeout, absolute lifetime, and
ending sessions that an administrator ended or that belong to a disabled account."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Paths anyone may open without signing in. The API authenticates with tokens instead.
PUBLIC_PREFIXES = (
    "/static/",
    "/account/login/",
    "/accessibility/",
    "/privacy/",
    "/api/",
    "/health/",
    "/intelligence/share/",
    "/public/",
)
SESSION_LOGIN_AT = "lantern_login_at"
SESSION_LAST_SEEN = "lantern_last_seen"
# Why the last session ended, shown once on the sign-in page. This middleware runs before
# Django's MessageMiddleware, so it cannot use the messages framework itself.
SESSION_ENDED_REASON = "lantern_ended_reason"


@dataclass(frozen=True)
class SessionEnded:
    reason: str  # for the audit trail
    message: str  # for the person, on the sign-in page


def is_public_path(path: str) -> bool:
    return path == "/" or path.startswith(PUBLIC_PREFIXES)


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            ended = self._ended_reason(request)
            if ended:
                from lantern.accounts.services import logout_record

                logout_record(actor=user, reason=ended.reason)
                logout(request)
                request.session[SESSION_ENDED_REASON] = ended.message
                return redirect(_login_path())
            request.session[SESSION_LAST_SEEN] = int(time.time())
        signed_in = user.is_authenticated and _is_verified(user)
        if not signed_in and not is_public_path(request.path):
            return redirect(f"{_login_path()}?{urlencode({'next': request.path})}")
        return self.get_response(request)

    def _ended_reason(self, request: HttpRequest) -> SessionEnded | None:
        now = int(time.time())
        session = request.session
        last_seen = session.get(SESSION_LAST_SEEN)
        login_at = session.get(SESSION_LOGIN_AT)
        if last_seen is not None and now - int(last_seen) > settings.SESSION_IDLE_SECONDS:
            minutes = settings.SESSION_IDLE_SECONDS // 60
            return SessionEnded(
                "idle timeout",
                f"You were signed out after {minutes} minutes without activity. Sign in again to continue.",
            )
        if login_at is not None and now - int(login_at) > settings.SESSION_COOKIE_AGE:
            return SessionEnded(
                "maximum session length",
                "Your session reached its maximum length. Sign in again to continue.",
            )
        valid_after = getattr(request.user, "sessions_valid_after", None)
        if valid_after is not None and (login_at is None or int(login_at) < valid_after.timestamp()):
            return SessionEnded(
                "ended by administrator",
                "Your session was ended by an administrator. Sign in again to continue.",
            )
        return None


def _is_verified(user: Any) -> bool:
    """Whether this session passed the second factor (set on the user by django-otp)."""
    return bool(user.is_verified())


def _login_path() -> str:
    from django.urls import reverse

    return reverse(settings.LOGIN_URL)
