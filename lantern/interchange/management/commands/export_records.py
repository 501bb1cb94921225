"""Export every record to an interchange (JSON Lines) file."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lantern.core.errors import AccessRefused
from lantern.interchange.commandline import actor_named
from lantern.interchange.services import records_export
from lantern.interchange.streaming import jsonl_line


class Command(BaseCommand):
    help = "Export every record to an interchange (JSON Lines) file; '-' writes to standard output."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Path of the .jsonl file to write, or - for standard output")
        parser.add_argument("--as", dest="username", default="", help="Record the export as this user")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_named(options["username"])
        try:
            records = records_export(actor=actor)
        except AccessRefused as error:
            raise CommandError(str(error)) from error
        count = 0
        if options["file"] == "-":
            for record in records:
                sys.stdout.write(jsonl_line(record))
                count += 1
            return
        try:
            with open(options["file"], "w", encoding="utf-8", newline="\n") as handle:
                for record in records:
                    handle.write(jsonl_line(record))
                    count += 1
        except OSError as error:
            raise CommandError(f"Cannot write {options['file']}: {error.strerror}") from error
        self.stdout.write(self.style.SUCCESS(f"Exported {count} record(s) to {options['file']}."))
