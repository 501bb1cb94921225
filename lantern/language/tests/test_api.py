"""POST /api/v1/language/check/: any token holder; the findings as JSON."""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from lantern.audit.models import AuditEvent

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db

URL = "/api/v1/language/check/"


def token_client(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def test_the_url_is_wired_under_version_one() -> None:
    assert reverse("v1:language-check") == URL


@pytest.mark.parametrize("who", ["teacher", "outsider_b", "police_analyst", "partnership_admin"])
def test_any_token_holder_gets_findings(world: TestWorld, who: str) -> None:
    text = "  He keeps going missing.\nHer Boyfriend is 25."
    response = token_client(getattr(world, who)).post(URL, {"text": text}, format="json")
    assert response.status_code == 200
    findings = response.json()["findings"]
    assert [f["phrase"] for f in findings] == ["keeps going missing", "Boyfriend"]
    for finding in findings:
        # Offsets point into the text exactly as sent (leading spaces are not trimmed).
        assert text[finding["start"] : finding["end"]] == finding["phrase"]
        assert finding["suggestion"] and finding["why"] and finding["phrase_id"]
    assert findings[0]["suggestion"] == "is being controlled or may have been trafficked"


def test_clean_and_empty_text_have_no_findings(world: TestWorld) -> None:
    client = token_client(world.teacher)
    assert client.post(URL, {"text": "She has been groomed."}, format="json").json() == {"findings": []}
    assert client.post(URL, {"text": ""}, format="json").json() == {"findings": []}


def test_bad_requests_are_explained(world: TestWorld) -> None:
    client = token_client(world.teacher)
    missing = client.post(URL, {}, format="json")
    assert missing.status_code == 400 and "text" in missing.json()
    too_long = client.post(URL, {"text": "a" * 100_001}, format="json")
    assert too_long.status_code == 400


def test_without_a_token_the_caller_is_refused(world: TestWorld) -> None:
    response = APIClient().post(URL, {"text": "boyfriend"}, format="json")
    assert response.status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert bad.post(URL, {"text": "boyfriend"}, format="json").status_code == 401


def test_a_signed_in_browser_session_is_not_enough(world: TestWorld) -> None:
    # The API authenticates by token only.
    response = world.client_for(world.teacher).post(
        URL, {"text": "boyfriend"}, content_type="application/json"
    )
    assert response.status_code == 401


def test_the_check_is_not_audited_and_only_post_is_allowed(world: TestWorld) -> None:
    client = token_client(world.teacher)
    before = AuditEvent.objects.count()
    client.post(URL, {"text": "promiscuous"}, format="json")
    assert AuditEvent.objects.count() == before
    assert client.get(URL).status_code == 405


def test_the_endpoint_is_in_the_schema(world: TestWorld) -> None:
    document = token_client(world.partnership_admin).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert "/api/v1/language/check/" in document.content.decode()
