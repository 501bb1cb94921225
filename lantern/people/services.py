"""Every change to a person's record. Each write is one transaction with its audit row."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused, ValidationFailed
from lantern.core.versioning import versioned_update
from lantern.partnership.models import Agency, Area
from lantern.people.models import (
    AliasKind,
    BreakGlass,
    CareStatus,
    EducationStatus,
    Involvement,
    LawfulBasis,
    Person,
    PersonAddress,
    PersonAlias,
    PersonIdentifier,
    Relationship,
    RelationshipKind,
    ShareDecision,
    YouthJusticeStatus,
)
from lantern.people.selectors import EPISODE_MODELS, is_casework_user, person_access_for
from lantern.people.validators import InvalidIdentifier, normalise_identifier
from lantern.search.index import index_people

BREAK_GLASS_MIN_REASON = 20

# Fields a person form may change. Names and date of birth also feed the search index.
PERSON_FIELDS = (
    "given_name",
    "middle_names",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "date_of_birth_estimated",
    "sex",
    "gender",
    "ethnicity",
    "first_language",
    "area",
    "send",
    "disability",
    "learning_disability",
)
SEARCHED_FIELDS = {"given_name", "middle_names", "family_name", "preferred_name", "date_of_birth"}


def _require_access(actor: Any, person: Person, *, doing: str) -> None:
    if not person_access_for(actor, person).allowed:
        audit_refusal(
            actor=actor, object_type="person", object_id=person.pk, person_id=person.pk, reason=doing
        )
        raise AccessRefused("You do not have a need to know about this person's record.")


def _require_casework(actor: Any, *, doing: str, person_id: int | None = None) -> None:
    if not is_casework_user(actor):
        audit_refusal(
            actor=actor, object_type="person", object_id=person_id or "", person_id=person_id, reason=doing
        )
        raise AccessRefused("Only casework roles can change people's records.")


def _require_dates_in_order(start: date | None, end: date | None, field: str = "end") -> None:
    if start and end and end < start:
        raise ValidationFailed({field: ["The end date must be the same as or after the start date"]})


def _agency_of(actor: Any) -> Agency | None:
    return getattr(actor, "agency", None)


# --- Person --------------------------------------------------------------------------------


def person_create(*, actor: Any, involvement_role: str = "", **fields: Any) -> Person:
    """Record a new person. The creator's agency becomes involved, so they can see the record."""
    _require_casework(actor, doing="create person")
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    if not (fields.get("given_name") or "").strip() or not (fields.get("family_name") or "").strip():
        raise ValidationFailed({"given_name": ["Enter a given name and a family name"]})
    with transaction.atomic():
        person = Person.objects.create(created_by=actor, **fields)
        agency = _agency_of(actor)
        if agency is not None:
            Involvement.objects.create(
                person=person,
                agency=agency,
                worker=actor,
                role=involvement_role or "Recorded this person",
                start=timezone.localdate(),
                source_agency=agency,
            )
        audit_record(
            actor=actor,
            action="create",
            object_type="person",
            object_id=person.pk,
            person_id=person.pk,
            detail={"fields": sorted(key for key, value in fields.items() if value not in ("", None))},
        )
        index_people([person.pk])
    return person


def person_update(*, actor: Any, person: Person, expected_version: int, **fields: Any) -> Person:
    """Change a person's details, refusing a write made against an older version."""
    _require_access(actor, person, doing="update person")
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    with transaction.atomic():
        update = versioned_update(Person, pk=person.pk, expected_version=expected_version, changes=fields)
        current, changed = update.record, sorted(update.changed)
        audit_record(
            actor=actor,
            action="update",
            object_type="person",
            object_id=current.pk,
            person_id=current.pk,
            detail={"changed": changed, "version": current.version},
        )
        if SEARCHED_FIELDS.intersection(changed):
            index_people([current.pk])
    return current


# --- Aliases and identifiers ---------------------------------------------------------------


def alias_add(*, actor: Any, person: Person, name: str, kind: str = AliasKind.ALIAS) -> PersonAlias:
    _require_access(actor, person, doing="add alias")
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed({"name": ["Enter the name"]})
    if kind not in AliasKind.values:
        raise ValidationFailed({"kind": ["Choose what kind of name this is"]})
    with transaction.atomic():
        alias = PersonAlias.objects.create(person=person, name=name, kind=kind)
        audit_record(
            actor=actor,
            action="create",
            object_type="person_alias",
            object_id=alias.pk,
            person_id=person.pk,
            detail={"kind": kind},
        )
        index_people([person.pk])
    return alias


