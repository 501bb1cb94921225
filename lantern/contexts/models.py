"""Contexts of harm (DESIGN.md §3): places, peer groups, education settings and online spaces,
the people linked to them, and the partnership's assessments, plans and conferences about them.

A context is not personal data; which children are linked to it is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import SourcedModel, TimestampedModel, VersionedModel


class ContextKind(models.TextChoices):
    LOCATION = "location", "Location"
    PEER_GROUP = "peer_group", "Peer group"
    EDUCATION_SETTING = "education_setting", "Education setting"
    ONLINE_SPACE = "online_space", "Online space"


class LocationType(models.TextChoices):
    PARK = "park", "Park"
    SHOP = "shop", "Shop"
    TAKEAWAY = "takeaway", "Takeaway"
    TRANSPORT_HUB = "transport_hub", "Transport hub"
    HOTEL = "hotel", "Hotel"
    HOUSE = "house", "House"
    CUCKOOED_HOME = "cuckooed_home", "House (suspected cuckooed home)"
    OTHER = "other", "Other"


class EducationSettingType(models.TextChoices):
    SCHOOL = "school", "School"
    PRU = "pru", "Pupil referral unit"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
    COLLEGE = "college", "College"


class LinkRelationship(models.TextChoices):
    ATTENDS = "attends", "Attends"
    FREQUENTS = "frequents", "Frequents"
    FOUND_AT = "found_at", "Found at"
    MEMBER_OF = "member_of", "Member of"
    EXPLOITED_AT = "exploited_at", "Exploited at"
    LIVES_AT = "lives_at", "Lives at"


class LinkSource(models.TextChoices):
    CONCERN = "concern", "A concern"
    MISSING_EPISODE = "missing_episode", "A missing episode"
    RETURN_INTERVIEW = "return_interview", "A return home interview"
    INTELLIGENCE = "intelligence", "Intelligence"
    MEETING = "meeting", "A meeting"
    OTHER = "other", "Other"


class Weighting(models.IntegerChoices):
    """How much this context needs to change for the child to be safer."""

    LOW = 1, "Low: changing it would make little difference"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"
    HIGHEST = 4, "Highest: this context most needs to change"


class ResponseType(models.TextChoices):
    DETACHED_YOUTH_WORK = "detached_youth_work", "Detached youth work"
    LICENSING_REVIEW = "licensing_review", "Licensing review"
    LIGHTING_CCTV = "lighting_cctv", "Lighting or CCTV"
    SCHOOL_SAFETY_PLAN = "school_safety_plan", "School safety plan"
    PLATFORM_REPORT = "platform_report", "Report to the platform"
    DISRUPTION = "disruption", "Disruption"
    OTHER = "other", "Other"


class ResponseStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class ConferenceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved and shared"


class Context(SourcedModel):
    kind = models.CharField(max_length=30, choices=ContextKind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    area = models.ForeignKey(
        "partnership.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="contexts"
    )
    # location
    location_type = models.CharField(max_length=30, choices=LocationType.choices, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # education_setting
    education_setting_type = models.CharField(max_length=30, choices=EducationSettingType.choices, blank=True)
    urn = models.CharField("URN", max_length=8, blank=True)
    # online_space
    platform = models.CharField(max_length=100, blank=True)
    online_account = models.CharField("Group or account", max_length=200, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_by_agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["kind", "location_type"]),
            models.Index(fields=["area", "kind"]),
            # The map asks for the places in its view: a range on latitude, longitude checked in
            # the index.
            models.Index(
                fields=["latitude", "longitude"],
                condition=models.Q(kind="location", latitude__isnull=False, longitude__isnull=False),
                name="context_location_point",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="context_unique_source",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def type_label(self) -> str:
        if self.kind == ContextKind.LOCATION and self.location_type:
            return self.get_location_type_display()
        if self.kind == ContextKind.EDUCATION_SETTING and self.education_setting_type:
            return self.get_education_setting_type_display()
        return self.get_kind_display()

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ContextLink(SourcedModel):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="context_links")
    context = models.ForeignKey(Context, on_delete=models.CASCADE, related_name="links")
    relationship = models.CharField(max_length=30, choices=LinkRelationship.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    source_kind = models.CharField(max_length=30, choices=LinkSource.choices, default=LinkSource.OTHER)
    source_ref = models.CharField("Source reference", max_length=100, blank=True)
    weighting = models.PositiveSmallIntegerField(choices=Weighting.choices, null=True, blank=True)
    recorded_by_agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["context", "person"]), models.Index(fields=["person", "context"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="context_link_unique_source",
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="context_link_end_after_start",
            ),
        ]


class ContextAssessment(VersionedModel):
    context = models.ForeignKey(Context, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    who_is_there = models.TextField("Who is there, and when")
    harm = models.TextField("What harm happens")
    guardians = models.TextField("Who has influence (guardians)", blank=True)
    protective = models.TextField("What is protective", blank=True)
    young_peoples_views = models.TextField("What young people say", blank=True)
    risk_level = models.CharField(max_length=30)
    next_review_due = models.DateField()
    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["context", "assessed_on"])]


class ContextPlan(VersionedModel):
    context = models.ForeignKey(Context, on_delete=models.CASCADE, related_name="plans")
    goals = models.TextField()
    measures_of_change = models.TextField("Measures of change in the context")
    review_due = models.DateField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]


class ContextResponse(VersionedModel):
    plan = models.ForeignKey(ContextPlan, on_delete=models.CASCADE, related_name="responses")
    response_type = models.CharField(max_length=30, choices=ResponseType.choices)
    description = models.TextField()
    owner_agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.PLANNED)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


class ContextPlanReview(TimestampedModel):
    plan = models.ForeignKey(ContextPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    progress = models.TextField("What has changed in the context")
    next_review_due = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-id"]


class ContextConference(VersionedModel):
    context = models.ForeignKey(Context, on_delete=models.CASCADE, related_name="conferences")
    plan = models.ForeignKey(
        ContextPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="conferences"
    )
    held_on = models.DateField()
    chair_name = models.CharField(max_length=200)
    shared_minutes = models.TextField()
    decisions = models.TextField()
    status = models.CharField(max_length=20, choices=ConferenceStatus.choices, default=ConferenceStatus.DRAFT)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]


class ConferenceAttendee(models.Model):
    """Statutory or not: a shop manager or a youth club leader attends by name and organisation."""

    conference = models.ForeignKey(ContextConference, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
