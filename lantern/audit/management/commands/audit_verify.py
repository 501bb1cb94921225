"""Check that no audit row was changed or removed: ``python manage.py audit_verify``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lantern.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain. Exits 1 and names the first broken row if it fails."

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_chain_verify()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(result.message))
            return
        self.stdout.write(self.style.ERROR(result.message))
        raise SystemExit(1)
