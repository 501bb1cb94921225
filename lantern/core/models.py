"""Building blocks shared by every domain app."""

from __future__ import annotations

from django.db import models


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimestampedModel):
    """Optimistic concurrency: services refuse a write made against an older version."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class SourcedModel(VersionedModel):
    """A record that may come from another agency's system (DESIGN.md §5).

    The (source_agency, source_id) pair makes interchange imports idempotent.
    """

    source_agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        abstract = True
