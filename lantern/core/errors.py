"""Errors raised by services and selectors, mapped to pages and API responses by callers."""

from __future__ import annotations


class LanternError(Exception):
    pass


class AccessRefused(LanternError):
    """The user has no need-to-know for what they asked for. The refusal has been audited."""


class ValidationFailed(LanternError):
    """Input is invalid; ``errors`` maps a field name to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{field}: {', '.join(msgs)}" for field, msgs in errors.items()))
        self.errors = errors


class ConflictingEdit(LanternError):
    """Someone else saved the record since the user opened it; nothing was overwritten."""

    def __init__(self, current_version: int):
        super().__init__("This record was changed by someone else after you opened it.")
        self.current_version = current_version
