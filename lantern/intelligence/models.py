"""Intelligence and Pursue (DESIGN.md §3, §6.5 to §6.7): intelligence reports with 3x5x2 grading,
the entities they mention, adults of concern, disruption activities and NRM referrals."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import SourcedModel, TimestampedModel, VersionedModel
from lantern.people.models import LawfulBasis


class ReceivedVia(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    PUBLIC = "public", "Member of the public"


class ReportStatus(models.TextChoices):
    UNGRADED = "ungraded", "Not yet graded"
    GRADED = "graded", "Graded"


class SourceGrade(models.TextChoices):
    RELIABLE = "1", "1: Reliable"
    UNTESTED = "2", "2: Untested"
    NOT_RELIABLE = "3", "3: Not reliable"


class InformationGrade(models.TextChoices):
    A = "A", "A: Known directly"
    B = "B", "B: Known indirectly, corroborated"
    C = "C", "C: Known indirectly"
    D = "D", "D: Not known"
    E = "E", "E: Suspected to be false"


class Handling(models.TextChoices):
    P = "P", "P: Lawful sharing permitted"
    C = "C", "C: Lawful sharing permitted with conditions"


class IntelligenceReport(SourcedModel):
    received_via = models.CharField(max_length=20, choices=ReceivedVia.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter_agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The original words and how the reporter knows: source-identifying, police-only fields.
    original_text = models.TextField()
    source_details = models.TextField(blank=True)
    occurred_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.UNGRADED)
    source_grade = models.CharField(max_length=1, choices=SourceGrade.choices, blank=True)
    information_grade = models.CharField(max_length=1, choices=InformationGrade.choices, blank=True)
    handling = models.CharField(max_length=1, choices=Handling.choices, blank=True)
    handling_conditions = models.TextField(blank=True)
    sanitised_text = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="intelligence_report_unique_source",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"INT-{self.pk:06d}"

    @property
    def grading(self) -> str:
        if self.status != ReportStatus.GRADED:
            return ""
        return f"{self.source_grade}/{self.information_grade}/{self.handling}"


class EntityKind(models.TextChoices):
    VEHICLE = "vehicle", "Vehicle"
    PHONE = "phone", "Phone number"
    NICKNAME = "nickname", "Nickname"
    ONLINE_ACCOUNT = "online_account", "Online account"


class Entity(TimestampedModel):
    """One vehicle, phone number, nickname or online account, however often it is reported.

    ``key`` is the normalised form; (kind, key) is unique and indexed, so matching a new report
    is an index lookup however many entities there are.
    """

    kind = models.CharField(max_length=20, choices=EntityKind.choices)
    key = models.CharField(max_length=200)
    label = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="intelligence_entity_unique_key")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.label}"


class SubjectKind(models.TextChoices):
    PERSON = "person", "Person"
    LOCATION = "location", "Location"
    VEHICLE = "vehicle", "Vehicle"
    PHONE = "phone", "Phone number"
    ONLINE_ACCOUNT = "online_account", "Online account"


class PersonRole(models.TextChoices):
    CHILD = "child", "Child or young person (victim)"
    ADULT_OF_CONCERN = "adult_of_concern", "Adult of concern"
    OTHER = "other", "Other person"


class ReportSubject(TimestampedModel):
    """Who or what a report is about; also the link from a report to a matched entity."""

    report = models.ForeignKey(IntelligenceReport, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    entity = models.ForeignKey(
        Entity, null=True, blank=True, on_delete=models.PROTECT, related_name="subjects"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person_role = models.CharField(max_length=20, choices=PersonRole.choices, blank=True)
    description = models.CharField(max_length=500, blank=True)
    nickname = models.CharField(max_length=100, blank=True)
    context = models.ForeignKey(
        "contexts.Context", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location_text = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    vrm = models.CharField("Registration", max_length=10, blank=True)
    vehicle_make = models.CharField(max_length=60, blank=True)
    vehicle_colour = models.CharField(max_length=40, blank=True)
    phone_number = models.CharField(max_length=20, blank=True)
    deal_line = models.BooleanField(default=False)
    platform = models.CharField(max_length=60, blank=True)
    handle = models.CharField(max_length=100, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["entity", "report"]), models.Index(fields=["person", "report"])]


class ShareDecision(TimestampedModel):
    """Onward sharing of a graded report — or the decision not to share (DESIGN.md §7)."""

    report = models.ForeignKey(IntelligenceReport, on_delete=models.CASCADE, related_name="share_decisions")
    to_agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    shared = models.BooleanField()
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices, blank=True)
    purpose = models.TextField(blank=True)
    what_shared = models.TextField(blank=True)
    reasons_not_shared = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["to_agency", "shared"])]


class PersonOfConcern(VersionedModel):
    """A person recorded by exploitation police as an adult of concern."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class DisruptionType(models.Model):
    """The kinds of disruption (DESIGN.md §6.6): data, so a partnership can add its own."""

    code = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=120)
    default_duration_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="How long the order usually lasts, used when no expiry is given"
    )
    is_order = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class Disruption(SourcedModel):
    disruption_type = models.ForeignKey(DisruptionType, on_delete=models.PROTECT, related_name="+")
    target_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_context = models.ForeignKey(
        "contexts.Context", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    protected_child = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    happened_on = models.DateField()
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    outcome = models.TextField(blank=True)
    expires_on = models.DateField(null=True, blank=True)
    report = models.ForeignKey(
        IntelligenceReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="disruptions"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["expires_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="disruption_unique_source",
            )
        ]


class NrmDecision(models.TextChoices):
    PENDING = "pending", "Not yet decided"
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class NrmReferral(SourcedModel):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    first_responder_agency = models.ForeignKey(
        "partnership.Agency", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()
    reasonable_grounds_decision = models.CharField(
        max_length=20, choices=NrmDecision.choices, default=NrmDecision.PENDING
    )
    reasonable_grounds_on = models.DateField(null=True, blank=True)
    conclusive_grounds_decision = models.CharField(
        max_length=20, choices=NrmDecision.choices, default=NrmDecision.PENDING
    )
    conclusive_grounds_on = models.DateField(null=True, blank=True)
    guardian_allocated = models.BooleanField(
        "Independent child trafficking guardian allocated", default=False
    )
    guardian_allocated_on = models.DateField(null=True, blank=True)
    consent_given = models.BooleanField(null=True, blank=True)
    consent_recorded_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["reasonable_grounds_decision", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="nrm_referral_unique_source",
            )
        ]
