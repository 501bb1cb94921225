from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from lantern.accounts import selectors, services
from lantern.accounts.enrolment import enrolment_context
from lantern.accounts.forms import (
    GovukPasswordChangeForm,
    LoginForm,
    UserCreateForm,
    UserFilterForm,
    UserUpdateForm,
)
from lantern.accounts.middleware import SESSION_ENDED_REASON
from lantern.accounts.roles import can_configure_partnership
from lantern.accounts.signin import GENERIC_FAILURE, sign_in
from lantern.core.access import role_required
from lantern.core.errors import ConflictingEdit, ValidationFailed

admin_only = role_required(can_configure_partnership, "user")


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _add_errors(form: Any, exc: ValidationFailed) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(None if field == "__all__" or field not in form.fields else field, error)


# --- signing in and out -------------------------------------------------------------------------


@sensitive_post_parameters("password", "token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if request.method == "GET" and user.is_authenticated and user.is_verified():
        return redirect(_safe_next(request))
    ended_reason = request.session.pop(SESSION_ENDED_REASON, "")
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        error = GENERIC_FAILURE
        if form.is_valid():
            result = sign_in(
                request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                token=form.cleaned_data["token"],
            )
            if result.ok:
                return redirect(_safe_next(request))
            error = result.error
        # One message for every failure: the page never says which part was wrong.
        form.errors.clear()
        form.add_error(None, error)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url, "ended_reason": ended_reason},
    )


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_authenticated:
        services.logout_record(actor=user)
    auth_logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:login")


# --- the signed-in user's own account -----------------------------------------------------------


def profile(request: HttpRequest) -> HttpResponse:
    account = selectors.user_profile_get_for(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "accounts/profile.html",
        {
            "account": account,
            "has_mfa": selectors.user_has_confirmed_totp(account),
            "verified": request.user.is_verified(),  # type: ignore[union-attr]
        },
    )


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = GovukPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_password_change(actor=request.user, new_password=form.cleaned_data["new_password1"])  # type: ignore[arg-type]
        update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
        messages.success(request, "Your password has been changed.")
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


# --- user administration ------------------------------------------------------------------------


@admin_only
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        agency = form.cleaned_data["agency"]
        filters = {
            "agency_id": agency.pk if agency else None,
            "role": form.cleaned_data["role"],
            "status": form.cleaned_data["status"],
        }
    users = selectors.user_list_for(request.user, **filters)
    return render(request, "accounts/user_list.html", {"form": form, "users": users})


@admin_only
@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.user_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationFailed as exc:
            _add_errors(form, exc)
        else:
            # Rendered straight from the POST, not stored for a redirect: the secret and any
            # generated password exist only in this response and are never shown again.
            messages.success(request, f"Account created for {enrolment.user.display_name}.")
            return render(request, "accounts/user_enrolment.html", enrolment_context(enrolment, created=True))
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@admin_only
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    account = selectors.user_get_for(request.user, user_id)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "locked": selectors.user_is_locked(account),
            "has_mfa": selectors.user_has_confirmed_totp(account),
            "is_self": account.pk == request.user.pk,
        },
    )


@admin_only
@require_http_methods(["GET", "POST"])
def user_update(request: HttpRequest, user_id: int) -> HttpResponse:
    account = selectors.user_get_for(request.user, user_id)
    if request.method != "POST":
        form = UserUpdateForm.for_user(account)
        return render(request, "accounts/user_form.html", {"form": form, "account": account})
    form = UserUpdateForm(request.POST)
    conflict = False
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.user_update(
                actor=request.user,  # type: ignore[arg-type]
                user=account,
                expected_version=form.cleaned_data["version"],
                **fields,
            )
        except ConflictingEdit:
            conflict = True
            form.add_error(
                None,
                "Someone else changed this account after you opened it. Nothing was saved. "
                "Check the current details below, then make your changes again.",
            )
            account = selectors.user_get_for(request.user, user_id)
        except ValidationFailed as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Changes to {account.display_name} saved.")
            return redirect("accounts:user-detail", user_id=account.pk)
    return render(
        request, "accounts/user_form.html", {"form": form, "account": account, "conflict": conflict}
    )


def _user_action(request: HttpRequest, user_id: int, action: Any, success: str) -> HttpResponse:
    account = selectors.user_get_for(request.user, user_id)
    try:
        action(actor=request.user, user=account)
    except ValidationFailed as exc:
        for errors in exc.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, success.format(name=account.display_name))
    return redirect("accounts:user-detail", user_id=account.pk)


@admin_only
@require_POST
def user_disable(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_action(
        request, user_id, services.user_disable, "{name}'s account is disabled and their sessions have ended."
    )


@admin_only
@require_POST
def user_enable(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_action(request, user_id, services.user_enable, "{name}'s account is enabled.")


@admin_only
@require_POST
def user_end_sessions(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_action(
        request, user_id, services.user_sessions_end, "{name} has been signed out everywhere."
    )


@admin_only
@require_POST
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_action(request, user_id, services.user_unlock, "{name}'s account is unlocked.")


@admin_only
@never_cache
@require_http_methods(["GET", "POST"])
def user_reset_mfa(request: HttpRequest, user_id: int) -> HttpResponse:
    account = selectors.user_get_for(request.user, user_id)
    if request.method != "POST":
        return render(request, "accounts/user_reset_mfa.html", {"account": account})
    enrolment = services.user_mfa_reset(actor=request.user, user=account)  # type: ignore[arg-type]
    messages.success(request, f"{account.display_name} has a new authenticator secret.")
    return render(request, "accounts/user_enrolment.html", enrolment_context(enrolment, created=False))
