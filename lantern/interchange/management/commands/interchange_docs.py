"""Write docs/interchange.md from the interchange schemas (or check it is up to date)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.interchange.docs import DOC_PATH, render_interchange_doc


class Command(BaseCommand):
    help = "Generate docs/interchange.md from lantern/interchange/schemas.py."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if the committed file is out of date")

    def handle(self, *args: Any, **options: Any) -> None:
        generated = render_interchange_doc()
        current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
        if options["check"]:
            if current != generated:
                raise CommandError(f"{DOC_PATH} is out of date: run python manage.py interchange_docs")
            self.stdout.write(f"{DOC_PATH} is up to date.")
            return
        DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
        DOC_PATH.write_text(generated, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {DOC_PATH}."))
