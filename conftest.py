"""Shared test users, named for their role, and factories (see lantern/core/testing.py)."""

from __future__ import annotations

import os

os.environ.setdefault("LANTERN_TESTING", "true")

import pytest

from lantern.core.testing import TestWorld, build_world

# Browser fixtures (one Chromium per test session) are available to every test module.
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture
def world(db: None) -> TestWorld:
    """A small partnership: two areas, agencies in each, one user per role and an outsider."""
    return build_world()
