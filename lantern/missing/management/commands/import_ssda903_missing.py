"""Import the Missing table of a local authority's SSDA903 return: all rows or none."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.core.errors import AccessRefused, ValidationFailed
from lantern.interchange.commandline import actor_named
from lantern.missing.ssda903 import MissingReturnRejected, ssda903_missing_import


class Command(BaseCommand):
    help = (
        "Import the Missing table (CHILD, MISSING, MIS_START, MIS_END) of an SSDA903 return, all or nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Path to the Missing table as CSV")
        parser.add_argument(
            "--agency", required=True, help="Code of the local authority's children's services agency"
        )
        parser.add_argument("--as", dest="username", default="", help="Record the import as this user")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_named(options["username"])
        try:
            # utf-8-sig: spreadsheets often start a CSV with a byte order mark.
            with open(options["file"], encoding="utf-8-sig", newline="") as handle:
                counts = ssda903_missing_import(actor=actor, agency_code=options["agency"], lines=handle)
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from error
        except UnicodeDecodeError:
            raise CommandError(f"{options['file']} is not UTF-8 text; nothing was imported.") from None
        except AccessRefused as error:
            raise CommandError(str(error)) from error
        except MissingReturnRejected as rejected:
            for row_error in rejected.row_errors:
                self.stderr.write(str(row_error))
            bad_rows = len({row_error.row for row_error in rejected.row_errors})
            raise CommandError(f"{bad_rows} bad row(s); nothing was imported.", returncode=1) from None
        except ValidationFailed as invalid:
            raise CommandError(f"{invalid}; nothing was imported.", returncode=1) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {counts.rows} row(s) of the SSDA903 Missing table: {counts.created} created, "
                f"{counts.updated} updated, {counts.unchanged} unchanged."
            )
        )