def alias_remove(*, actor: Any, alias: PersonAlias) -> None:
    person = alias.person
    _require_access(actor, person, doing="remove alias")
    with transaction.atomic():
        alias_id, kind = alias.pk, alias.kind
        alias.delete()
        audit_record(
            actor=actor,
            action="update",
            object_type="person_alias",
            object_id=alias_id,
            person_id=person.pk,
            detail={"removed": True, "kind": kind},
        )
        index_people([person.pk])


def identifier_add(*, actor: Any, person: Person, kind: str, value: str) -> PersonIdentifier:
    _require_access(actor, person, doing="add identifier")
    try:
        stored = normalise_identifier(kind, value)
    except InvalidIdentifier as exc:
        raise ValidationFailed({"value": [str(exc)]}) from exc
    with transaction.atomic():
        if PersonIdentifier.objects.filter(kind=kind, value=stored).exists():
            raise ValidationFailed({"value": ["This identifier is already recorded on a person's record"]})
        identifier = PersonIdentifier.objects.create(person=person, kind=kind, value=stored)
        audit_record(
            actor=actor,
            action="create",
            object_type="person_identifier",
            object_id=identifier.pk,
            person_id=person.pk,
            detail={"kind": kind},
        )
    return identifier


# --- Addresses -----------------------------------------------------------------------------


def _is_current(start: date | None, end: date | None, today: date) -> bool:
    return (start is None or start <= today) and (end is None or end >= today)


def address_add(
    *,
    actor: Any,
    person: Person,
    line_1: str,
    line_2: str = "",
    town: str = "",
    postcode: str = "",
    area: Area | None = None,
    start: date | None = None,
    end: date | None = None,
) -> PersonAddress:
    """Add an address. A current address with an area moves the person into that area."""
    _require_access(actor, person, doing="add address")
    if not (line_1 or "").strip():
        raise ValidationFailed({"line_1": ["Enter the first line of the address"]})
    _require_dates_in_order(start, end)
    with transaction.atomic():
        address = PersonAddress.objects.create(
            person=person,
            line_1=line_1.strip(),
            line_2=line_2.strip(),
            town=town.strip(),
            postcode=postcode.strip().upper(),
            area=area,
            start=start,
            end=end,
            recorded_by_agency=_agency_of(actor),
        )
        moved = (
            area is not None and person.area_id != area.pk and _is_current(start, end, timezone.localdate())
        )
        if moved:
            Person.objects.filter(pk=person.pk).update(area=area, version=person.version + 1)
            person.area, person.version = area, person.version + 1
        audit_record(
            actor=actor,
            action="create",
            object_type="person_address",
            object_id=address.pk,
            person_id=person.pk,
            detail={"area": area.code if area else "", "person_area_updated": moved},
        )
    return address


