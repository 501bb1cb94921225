"""Multi-agency meetings, their agendas, minutes and actions; safety and transition plans
(DESIGN.md §3 and §6.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import SourcedModel, TimestampedModel, VersionedModel


class MeetingType(models.TextChoices):
    MACE = "mace", "MACE (child-focused)"
    CONTEXTUAL_MACE = "contextual_mace", "Contextual MACE"
    CSOG = "contextual_safeguarding_operational_group", "Contextual Safeguarding Operational Group"
    CONTEXT_CONFERENCE = "context_conference", "Context conference"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    APPROVED = "approved", "Minutes approved"


class Meeting(SourcedModel):
    meeting_type = models.CharField(max_length=50, choices=MeetingType.choices)
    area = models.ForeignKey("partnership.Area", on_delete=models.PROTECT, related_name="meetings")
    scheduled_at = models.DateTimeField()
    recurrence_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_meeting"
    )
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_agencies = models.ManyToManyField("partnership.Agency", blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Items the agenda builder found but did not propose because of the per-meeting cap on each
    # capped rule: risk reviews due, children missing repeatedly, overdue actions.
    reviews_not_proposed = models.PositiveIntegerField(default=0)
    repeat_missing_not_proposed = models.PositiveIntegerField(default=0)
    overdue_actions_not_proposed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        indexes = [models.Index(fields=["area", "scheduled_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="meeting_unique_source",
            )
        ]

    @property
    def is_approved(self) -> bool:
        return self.status == MeetingStatus.APPROVED


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"


class Attendance(TimestampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["agency__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once_per_meeting")
        ]


class ItemKind(models.TextChoices):
    REVIEW_DUE = "review_due", "Risk review due"
    HIGH_RISK_SCREENING = "high_risk_screening", "New high-risk screening"
    HIGH_RISK_REFERRAL = "high_risk_referral", "New high-risk referral"
    REPEAT_MISSING = "repeat_missing", "Repeat missing"
    CONTEXT_RAISED = "context_raised", "Context raised"
    OVERDUE_ACTION = "overdue_action", "Overdue action"
    ADDED = "added", "Added by the coordinator"


class AgendaItem(VersionedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=30, choices=ItemKind.choices)
    reason = models.CharField(max_length=300)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    context = models.ForeignKey(
        "contexts.Context", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carried_action = models.ForeignKey(
        "meetings.Action", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    agreed_risk_level = models.CharField(max_length=30, blank=True)
    risk_assessment = models.ForeignKey(
        "risk.RiskAssessment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["meeting", "position"])]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class Action(SourcedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField()
    owner_agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    progress = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner_agency", "status", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_agency", "source_id"],
                condition=~models.Q(source_id=""),
                name="action_unique_source",
            )
        ]


class MinutesAmendment(models.Model):
    """A correction to approved minutes: the minutes stay as approved, this is read beside them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="amendments")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="amendments")
    field = models.CharField(max_length=30)
    old_value = models.TextField(blank=True)
    new_value = models.TextField()
    reason = models.TextField()
    amended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["amended_at", "id"]


class SafetyPlan(VersionedModel):
    """One plan per child; ``version`` counts the saved versions, each kept in full."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="safety_plan")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class SafetyPlanVersion(models.Model):
    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    young_persons_words = models.TextField()
    strengths = models.TextField(blank=True)
    worries = models.TextField(blank=True)
    family_says = models.TextField(blank=True)
    family_will_do = models.TextField(blank=True)
    agency_actions = models.TextField(blank=True)
    family_actions = models.TextField(blank=True)
    contexts = models.ManyToManyField("contexts.Context", blank=True, related_name="+")
    review_on = models.DateField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="safety_plan_version_unique")]


class Consent(models.TextChoices):
    NOT_ASKED = "not_asked", "Not yet asked"
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"


class TransitionStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    REFERRED = "referred", "Referred to the adult service"
    ACCEPTED = "accepted", "Accepted by the adult service"
    HANDED_OVER = "handed_over", "Handed over"


class TransitionPlan(VersionedModel):
    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="transition_plan")
    receiving_service = models.CharField(max_length=200)
    consent = models.CharField(max_length=20, choices=Consent.choices, default=Consent.NOT_ASKED)
    target_handover_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=TransitionStatus.choices, default=TransitionStatus.PLANNING
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
