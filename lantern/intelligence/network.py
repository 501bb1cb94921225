"""Intelligence entities in the contexts network view: adults of concern, vehicles and phones
named in reports about the people in the network. Exploitation police only: for anyone else the
network is left as it is."""

from __future__ import annotations

from typing import Any

from lantern.contexts.selectors import Network, NetworkEdge, NetworkNode
from lantern.intelligence.models import PersonRole, ReportSubject, SubjectKind
from lantern.intelligence.selectors import is_exploitation_police
from lantern.people.selectors import person_visible_for

MAX_SUBJECTS = 300
ENTITY_KINDS = {SubjectKind.VEHICLE: ("vehicle", "Vehicle"), SubjectKind.PHONE: ("phone", "Phone")}


def _entity_node(subject: ReportSubject) -> NetworkNode:
    kind, detail = ENTITY_KINDS[SubjectKind(subject.kind)]
    label = subject.vrm if subject.kind == SubjectKind.VEHICLE else subject.phone_number
    if subject.deal_line:
        detail = "Deal line"
    return NetworkNode(id=f"e{subject.entity_id}", label=label, kind=kind, detail=detail, url="", step=2)


def _adult_node(user: Any, person_id: int) -> NetworkNode:
    person = person_visible_for(user, person_id)
    return NetworkNode(
        id=f"p{person_id}",
        label=person.full_name if person else f"Adult of concern (record {person_id})",
        kind="adult_of_concern",
        detail="Adult of concern",
        url=f"/intelligence/adults-of-concern/{person_id}/",
        step=2,
    )


def _root_node(user: Any, person_id: int) -> NetworkNode:
    person = person_visible_for(user, person_id)
    label = person.full_name if person else f"Person record {person_id}"
    return NetworkNode(
        id=f"p{person_id}", label=label, kind="person", detail="Person", url=f"/people/{person_id}/", step=0
    )


def add_intelligence_entities(user: Any, network: Network) -> None:
    if not is_exploitation_police(user):
        return
    nodes = {node.id: node for node in network.nodes}
    people = {int(node.id[1:]) for node in network.nodes if node.id.startswith("p")}
    if network.root.startswith("p"):
        people.add(int(network.root[1:]))
    if not people:
        return
    mentions = list(ReportSubject.objects.filter(person_id__in=people).values_list("person_id", "report_id"))
    report_people: dict[int, set[int]] = {}
    for person_id, report_id in mentions:
        report_people.setdefault(report_id, set()).add(person_id)
    related = ReportSubject.objects.filter(report_id__in=report_people).filter(
        kind__in=list(ENTITY_KINDS), entity__isnull=False
    ) | ReportSubject.objects.filter(report_id__in=report_people, person_role=PersonRole.ADULT_OF_CONCERN)
    edges = {(e.source, e.target) for e in network.edges}
    for subject in related.order_by("pk")[:MAX_SUBJECTS]:
        if subject.person_role == PersonRole.ADULT_OF_CONCERN and subject.person_id is not None:
            node = nodes.get(f"p{subject.person_id}") or _adult_node(user, subject.person_id)
            relationship = "Linked in intelligence to adult of concern"
        else:
            node = nodes.get(f"e{subject.entity_id}") or _entity_node(subject)
            relationship = f"Seen with {node.kind} in intelligence"
        if node.id not in nodes:
            nodes[node.id] = node
            network.nodes.append(node)
        for person_id in report_people[subject.report_id]:
            source = f"p{person_id}"
            if source == node.id or (source, node.id) in edges:
                continue
            if source not in nodes:
                nodes[source] = _root_node(user, person_id)
                network.nodes.insert(0, nodes[source])
            edges.add((source, node.id))
            network.edges.append(
                NetworkEdge(source=source, target=node.id, relationship=relationship, shared=False)
            )
