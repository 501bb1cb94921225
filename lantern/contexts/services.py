"""Every write about contexts: one transaction each, with its audit row. Audit rows name fields,
never their content.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.concerns.services import notifications_send
from lantern.contexts.models import (
    ConferenceAttendee,
    ConferenceStatus,
    Context,
    ContextAssessment,
    ContextConference,
    ContextKind,
    ContextLink,
    ContextPlan,
    ContextPlanReview,
    ContextResponse,
    LinkRelationship,
    LinkSource,
    ResponseType,
    Weighting,
)
from lantern.contexts.selectors import (
    conference_may_approve,
    linked_names_for,
    may_change_contexts,
    names_found,
    refuse,
    risk_levels,
)
from lantern.core.errors import ValidationFailed
from lantern.core.versioning import lock_version, save_new_version, versioned_update
from lantern.partnership.models import Agency
from lantern.people.models import Person
from lantern.people.selectors import person_access_for

logger = logging.getLogger(__name__)

NAMES_REFUSED = (
    "This text appears to name a person linked to this context. Shared minutes and plans go to "
    "partners outside Lantern: describe children without naming them, for example 'a young person'."
)
CONTEXT_FIELDS = (
    "kind",
    "name",
    "description",
    "area",
    "location_type",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "education_setting_type",
    "urn",
    "platform",
    "online_account",
)


def _require_changer(actor: Any, object_type: str, object_id: object = "") -> None:
    if not may_change_contexts(actor):
        raise refuse(
            actor, object_type=object_type, object_id=object_id, reason="role may not change contexts"
        )


def _required(errors: dict[str, list[str]], values: dict[str, Any], labels: dict[str, str]) -> None:
    for name, label in labels.items():
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = [f"Enter {label}"]


# --- Contexts ---------------------------------------------------------------------------------


def _context_errors(fields: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    _required(errors, fields, {"name": "a name"})
    kind = fields.get("kind")
    if kind not in ContextKind.values:
        errors["kind"] = ["Choose what kind of context this is"]
    if kind == ContextKind.LOCATION:
        if not fields.get("location_type"):
            errors["location_type"] = ["Choose the type of place"]
        latitude, longitude = fields.get("latitude"), fields.get("longitude")
        if (latitude is None) != (longitude is None):
            errors["latitude"] = ["Enter both latitude and longitude, or neither"]
        if latitude is not None and not Decimal(-90) <= Decimal(latitude) <= Decimal(90):
            errors["latitude"] = ["Latitude must be between -90 and 90"]
        if longitude is not None and not Decimal(-180) <= Decimal(longitude) <= Decimal(180):
            errors["longitude"] = ["Longitude must be between -180 and 180"]
    if kind == ContextKind.EDUCATION_SETTING:
        if not fields.get("education_setting_type"):
            errors["education_setting_type"] = ["Choose the type of education setting"]
        urn = str(fields.get("urn") or "").strip()
        if urn and not (urn.isdigit() and len(urn) == 6):
            errors["urn"] = ["A URN is 6 digits, like 123456"]
    if kind == ContextKind.ONLINE_SPACE and not str(fields.get("platform") or "").strip():
        errors["platform"] = ["Enter the platform"]
    return errors


def _clean_context_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: fields.get(name) for name in CONTEXT_FIELDS}
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.strip()
        elif value is None and name not in {"area", "latitude", "longitude"}:
            cleaned[name] = ""
    cleaned["postcode"] = str(cleaned["postcode"]).upper()
    return cleaned


def context_create(*, actor: Any, **fields: Any) -> Context:
    """Any agency can raise a concern about a context (fields as in ``CONTEXT_FIELDS``)."""
    _require_changer(actor, "context")
    fields = _clean_context_fields(fields)
    errors = _context_errors(fields)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        context = Context.objects.create(raised_by=actor, raised_by_agency_id=actor.agency_id, **fields)
        audit_record(
            actor=actor,
            action="create",
            object_type="context",
            object_id=context.pk,
            detail={
                "kind": context.kind,
                "fields": sorted(k for k, v in fields.items() if v not in ("", None)),
            },
        )
    return context


def context_update(*, actor: Any, context: Context, expected_version: int, **fields: Any) -> Context:
    _require_changer(actor, "context", context.pk)
    fields = _clean_context_fields(fields)
    errors = _context_errors(fields)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        update = versioned_update(Context, pk=context.pk, expected_version=expected_version, changes=fields)
        current, changed = update.record, sorted(update.changed)
        audit_record(
            actor=actor,
            action="update",
            object_type="context",
            object_id=current.pk,
            detail={"fields": changed},
        )
    return current


# --- Links ------------------------------------------------------------------------------------


def context_link_create(
    *,
    actor: Any,
    person: Person,
    context: Context,
    relationship: str,
    start: date | None,
    end: date | None = None,
    source_kind: str = LinkSource.OTHER,
    source_ref: str = "",
    weighting: int | None = None,
) -> ContextLink:
    _require_changer(actor, "context_link")
    if not person_access_for(actor, person).allowed:
        raise refuse(actor, object_type="context_link", reason="no need to know about the person")
    errors: dict[str, list[str]] = {}
    if relationship not in LinkRelationship.values:
        errors["relationship"] = ["Choose how the person is linked to the context"]
    if source_kind not in LinkSource.values:
        errors["source_kind"] = ["Choose where this link came from"]
    if start is None:
        errors["start"] = ["Enter the date the link started"]
    elif start > timezone.localdate():
        errors["start"] = ["The start date must be today or in the past"]
    if start and end and end < start:
        errors["end"] = ["The end date must be on or after the start date"]
    if weighting is not None and weighting not in Weighting.values:
        errors["weighting"] = ["Choose a weighting"]
    if errors:
        raise ValidationFailed(errors)
    assert start is not None
    with transaction.atomic():
        link = ContextLink.objects.create(
            person=person,
            context=context,
            relationship=relationship,
            start=start,
            end=end,
            source_kind=source_kind,
            source_ref=source_ref.strip(),
            weighting=weighting,
            recorded_by=actor,
            recorded_by_agency_id=actor.agency_id,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type="context_link",
            object_id=link.pk,
            person_id=person.pk,
            detail={"context": context.pk, "relationship": relationship, "source_kind": source_kind},
        )
    return link


def context_link_weight(
    *, actor: Any, link: ContextLink, weighting: int | None, expected_version: int
) -> ContextLink:
    """Record how much this context needs to change for the child to be safer."""
    _require_changer(actor, "context_link", link.pk)
    if weighting is not None and weighting not in Weighting.values:
        raise ValidationFailed({"weighting": ["Choose a weighting"]})
    with transaction.atomic():
        current = versioned_update(
            ContextLink, pk=link.pk, expected_version=expected_version, changes={"weighting": weighting}
        ).record
        audit_record(
            actor=actor,
            action="update",
            object_type="context_link",
            object_id=current.pk,
            person_id=current.person_id,
            detail={"fields": ["weighting"]},
        )
    return current


# --- Assessments ------------------------------------------------------------------------------


def context_assessment_create(
    *,
    actor: Any,
    context: Context,
    assessed_on: date | None,
    who_is_there: str,
    harm: str,
    guardians: str,
    protective: str,
    young_peoples_views: str,
    risk_level: str,
    next_review_due: date | None,
) -> ContextAssessment:
    _require_changer(actor, "context_assessment", context.pk)
    values = {
        "who_is_there": who_is_there,
        "harm": harm,
        "assessed_on": assessed_on,
        "next_review_due": next_review_due,
    }
    errors: dict[str, list[str]] = {}
    _required(
        errors,
        values,
        {
            "assessed_on": "the date of the assessment",
            "who_is_there": "who is there, and when",
            "harm": "what harm happens",
            "next_review_due": "the date of the next review",
        },
    )
    if risk_level not in risk_levels():
        errors["risk_level"] = ["Choose a risk level"]
    if assessed_on and assessed_on > timezone.localdate():
        errors["assessed_on"] = ["The assessment date must be today or in the past"]
    if assessed_on and next_review_due and next_review_due <= assessed_on:
        errors["next_review_due"] = ["The next review must be after the assessment"]
    if errors:
        raise ValidationFailed(errors)
    assert assessed_on is not None and next_review_due is not None
    with transaction.atomic():
        assessment = ContextAssessment.objects.create(
            context=context,
            assessed_on=assessed_on,
            who_is_there=who_is_there.strip(),
            harm=harm.strip(),
            guardians=guardians.strip(),
            protective=protective.strip(),
            young_peoples_views=young_peoples_views.strip(),
            risk_level=risk_level,
            next_review_due=next_review_due,
            agency_id=actor.agency_id,
            assessed_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type="context_assessment",
            object_id=assessment.pk,
            detail={"context": context.pk, "risk_level": risk_level},
        )
    return assessment


# --- Plans ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseInput:
    response_type: str
    description: str
    owner_agency: Agency | None
    due_on: date | None


def _response_errors(response: ResponseInput, names: list[str], prefix: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if response.response_type not in ResponseType.values:
        errors[f"{prefix}response_type"] = ["Choose the type of response"]
    if not response.description.strip():
        errors[f"{prefix}description"] = ["Describe the response"]
    elif names_found(response.description, names):
        errors[f"{prefix}description"] = [NAMES_REFUSED]
    if response.owner_agency is None:
        errors[f"{prefix}owner_agency"] = ["Choose the agency that owns the response"]
    if response.due_on is None:
        errors[f"{prefix}due_on"] = ["Enter the date the response is due"]
    return errors


def _create_response(plan: ContextPlan, response: ResponseInput) -> ContextResponse:
    assert response.owner_agency is not None and response.due_on is not None
    return ContextResponse.objects.create(
        plan=plan,
        response_type=response.response_type,
        description=response.description.strip(),
        owner_agency=response.owner_agency,
        due_on=response.due_on,
    )


def context_plan_create(
    *,
    actor: Any,
    context: Context,
    goals: str,
    measures_of_change: str,
    review_due: date | None,
    responses: list[ResponseInput],
) -> ContextPlan:
    """A plan goes to conference attendees, so it must name no linked person either."""
    _require_changer(actor, "context_plan", context.pk)
    names = linked_names_for(context)
    errors: dict[str, list[str]] = {}
    _required(
        errors,
        {"goals": goals, "measures_of_change": measures_of_change, "review_due": review_due},
        {
            "goals": "the goals",
            "measures_of_change": "the measures of change",
            "review_due": "the review date",
        },
    )
    for field_name, text in (("goals", goals), ("measures_of_change", measures_of_change)):
        if field_name not in errors and names_found(text, names):
            errors[field_name] = [NAMES_REFUSED]
    if review_due and review_due <= timezone.localdate():
        errors["review_due"] = ["The review date must be in the future"]
    for index, response in enumerate(responses, start=1):
        errors.update(_response_errors(response, names, f"response_{index}_"))
    if errors:
        raise ValidationFailed(errors)
    assert review_due is not None
    with transaction.atomic():
        plan = ContextPlan.objects.create(
            context=context,
            goals=goals.strip(),
            measures_of_change=measures_of_change.strip(),
            review_due=review_due,
            agency_id=actor.agency_id,
            created_by=actor,
        )
        for response in responses:
            _create_response(plan, response)
        audit_record(
            actor=actor,
            action="create",
            object_type="context_plan",
            object_id=plan.pk,
            detail={"context": context.pk, "responses": len(responses)},
        )
    return plan


def context_response_add(*, actor: Any, plan: ContextPlan, response: ResponseInput) -> ContextResponse:
    _require_changer(actor, "context_plan", plan.pk)
    errors = _response_errors(response, linked_names_for(plan.context), "")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        created = _create_response(plan, response)
        audit_record(
            actor=actor,
            action="create",
            object_type="context_response",
            object_id=created.pk,
            detail={"plan": plan.pk, "response_type": created.response_type},
        )
    return created


def context_plan_review_create(
    *, actor: Any, plan: ContextPlan, reviewed_on: date | None, progress: str, next_review_due: date | None
) -> ContextPlanReview:
    _require_changer(actor, "context_plan", plan.pk)
    errors: dict[str, list[str]] = {}
    _required(
        errors,
        {"reviewed_on": reviewed_on, "progress": progress, "next_review_due": next_review_due},
        {
            "reviewed_on": "the date of the review",
            "progress": "what has changed",
            "next_review_due": "the next review date",
        },
    )
    if reviewed_on and next_review_due and next_review_due <= reviewed_on:
        errors["next_review_due"] = ["The next review must be after this one"]
    if errors:
        raise ValidationFailed(errors)
    assert reviewed_on is not None and next_review_due is not None
    with transaction.atomic():
        review = ContextPlanReview.objects.create(
            plan=plan,
            reviewed_on=reviewed_on,
            progress=progress.strip(),
            next_review_due=next_review_due,
            reviewed_by=actor,
        )
        ContextPlan.objects.filter(pk=plan.pk).update(review_due=next_review_due)
        audit_record(
            actor=actor,
            action="create",
            object_type="context_plan_review",
            object_id=review.pk,
            detail={"plan": plan.pk},
        )
    return review


# --- Conferences ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    organisation: str
    email: str = ""


def parse_attendees(text: str) -> tuple[list[AttendeeInput], list[str]]:
    """One attendee a line: "name, organisation" with an optional ", email"."""
    attendees: list[AttendeeInput] = []
    problems: list[str] = []
    for number, line in enumerate((line.strip() for line in text.splitlines()), start=1):
        if not line:
            continue
        parts = [part.strip() for part in line.split(",")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            problems.append(f"Line {number}: enter a name and an organisation, separated by a comma")
            continue
        email = parts[2] if len(parts) > 2 else ""
        if email and "@" not in email:
            problems.append(f"Line {number}: the email address is not valid")
            continue
        attendees.append(AttendeeInput(name=parts[0], organisation=", ".join(parts[1:2]), email=email))
    return attendees, problems


def _user_for_email(email: str) -> Any:
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=email, is_active=True).first()


def context_conference_create(
    *,
    actor: Any,
    context: Context,
    plan: ContextPlan | None,
    held_on: date | None,
    chair_name: str,
    shared_minutes: str,
    decisions: str,
    attendees: list[AttendeeInput],
) -> ContextConference:
    """Shared minutes and decisions must name no person linked to the context: refused if they do."""
    _require_changer(actor, "context_conference", context.pk)
    errors: dict[str, list[str]] = {}
    _required(
        errors,
        {
            "held_on": held_on,
            "chair_name": chair_name,
            "shared_minutes": shared_minutes,
            "decisions": decisions,
        },
        {
            "held_on": "the date of the conference",
            "chair_name": "the chair's name",
            "shared_minutes": "the shared minutes",
            "decisions": "the decisions",
        },
    )
    names = linked_names_for(context)
    for field_name, text in (("shared_minutes", shared_minutes), ("decisions", decisions)):
        if field_name not in errors and names_found(text, names):
            errors[field_name] = [NAMES_REFUSED]
    if held_on and held_on > timezone.localdate():
        errors["held_on"] = ["The conference date must be today or in the past"]
    if not attendees:
        errors["attendees"] = ["Enter at least one attendee"]
    if plan is not None and plan.context_id != context.pk:
        errors["plan"] = ["Choose a plan for this context"]
    if errors:
        raise ValidationFailed(errors)
    assert held_on is not None
    with transaction.atomic():
        conference = ContextConference.objects.create(
            context=context,
            plan=plan,
            held_on=held_on,
            chair_name=chair_name.strip(),
            shared_minutes=shared_minutes.strip(),
            decisions=decisions.strip(),
            recorded_by=actor,
            agency_id=actor.agency_id,
        )
        for attendee in attendees:
            ConferenceAttendee.objects.create(
                conference=conference,
                name=attendee.name,
                organisation=attendee.organisation,
                email=attendee.email,
                user=_user_for_email(attendee.email),
            )
        audit_record(
            actor=actor,
            action="create",
            object_type="context_conference",
            object_id=conference.pk,
            detail={"context": context.pk, "attendees": len(attendees)},
        )
    return conference


def conference_email_body(conference: ContextConference) -> str:
    """What goes to attendees: the context, the minutes, decisions and plan. No personal data:
    the minutes and plan were checked for linked people's names when they were saved."""
    lines = [
        f"Context conference about {conference.context.name}, held on {conference.held_on:%d %B %Y}.",
        f"Chair: {conference.chair_name}",
        "",
        "Shared minutes:",
        conference.shared_minutes,
        "",
        "Decisions:",
        conference.decisions,
    ]
    plan = conference.plan
    if plan is not None:
        lines += [
            "",
            "Context plan goals:",
            plan.goals,
            "",
            "Measures of change:",
            plan.measures_of_change,
            "",
        ]
        lines += ["Responses:"]
        for response in plan.responses.select_related("owner_agency"):
            lines.append(
                f"- {response.get_response_type_display()} ({response.owner_agency.name}, due "
                f"{response.due_on:%d %B %Y}): {response.description}"
            )
    return "\n".join(lines)


