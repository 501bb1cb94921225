"""python manage.py profile_report --as-at YYYY-MM-DD [--format json|csv|xlsx] [--output FILE] [--suppress]"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.profile import services
from lantern.profile.exports import FORMATS


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--as-at must be a real date written YYYY-MM-DD, not {text!r}") from exc


class Command(BaseCommand):
    help = "Write the partnership profile as at a date (JSON, CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-at", required=True, help="The date, YYYY-MM-DD")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", help="Write to this file instead of standard output")
        parser.add_argument(
            "--suppress",
            action="store_true",
            help=(
                "For use outside the partnership: hide small numbers (1 to LANTERN_SUPPRESS_BELOW-1) "
                "and any cell they could be worked out from (lantern/profile/suppression.py)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError("--format xlsx needs --output FILE")
        content = services.profile_export(
            actor=None,
            as_at=_date(options["as_at"]),
            fmt=options["format"],
            suppress=options["suppress"],
            channel="command",
        )
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(content)
            self.stderr.write(f"Wrote {options['output']}")
        else:
            self.stdout.write(content.decode(), ending="")
