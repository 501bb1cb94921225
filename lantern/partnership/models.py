from __future__ import annotations

from django.db import models

from lantern.core.models import TimestampedModel

DEFAULT_RISK_SCALE = ["low", "medium", "high"]


class Partnership(TimestampedModel):
    """The one safeguarding partnership this instance serves."""

    name = models.CharField(max_length=200)
    risk_scale = models.JSONField(default=list, help_text="Risk levels, lowest first")

    def __str__(self) -> str:
        return self.name

    @property
    def levels(self) -> list[str]:
        return list(self.risk_scale or DEFAULT_RISK_SCALE)


class Area(TimestampedModel):
    """A local authority area with its children's services front door."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    front_door_name = models.CharField(max_length=200, blank=True)
    front_door_phone = models.CharField(max_length=50, blank=True)
    front_door_email = models.EmailField(blank=True)
    emergency_guidance = models.TextField(
        blank=True,
        default=(
            "If a child is in immediate danger, call the police on 999. "
            "For non-emergencies, call the police on 101."
        ),
    )
    boundary = models.JSONField(
        null=True,
        blank=True,
        help_text="GeoJSON Polygon or MultiPolygon in WGS84 longitude and latitude, for the dashboard map",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyType(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    POLICE = "police", "Police"
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class Agency(TimestampedModel):
    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    agency_type = models.CharField(max_length=40, choices=AgencyType.choices)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        help_text="Leave empty for an agency that serves the whole partnership",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Team(TimestampedModel):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="team_unique_name_per_agency")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.name})"
