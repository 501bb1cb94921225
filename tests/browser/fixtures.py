"""Browser tests: Debian's Chromium driven by Playwright, with axe-core on every page visited."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Browser, Page, expect, sync_playwright

from lantern.core.testing import TEST_PASSWORD, TestWorld, build_world, totp_code

# Playwright's sync API keeps an event loop running in the test thread; the Django ORM calls
# the tests make there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = (ROOT / "node_modules/axe-core/axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _flushes(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        "live_server" in fixtures
        or "transactional_db" in fixtures
        or (marker is not None and bool(marker.kwargs.get("transaction")))
    )


@dataclass
class _MigratedData:
    contents: str = ""
    blocker: Any = None


_MIGRATED = _MigratedData()


@pytest.fixture(scope="session", autouse=True)
def _migrated_data(django_db_setup: None, django_db_blocker: Any) -> None:
    """What the migrations installed (phrase list, screening catalogue, disruption types, courses,
    public pages), serialized once while the test database is as migrated."""
    with django_db_blocker.unblock():
        _MIGRATED.contents = connection.creation.serialize_db_to_string()
    _MIGRATED.blocker = django_db_blocker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A test that flushes the database (a live server, ``transaction=True``) empties every table
    when it ends; put back what the migrations installed straight after, so whichever test comes
    next, transactional or not, starts from the migrated database."""
    result = yield
    if nextitem is not None and _flushes(item) and _MIGRATED.contents:
        with _MIGRATED.blocker.unblock():
            # The test's own flush ran post_migrate (content types, permissions): empty the
            # tables again without it, then load the migrated contents whole.
            call_command(
                "flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False
            )
            connection.creation.deserialize_db_from_string(_MIGRATED.contents)
    return result


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp lets the test inject axe-core; Lantern's own pages never need it.
    context = browser.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def live_world(transactional_db: None) -> TestWorld:
    return build_world()


def assert_accessible(page: Page) -> None:
    """Run axe-core against the page and fail with each WCAG 2.2 AA violation it reports."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
    assert not violations, f"axe found accessibility violations on {page.url}:\n" + json.dumps(
        violations, indent=2
    )


def sign_in(page: Page, base_url: str, user: Any, *, check_accessible: bool = False) -> None:
    """Sign in through the form as the person would, in a fresh session: username, password and
    the authenticator's current code; wait for the home page. ``check_accessible`` runs axe on
    the sign-in page and the home page too."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/account/login/")
    if check_accessible:
        assert_accessible(page)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_label("Security code").fill(totp_code(user))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lantern")
    if check_accessible:
        assert_accessible(page)
