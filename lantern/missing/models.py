"""Missing episodes, police risk gradings, return home interviews and Philomena profiles
(DESIGN.md §3 and §6.4)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from lantern.core.models import SourcedModel, TimestampedModel, VersionedModel
from lantern.people.models import LawfulBasis


class MissingFrom(models.TextChoices):
    HOME = "home", "Home"
    CARE = "care", "Care placement"
    EDUCATION = "education", "Education"


class RiskGrade(models.TextChoices):
    ABSENT = "absent", "Absent"
    NO_APPARENT_RISK = "no_apparent_risk", "No apparent risk"
    VERY_LOW = "very_low", "Very low"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class EpisodeStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class HowReturned(models.TextChoices):
    RETURNED_THEMSELVES = "returned", "Returned without help"
    FOUND_BY_POLICE = "found_by_police", "Found by police"
    FOUND_BY_FAMILY_OR_CARER = "found_by_carer", "Found by family or carer"
    FOUND_BY_OTHER = "found_by_other", "Found by someone else"
    OTHER = "other", "Other"


class MissingEpisode(SourcedModel):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="missing_episodes")
    missing_from = models.CharField(max_length=20, choices=MissingFrom.choices)
    reported_at = models.DateTimeField()
    reported_by = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    risk_grade = models.CharField(max_length=20, choices=RiskGrade.choices)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    last_seen_where = models.TextField(blank=True)
    clothing = models.TextField(blank=True)  # Philomena part 2: what they were last seen wearing
    circumstances = models.TextField(blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    found_where = models.TextField(blank=True)
    found_postcode = models.CharField(max_length=10, blank=True)
    found_with = models.ManyToManyField("people.Person", blank=True, related_name="+")
    how_returned = models.CharField(max_length=20, choices=HowReturned.choices, blank=True)
    safe_and_well_check_at = models.DateTimeField(null=True, blank=True)
    safe_and_well_check_by = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=EpisodeStatus.choices, default=EpisodeStatus.OPEN)

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["person", "reported_at"]),
            models.Index(fields=["status", "reported_at"]),
            # The partnership profile counts episodes by month: read from this index alone.
            models.Index(fields=["reported_at", "id"], include=["person"], name="episode_reported_window"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="missing_episode_unique_source",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.status == EpisodeStatus.OPEN


class RiskGrading(TimestampedModel):
    """Every grade the episode has had, the first one included: re-grading adds a row."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.CASCADE, related_name="gradings")
    grade = models.CharField(max_length=20, choices=RiskGrade.choices)
    graded_at = models.DateTimeField()
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["graded_at", "id"]


class InterviewOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ReturnInterview(SourcedModel):
    episode = models.OneToOneField(MissingEpisode, on_delete=models.CASCADE, related_name="return_interview")
    # The episode's child, kept here so need-to-know on the work list needs no episode join.
    # Every path that creates an interview (or moves an episode) sets it; ``save`` fills it.
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()
    provider = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=InterviewOutcome.choices, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    interviewer = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before = models.TextField(blank=True)
    during = models.TextField(blank=True)
    after = models.TextField(blank=True)
    push_factors = models.TextField(blank=True)
    pull_factors = models.TextField(blank=True)
    where_went = models.TextField(blank=True)
    who_with = models.TextField(blank=True)
    how_travelled = models.TextField(blank=True)
    harm_or_threats = models.TextField(blank=True)
    what_would_help = models.TextField(blank=True)
    childs_words = models.TextField(blank=True)
    people_named = models.ManyToManyField("people.Person", blank=True, related_name="+")

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["completed_at", "due_at"]),
            models.Index(fields=["provider", "due_at"]),
            # The work list reads open interviews and those completed late recently, never all
            # of history: these stay small as the table grows.
            models.Index(
                fields=["due_at"], condition=models.Q(completed_at__isnull=True), name="interview_open_due"
            ),
            models.Index(
                fields=["completed_at"],
                condition=models.Q(completed_at__gt=models.F("due_at")),
                name="interview_completed_late",
            ),
            # Every interview the work list could show (open, or completed late at any time),
            # with all that its counts, its order and need-to-know read: the list is read from
            # this index alone, and only the page's 50 rows from the (large) table.
            models.Index(
                fields=["due_at", "id"],
                include=["completed_at", "person", "provider", "episode"],
                condition=models.Q(completed_at__isnull=True) | models.Q(completed_at__gt=models.F("due_at")),
                name="interview_work_list",
            ),
            # The partnership profile counts interviews due by month (and on time): read from this
            # index alone rather than the large table.
            models.Index(
                fields=["due_at", "id"], include=["completed_at", "person"], name="interview_due_window"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="return_interview_unique_source",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.person_id is None and self.episode_id is not None:
            self.person_id = MissingEpisode.objects.values_list("person_id", flat=True).get(
                pk=self.episode_id
            )
        super().save(*args, **kwargs)

    @property
    def completed_late(self) -> bool:
        return self.completed_at is not None and self.completed_at > self.due_at


class InterviewAttempt(TimestampedModel):
    """An attempt to offer the interview that the child declined (or could not be reached)."""

    interview = models.ForeignKey(ReturnInterview, on_delete=models.CASCADE, related_name="attempts")
    attempted_at = models.DateTimeField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["attempted_at", "id"]


class PhilomenaProfile(VersionedModel):
    """Part 1 of the Philomena protocol, kept ready before a child in care goes missing.

    There is no photo upload (Lantern has no media storage): ``photo_held_by`` says who holds a
    current photo and how the police can get it.
    """

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="philomena_profile")
    description = models.TextField(blank=True)
    photo_held_by = models.CharField(max_length=300, blank=True)
    associates = models.TextField(blank=True)
    places_frequented = models.TextField(blank=True)
    phones = models.TextField(blank=True)
    social_media = models.TextField(blank=True)
    transport = models.TextField(blank=True)
    medical_needs = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class PhilomenaShare(TimestampedModel):
    """The profile produced for the police for one episode, with the lawful basis for sharing."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.CASCADE, related_name="philomena_shares")
    to_agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    purpose = models.TextField()
    produced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    produced_at = models.DateTimeField()
    share_decision = models.ForeignKey(
        "people.ShareDecision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-produced_at", "-id"]
