"""python manage.py seed_demo [--children N] [--if-empty] [--seed 42]
python manage.py seed_demo --existing [--modules intelligence,meetings,prevent]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.demo.modules import PARTNERSHIP_WORK
from lantern.demo.services import SeedReport, demo_seed, demo_seed_partnership_work


class Command(BaseCommand):
    help = "Create a synthetic Pan-Cheshire-like partnership, demo accounts and children."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--children", type=int, default=2000, help="How many children (default 2000)")
        parser.add_argument("--seed", type=int, default=42, help="Random seed, for repeatable data")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if a partnership already exists"
        )
        parser.add_argument(
            "--existing",
            action="store_true",
            help="Add --modules to an already seeded database, keeping its people and casework",
        )
        parser.add_argument(
            "--modules",
            default=",".join(PARTNERSHIP_WORK),
            help=f"With --existing: which of {', '.join(PARTNERSHIP_WORK)} (comma-separated; default all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["children"] < 1:
            raise CommandError("--children must be at least 1")
        try:
            report = self._seed(options)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if report.skipped:
            return
        for step, seconds in report.timings.items():
            self.stdout.write(f"  {step}: {seconds:.1f}s")
        for records, count in report.casework.items():
            self.stdout.write(f"  {records}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Done in {report.seconds:.1f}s. Sign-in details: manage.py demo_logins")
        )

    def _seed(self, options: dict[str, Any]) -> SeedReport:
        if options["existing"]:
            modules = [module.strip() for module in options["modules"].split(",") if module.strip()]
            return demo_seed_partnership_work(modules=modules, seed=options["seed"], log=self.stdout.write)
        return demo_seed(
            children=options["children"],
            seed=options["seed"],
            if_empty=options["if_empty"],
            log=self.stdout.write,
        )
