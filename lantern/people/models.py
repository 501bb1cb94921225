"""One record for everyone: children, young adults, family members and adults of concern.

Whether someone is "a child at risk" or "a person of concern" is a role they have in other
records, never a type here (DESIGN.md §3).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import SourcedModel, TimestampedModel


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    UNKNOWN = "unknown", "Not known"


class SendStatus(models.TextChoices):
    NONE = "none", "No special educational needs"
    SEN_SUPPORT = "sen_support", "SEN support"
    EHCP = "ehcp", "Education, health and care plan"
    NOT_KNOWN = "not_known", "Not known"


class Person(SourcedModel):
    given_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_estimated = models.BooleanField(default=False, help_text="The date of birth is approximate")
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    area = models.ForeignKey(
        "partnership.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    send = models.CharField(max_length=20, choices=SendStatus.choices, default=SendStatus.NOT_KNOWN)
    disability = models.TextField(blank=True)
    learning_disability = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        # A front door's "everyone in my area", read from the index alone.
        indexes = [models.Index(fields=["area", "id"], name="person_area_id")]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="person_unique_source",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in [self.given_name, self.family_name] if part)


class AliasKind(models.TextChoices):
    ALIAS = "alias", "Alias"
    STREET_NAME = "street_name", "Street name"
    PREVIOUS_NAME = "previous_name", "Previous name"
    NICKNAME = "nickname", "Nickname"


class PersonAlias(TimestampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(max_length=20, choices=AliasKind.choices, default=AliasKind.ALIAS)
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class IdentifierKind(models.TextChoices):
    NHS_NUMBER = "nhs_number", "NHS number"
    UPN = "upn", "Unique pupil number (UPN)"
    POLICE_ID = "police_id", "Police PNC or ID"
    LA_ID = "la_id", "Local authority ID"


class PersonIdentifier(TimestampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(max_length=50, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="identifier_unique_value")]


class PersonAddress(TimestampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    area = models.ForeignKey(
        "partnership.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    recorded_by_agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-start"]


class StatusEpisode(SourcedModel):
    """A dated status, so anything can be asked as at a date: open on D if start <= D < end."""

    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True


class CareStatusValue(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    OPEN_ASSESSMENT = "open_assessment", "Open assessment"
    CIN_PLAN = "cin_plan", "Child in need plan"
    CP_PLAN = "cp_plan", "Child protection plan"
    LOOKED_AFTER = "looked_after", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"


class CareStatus(StatusEpisode):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_statuses")
    status = models.CharField(max_length=30, choices=CareStatusValue.choices)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="care_status_unique_source",
            )
        ]


class EducationStatusValue(models.TextChoices):
    MAINSTREAM = "mainstream", "Mainstream school"
    EXCLUDED = "excluded", "Excluded"
    PRU = "pru", "Pupil referral unit"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
    ELECTIVE_HOME_EDUCATION = "elective_home_education", "Elective home education"
    NEET = "neet", "Not in education, employment or training"
    MISSING_EDUCATION = "missing_education", "Missing education"


class EducationStatus(StatusEpisode):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="education_statuses")
    status = models.CharField(max_length=30, choices=EducationStatusValue.choices)
    setting_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="education_status_unique_source",
            )
        ]


class YouthJusticeValue(models.TextChoices):
    PREVENTION = "prevention", "Prevention or diversion"
    OUT_OF_COURT = "out_of_court", "Out of court disposal"
    REFERRAL_ORDER = "referral_order", "Referral order"
    YOUTH_REHABILITATION_ORDER = "youth_rehabilitation_order", "Youth rehabilitation order"
    BAIL_REMAND = "bail_remand", "Bail or remand"
    CUSTODY = "custody", "Custody"


class YouthJusticeStatus(StatusEpisode):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="youth_justice")
    status = models.CharField(max_length=40, choices=YouthJusticeValue.choices)

    class Meta:
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="youth_justice_unique_source",
            )
        ]


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent or carer of"
    SIBLING = "sibling", "Sibling of"
    FAMILY = "family", "Other family member of"
    FRIEND = "friend", "Friend or peer of"
    ASSOCIATE = "associate", "Known associate of"
    POTENTIALLY_EXPLOITATIVE = "potentially_exploitative", "Potentially exploitative relationship with"


class Relationship(TimestampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=RelationshipKind.choices)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by_agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class Involvement(SourcedModel):
    """An agency's (and optionally a worker's) involvement with a person. Drives access."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="involvements")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvements",
    )
    role = models.CharField(
        max_length=200, help_text="For example allocated social worker, school, key worker"
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start"]
        indexes = [
            models.Index(fields=["agency", "person"]),
            # Need-to-know on every list: an agency's open involvements, read from the index alone.
            models.Index(fields=["agency", "start", "end", "person"], name="involvement_agency_open"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="involvement_unique_source",
            )
        ]


class LawfulBasis(models.TextChoices):
    PUBLIC_TASK = "public_task", "UK GDPR art. 6(1)(e) public task"
    LEGITIMATE_INTEREST = "legitimate_interest", "UK GDPR art. 6(1)(f) recognised legitimate interest"
    SAFEGUARDING = "safeguarding", "UK GDPR art. 9 via DPA 2018 sch. 1 para 18 (safeguarding)"
    LAW_ENFORCEMENT = "law_enforcement", "DPA 2018 sch. 8 para 4 (police: safeguarding)"


class ShareDecision(TimestampedModel):
    """A record of sharing a person's record with another agency — or deciding not to."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="share_decisions")
    from_agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
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


class BreakGlass(TimestampedModel):
    """Emergency access to a record without an involvement: a typed reason, time-limited, audited."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