def address_end(*, actor: Any, address: PersonAddress, end: date) -> PersonAddress:
    _require_access(actor, address.person, doing="end address")
    if address.end is not None:
        raise ValidationFailed({"end": ["This address has already ended"]})
    _require_dates_in_order(address.start, end)
    with transaction.atomic():
        address.end = end
        address.save(update_fields=["end", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            object_type="person_address",
            object_id=address.pk,
            person_id=address.person_id,
            detail={"ended": end.isoformat()},
        )
    return address


# --- Status episodes -----------------------------------------------------------------------

EPISODE_OBJECT_TYPES = {
    "care": "care_status",
    "education": "education_status",
    "youth-justice": "youth_justice",
}


def episode_add(
    *,
    actor: Any,
    person: Person,
    kind: str,
    status: str,
    start: date,
    end: date | None = None,
    setting_name: str = "",
) -> CareStatus | EducationStatus | YouthJusticeStatus:
    """Add a dated care, education or youth justice status."""
    _require_access(actor, person, doing=f"add {kind} status")
    model = EPISODE_MODELS.get(kind)
    if model is None:
        raise ValidationFailed({"kind": ["Choose care, education or youth justice"]})
    valid = [value for value, _ in model._meta.get_field("status").choices or []]
    if status not in valid:
        raise ValidationFailed({"status": ["Choose a status"]})
    _require_dates_in_order(start, end)
    extra = {"setting_name": setting_name.strip()} if model is EducationStatus else {}
    with transaction.atomic():
        episode = model.objects.create(
            person=person, status=status, start=start, end=end, source_agency=_agency_of(actor), **extra
        )
        audit_record(
            actor=actor,
            action="create",
            object_type=EPISODE_OBJECT_TYPES[kind],
            object_id=episode.pk,
            person_id=person.pk,
            detail={"status": status},
        )
    return episode


def episode_end(*, actor: Any, episode: Any, kind: str, end: date, expected_version: int) -> Any:
    _require_access(actor, episode.person, doing=f"end {kind} status")
    if episode.end is not None:
        raise ValidationFailed({"end": ["This status has already ended"]})
    _require_dates_in_order(episode.start, end)
    with transaction.atomic():
        current = versioned_update(
            type(episode), pk=episode.pk, expected_version=expected_version, changes={"end": end}
        ).record
        audit_record(
            actor=actor,
            action="update",
            object_type=EPISODE_OBJECT_TYPES[kind],
            object_id=current.pk,
            person_id=current.person_id,
            detail={"ended": end.isoformat()},
        )
    return current


# --- Relationships -------------------------------------------------------------------------


def relationship_add(
    *,
    actor: Any,
    person: Person,
    other: Person,
    kind: str,
    start: date | None = None,
    end: date | None = None,
    notes: str = "",
) -> Relationship:
    """Link two people. The user must be able to see both records."""
    _require_access(actor, person, doing="add relationship")
    if other.pk == person.pk:
        raise ValidationFailed({"other_id": ["Choose a different person"]})
    if not person_access_for(actor, other).allowed:
        audit_refusal(
            actor=actor, object_type="person", object_id=other.pk, person_id=other.pk, reason="relationship"
        )
        raise ValidationFailed({"other_id": ["Enter the record number of a person you can see"]})
    if kind not in RelationshipKind.values:
        raise ValidationFailed({"kind": ["Choose the relationship"]})
    _require_dates_in_order(start, end)
    with transaction.atomic():
        relationship = Relationship.objects.create(
            person=person,
            other=other,
            kind=kind,
            start=start,
            end=end,
            notes=notes,
            recorded_by_agency=_agency_of(actor),
        )
        audit_record(
            actor=actor,
            action="create",
            object_type="relationship",
            object_id=relationship.pk,
            person_id=person.pk,
            detail={"kind": kind, "other_person": other.pk},
        )
    return relationship


# --- Involvements --------------------------------------------------------------------------


def involvement_create(
    *,
    actor: Any,
    person: Person,
    agency: Agency,
    role: str,
    start: date | None = None,
    end: date | None = None,
    worker: Any = None,
) -> Involvement:
    """Record an agency's involvement. Recording your own agency's involvement is allowed
    without seeing the record first (that is how an agency comes to know a child); recording
    another agency's needs a need to know."""
    _require_casework(actor, doing="record involvement", person_id=person.pk)
    own_agency = _agency_of(actor) is not None and agency.pk == actor.agency_id
    if not own_agency:
        _require_access(actor, person, doing="record another agency's involvement")
    if not (role or "").strip():
        raise ValidationFailed({"role": ["Enter the agency's role with this person"]})
    if worker is not None and worker.agency_id != agency.pk:
        raise ValidationFailed({"worker": ["The worker must belong to the agency"]})
    start = start or timezone.localdate()
    _require_dates_in_order(start, end)
    with transaction.atomic():
        involvement = Involvement.objects.create(
            person=person,
            agency=agency,
            worker=worker,
            role=role.strip(),
            start=start,
            end=end,
            source_agency=_agency_of(actor),
        )
        audit_record(
            actor=actor,
            action="create",
            object_type="involvement",
            object_id=involvement.pk,
            person_id=person.pk,
            detail={"agency": agency.code, "own_agency": own_agency},
        )
    return involvement


def involvement_end(*, actor: Any, involvement: Involvement, end: date, expected_version: int) -> Involvement:
    _require_access(actor, involvement.person, doing="end involvement")
    if involvement.end is not None:
        raise ValidationFailed({"end": ["This involvement has already ended"]})
    _require_dates_in_order(involvement.start, end)
    with transaction.atomic():
        current = versioned_update(
            Involvement, pk=involvement.pk, expected_version=expected_version, changes={"end": end}
        ).record
        audit_record(
            actor=actor,
            action="update",
            object_type="involvement",
            object_id=current.pk,
            person_id=current.person_id,
            detail={"agency": current.agency.code, "ended": end.isoformat()},
        )
    return current


# --- Sharing -------------------------------------------------------------------------------


def _require_other_agency(actor: Any, to_agency: Agency) -> Agency:
    from_agency = _agency_of(actor)
    if from_agency is None:
        raise ValidationFailed({"to_agency": ["You need to belong to an agency to share"]})
    if to_agency.pk == from_agency.pk:
        raise ValidationFailed({"to_agency": ["Choose another agency"]})
    return from_agency


def share_record(
    *,
    actor: Any,
    person: Person,
    to_agency: Agency,
    lawful_basis: str,
    purpose: str,
    what_shared: str,
    role: str = "",
) -> ShareDecision:
    """Share a person's record with another agency: recorded, and that agency becomes involved."""
    _require_access(actor, person, doing="share record")
    from_agency = _require_other_agency(actor, to_agency)
    errors: dict[str, list[str]] = {}
    if lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = ["Choose the lawful basis for sharing"]
    if not (purpose or "").strip():
        errors["purpose"] = ["Enter why you are sharing"]
    if not (what_shared or "").strip():
        errors["what_shared"] = ["Enter what you shared"]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        decision = ShareDecision.objects.create(
            person=person,
            from_agency=from_agency,
            to_agency=to_agency,
            shared=True,
            lawful_basis=lawful_basis,
            purpose=purpose.strip(),
            what_shared=what_shared.strip(),
            decided_by=actor,
            decided_at=timezone.now(),
        )
        involvement = Involvement.objects.create(
            person=person,
            agency=to_agency,
            role=(role or "").strip() or f"Information shared by {from_agency.name}",
            start=timezone.localdate(),
            source_agency=from_agency,
        )
        audit_record(
            actor=actor,
            action="share",
            object_type="share_decision",
            object_id=decision.pk,
            person_id=person.pk,
            purpose=decision.purpose,
            detail={"to_agency": to_agency.code, "lawful_basis": lawful_basis, "involvement": involvement.pk},
        )
    return decision


def share_decline(*, actor: Any, person: Person, to_agency: Agency, reasons: str) -> ShareDecision:
    """Record a decision not to share, and why (the golden rule: record that too)."""
    _require_access(actor, person, doing="decline to share")
    from_agency = _require_other_agency(actor, to_agency)
    if not (reasons or "").strip():
        raise ValidationFailed({"reasons": ["Enter why you decided not to share"]})
    with transaction.atomic():
        decision = ShareDecision.objects.create(
            person=person,
            from_agency=from_agency,
            to_agency=to_agency,
            shared=False,
            reasons_not_shared=reasons.strip(),
            decided_by=actor,
            decided_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="decline_share",
            object_type="share_decision",
            object_id=decision.pk,
            person_id=person.pk,
            detail={"to_agency": to_agency.code},
        )
    return decision


# --- Break glass ---------------------------------------------------------------------------


def break_glass_grant(*, actor: Any, person: Person, reason: str) -> BreakGlass:
    """Emergency access without an involvement: a typed reason, time-limited, audited."""
    _require_casework(actor, doing="break glass", person_id=person.pk)
    reason = (reason or "").strip()
    if len(reason) < BREAK_GLASS_MIN_REASON:
        raise ValidationFailed(
            {"reason": [f"Explain why you need access now, in at least {BREAK_GLASS_MIN_REASON} characters"]}
        )
    now = timezone.now()
    with transaction.atomic():
        grant = BreakGlass.objects.create(
            person=person,
            user=actor,
            reason=reason,
            granted_at=now,
            expires_at=now + timedelta(hours=settings.BREAK_GLASS_HOURS),
        )
        audit_record(
            actor=actor,
            action="break_glass",
            object_type="person",
            object_id=person.pk,
            person_id=person.pk,
            purpose=reason,
            detail={"expires_at": grant.expires_at.isoformat(), "grant": grant.pk},
        )
    return grant
