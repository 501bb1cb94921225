"""Every read of contexts. Places are not personal data: casework users and analysts see context
records, assessments, plans and conferences. Which people are linked is need-to-know: one
queryset filter (``person_visible_q``) decides it; analysts see pseudonyms, never names.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from lantern.accounts.roles import CASEWORK_ROLES, Role
from lantern.audit.services import audit_record, audit_refusal
from lantern.chronology.registry import ChronologyEntry
from lantern.contexts.models import (
    Context,
    ContextAssessment,
    ContextConference,
    ContextKind,
    ContextLink,
    ContextPlan,
)
from lantern.core.errors import AccessRefused
from lantern.partnership.selectors import risk_scale
from lantern.people.models import Person, PersonAlias
from lantern.people.selectors import person_get_for, person_visible_q

OBJECT_TYPE = "context"
REFUSED = "Your role does not give access to context records."


def may_see_contexts(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") in (
        CASEWORK_ROLES | {Role.ANALYST}
    )


def may_change_contexts(user: Any) -> bool:
    """Recording contexts, links, assessments, plans and conferences is casework."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and getattr(user, "role", "") in CASEWORK_ROLES
        and getattr(user, "agency_id", None) is not None
    )


def is_analyst(user: Any) -> bool:
    return getattr(user, "role", "") == Role.ANALYST


def refuse(
    user: Any, *, object_type: str = OBJECT_TYPE, object_id: object = "", reason: str
) -> AccessRefused:
    audit_refusal(actor=user, object_type=object_type, object_id=object_id, reason=reason)
    return AccessRefused(REFUSED)


def _require_reader(user: Any, object_id: object = "") -> None:
    if not may_see_contexts(user):
        raise refuse(
            user, object_id=object_id, reason=f"role {getattr(user, 'role', '')} may not see contexts"
        )


