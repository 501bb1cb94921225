from pathlib import Path

import pytest

from config.env import ConfigurationError, env_bool, env_int, parse_database_url


def test_sqlite_url_is_relative_to_the_project():
    config = parse_database_url("sqlite:///var/lantern.sqlite3", Path("/srv/lantern"))
    assert config.engine == "django.db.backends.sqlite3"
    assert config.name == "/srv/lantern/var/lantern.sqlite3"


def test_sqlite_url_with_four_slashes_is_absolute():
    config = parse_database_url("sqlite:////data/x.sqlite3", Path("/srv/lantern"))
    assert config.name == "/data/x.sqlite3"


def test_postgres_url_is_parsed():
    config = parse_database_url("postgres://lantern:s%40cret@db.internal:6543/lantern", Path("/"))
    assert config.is_postgres
    assert (config.user, config.password, config.host, config.port, config.name) == (
        "lantern",
        "s@cret",
        "db.internal",
        "6543",
        "lantern",
    )


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        parse_database_url("mysql://x/y", Path("/"))


def test_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("LANTERN_X", "perhaps")
    with pytest.raises(ConfigurationError, match="LANTERN_X"):
        env_bool("LANTERN_X", False)


def test_bad_integer_names_the_variable(monkeypatch):
    monkeypatch.setenv("LANTERN_N", "ten")
    with pytest.raises(ConfigurationError, match="LANTERN_N"):
        env_int("LANTERN_N", 10)
