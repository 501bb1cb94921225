"""Signing in with username, password and the authenticator's 6-digit code, in one step.

Every failure shows the same message so the page never tells anyone which part was wrong, with
one exception: a locked account is told to wait, so its owner is not left guessing.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token

from lantern.accounts import services
from lantern.accounts.middleware import SESSION_ENDED_REASON, SESSION_LAST_SEEN, SESSION_LOGIN_AT
from lantern.accounts.models import User
from lantern.accounts.selectors import user_for_sign_in, user_is_locked

GENERIC_FAILURE = "Enter a correct username, password and security code"


def locked_message() -> str:
    return (
        "This account is locked after too many failed attempts to sign in. "
        f"Wait {settings.LOCKOUT_MINUTES} minutes and try again, or contact your administrator."
    )


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.user is not None and not self.error


def sign_in(request: HttpRequest, *, username: str, password: str, token: str) -> SignInResult:
    account = user_for_sign_in(username)
    if account is not None and user_is_locked(account):
        services.login_record_failure(username=username, user=account, reason="locked")
        return SignInResult(user=None, error=locked_message())
    if account is not None and not account.is_active:
        services.login_record_failure(username=username, user=account, reason="inactive")
        return SignInResult(user=None, error=GENERIC_FAILURE)
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        return _failed(username, account, "unknown_user" if account is None else "bad_password")
    device = match_token(user, token.strip())
    if device is None:
        return _failed(username, account, "bad_token")
    auth_login(request, user)
    otp_login(request, device)
    _start_session_clock(request, user)
    services.login_record_success(user=user, device=device)
    return SignInResult(user=user)


def _failed(username: str, account: User | None, reason: str) -> SignInResult:
    account = services.login_record_failure(username=username, user=account, reason=reason)
    if account is not None and user_is_locked(account):
        return SignInResult(user=None, error=locked_message())
    return SignInResult(user=None, error=GENERIC_FAILURE)


def _start_session_clock(request: HttpRequest, user: User) -> None:
    now = int(time.time())
    valid_after = user.sessions_valid_after
    if valid_after is not None and valid_after.timestamp() <= time.time():
        # Sessions are ended by comparing whole seconds: a sign-in in the same second as an
        # administrator ended the sessions must not be ended with them.
        now = max(now, math.ceil(valid_after.timestamp()))
    request.session[SESSION_LOGIN_AT] = now
    request.session[SESSION_LAST_SEEN] = now
    request.session.pop(SESSION_ENDED_REASON, None)