def pseudonym(person_id: int) -> str:
    """A stable reference for analysts: the same person reads the same everywhere, without a name."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"person:{person_id}".encode(), hashlib.sha256)
    return f"Person {digest.hexdigest()[:8].upper()}"


# --- Contexts ---------------------------------------------------------------------------------


def _latest_risk() -> Subquery:
    latest = ContextAssessment.objects.filter(context=OuterRef("pk")).order_by("-assessed_on", "-id")
    return Subquery(latest.values("risk_level")[:1])


def _linked_people() -> Coalesce:
    """People linked to the context, counted per row from the ``(context, person)`` index.

    A ``COUNT(DISTINCT)`` over a join would group every context's wide row instead.
    """
    people = (
        ContextLink.objects.filter(context=OuterRef("pk"))
        .order_by()
        .values("context")
        .annotate(count=Count("person", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(people), 0)


@dataclass(frozen=True)
class ContextFilters:
    kind: str = ""
    location_type: str = ""
    risk_level: str = ""
    area_id: int | None = None
    active_from: date | None = None
    active_to: date | None = None


def _filtered(filters: ContextFilters) -> QuerySet[Context]:
    contexts = Context.objects.select_related("area").annotate(
        latest_risk=_latest_risk(), linked_people=_linked_people()
    )
    if filters.kind:
        contexts = contexts.filter(kind=filters.kind)
    if filters.location_type:
        contexts = contexts.filter(location_type=filters.location_type)
    if filters.area_id:
        contexts = contexts.filter(area_id=filters.area_id)
    if filters.risk_level:
        contexts = contexts.filter(latest_risk=filters.risk_level)
    if filters.active_from or filters.active_to:
        links = ContextLink.objects.filter(context=OuterRef("pk"))
        assessments = ContextAssessment.objects.filter(context=OuterRef("pk"))
        if filters.active_from:
            links = links.filter(Q(end__isnull=True) | Q(end__gte=filters.active_from))
            assessments = assessments.filter(assessed_on__gte=filters.active_from)
        if filters.active_to:
            links = links.filter(start__lte=filters.active_to)
            assessments = assessments.filter(assessed_on__lte=filters.active_to)
        contexts = contexts.filter(Exists(links) | Exists(assessments))
    return contexts.order_by("name", "id")


def context_list_for(user: Any, filters: ContextFilters | None = None) -> list[Context]:
    _require_reader(user)
    return list(_filtered(filters or ContextFilters()))


MAP_FIELDS = (
    "name",
    "kind",
    "location_type",
    "education_setting_type",
    "latitude",
    "longitude",
    "area__name",
)


# The most places one map view is sent: beyond it the map says how many more there are in view.
MAP_PLACE_LIMIT = 500


@dataclass(frozen=True)
class BoundingBox:
    """A map view, in degrees: longitudes west to east, latitudes south to north."""

    west: Decimal
    south: Decimal
    east: Decimal
    north: Decimal


@dataclass(frozen=True)
class MapPlaces:
    places: list[Context]
    in_view: int  # every place in the view that matches the filters, shown or not

    @property
    def truncated(self) -> bool:
        return self.in_view > len(self.places)


def _located(filters: ContextFilters) -> QuerySet[Context]:
    """Locations of concern with a point, matching ``filters`` (served by ``context_location_point``)."""
    located = ContextFilters(**{**filters.__dict__, "kind": ContextKind.LOCATION})
    return _filtered(located).filter(latitude__isnull=False, longitude__isnull=False)


def context_map_table_for(user: Any, filters: ContextFilters) -> QuerySet[Context]:
    """The places on the map as a table, by name: the caller shows it a page at a time."""
    _require_reader(user)
    return _located(filters).only(*MAP_FIELDS)


def context_map_extent_for(user: Any, filters: ContextFilters) -> BoundingBox | None:
    """The smallest view holding every place that matches ``filters`` (None if there are none)."""
    _require_reader(user)
    corners = (
        _located(filters)
        .order_by()
        .aggregate(west=Min("longitude"), south=Min("latitude"), east=Max("longitude"), north=Max("latitude"))
    )
    if corners["west"] is None:
        return None
    return BoundingBox(**corners)


def context_map_places_for(
    user: Any, filters: ContextFilters, *, bbox: BoundingBox | None = None, limit: int | None = None
) -> MapPlaces:
    """The places in one map view (all of them without ``bbox``), at most ``limit``
    (``MAP_PLACE_LIMIT``), by name."""
    _require_reader(user)
    limit = limit or MAP_PLACE_LIMIT
    places = _located(filters)
    if bbox is not None:
        places = places.filter(
            latitude__range=(bbox.south, bbox.north), longitude__range=(bbox.west, bbox.east)
        )
    shown = list(places.only(*MAP_FIELDS)[:limit])
    in_view = len(shown) if len(shown) < limit else places.count()
    return MapPlaces(places=shown, in_view=in_view)


def context_get_for(user: Any, context_id: int) -> Context:
    _require_reader(user, context_id)
    context = Context.objects.select_related("area", "raised_by_agency").filter(pk=context_id).first()
    if context is None:
        raise refuse(user, object_id=context_id, reason="no such context")
    return context


def context_view_for(user: Any, context_id: int) -> Context:
    """The context, with the look audited (places are not personal data, but who looks is kept)."""
    context = context_get_for(user, context_id)
    audit_record(actor=user, action="view", object_type=OBJECT_TYPE, object_id=context.pk)
    return context


def context_for_change_get_for(user: Any, context_id: int) -> Context:
    context = context_get_for(user, context_id)
    if not may_change_contexts(user):
        raise refuse(user, object_id=context_id, reason="role may not change contexts")
    return context


def latest_assessment(context: Context) -> ContextAssessment | None:
    return context.assessments.order_by("-assessed_on", "-id").first()


# --- Linked people ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkedPerson:
    link: ContextLink
    label: str  # the name, or a pseudonym for analysts
    person_id: int
    named: bool


@dataclass
class LinkedPeople:
    shown: list[LinkedPerson] = field(default_factory=list)
    withheld_people: int = 0


def _visible_links(user: Any) -> QuerySet[ContextLink]:
    links = ContextLink.objects.select_related("person", "context", "recorded_by_agency")
    if is_analyst(user):
        return links
    return links.filter(person_visible_q(user, "person__"))


def _as_linked(user: Any, link: ContextLink) -> LinkedPerson:
    if is_analyst(user):
        return LinkedPerson(link=link, label=pseudonym(link.person_id), person_id=link.person_id, named=False)
    return LinkedPerson(link=link, label=link.person.full_name, person_id=link.person_id, named=True)


def linked_people_for(user: Any, context: Context) -> LinkedPeople:
    """Links to people the user may see (pseudonymised for analysts); the rest only counted.

    Withholding is audited as a refusal, so the trail shows who was kept from what.
    """
    _require_reader(user, context.pk)
    shown = [_as_linked(user, link) for link in _visible_links(user).filter(context=context)]
    all_people = ContextLink.objects.filter(context=context).values("person_id").distinct().count()
    withheld = all_people - len({item.person_id for item in shown})
    if withheld:
        audit_refusal(
            actor=user,
            object_type="context_link",
            object_id=context.pk,
            reason=f"{withheld} linked people withheld: no need to know",
        )
    return LinkedPeople(shown=shown, withheld_people=withheld)


def person_links_for(user: Any, person_id: int) -> tuple[Person, list[ContextLink], ContextLink | None]:
    """A person's contexts (the person's record is opened and audited), and the one that most
    needs to change for them to be safer."""
    person = person_get_for(user, person_id, purpose="Contexts linked to a person")
    links = list(ContextLink.objects.select_related("context", "recorded_by_agency").filter(person=person))
    weighted = [link for link in links if link.weighting]
    top = max(weighted, key=lambda link: (link.weighting, link.start, link.pk)) if weighted else None
    return person, links, top


def link_for_change_get_for(user: Any, link_id: int) -> ContextLink:
    link = ContextLink.objects.select_related("person", "context").filter(pk=link_id).first()
    if link is None:
        raise refuse(user, object_type="context_link", object_id=link_id, reason="no such link")
    person_get_for(user, link.person_id, purpose="Change a context link")
    if not may_change_contexts(user):
        raise refuse(user, object_type="context_link", object_id=link_id, reason="role may not change links")
    return link


def linked_names_for(context: Context) -> list[str]:
    """Every name and alias of everyone linked to the context, for the no-names check on shared
    minutes. Internal: never shown to a user."""
    people = Person.objects.filter(context_links__context=context).distinct()
    names: set[str] = set()
    for given, family, preferred in people.values_list("given_name", "family_name", "preferred_name"):
        names.update({given, family, preferred, f"{given} {family}"})
    names.update(PersonAlias.objects.filter(person__in=people).values_list("name", flat=True))
    return sorted(name.strip() for name in names if name and len(name.strip()) >= 2)


def names_found(text: str, names: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) for name in names)


# --- Assessments, plans, conferences --------------------------------------------------------


def assessment_list_for(user: Any, context: Context) -> list[ContextAssessment]:
    _require_reader(user, context.pk)
    return list(context.assessments.select_related("agency", "assessed_by"))


def plan_list_for(user: Any, context: Context) -> list[ContextPlan]:
    _require_reader(user, context.pk)
    return list(context.plans.select_related("agency").prefetch_related("responses__owner_agency", "reviews"))


def plan_for_change_get_for(user: Any, plan_id: int) -> ContextPlan:
    plan = ContextPlan.objects.select_related("context").filter(pk=plan_id).first()
    if plan is None:
        raise refuse(user, object_type="context_plan", object_id=plan_id, reason="no such plan")
    context_for_change_get_for(user, plan.context_id)
    return plan


def conference_list_for(user: Any, context: Context) -> list[ContextConference]:
    _require_reader(user, context.pk)
    return list(context.conferences.prefetch_related("attendees"))


def conference_get_for(user: Any, conference_id: int) -> ContextConference:
    conference = (
        ContextConference.objects.select_related("context", "plan", "approved_by")
        .prefetch_related("attendees", "plan__responses__owner_agency")
        .filter(pk=conference_id)
        .first()
    )
    if conference is None:
        raise refuse(
            user, object_type="context_conference", object_id=conference_id, reason="no such conference"
        )
    _require_reader(user, conference.context_id)
    return conference


def conference_may_approve(user: Any, conference: ContextConference) -> bool:
    return may_change_contexts(user) and (
        conference.recorded_by_id == user.pk or user.role == Role.MEETING_CHAIR
    )


def risk_levels() -> list[str]:
    return risk_scale()


# --- Chronology -------------------------------------------------------------------------------


def context_chronology_for(user: Any, context: Context, linked: LinkedPeople) -> list[ChronologyEntry]:
    """What happened about a context, newest first. Links appear only for people the user may see."""
    _require_reader(user, context.pk)
    agency = context.raised_by_agency
    entries = [
        ChronologyEntry(
            at=context.created_at,
            kind="context",
            kind_label="Context",
            title=f"Context recorded: {context.name}",
            agency_code=agency.code if agency else "",
            agency_name=agency.name if agency else "",
        )
    ]
    for item in linked.shown:
        entries.append(
            ChronologyEntry(
                at=item.link.start,
                kind="context_link",
                kind_label="Link",
                title=f"{item.label}: {item.link.get_relationship_display().lower()}",
                summary=f"Source: {item.link.get_source_kind_display()}",
            )
        )
    entries.extend(_context_work_entries(context, since=None))
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)


def _context_work_entries(context: Context, *, since: date | None) -> list[ChronologyEntry]:
    entries: list[ChronologyEntry] = []
    assessments = context.assessments.select_related("agency")
    plans = context.plans.select_related("agency")
    conferences = context.conferences.filter(status="approved")
    if since:
        assessments = assessments.filter(assessed_on__gte=since)
        plans = plans.filter(created_at__date__gte=since)
        conferences = conferences.filter(held_on__gte=since)
    for assessment in assessments:
        entries.append(
            ChronologyEntry(
                at=assessment.assessed_on,
                kind="context_assessment",
                kind_label="Context assessment",
                title=f"Context assessment of {context.name}: risk {assessment.risk_level.replace('_', ' ')}",
                agency_code=assessment.agency.code if assessment.agency else "",
                agency_name=assessment.agency.name if assessment.agency else "",
                url=f"/contexts/{context.pk}/",
            )
        )
    for plan in plans:
        entries.append(
            ChronologyEntry(
                at=plan.created_at,
                kind="context_plan",
                kind_label="Context plan",
                title=f"Context plan agreed for {context.name}",
                agency_code=plan.agency.code if plan.agency else "",
                agency_name=plan.agency.name if plan.agency else "",
                url=f"/contexts/{context.pk}/",
            )
        )
    for conference in conferences:
        entries.append(
            ChronologyEntry(
                at=conference.held_on,
                kind="context_conference",
                kind_label="Context conference",
                title=f"Context conference about {context.name}",
                url=f"/contexts/conferences/{conference.pk}/",
            )
        )
    return entries


def person_context_entries(person: Person) -> list[ChronologyEntry]:
    """For the person's chronology (the registry has already checked the reader may see them)."""
    entries: list[ChronologyEntry] = []
    for link in ContextLink.objects.select_related("context", "recorded_by_agency").filter(person=person):
        agency = link.recorded_by_agency
        entries.append(
            ChronologyEntry(
                at=link.start,
                kind="context_link",
                kind_label="Context",
                title=f"{link.get_relationship_display()}: {link.context.name}",
                summary=f"Source: {link.get_source_kind_display()}",
                agency_code=agency.code if agency else "",
                agency_name=agency.name if agency else "",
                url=f"/contexts/{link.context_id}/",
            )
        )
        entries.extend(_context_work_entries(link.context, since=link.start))
    return entries


