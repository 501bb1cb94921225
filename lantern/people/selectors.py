"""Every read of a person's record, and the one place need-to-know is decided.

A user may see a person's record when their role is a casework role and
- their agency has an open involvement with the person, or
- they hold an unexpired break-glass grant for the person, or
- they work at the front door and the person lives in their agency's area (a partnership-wide
  front door sees every area).
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lantern.accounts.roles import CASEWORK_ROLES, Role
from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused
from lantern.partnership.models import Agency, Area
from lantern.people.models import (
    BreakGlass,
    CareStatus,
    EducationStatus,
    Involvement,
    Person,
    PersonAddress,
    Relationship,
    ShareDecision,
    YouthJusticeStatus,
)


class Access(enum.Enum):
    INVOLVEMENT = "involvement"
    BREAK_GLASS = "break_glass"
    FRONT_DOOR_AREA = "front_door_area"
    NONE = "none"

    @property
    def allowed(self) -> bool:
        return self is not Access.NONE


def open_on(day: date) -> Q:
    """Records open on ``day``: started on or before it and not ended before it."""
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


def is_casework_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") in CASEWORK_ROLES


def _front_door_covers(user: Any, area_id: int | None) -> bool:
    if user.role != Role.FRONT_DOOR or user.agency_id is None:
        return False
    agency_area_id = user.agency.area_id
    return agency_area_id is None or agency_area_id == area_id


def _involved_person_ids(user: Any, person_ids: Iterable[int]) -> set[int]:
    if user.agency_id is None:
        return set()
    return set(
        Involvement.objects.filter(
            open_on(timezone.localdate()), agency_id=user.agency_id, person_id__in=person_ids
        )
        .values_list("person_id", flat=True)
        .distinct()
    )


def _break_glass_person_ids(user: Any, person_ids: Iterable[int]) -> set[int]:
    return set(
        BreakGlass.objects.filter(user=user, person_id__in=person_ids, expires_at__gt=timezone.now())
        .values_list("person_id", flat=True)
        .distinct()
    )


def access_for_people(user: Any, people: Iterable[Person]) -> dict[int, Access]:
    """Access to several people in a fixed number of queries (for search results)."""
    people = list(people)
    if not is_casework_user(user):
        return {person.pk: Access.NONE for person in people}
    ids = [person.pk for person in people]
    involved = _involved_person_ids(user, ids)
    glass = _break_glass_person_ids(user, ids)
    result: dict[int, Access] = {}
    for person in people:
        if person.pk in involved:
            result[person.pk] = Access.INVOLVEMENT
        elif person.pk in glass:
            result[person.pk] = Access.BREAK_GLASS
        elif _front_door_covers(user, person.area_id):
            result[person.pk] = Access.FRONT_DOOR_AREA
        else:
            result[person.pk] = Access.NONE
    return result


def person_access_for(user: Any, person: Person) -> Access:
    return access_for_people(user, [person])[person.pk]


def person_visible_q(user: Any, prefix: str = "") -> Q:
    """A queryset filter equivalent to ``person_access_for(user, person).allowed``, for lists.

    ``prefix`` is the path to the person: "" for a queryset of people, "person__" for records
    that belong to a person.
    """
    if not is_casework_user(user):
        return Q(**{f"{prefix}pk__in": []})
    if user.role == Role.FRONT_DOOR and user.agency_id is not None:
        if user.agency.area_id is None:  # a partnership-wide front door sees every area
            return Q()
        area_q = Q(**{f"{prefix}area_id": user.agency.area_id})
    else:
        area_q = Q(**{f"{prefix}pk__in": []})
    glass = BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now()).values("person_id")
    visible = area_q | Q(**{f"{prefix}pk__in": glass})
    if user.agency_id is not None:
        involved = Involvement.objects.filter(open_on(timezone.localdate()), agency_id=user.agency_id).values(
            "person_id"
        )
        visible |= Q(**{f"{prefix}pk__in": involved})
    return visible


@dataclass(frozen=True)
class VisiblePeople:
    """``person_visible_q(user)`` in its parts, for lists of records that hold a person's id.

    A person is visible when ``everyone`` is true, or they live in ``area_id`` (the front door's
    area), or their id is in ``involved`` (open involvements of the user's agency) or in
    ``break_glass`` (the user's unexpired grants). ``involved`` and ``break_glass`` are unevaluated
    subqueries of person ids: the database works each one out once.
    """

    everyone: bool = False
    area_id: int | None = None
    involved: QuerySet[Any] | None = None
    break_glass: QuerySet[Any] | None = None

    @property
    def nobody(self) -> bool:
        return (
            not self.everyone and self.area_id is None and self.involved is None and self.break_glass is None
        )

    def q(self, field: str = "person_id") -> Q:
        """A filter on ``field``, a column holding the person's id, with each part a semi-join
        (``field IN (SELECT ...)``): a list can walk its own index and check each row against the
        hashed sets, where one condition through the person would join every row to its person.
        ``Q()`` (no condition) when the user sees everyone."""
        if self.everyone:
            return Q()
        parts: list[Q] = []
        if self.area_id is not None:
            parts.append(Q(**{f"{field}__in": Person.objects.filter(area_id=self.area_id).values("pk")}))
        for ids in (self.break_glass, self.involved):
            if ids is not None:
                parts.append(Q(**{f"{field}__in": ids}))
        return reduce(operator.or_, parts) if parts else Q(**{f"{field}__in": []})


def visible_person_ids_or_areas_for(user: Any) -> VisiblePeople:
    """The need-to-know rule of ``person_visible_q`` for ``user``, split into parts (see
    ``VisiblePeople``). It allows exactly the people ``person_visible_q(user)`` allows."""
    if not is_casework_user(user):
        return VisiblePeople()
    area_id = None
    if user.role == Role.FRONT_DOOR and user.agency_id is not None:
        if user.agency.area_id is None:  # a partnership-wide front door sees every area
            return VisiblePeople(everyone=True)
        area_id = user.agency.area_id
    glass = BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now()).values("person_id")
    involved = None
    if user.agency_id is not None:
        involved = Involvement.objects.filter(open_on(timezone.localdate()), agency_id=user.agency_id).values(
            "person_id"
        )
    return VisiblePeople(area_id=area_id, involved=involved, break_glass=glass)


def _refuse(user: Any, person_id: int, reason: str) -> AccessRefused:
    audit_refusal(actor=user, object_type="person", object_id=person_id, person_id=person_id, reason=reason)
    return AccessRefused("You do not have a need to know about this person's record.")


def _person_or_refuse(user: Any, person_id: int) -> tuple[Person, Access]:
    person = Person.objects.select_related("area").filter(pk=person_id).first()
    if person is None:
        raise _refuse(user, person_id, "no such person")
    access = person_access_for(user, person)
    if not access.allowed:
        reason = "role may not see records" if not is_casework_user(user) else "no need to know"
        raise _refuse(user, person_id, reason)
    return person, access


def person_get_for(user: Any, person_id: int, *, purpose: str = "") -> Person:
    """The person, if the user has a need to know; every look is audited, allowed or not."""
    person, access = _person_or_refuse(user, person_id)
    audit_record(
        actor=user,
        action="view",
        object_type="person",
        object_id=person.pk,
        person_id=person.pk,
        purpose=purpose,
        detail={"access": access.value},
    )
    return person


def person_unseen_get_for(user: Any, person_id: int) -> Person | None:
    """A person a casework user may act on without seeing their record yet (to break glass or
    record their own agency's involvement). Callers must show nothing from it but its id."""
    if not is_casework_user(user):
        audit_refusal(
            actor=user, object_type="person", object_id=person_id, person_id=person_id, reason="role"
        )
        raise AccessRefused("Only casework roles can act on people's records.")
    return Person.objects.filter(pk=person_id).first()


def person_visible_for(user: Any, person_id: int) -> Person | None:
    """The person if the user may see them, without auditing a view (for choosing a relation)."""
    person = Person.objects.select_related("area").filter(pk=person_id).first()
    if person is None or not person_access_for(user, person).allowed:
        return None
    return person


# --- The person page ---------------------------------------------------------------------


@dataclass
class PersonRecord:
    person: Person
    access: Access
    aliases: list[Any]
    identifiers: list[Any]
    addresses: list[PersonAddress]
    current_address: PersonAddress | None
    care_statuses: list[CareStatus]
    education_statuses: list[EducationStatus]
    youth_justice: list[YouthJusticeStatus]
    current_care_status: CareStatus | None
    current_education_status: EducationStatus | None
    current_youth_justice: YouthJusticeStatus | None
    involvements: list[Involvement]
    relationships: list[Relationship]
    related_to: list[Relationship]
    share_decisions: list[ShareDecision]
    break_glass: BreakGlass | None
    age: int | None


def age_on(date_of_birth: date | None, day: date) -> int | None:
    if date_of_birth is None:
        return None
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def _current(episodes: Iterable[Any], day: date) -> Any:
    for episode in episodes:
        if (episode.start is None or episode.start <= day) and (episode.end is None or episode.end >= day):
            return episode
    return None


def _person_with_record(person_id: int) -> Person:
    return (
        Person.objects.select_related("area", "created_by__agency", "source_agency")
        .prefetch_related(
            "aliases",
            "identifiers",
            Prefetch(
                "addresses", queryset=PersonAddress.objects.select_related("area", "recorded_by_agency")
            ),
            Prefetch("care_statuses", queryset=CareStatus.objects.select_related("source_agency")),
            Prefetch("education_statuses", queryset=EducationStatus.objects.select_related("source_agency")),
            Prefetch("youth_justice", queryset=YouthJusticeStatus.objects.select_related("source_agency")),
            Prefetch(
                "involvements",
                queryset=Involvement.objects.select_related("agency__area", "worker").order_by(
                    "-start", "-id"
                ),
            ),
            Prefetch(
                "relationships",
                queryset=Relationship.objects.select_related("other", "recorded_by_agency"),
            ),
            Prefetch(
                "share_decisions",
                queryset=ShareDecision.objects.select_related("from_agency", "to_agency", "decided_by"),
            ),
        )
        .get(pk=person_id)
    )


def person_record_for(user: Any, person_id: int, *, purpose: str = "") -> PersonRecord:
    """Everything on the person page, in a fixed number of queries. Audited as a view."""
    person_get_for(user, person_id, purpose=purpose)
    person = _person_with_record(person_id)
    today = timezone.localdate()
    access = person_access_for(user, person)
    addresses = list(person.addresses.all())
    care = list(person.care_statuses.all())
    education = list(person.education_statuses.all())
    youth_justice = list(person.youth_justice.all())
    return PersonRecord(
        person=person,
        access=access,
        aliases=list(person.aliases.all()),
        identifiers=list(person.identifiers.all()),
        addresses=addresses,
        current_address=_current([a for a in addresses if a.end is None or a.end >= today], today),
        care_statuses=care,
        education_statuses=education,
        youth_justice=youth_justice,
        current_care_status=_current(care, today),
        current_education_status=_current(education, today),
        current_youth_justice=_current(youth_justice, today),
        involvements=list(person.involvements.all()),
        relationships=list(person.relationships.all()),
        related_to=list(
            Relationship.objects.filter(other=person).select_related("person", "recorded_by_agency")
        ),
        share_decisions=list(person.share_decisions.all()),
        break_glass=active_break_glass(user, person) if access is Access.BREAK_GLASS else None,
        age=age_on(person.date_of_birth, today),
    )


def active_break_glass(user: Any, person: Person) -> BreakGlass | None:
    return (
        BreakGlass.objects.filter(user=user, person=person, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def involvement_get_for(user: Any, person: Person, involvement_id: int) -> Involvement:
    involvement = (
        Involvement.objects.select_related("agency").filter(pk=involvement_id, person=person).first()
    )
    if involvement is None:
        raise _refuse(user, person.pk, f"no involvement {involvement_id} on this person")
    return involvement


def address_get_for(user: Any, person: Person, address_id: int) -> PersonAddress:
    address = PersonAddress.objects.filter(pk=address_id, person=person).first()
    if address is None:
        raise _refuse(user, person.pk, f"no address {address_id} on this person")
    return address


def alias_get_for(user: Any, person: Person, alias_id: int) -> Any:
    alias = person.aliases.filter(pk=alias_id).first()
    if alias is None:
        raise _refuse(user, person.pk, f"no alias {alias_id} on this person")
    return alias


EPISODE_MODELS: dict[str, type[CareStatus] | type[EducationStatus] | type[YouthJusticeStatus]] = {
    "care": CareStatus,
    "education": EducationStatus,
    "youth-justice": YouthJusticeStatus,
}


def episode_get_for(user: Any, person: Person, kind: str, episode_id: int) -> Any:
    model = EPISODE_MODELS.get(kind)
    episode = model.objects.filter(pk=episode_id, person=person).first() if model else None
    if episode is None:
        raise _refuse(user, person.pk, f"no {kind} episode {episode_id} on this person")
    return episode


def agency_choices() -> QuerySet[Agency]:
    return Agency.objects.select_related("area").order_by("name")


def area_choices() -> QuerySet[Area]:
    return Area.objects.order_by("name")


def worker_choices() -> QuerySet[Any]:
    """Staff who can be named as a person's worker: active casework staff of an agency."""
    from lantern.accounts.models import User

    return (
        User.objects.filter(is_active=True, agency__isnull=False, role__in=CASEWORK_ROLES)
        .select_related("agency")
        .order_by("last_name", "first_name")
    )


# --- "Do we know this child?" -------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    agency_name: str
    front_door_name: str
    front_door_phone: str


@dataclass
class SearchResult:
    person_id: int
    score: float
    reasons: list[str]
    visible: bool
    person: Person | None = None  # only set when the user may see the person
    contacts: list[Contact] = field(default_factory=list)  # only set when they may not


def _contacts_for(person: Person) -> list[Contact]:
    contacts: list[Contact] = []
    today = timezone.localdate()
    for involvement in person.involvements.all():
        if not ((involvement.start <= today) and (involvement.end is None or involvement.end >= today)):
            continue
        area = involvement.agency.area or person.area
        contact = Contact(
            agency_name=involvement.agency.name,
            front_door_name=area.front_door_name if area else "",
            front_door_phone=area.front_door_phone if area else "",
        )
        if contact not in contacts:
            contacts.append(contact)
    if not contacts and person.area is not None:
        contacts.append(
            Contact(
                agency_name=person.area.front_door_name or f"{person.area.name} front door",
                front_door_name=person.area.front_door_name,
                front_door_phone=person.area.front_door_phone,
            )
        )
    return contacts


def person_search_for(
    user: Any,
    *,
    name: str = "",
    dob_day: int | None = None,
    dob_month: int | None = None,
    dob_year: int | None = None,
    dob_approximate: bool = False,
    identifier: str = "",
) -> list[SearchResult]:
    """Search everyone, then show each hit only as far as the user's need to know allows."""
    if not is_casework_user(user):
        audit_refusal(actor=user, object_type="person", reason="role may not search people")
        raise AccessRefused("Only casework roles can search for people.")
    from lantern.search.engine import search_people

    hits = search_people(
        name=name,
        dob_day=dob_day,
        dob_month=dob_month,
        dob_year=dob_year,
        dob_approximate=dob_approximate,
        identifier=identifier,
    )
    people = {
        person.pk: person
        for person in Person.objects.select_related("area")
        .prefetch_related(
            Prefetch("involvements", queryset=Involvement.objects.select_related("agency__area"))
        )
        .filter(pk__in=[hit.person_id for hit in hits])
    }
    access = access_for_people(user, people.values())
    results: list[SearchResult] = []
    for hit in hits:
        person = people.get(hit.person_id)
        if person is None:
            continue
        visible = access[person.pk].allowed
        results.append(
            SearchResult(
                person_id=person.pk,
                score=hit.score,
                reasons=list(hit.reasons),
                visible=visible,
                person=person if visible else None,
                contacts=[] if visible else _contacts_for(person),
            )
        )
    used = {
        "name": bool(name),
        "dob_day": dob_day is not None,
        "dob_month": dob_month is not None,
        "dob_year": dob_year is not None,
        "dob_approximate": dob_approximate,
        "identifier": bool(identifier),
    }
    audit_record(
        actor=user,
        action="search",
        object_type="person",
        detail={
            "fields": sorted(key for key, value in used.items() if value),
            "results": len(results),
            "visible": sum(1 for result in results if result.visible),
        },
    )
    return results
