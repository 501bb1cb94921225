"""``manage.py demo_logins`` prints the address scripts/dev serves on (its PORT variable)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from config.env import ConfigurationError
from lantern.demo.management.commands import demo_logins
from lantern.demo.selectors import DemoLogin


@pytest.fixture(autouse=True)
def one_login(monkeypatch: pytest.MonkeyPatch) -> None:
    login = DemoLogin(
        role="Teacher", username="teacher", password="demo-pass", secret_base32="ABC", current_code="123456"
    )
    monkeypatch.setattr(demo_logins, "demo_login_list", lambda: [login])


def _printed() -> str:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    return out.getvalue()


def test_the_address_follows_the_port_scripts_dev_serves_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "8123")
    text = _printed()
    assert "Sign in at http://127.0.0.1:8123/" in text
    assert ":8000" not in text


@pytest.mark.parametrize("unset", ["", None])
def test_without_a_port_the_address_is_port_8000_as_in_scripts_dev(
    monkeypatch: pytest.MonkeyPatch, unset: str | None
) -> None:
    if unset is None:
        monkeypatch.delenv("PORT", raising=False)
    else:
        monkeypatch.setenv("PORT", unset)  # scripts/dev's ${PORT:-8000} treats empty as unset
    assert "Sign in at http://127.0.0.1:8000/" in _printed()


def test_a_port_that_is_not_a_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ConfigurationError, match="PORT"):
        _printed()