# --- Network ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkNode:
    id: str  # "c12" for a context, "p34" for a person
    label: str
    kind: str  # "context" or "person"
    detail: str
    url: str
    step: int
    shared: bool = False
    children: int = 0  # how many people in the graph it is linked to


@dataclass(frozen=True)
class NetworkEdge:
    source: str
    target: str
    relationship: str
    shared: bool


@dataclass
class Network:
    root: str
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    withheld_people: int
    pseudonymised: bool

    def table_rows(self) -> list[dict[str, Any]]:
        nodes = {node.id: node for node in self.nodes}
        rows = [{"edge": e, "person": nodes[e.source], "context": nodes[e.target]} for e in self.edges]
        return sorted(
            rows, key=lambda row: (not row["edge"].shared, row["context"].label, row["person"].label)
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "nodes": [node.__dict__ for node in self.nodes],
            "edges": [edge.__dict__ for edge in self.edges],
            "withheld_people": self.withheld_people,
            "pseudonymised": self.pseudonymised,
        }


# Other modules add nodes to a built network (e.g. intelligence entities) from their AppConfig.ready.
NETWORK_EXTENSIONS: list[Any] = []


def _person_label(user: Any, person: Person) -> str:
    return pseudonym(person.pk) if is_analyst(user) else person.full_name


