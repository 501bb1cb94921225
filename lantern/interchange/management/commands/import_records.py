"""Import an interchange file: every line is checked first, and nothing changes unless all pass."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.core.errors import AccessRefused
from lantern.interchange.commandline import actor_named
from lantern.interchange.services import RecordsRejected, records_import


class Command(BaseCommand):
    help = "Import records from an interchange (JSON Lines) file, all or nothing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Path to the .jsonl file")
        parser.add_argument("--as", dest="username", default="", help="Record the import as this user")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_named(options["username"])
        try:
            with open(options["file"], "rb") as handle:
                report = records_import(actor=actor, lines=handle)
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from error
        except AccessRefused as error:
            raise CommandError(str(error)) from error
        except RecordsRejected as rejected:
            for line_error in rejected.line_errors:
                self.stderr.write(str(line_error))
            bad_lines = len({line_error.line for line_error in rejected.line_errors})
            raise CommandError(f"{bad_lines} bad line(s); nothing was imported.", returncode=1) from None
        for line in report.summary_lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.lines} line(s): {report.created} created, {report.updated} updated."
            )
        )
