"""Every write for Prevent: page versions, public worries and their triage."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.roles import can_configure_partnership
from lantern.audit.services import audit_record, audit_refusal
from lantern.concerns import services as concern_services
from lantern.concerns.models import ConcernCategory
from lantern.core.errors import AccessRefused, ConflictingEdit, ValidationFailed
from lantern.interchange.records import parse_native_id
from lantern.interchange.schemas import LANTERN_SOURCE_AGENCY
from lantern.partnership.models import Agency, Area
from lantern.people import services as people_services
from lantern.prevent.markup import looks_like_markup
from lantern.prevent.models import (
    ActivityAudience,
    Attendance,
    Audience,
    AwarenessActivity,
    Course,
    PublicPage,
    PublicPageVersion,
    PublicWorry,
    Resource,
    ResourceKind,
    TrainingSession,
    VersionStatus,
    WorryOutcome,
    WorryRelationship,
    WorryStatus,
)
from lantern.prevent.selectors import front_door_covers, is_school_user
from lantern.referrals import services as referral_services

MAX_WORRY_TEXT = 4000
MARKUP_MESSAGE = "Remove the < and > signs and any web code: write in plain words"


def _require_admin(actor: Any, object_id: object) -> None:
    if not can_configure_partnership(getattr(actor, "role", "")):
        audit_refusal(
            actor=actor, object_type="public_page", object_id=object_id, reason="only the partnership admin"
        )
        raise AccessRefused("Only the partnership admin edits public pages.")


def _page_errors(*, slug: str | None, title: str, body: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if slug is not None and not slug.strip():
        errors["slug"] = ["Enter the page address"]
    if not title.strip():
        errors["title"] = ["Enter a title"]
    if not body.strip():
        errors["body"] = ["Enter the words of the page"]
    elif "<" in body and looks_like_markup(body):
        errors["body"] = ["Use the simple markup shown below, not HTML"]
    return errors


def public_page_create(*, actor: Any, slug: str, title: str, summary: str, body: str) -> PublicPage:
    """A new page starts as a draft: nobody outside Lantern sees it until it is published."""
    _require_admin(actor, slug)
    errors = _page_errors(slug=slug, title=title, body=body)
    if not errors and PublicPage.objects.filter(slug=slug).exists():
        errors["slug"] = ["A page with this address already exists"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        position = PublicPage.objects.count() + 1
        page = PublicPage.objects.create(slug=slug, position=position)
        PublicPageVersion.objects.create(
            page=page, number=1, title=title, summary=summary, body=body, edited_by=actor
        )
        audit_record(actor=actor, action="create", object_type="public_page", object_id=page.pk)
    return page


def public_page_draft_save(
    *, actor: Any, page: PublicPage, expected_version: int, title: str, summary: str, body: str
) -> PublicPageVersion:
    """Save the words as the page's draft (one draft at a time); the published version is untouched."""
    _require_admin(actor, page.pk)
    errors = _page_errors(slug=None, title=title, body=body)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = PublicPage.objects.select_for_update().get(pk=page.pk)
        if locked.version != expected_version:
            raise ConflictingEdit(locked.version)
        draft = locked.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is None:
            number = (locked.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            draft = PublicPageVersion(page=locked, number=number)
        draft.title, draft.summary, draft.body, draft.edited_by = title, summary, body, actor
        draft.save()
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            object_type="public_page",
            object_id=locked.pk,
            detail={"draft_version": draft.number},
        )
    return draft


def public_page_publish(*, actor: Any, page: PublicPage, expected_version: int) -> PublicPageVersion:
    """The draft becomes the public page; the version it replaces is kept, marked superseded."""
    _require_admin(actor, page.pk)
    with transaction.atomic():
        locked = PublicPage.objects.select_for_update().get(pk=page.pk)
        if locked.version != expected_version:
            raise ConflictingEdit(locked.version)
        draft = locked.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is None:
            raise ValidationFailed({"__all__": ["There is no draft to publish"]})
        previous = locked.versions.filter(status=VersionStatus.PUBLISHED).first()
        if previous is not None:
            previous.status = VersionStatus.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
        draft.status = VersionStatus.PUBLISHED
        draft.published_by = actor
        draft.published_at = timezone.now()
        draft.save(update_fields=["status", "published_by", "published_at", "updated_at"])
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            action="publish",
            object_type="public_page",
            object_id=locked.pk,
            detail={"published_version": draft.number, "previous": previous.number if previous else None},
        )
    return draft


