"""Referrals to the front door of a child's area (DESIGN.md §3, §6.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import SourcedModel


class ReferralDecision(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    ADVICE = "advice", "Advice given"
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT_S17 = "assessment_s17", "Assessment (s17)"
    STRATEGY_DISCUSSION_S47 = "strategy_discussion_s47", "Strategy discussion (s47)"
    ALREADY_OPEN = "already_open", "Already open to children's services"


class Referral(SourcedModel):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    area = models.ForeignKey(
        "partnership.Area",
        on_delete=models.PROTECT,
        related_name="referrals",
        help_text="The front door's area: the person's area when they were referred",
    )
    from_agency = models.ForeignKey(
        "partnership.Agency", on_delete=models.PROTECT, related_name="referrals_made"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="referrals_made"
    )
    screening = models.ForeignKey(
        "screening.Screening", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    concern = models.ForeignKey(
        "concerns.Concern", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    reason = models.TextField()
    consent_sought = models.BooleanField()
    consent_given = models.BooleanField()
    reason_without_consent = models.TextField(blank=True)
    received_at = models.DateTimeField()
    decision = models.CharField(max_length=30, choices=ReferralDecision.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_notes = models.TextField(blank=True)
    # A random token put in the form when it is shown: submitting the same form twice finds the
    # referral the first submit made instead of making a second one.
    submission_key = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["area", "decided_at"]),
            models.Index(fields=["person", "received_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="referral_unique_source",
            ),
            models.CheckConstraint(
                condition=models.Q(consent_given=False) | models.Q(consent_sought=True),
                name="referral_consent_given_only_if_sought",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None
