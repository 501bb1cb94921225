import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_accessibility_statement_is_public(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    assert b"WCAG" in response.content


def test_casework_pages_need_sign_in(client):
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_pages_carry_security_headers(client):
    response = client.get("/accessibility/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_page_shell_has_no_govuk_crown_or_font(client):
    content = client.get("/accessibility/").content.decode()
    assert "govuk-header__logotype" not in content
    assert "GDS Transport" not in content


def test_home_shows_navigation_for_the_role(world):
    content = world.client_for(world.auditor).get("/home/").content.decode()
    assert "Audit trail" in content
    assert "Find a person" not in content
    content = world.client_for(world.social_worker_a).get("/home/").content.decode()
    assert "Find a person" in content
    assert "Audit trail" not in content


def test_suite_runs_on_the_database_it_was_given():
    # CI runs the suite twice; this proves the PostgreSQL run is not silently on SQLite.
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_map_tile_server_is_allowed_for_images_only_when_configured(client, settings):
    assert "tiles" not in client.get("/accessibility/")["Content-Security-Policy"]
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    policy = client.get("/accessibility/")["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.org;" in policy


def test_a_failed_form_security_check_explains_what_to_do(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/login/", {"username": "x", "password": "y", "code": "123456"})
    assert response.status_code == 403
    assert "Your form has not been sent" in response.content.decode()