def _build_network(
    user: Any, root: str, links: list[ContextLink], steps: dict[str, int], withheld: int
) -> Network:
    people_per_context: dict[int, set[int]] = {}
    for link in links:
        people_per_context.setdefault(link.context_id, set()).add(link.person_id)
    shared_contexts = {cid for cid, people in people_per_context.items() if len(people) > 1}
    nodes: dict[str, NetworkNode] = {}
    edges: dict[tuple[str, str, str], NetworkEdge] = {}
    for link in links:
        cid, pid = f"c{link.context_id}", f"p{link.person_id}"
        if cid not in nodes:
            nodes[cid] = NetworkNode(
                id=cid,
                label=link.context.name,
                kind="context",
                detail=link.context.type_label,
                url=f"/contexts/{link.context_id}/",
                step=steps.get(cid, 2),
                shared=link.context_id in shared_contexts,
                children=len(people_per_context[link.context_id]),
            )
        if pid not in nodes:
            analyst = is_analyst(user)
            nodes[pid] = NetworkNode(
                id=pid,
                label=_person_label(user, link.person),
                kind="person",
                detail="Person",
                url="" if analyst else f"/people/{link.person_id}/",
                step=steps.get(pid, 2),
            )
        key = (pid, cid, link.relationship)
        edges.setdefault(
            key,
            NetworkEdge(
                source=pid,
                target=cid,
                relationship=link.get_relationship_display(),
                shared=link.context_id in shared_contexts,
            ),
        )
    ordered = sorted(nodes.values(), key=lambda node: (node.step, node.kind, node.label))
    network = Network(
        root=root,
        nodes=ordered,
        edges=list(edges.values()),
        withheld_people=withheld,
        pseudonymised=is_analyst(user),
    )
    for extend in NETWORK_EXTENSIONS:
        extend(user, network)
    return network


