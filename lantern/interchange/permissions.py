"""Who may move records in and out of Lantern in bulk."""

from __future__ import annotations

from lantern.accounts.roles import can_configure_partnership


def can_exchange_records(role: str) -> bool:
    """Import and export hold every agency's records, so only the partnership admin may run them."""
    return can_configure_partnership(role)
