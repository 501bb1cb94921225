"""Reading safety plans and transition plans. Access to a plan is access to the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lantern.audit.services import audit_record
from lantern.meetings.access import refuse
from lantern.meetings.models import SafetyPlan, SafetyPlanVersion, TransitionPlan
from lantern.people.models import Person
from lantern.people.selectors import age_on, is_casework_user, person_get_for, person_visible_q
from lantern.risk.models import RiskAssessment
from lantern.risk.scale import add_months

TRANSITION_FROM_AGE = 17
RECORD_UNTIL_AGE = 25


@dataclass(frozen=True)
class SafetyPlanView:
    person: Person
    plan: SafetyPlan | None
    shown: SafetyPlanVersion | None
    versions: list[SafetyPlanVersion]


def safety_plan_get_for(user: Any, person_id: int, *, number: int | None = None) -> SafetyPlanView:
    """The person's safety plan: the latest version, or the numbered older one."""
    person = person_get_for(user, person_id, purpose="Safety plan")
    plan = SafetyPlan.objects.filter(person=person).first()
    versions = list(plan.versions.prefetch_related("contexts").select_related("saved_by")) if plan else []
    if number is None:
        shown = versions[0] if versions else None
    else:
        shown = next((version for version in versions if version.number == number), None)
        if shown is None:
            raise refuse(user, "safety_plan", person_id, "no such version", person.pk)
    return SafetyPlanView(person=person, plan=plan, shown=shown, versions=versions)


@dataclass(frozen=True)
class TransitionRow:
    person: Person
    age: int | None
    has_risk: bool
    has_safety_plan: bool
    plan: TransitionPlan | None


def transition_list_for(user: Any, today: date | None = None) -> list[TransitionRow]:
    """Young people aged 17 to 25 the user may see who have an open risk assessment or a safety plan."""
    if not is_casework_user(user):
        raise refuse(user, "transition_list", "", "role may not see records")
    today = today or timezone.localdate()
    born_by = add_months(today, -12 * TRANSITION_FROM_AGE)
    born_after = add_months(today, -12 * (RECORD_UNTIL_AGE + 1))
    open_risk = RiskAssessment.objects.filter(person=OuterRef("pk"), closed_on__isnull=True)
    safety = SafetyPlan.objects.filter(person=OuterRef("pk"))
    people = (
        Person.objects.filter(
            person_visible_q(user), date_of_birth__lte=born_by, date_of_birth__gt=born_after
        )
        .annotate(has_risk=Exists(open_risk), has_safety_plan=Exists(safety))
        .filter(Q(has_risk=True) | Q(has_safety_plan=True))
    )
    people = people.select_related("area").order_by("date_of_birth", "pk")
    plans = {plan.person_id: plan for plan in TransitionPlan.objects.filter(person__in=people)}
    audit_record(actor=user, action="view", object_type="transition_list", purpose="Transitions to adulthood")
    return [
        TransitionRow(
            person=person,
            age=age_on(person.date_of_birth, today),
            has_risk=person.has_risk,
            has_safety_plan=person.has_safety_plan,
            plan=plans.get(person.pk),
        )
        for person in people
    ]


def transition_plan_get_for(user: Any, person_id: int) -> tuple[Person, TransitionPlan | None]:
    person = person_get_for(user, person_id, purpose="Transition plan")
    return person, TransitionPlan.objects.filter(person=person).first()


def safety_plan_chronology_for(person: Person) -> list[SafetyPlanVersion]:
    return list(SafetyPlanVersion.objects.filter(plan__person=person).select_related("saved_by__agency"))


def transition_plan_chronology_for(person: Person) -> TransitionPlan | None:
    return TransitionPlan.objects.filter(person=person).first()
