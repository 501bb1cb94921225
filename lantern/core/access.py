"""Refusing access the same way everywhere: audit the refusal, then show the 403 page.

Selectors raise ``AccessRefused`` after auditing; ``AccessRefusedMiddleware`` turns it into the
403 page so views stay thin. ``role_required`` guards pages that depend on role alone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lantern.audit.services import audit_refusal
from lantern.core.errors import AccessRefused


def refused_response(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(request, "403.html", {"message": message}, status=403)


def role_required(
    allowed: Callable[[str], bool], object_type: str
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Allow the view only for users whose role passes ``allowed``; audit every refusal."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: Any = request.user
            if not allowed(getattr(user, "role", "")):
                audit_refusal(
                    actor=user,
                    object_type=object_type,
                    object_id=next(iter(kwargs.values()), ""),
                    reason=f"role {getattr(user, 'role', '')} may not use {request.resolver_match.view_name if request.resolver_match else object_type}",
                )
                return refused_response(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class AccessRefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, AccessRefused):
            return refused_response(request, str(exception))
        return None
