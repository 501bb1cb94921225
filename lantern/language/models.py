"""The appropriate-language phrase list (DESIGN.md §6.8): data the partnership admin edits.

A phrase is never edited in place without trace: every change (including the first version and
deactivation) adds a ``LanguagePhraseRevision`` row, so each earlier wording stays readable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import VersionedModel


class LanguagePhrase(VersionedModel):
    pattern = models.CharField(
        max_length=300,
        help_text="Plain words; {a|b} offers alternatives, e.g. {put|putting} {himself|herself} at risk",
    )
    suggestion = models.CharField(max_length=300)
    why = models.TextField(max_length=1000)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["pattern"]

    def __str__(self) -> str:
        return self.pattern


class RevisionChange(models.TextChoices):
    CREATED = "created", "Added"
    UPDATED = "updated", "Changed"
    DEACTIVATED = "deactivated", "Deactivated"
    REACTIVATED = "reactivated", "Reactivated"


class LanguagePhraseRevision(models.Model):
    """The phrase exactly as it was saved at ``version``: the history is append-only."""

    phrase = models.ForeignKey(LanguagePhrase, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField()
    change = models.CharField(max_length=20, choices=RevisionChange.choices)
    pattern = models.CharField(max_length=300)
    suggestion = models.CharField(max_length=300)
    why = models.TextField(max_length=1000)
    active = models.BooleanField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A snapshot, so the history reads correctly if the account is renamed; "" for the shipped list.
    changed_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["phrase", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["phrase", "version"], name="language_revision_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.pattern} (version {self.version})"
