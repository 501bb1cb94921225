"""Writes for the API: issuing the tokens agency systems authenticate with."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

from lantern.audit.services import audit_record


def api_token_issue(*, actor: Any, user: Any, rotate: bool = False) -> tuple[Token, bool]:
    """The user's API token, created if they have none (or replaced when ``rotate``). Audited.

    Tokens are issued only by the server's operator (``manage.py api_token``): holding one is the
    API's second factor, in place of the TOTP code people use on the web.
    """
    with transaction.atomic():
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        audit_record(
            actor=actor,
            action="api_token",
            object_type="user",
            object_id=user.pk,
            detail={"for": user.get_username(), "created": created, "rotated": rotate},
            username="" if actor is not None else "command line",
        )
    return token, created
