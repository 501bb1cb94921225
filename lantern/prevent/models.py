"""Prevent: public information pages with versions, and worries raised by the public.

A ``PublicPage`` is only a slug; its words live in ``PublicPageVersion`` rows. Editing makes a
draft; publishing turns the draft into the page everyone reads and keeps the previous published
version as history. A ``PublicWorry`` is what a member of the public sent: only the front door of
the area they chose may read or triage it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import SourcedModel, TimestampedModel, VersionedModel


class PublicPage(VersionedModel):
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveIntegerField(default=0, help_text="Order on the public index")

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.slug


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Replaced by a later version"


class PublicPageVersion(TimestampedModel):
    page = models.ForeignKey(PublicPage, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    body = models.TextField(help_text="Simple markup: paragraphs, ## headings, - lists, [text](link)")
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="public_page_version_unique_number"),
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(status="published"),
                name="public_page_one_published",
            ),
            models.UniqueConstraint(
                fields=["page"], condition=models.Q(status="draft"), name="public_page_one_draft"
            ),
        ]


class WorryRelationship(models.TextChoices):
    PARENT = "parent", "I am their parent or carer"
    FAMILY = "family", "I am a relative"
    YOUNG_PERSON = "young_person", "I am their friend or another young person"
    COMMUNITY = "community", "I am a neighbour, shopkeeper or member of the public"
    OTHER = "other", "Something else"


class WorryStatus(models.TextChoices):
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"


class WorryOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    CONCERN_CREATED = "concern_created", "Person record and concern created"
    REFERRED = "referred", "Person record created and referred to the front door"


class PublicWorry(TimestampedModel):
    area = models.ForeignKey("partnership.Area", on_delete=models.PROTECT, related_name="public_worries")
    child_name = models.CharField(max_length=200, blank=True)
    child_age = models.CharField(max_length=50, blank=True)
    where = models.CharField(max_length=300, blank=True)
    what_worries = models.TextField()
    relationship = models.CharField(max_length=20, choices=WorryRelationship.choices)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_details = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=WorryStatus.choices, default=WorryStatus.NEW)
    outcome = models.CharField(max_length=30, choices=WorryOutcome.choices, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triage_notes = models.TextField(blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concern = models.ForeignKey(
        "concerns.Concern", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["area", "status"])]


# --- Resources and school awareness activities -------------------------------------------------


class Audience(models.TextChoices):
    PRACTITIONERS = "practitioners", "Practitioners"
    SCHOOLS = "schools", "Schools"
    PARENTS = "parents", "Parents and carers"
    YOUNG_PEOPLE = "young_people", "Young people"


class ResourceKind(models.TextChoices):
    GUIDE = "guide", "Guide"
    LANGUAGE = "language", "Language guidance"
    SESSION_PLAN = "session_plan", "Session plan for an awareness day"
    OTHER = "other", "Other"


class Resource(VersionedModel):
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    audiences = models.JSONField(default=list)
    link = models.URLField(blank=True)
    body = models.TextField(blank=True, help_text="Simple markup, as on the public pages")
    is_public = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title", "id"]

    def audience_labels(self) -> list[str]:
        return [Audience(value).label for value in self.audiences if value in Audience.values]


class ActivityAudience(models.TextChoices):
    PUPILS = "pupils", "Pupils"
    PARENTS = "parents", "Parents and carers"
    STAFF = "staff", "Staff"
    COMMUNITY = "community", "Community"


class AwarenessActivity(TimestampedModel):
    """An awareness session a school ran, as the schools spotlight asks schools to report."""

    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    activity = models.CharField(max_length=300)
    audience = models.CharField(max_length=20, choices=ActivityAudience.choices)
    number_reached = models.PositiveIntegerField()
    resource = models.ForeignKey(Resource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]


# --- Workforce learning records ----------------------------------------------------------------


class Course(VersionedModel):
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    refresher_months = models.PositiveIntegerField(
        null=True, blank=True, help_text="Months until a refresher is due; empty if it never expires"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TrainingSession(SourcedModel):
    """A course held on a day. A learning system's sessions keep their source pair, so the API and
    interchange files that load them find the same session again."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    trainer = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="training_session_unique_source",
            )
        ]


class Attendance(SourcedModel):
    """One person completed one session. The agency is kept as it was on the day. Nobody records
    an attendance loaded at the command line, so ``recorded_by`` may be empty."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-session__held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_once_per_session"),
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="attendance_unique_source",
            ),
        ]
