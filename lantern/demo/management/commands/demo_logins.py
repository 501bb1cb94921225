"""python manage.py demo_logins — the demo accounts, their TOTP secrets and current codes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from config.env import env_int
from lantern.demo.selectors import demo_login_list

DEFAULT_PORT = 8000


def demo_url() -> str:
    """Where scripts/dev serves the demo: port ``PORT`` (default 8000), read as that script does."""
    return f"http://127.0.0.1:{env_int('PORT', DEFAULT_PORT)}/"


class Command(BaseCommand):
    help = "Print each demo account: role, username, password, TOTP secret (base32) and current code."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_login_list()
        if not logins:
            raise CommandError("No demo accounts found. Run: python manage.py seed_demo")
        headers = ("Role", "Username", "Password", "TOTP secret (base32)", "Code now")
        rows = [
            (login.role, login.username, login.password, login.secret_base32, login.current_code)
            for login in logins
        ]
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
        for row in [headers, tuple("-" * width for width in widths), *rows]:
            self.stdout.write(
                "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            )
        self.stdout.write("")
        self.stdout.write(f"Sign in at {demo_url()}")
        self.stdout.write(
            "Add a secret to an authenticator app (time-based, 6 digits, 30 seconds), or use the code shown."
        )
        self.stdout.write("Codes change every 30 seconds: run this command again for fresh ones.")
