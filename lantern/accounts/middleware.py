"""Session policy: MFA before anything personal, inactivity timeout, absolute lifetime, and
ending sessions that an administrator ended or that belong to a disabled account."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Paths anyone may open without signing in. The API authenticates with tokens instead.
PUBLIC_PREFIXES = ("/static/", "/account/login/", "/accessibility/", "/privacy/", "/api/", "/health/")
SESSION_LOGIN_AT = "lantern_login_at"
SESSION_LAST_SEEN = "lantern_last_seen"


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
                logout(request)
                messages.info(request, ended)
                return redirect(settings.LOGIN_URL)
            request.session[SESSION_LAST_SEEN] = int(time.time())
        if not is_public_path(request.path):
            if not user.is_authenticated or not user.is_verified():  # type: ignore[union-attr]
                return redirect(f"{_login_path()}?next={request.path}")
        return self.get_response(request)

    def _ended_reason(self, request: HttpRequest) -> str:
        now = int(time.time())
        session = request.session
        last_seen = session.get(SESSION_LAST_SEEN)
        login_at = session.get(SESSION_LOGIN_AT)
        if last_seen is not None and now - int(last_seen) > settings.SESSION_IDLE_SECONDS:
            minutes = settings.SESSION_IDLE_SECONDS // 60
            return f"You were signed out after {minutes} minutes without activity. Sign in again to continue."
        if login_at is not None and now - int(login_at) > settings.SESSION_COOKIE_AGE:
            return "Your session reached its maximum length. Sign in again to continue."
        valid_after = getattr(request.user, "sessions_valid_after", None)
        if valid_after is not None and (login_at is None or int(login_at) < valid_after.timestamp()):
            return "Your session was ended by an administrator. Sign in again to continue."
        return ""


def _login_path() -> str:
    from django.urls import reverse

    return reverse(settings.LOGIN_URL)
