"""Exploitation screening: the partnership's versioned indicator catalogue and screenings scored with it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from lantern.core.models import SourcedModel, TimestampedModel


class IndicatorCatalogue(TimestampedModel):
    """One published version of the partnership's indicator catalogue.

    A published version is never changed: editing creates the next version, and a completed
    screening keeps pointing at the version it was scored with. The suggestion thresholds live
    here too, so they are versioned with the indicators they apply to.
    """

    name = models.CharField(max_length=200)
    version_number = models.PositiveIntegerField(unique=True)
    published_at = models.DateTimeField()
    is_current = models.BooleanField(default=False)
    change_note = models.TextField(blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    medium_threshold = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        default=Decimal("6"),
        help_text="A weighted total at or above this suggests the middle of the scale",
    )
    high_threshold = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        default=Decimal("12"),
        help_text="A weighted total at or above this suggests the top of the scale",
    )
    high_yes_for_high = models.PositiveSmallIntegerField(
        default=2, help_text="This many high-weight indicators answered yes suggest the top of the scale"
    )
    floor_max_age = models.PositiveSmallIntegerField(
        default=13,
        help_text="A child this age or younger with a high-weight indicator is never rated low",
    )

    class Meta:
        ordering = ["-version_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_catalogue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version_number})"


class IndicatorDomain(models.Model):
    catalogue = models.ForeignKey(IndicatorCatalogue, on_delete=models.CASCADE, related_name="domains")
    code = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="domain_code_unique_in_catalogue")
        ]

    def __str__(self) -> str:
        return self.name


class Weight(models.IntegerChoices):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"


class Indicator(models.Model):
    domain = models.ForeignKey(IndicatorDomain, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(max_length=60)
    text = models.CharField(max_length=400)
    weight = models.PositiveSmallIntegerField(choices=Weight.choices, default=Weight.LOW)
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="indicator_code_unique_in_domain")
        ]

    def __str__(self) -> str:
        return self.text


class ScreeningStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class StartedFrom(models.TextChoices):
    PERSON = "person", "Person's record"
    CONCERN = "concern", "Concern"
    MISSING_EPISODE = "missing_episode", "Missing episode"


class Outcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SINGLE_AGENCY = "single_agency", "Single-agency support"
    EARLY_HELP = "early_help", "Early help"
    REFER_TO_FRONT_DOOR = "refer_to_front_door", "Refer to front door"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    POLICE_IMMEDIATE = "police_immediate", "Immediate police response"


class Screening(SourcedModel):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="screenings")
    catalogue = models.ForeignKey(IndicatorCatalogue, on_delete=models.PROTECT, related_name="screenings")
    status = models.CharField(max_length=20, choices=ScreeningStatus.choices, default=ScreeningStatus.DRAFT)
    started_from = models.CharField(max_length=20, choices=StartedFrom.choices, default=StartedFrom.PERSON)
    started_from_id = models.PositiveIntegerField(null=True, blank=True)
    professional_judgement = models.TextField(blank=True)
    suggested_level = models.CharField(max_length=30, blank=True)
    suggestion_reasons = models.JSONField(default=list, blank=True)
    weighted_total = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    domain_totals = models.JSONField(default=dict, blank=True)
    final_level = models.CharField(max_length=30, blank=True)
    level_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "status", "completed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="screening_unique_source",
            )
        ]

    def __str__(self) -> str:
        return f"Screening {self.pk}"

    @property
    def is_completed(self) -> bool:
        return self.status == ScreeningStatus.COMPLETED


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    POSSIBLE = "possible", "Possible"
    NOT_KNOWN = "not_known", "Not known"


class ScreeningAnswer(models.Model):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator__domain__order", "indicator__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "indicator"], name="one_answer_per_indicator")
        ]
