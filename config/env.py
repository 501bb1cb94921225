"""Typed access to the environment. Every variable is documented in .env.example."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse


class ConfigurationError(RuntimeError):
    pass


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


@dataclass(frozen=True)
class DatabaseConfig:
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @property
    def is_postgres(self) -> bool:
        return self.engine == "django.db.backends.postgresql"

    def as_django(self) -> dict[str, object]:
        config: dict[str, object] = {"ENGINE": self.engine, "NAME": self.name}
        if self.is_postgres:
            config.update(
                USER=self.user,
                PASSWORD=self.password,
                HOST=self.host,
                PORT=self.port,
                CONN_MAX_AGE=60,
                # Lantern's queries are short and many; PostgreSQL's JIT compiler cost more time
                # than it saved on every work list measured (benchmarks/README.md).
                OPTIONS={"options": "-c jit=off"},
            )
        else:
            config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
        return config


def parse_database_url(url: str, base_dir: Path) -> DatabaseConfig:
    """Parse ``sqlite:///relative/or/absolute.sqlite3`` or ``postgres://user@host:port/name``."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        raw_path = unquote(parsed.path)
        # sqlite:///var/x.sqlite3 is relative to the project; sqlite:////abs/x.sqlite3 is absolute
        if raw_path.startswith("//"):
            path = Path("/" + raw_path.lstrip("/"))
        else:
            path = base_dir / raw_path.lstrip("/")
        return DatabaseConfig(engine="django.db.backends.sqlite3", name=str(path))
    if parsed.scheme in {"postgres", "postgresql"}:
        return DatabaseConfig(
            engine="django.db.backends.postgresql",
            name=unquote(parsed.path.lstrip("/")) or "lantern",
            user=unquote(parsed.username or ""),
            password=unquote(parsed.password or ""),
            host=parsed.hostname or "",
            port=str(parsed.port or ""),
        )
    raise ConfigurationError(f"DATABASE_URL must start with sqlite:// or postgres://, not {parsed.scheme!r}")
