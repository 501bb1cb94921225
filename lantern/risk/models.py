from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import SourcedModel


class ExploitationType(models.TextChoices):
    SEXUAL = "sexual", "Sexual exploitation"
    CRIMINAL = "criminal", "Criminal exploitation"
    COUNTY_LINES = "county_lines", "County lines"
    TRAFFICKING = "trafficking", "Trafficking"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery"
    RADICALISATION = "radicalisation", "Radicalisation"
    ONLINE = "online", "Online harm"
    FINANCIAL = "financial", "Financial exploitation"
    PEER_ON_PEER = "peer_on_peer", "Peer-on-peer abuse"
    OTHER = "other", "Other"


class RiskAssessment(SourcedModel):
    """A dated, multi-agency decision on a person's exploitation risk.

    ``level`` is one of the partnership's risk scale (DESIGN.md §3).
    """

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="risk_assessments")
    assessed_on = models.DateField()
    exploitation_type = models.CharField(max_length=30, choices=ExploitationType.choices)
    other_types = models.JSONField(default=list, blank=True)
    level = models.CharField(max_length=30)
    summary = models.TextField(blank=True)
    next_review_due = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["person", "assessed_on"]),
            # The reviews-due list walks open assessments soonest due first and stops at a page;
            # person_id lets its counts check visibility without reading the table.
            models.Index(
                fields=["next_review_due", "id"],
                include=["person"],
                condition=models.Q(closed_on__isnull=True),
                name="risk_open_review_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="risk_assessment_unique_source",
            )
        ]