def _withheld(user: Any, object_type: str, object_id: int, total: int, shown: int) -> int:
    withheld = max(total - shown, 0)
    if withheld:
        audit_refusal(
            actor=user,
            object_type=object_type,
            object_id=object_id,
            reason=f"{withheld} linked people withheld from the network: no need to know",
        )
    return withheld


def context_network_for(user: Any, context_id: int) -> tuple[Context, Network]:
    """The context, the people linked to it (step 1) and their other contexts (step 2)."""
    context = context_view_for(user, context_id)
    visible = _visible_links(user)
    first = list(visible.filter(context=context))
    people = {link.person_id for link in first}
    second = list(visible.filter(person_id__in=people).exclude(context=context))
    total = ContextLink.objects.filter(context=context).values("person_id").distinct().count()
    steps = {f"c{context.pk}": 0, **{f"p{pid}": 1 for pid in people}}
    withheld = _withheld(user, "context_network", context.pk, total, len(people))
    return context, _build_network(user, f"c{context.pk}", first + second, steps, withheld)


def person_network_for(user: Any, person_id: int) -> tuple[Person, Network]:
    """The person, their contexts (step 1) and the other people linked to those (step 2)."""
    person = person_get_for(user, person_id, purpose="Network of contexts")
    visible = _visible_links(user)
    first = list(ContextLink.objects.select_related("person", "context").filter(person=person))
    context_ids = {link.context_id for link in first}
    second = list(visible.filter(context_id__in=context_ids).exclude(person=person))
    total = (
        ContextLink.objects.filter(context_id__in=context_ids)
        .exclude(person=person)
        .values("person_id")
        .distinct()
        .count()
    )
    shown = len({link.person_id for link in second})
    steps = {f"p{person.pk}": 0, **{f"c{cid}": 1 for cid in context_ids}}
    withheld = _withheld(user, "person_network", person.pk, total, shown)
    return person, _build_network(user, f"p{person.pk}", first + second, steps, withheld)
