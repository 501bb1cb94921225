"""Concerns: any practitioner's record of what worries them about a person (DESIGN.md §3).

A saved concern is court-safe (DESIGN.md §7): its content fields are written once and never
changed. A correction is a ``ConcernAmendment`` that names the field, the old and new values,
why, who and when; the current wording is the original with its amendments applied in order.
Triage by the agency's safeguarding lead is a separate step that fills the triage fields.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import SourcedModel, TimestampedModel
from lantern.risk.models import ExploitationType


class ConcernCategory(models.TextChoices):
    """The exploitation types of DESIGN.md §3 (peer-on-peer and online among them), plus missing."""

    SEXUAL = ExploitationType.SEXUAL.value, ExploitationType.SEXUAL.label
    CRIMINAL = ExploitationType.CRIMINAL.value, ExploitationType.CRIMINAL.label
    COUNTY_LINES = ExploitationType.COUNTY_LINES.value, ExploitationType.COUNTY_LINES.label
    TRAFFICKING = ExploitationType.TRAFFICKING.value, ExploitationType.TRAFFICKING.label
    MODERN_SLAVERY = ExploitationType.MODERN_SLAVERY.value, ExploitationType.MODERN_SLAVERY.label
    RADICALISATION = ExploitationType.RADICALISATION.value, ExploitationType.RADICALISATION.label
    ONLINE = ExploitationType.ONLINE.value, ExploitationType.ONLINE.label
    FINANCIAL = ExploitationType.FINANCIAL.value, ExploitationType.FINANCIAL.label
    PEER_ON_PEER = ExploitationType.PEER_ON_PEER.value, ExploitationType.PEER_ON_PEER.label
    MISSING = "missing", "Missing"
    OTHER = ExploitationType.OTHER.value, ExploitationType.OTHER.label


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    TRIAGED = "triaged", "Triaged"


class TriageDecision(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    MONITOR = "monitor", "Monitor"
    START_SCREENING = "start_screening", "Start a screening"
    REFER = "refer", "Refer to the front door"


class Concern(SourcedModel):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="concerns_raised"
    )
    agency = models.ForeignKey(
        "partnership.Agency",
        on_delete=models.PROTECT,
        related_name="concerns",
        help_text="The raiser's agency",
    )
    happened_on = models.DateField()
    happened_time = models.TimeField(null=True, blank=True)
    categories = models.JSONField(default=list)
    what_happened = models.TextField()
    childs_words = models.TextField(blank=True)
    actions_taken = models.TextField(blank=True)
    immediate_danger = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.OPEN)
    triage_decision = models.CharField(max_length=30, choices=TriageDecision.choices, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triage_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "created_at"]),
            models.Index(fields=["agency", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="concern_unique_source",
            )
        ]

    def __str__(self) -> str:
        return f"Concern {self.pk}"


class AmendableField(models.TextChoices):
    """The content fields a correction may change, with the labels the concern page uses."""

    HAPPENED_ON = "happened_on", "Date it happened"
    HAPPENED_TIME = "happened_time", "Time it happened"
    CATEGORIES = "categories", "Categories"
    WHAT_HAPPENED = "what_happened", "What happened"
    CHILDS_WORDS = "childs_words", "What the child said, in their own words"
    ACTIONS_TAKEN = "actions_taken", "Actions taken"


class ConcernAmendment(TimestampedModel):
    """One attributed correction of one field. Values are stored as text (dates and times in ISO
    form, categories as a comma-separated list of codes) so every version stays readable."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="amendments")
    field = models.CharField(max_length=30, choices=AmendableField.choices)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField()
    amended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField()

    class Meta:
        ordering = ["amended_at", "id"]


class Notification(TimestampedModel):
    """An in-app alert. ``url`` points at the record by id, never with personal data in it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