def context_conference_approve(
    *, actor: Any, conference: ContextConference, expected_version: int, site_url: str = ""
) -> ContextConference:
    """Approve the minutes; they and the plan go to attendees by email, and in-app to users."""
    if not conference_may_approve(actor, conference):
        raise refuse(
            actor, object_type="context_conference", object_id=conference.pk, reason="may not approve"
        )
    with transaction.atomic():
        current = lock_version(ContextConference, pk=conference.pk, expected_version=expected_version)
        if current.status == ConferenceStatus.APPROVED:
            raise ValidationFailed({"__all__": ["These minutes have already been approved and shared"]})
        save_new_version(
            current,
            {"status": ConferenceStatus.APPROVED, "approved_at": timezone.now(), "approved_by": actor},
        )
        attendees = list(current.attendees.all())
        url = reverse("contexts:conference-detail", args=[current.pk])
        notifications_send(
            recipient_ids=[attendee.user_id for attendee in attendees if attendee.user_id],
            text=f"Minutes of the context conference about {current.context.name} have been shared",
            url=url,
        )
        audit_record(
            actor=actor,
            action="update",
            object_type="context_conference",
            object_id=current.pk,
            detail={"fields": ["status"], "emailed": sum(1 for a in attendees if a.email)},
        )
        body = conference_email_body(current)
        if site_url:
            body += f"\n\nLantern users can read them at {site_url.rstrip('/')}{url}"
        recipients = [attendee.email for attendee in attendees if attendee.email]
        transaction.on_commit(lambda: _send_minutes(current, recipients, body))
    return current


def _send_minutes(conference: ContextConference, recipients: list[str], body: str) -> None:
    subject = f"Context conference minutes: {conference.context.name}"
    for recipient in recipients:
        try:
            send_mail(subject, body, None, [recipient])
        except Exception:  # an unreachable mail server must not undo the approval
            logger.exception("Could not send context conference minutes (conference %s)", conference.pk)
