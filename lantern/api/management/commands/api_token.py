"""Create (or show, or rotate) a user's API token. The only way tokens are issued."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.accounts.models import User
from lantern.api.services import api_token_issue


class Command(BaseCommand):
    help = "Create or show the API token of USERNAME (audited)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Replace the token with a new one")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['username']!r}.")
        token, created = api_token_issue(actor=None, user=user, rotate=options["rotate"])
        self.stderr.write("Created a new token." if created else "This user's existing token:")
        self.stdout.write(token.key)