def _worry_errors(*, area: Area | None, fields: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if area is None:
        errors["area"] = ["Choose the area where the child lives"]
    if not fields["what_worries"].strip():
        errors["what_worries"] = ["Tell us what is worrying you"]
    elif len(fields["what_worries"]) > MAX_WORRY_TEXT:
        errors["what_worries"] = [f"What is worrying you must be {MAX_WORRY_TEXT} characters or fewer"]
    if fields["relationship"] not in WorryRelationship.values:
        errors["relationship"] = ["Choose how you know the child"]
    for name, value in fields.items():
        if looks_like_markup(value):
            errors.setdefault(name, []).append(MARKUP_MESSAGE)
    return errors


def public_worry_create(
    *,
    area: Area | None,
    child_name: str,
    child_age: str,
    where: str,
    what_worries: str,
    relationship: str,
    contact_name: str,
    contact_details: str,
) -> PublicWorry:
    """A worry from the public: no actor, and nothing is given back but a thank-you."""
    fields = {
        "child_name": child_name,
        "child_age": child_age,
        "where": where,
        "what_worries": what_worries,
        "relationship": relationship,
        "contact_name": contact_name,
        "contact_details": contact_details,
    }
    errors = _worry_errors(area=area, fields=fields)
    if errors:
        raise ValidationFailed(errors)
    assert area is not None
    with transaction.atomic():
        worry = PublicWorry.objects.create(area=area, **{k: v.strip() for k, v in fields.items()})
        # No personal data in the audit detail: only which area's front door it went to.
        audit_record(
            actor=None,
            username="public",
            action="create",
            object_type="public_worry",
            object_id=worry.pk,
            detail={"area": area.code},
        )
    return worry


def _refuse_triage(actor: Any, worry: PublicWorry, reason: str) -> AccessRefused:
    audit_refusal(actor=actor, object_type="public_worry", object_id=worry.pk, reason=reason)
    return AccessRefused("Only the front door for this area triages this worry.")


def public_worry_triage(
    *,
    actor: Any,
    worry: PublicWorry,
    outcome: str,
    notes: str,
    given_name: str = "",
    family_name: str = "",
    category: str = "",
) -> PublicWorry:
    """Record the front door's decision. Creating a person and concern (or a referral) goes through
    the people, concerns and referrals services, so their own checks and audit rows apply."""
    if not front_door_covers(actor, worry.area_id):
        raise _refuse_triage(actor, worry, "not the front door for this area")
    errors: dict[str, list[str]] = {}
    if worry.status == WorryStatus.TRIAGED:
        errors["__all__"] = ["This worry has already been triaged"]
    if outcome not in WorryOutcome.values:
        errors["outcome"] = ["Choose what happens next"]
    if not notes.strip():
        errors["notes"] = ["Enter the reasons for the decision"]
    if outcome in {WorryOutcome.CONCERN_CREATED, WorryOutcome.REFERRED}:
        if not given_name.strip() or not family_name.strip():
            errors["given_name"] = ["Enter the child's given name and family name"]
        if category not in ConcernCategory.values:
            errors["category"] = ["Choose what kind of harm this may be"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        if outcome in {WorryOutcome.CONCERN_CREATED, WorryOutcome.REFERRED}:
            person = people_services.person_create(
                actor=actor,
                involvement_role="Front door: worry from the public",
                given_name=given_name.strip(),
                family_name=family_name.strip(),
                area=worry.area,
            )
            concern = concern_services.concern_create(
                actor=actor,
                person=person,
                happened_on=timezone.localdate(worry.created_at),
                happened_time=None,
                categories=[category],
                what_happened=f"Raised by a member of the public ({worry.get_relationship_display()}): "
                f"{worry.what_worries}",
                childs_words="",
                actions_taken=notes.strip(),
                immediate_danger=False,
            )
            worry.person, worry.concern = person, concern
            if outcome == WorryOutcome.REFERRED:
                referral, _ = referral_services.referral_create(
                    actor=actor,
                    person=person,
                    submission_key=f"public-worry-{worry.pk}-{secrets.token_hex(16)}",
                    reason=notes.strip(),
                    consent_sought=False,
                    consent_given=False,
                    reason_without_consent="Raised by a member of the public through the public form",
                    concern=concern,
                )
                worry.referral = referral
        worry.status = WorryStatus.TRIAGED
        worry.outcome = outcome
        worry.triage_notes = notes.strip()
        worry.triaged_by = actor
        worry.triaged_at = timezone.now()
        worry.save()
        audit_record(
            actor=actor,
            action="triage",
            object_type="public_worry",
            object_id=worry.pk,
            person_id=worry.person_id,
            detail={"outcome": outcome},
        )
    return worry


# --- Resources and awareness activities --------------------------------------------------------


def _resource_errors(fields: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not fields["title"].strip():
        errors["title"] = ["Enter a title"]
    if not fields["summary"].strip():
        errors["summary"] = ["Enter a short summary"]
    if fields["kind"] not in ResourceKind.values:
        errors["kind"] = ["Choose what kind of resource this is"]
    if not fields["audiences"] or set(fields["audiences"]) - set(Audience.values):
        errors["audiences"] = ["Choose who the resource is for"]
    if not fields["link"].strip() and not fields["body"].strip():
        errors["link"] = ["Give a link or write the resource"]
    if "<" in fields["body"] and looks_like_markup(fields["body"]):
        errors["body"] = ["Use the simple markup, not HTML"]
    return errors


def resource_create(*, actor: Any, **fields: Any) -> Resource:
    _require_admin(actor, "")
    errors = _resource_errors(fields)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        resource = Resource.objects.create(created_by=actor, **fields)
        audit_record(actor=actor, action="create", object_type="resource", object_id=resource.pk)
    return resource


def resource_update(*, actor: Any, resource: Resource, expected_version: int, **fields: Any) -> Resource:
    _require_admin(actor, resource.pk)
    errors = _resource_errors(fields)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        if locked.version != expected_version:
            raise ConflictingEdit(locked.version)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action="update",
            object_type="resource",
            object_id=locked.pk,
            detail={"fields": sorted(fields)},
        )
    return locked


def awareness_activity_create(
    *,
    actor: Any,
    held_on: date | None,
    activity: str,
    audience: str,
    number_reached: int | None,
    resource: Resource | None = None,
) -> AwarenessActivity:
    """A school records an awareness activity it ran; it counts for the school's own agency."""
    if not is_school_user(actor):
        audit_refusal(actor=actor, object_type="awareness_activity", reason="only school staff record these")
        raise AccessRefused("Awareness activities are recorded by school staff.")
    errors: dict[str, list[str]] = {}
    if held_on is None:
        errors["held_on"] = ["Enter the date of the activity"]
    elif held_on > timezone.localdate():
        errors["held_on"] = ["The date must be today or in the past"]
    if not activity.strip():
        errors["activity"] = ["Say what the activity was"]
    if audience not in ActivityAudience.values:
        errors["audience"] = ["Choose who took part"]
    if number_reached is None or number_reached < 1:
        errors["number_reached"] = ["Enter how many people took part, as a whole number of 1 or more"]
    if errors:
        raise ValidationFailed(errors)
    assert held_on is not None and number_reached is not None
    with transaction.atomic():
        record = AwarenessActivity.objects.create(
            agency=actor.agency,
            held_on=held_on,
            activity=activity.strip(),
            audience=audience,
            number_reached=number_reached,
            resource=resource,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type="awareness_activity",
            object_id=record.pk,
            detail={"audience": audience, "number_reached": number_reached},
        )
    return record


# --- Workforce learning records ----------------------------------------------------------------


def _course_errors(*, name: str, refresher_months: int | None, course_id: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Enter the course name"]
    elif Course.objects.filter(name__iexact=name.strip()).exclude(pk=course_id or 0).exists():
        errors["name"] = ["There is already a course with this name"]
    if refresher_months is not None and not 1 <= refresher_months <= 120:
        errors["refresher_months"] = [
            "Enter a refresher interval between 1 and 120 months, or leave it empty"
        ]
    return errors


def course_create(*, actor: Any, name: str, description: str, refresher_months: int | None) -> Course:
    _require_admin(actor, "course")
    errors = _course_errors(name=name, refresher_months=refresher_months, course_id=None)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        course = Course.objects.create(
            name=name.strip(), description=description.strip(), refresher_months=refresher_months
        )
        audit_record(actor=actor, action="create", object_type="course", object_id=course.pk)
    return course


def training_session_create(
    *,
    actor: Any,
    course: Course,
    held_on: date | None,
    trainer: str,
    place: str,
    source_agency: Agency | None = None,
    source_id: str = "",
) -> TrainingSession:
    _require_admin(actor, course.pk)
    if held_on is None:
        raise ValidationFailed({"held_on": ["Enter the date of the session"]})
    with transaction.atomic():
        session = TrainingSession.objects.create(
            course=course,
            held_on=held_on,
            trainer=trainer.strip(),
            place=place.strip(),
            source_agency=source_agency,
            source_id=source_id,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type="training_session",
            object_id=session.pk,
            detail={"course": course.pk},
        )
    return session


def attendance_record(*, actor: Any, session: TrainingSession, people: list[Any]) -> int:
    """Mark people as having attended; anyone already marked is left as they were. Returns how
    many were added. The person's agency is kept as it is today."""
    _require_admin(actor, session.pk)
    if not people:
        raise ValidationFailed({"people": ["Choose at least one person"]})
    if session.held_on > timezone.localdate():
        raise ValidationFailed({"people": ["Attendance can be recorded once the session has happened"]})
    with transaction.atomic():
        already = set(session.attendances.values_list("user_id", flat=True))
        new = [person for person in people if person.pk not in already]
        Attendance.objects.bulk_create(
            Attendance(session=session, user=person, agency_id=person.agency_id, recorded_by=actor)
            for person in new
        )
        audit_record(
            actor=actor,
            action="update",
            object_type="training_session",
            object_id=session.pk,
            detail={"attendance_added": sorted(person.pk for person in new)},
        )
    return len(new)


def _source_agency(code: str) -> Agency | None:
    """The agency of a source pair: None for Lantern's own records; an unknown code is an error."""
    if code == LANTERN_SOURCE_AGENCY:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise ValidationFailed({"source": [f"There is no agency with the code {code!r}"]})
    return agency


def _session_by_source(agency: Agency | None, source_id: str) -> TrainingSession | None:
    """The session with this source pair, as an interchange file names it (Lantern's own sessions
    by ``lantern-<id>``)."""
    session = (
        TrainingSession.objects.filter(source_agency=agency, source_id=source_id)
        .exclude(source_id="")
        .first()
    )
    native = parse_native_id(source_id)
    if session is None and native is not None:
        session = TrainingSession.objects.filter(pk=native, source_id="").first()
    return session


def _session_for_import(
    *,
    actor: Any,
    course: Course,
    held_on: date,
    trainer: str,
    place: str,
    source: tuple[str, str] | None,
) -> TrainingSession:
    """With a source pair, the session a `training_session` record with that pair names (made if
    new); without one, the session of that course, day, trainer and place."""
    if source is None:
        found = TrainingSession.objects.filter(
            course=course, held_on=held_on, trainer=trainer.strip(), place=place.strip()
        ).first()
        return found or training_session_create(
            actor=actor, course=course, held_on=held_on, trainer=trainer, place=place
        )
    agency = _source_agency(source[0])
    session = _session_by_source(agency, source[1])
    if session is not None and session.course_id != course.pk:
        raise ValidationFailed({"source": ["That session is of another course"]})
    if session is not None:
        return session
    if parse_native_id(source[1]) is not None:
        raise ValidationFailed({"source": ["There is no session with that Lantern id"]})
    return training_session_create(
        actor=actor,
        course=course,
        held_on=held_on,
        trainer=trainer,
        place=place,
        source_agency=agency,
        source_id=source[1],
    )


def attendance_import(
    *,
    actor: Any,
    course: Course,
    held_on: date,
    trainer: str,
    place: str,
    usernames: list[str],
    source: tuple[str, str] | None = None,
) -> tuple[TrainingSession, int]:
    """For a learning system loading its records: the session is found by its source pair, the
    same pair an interchange `training_session` record carries (or, without one, by course, date,
    trainer and place), or made; sending the same people again adds nobody twice, and nor does
    an interchange file naming people already recorded at the session."""
    _require_admin(actor, course.pk)
    from lantern.accounts.models import User

    wanted = sorted(set(usernames))
    people = list(User.objects.filter(username__in=wanted, is_active=True))
    unknown = sorted(set(wanted) - {person.username for person in people})
    if unknown:
        raise ValidationFailed({"usernames": [f"No active account for: {', '.join(unknown)}"]})
    with transaction.atomic():
        session = _session_for_import(
            actor=actor, course=course, held_on=held_on, trainer=trainer, place=place, source=source
        )
        added = attendance_record(actor=actor, session=session, people=people)
    return session, added
