"""Reading screenings and the indicator catalogue.

A person's screenings are visible to whoever may see the person (``person_get_for`` audits the
look). A draft is its agency's working copy: other agencies see only completed screenings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from lantern.accounts.roles import CASEWORK_ROLES, can_configure_partnership
from lantern.audit.services import audit_refusal
from lantern.core.errors import AccessRefused
from lantern.partnership.selectors import risk_scale
from lantern.people.models import Person
from lantern.people.selectors import is_casework_user, person_access_for, person_get_for
from lantern.risk.scale import level_label
from lantern.screening.models import (
    Indicator,
    IndicatorCatalogue,
    IndicatorDomain,
    Screening,
    ScreeningAnswer,
    ScreeningStatus,
)
from lantern.screening.scoring import (
    Rules,
    ScoredAnswer,
    Suggestion,
    age_on,
    level_for_index,
    suggest,
)

OBJECT_TYPE = "screening"
CATALOGUE_OBJECT_TYPE = "indicator_catalogue"


# --- the catalogue -------------------------------------------------------------------------------


def catalogue_current() -> IndicatorCatalogue | None:
    """The catalogue version new screenings use. The catalogue holds no personal data."""
    return IndicatorCatalogue.objects.filter(is_current=True).first()


def catalogue_domains(catalogue: IndicatorCatalogue) -> list[IndicatorDomain]:
    """The catalogue's domains in order, each with its indicators prefetched in order."""
    return list(
        IndicatorDomain.objects.filter(catalogue=catalogue)
        .order_by("order", "id")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")))
    )


def catalogue_indicators(catalogue: IndicatorCatalogue) -> list[Indicator]:
    return list(
        Indicator.objects.filter(domain__catalogue=catalogue)
        .select_related("domain")
        .order_by("domain__order", "domain__id", "order", "id")
    )


def _refuse_unless_admin(user: Any, object_id: object = "") -> None:
    if not can_configure_partnership(getattr(user, "role", "")):
        audit_refusal(
            actor=user,
            object_type=CATALOGUE_OBJECT_TYPE,
            object_id=object_id,
            reason="only partnership admins manage the indicator catalogue",
        )
        raise AccessRefused("Only partnership admins manage the indicator catalogue.")


def catalogue_get_for(user: Any, version_number: int | None = None) -> IndicatorCatalogue | None:
    """For the partnership admin: a version (the current one when not given)."""
    _refuse_unless_admin(user, version_number or "")
    if version_number is None:
        return catalogue_current()
    return IndicatorCatalogue.objects.filter(version_number=version_number).first()


def catalogue_list_for(user: Any) -> QuerySet[IndicatorCatalogue]:
    _refuse_unless_admin(user)
    return IndicatorCatalogue.objects.select_related("published_by").order_by("-version_number")


def catalogue_current_for_reading(user: Any) -> IndicatorCatalogue | None:
    """The current version, for people who screen (and admins): the API's catalogue endpoint."""
    role = getattr(user, "role", "")
    if role not in CASEWORK_ROLES and not can_configure_partnership(role):
        audit_refusal(actor=user, object_type=CATALOGUE_OBJECT_TYPE, reason="role does not screen")
        raise AccessRefused("Your role does not complete screenings.")
    return catalogue_current()


def catalogue_rules(catalogue: IndicatorCatalogue) -> Rules:
    return Rules(
        medium_threshold=catalogue.medium_threshold,
        high_threshold=catalogue.high_threshold,
        high_yes_for_high=catalogue.high_yes_for_high,
        floor_max_age=catalogue.floor_max_age,
    )


# --- screenings ----------------------------------------------------------------------------------


def _screenings() -> QuerySet[Screening]:
    return Screening.objects.select_related("catalogue", "agency", "created_by", "completed_by", "person")


def screening_is_editable_by(user: Any, screening: Screening) -> bool:
    """A draft is edited by a casework user of the agency that started it."""
    return (
        screening.status == ScreeningStatus.DRAFT
        and is_casework_user(user)
        and user.agency_id is not None
        and user.agency_id == screening.agency_id
    )


def _refuse(user: Any, screening_id: object, person_id: int | None, reason: str) -> AccessRefused:
    audit_refusal(
        actor=user, object_type=OBJECT_TYPE, object_id=screening_id, person_id=person_id, reason=reason
    )
    return AccessRefused("You do not have a need to know about this screening.")


def screening_get_for(user: Any, screening_id: int, *, purpose: str = "") -> Screening:
    """One screening, if the user may see its person; another agency's draft is refused.

    A missing screening is refused the same way, so the answer says nothing about which exist.
    """
    screening = _screenings().filter(pk=screening_id).first()
    if screening is None:
        raise _refuse(user, screening_id, None, "no such screening")
    person_get_for(user, screening.person_id, purpose=purpose or "Screening")
    if screening.status == ScreeningStatus.DRAFT and not screening_is_editable_by(user, screening):
        raise _refuse(user, screening.pk, screening.person_id, "another agency's draft screening")
    return screening


def screening_draft_for_autosave(user: Any, screening_id: int) -> Screening:
    """A draft the user may save. Not audited as a view: the save itself is audited, and an
    autosave every 20 seconds is not someone looking at the record. Refusals are audited."""
    screening = _screenings().filter(pk=screening_id).first()
    if screening is None:
        raise _refuse(user, screening_id, None, "no such screening")
    if not person_access_for(user, screening.person).allowed:
        raise _refuse(user, screening.pk, screening.person_id, "no need to know")
    if not is_casework_user(user) or screening.agency_id != user.agency_id:
        raise _refuse(user, screening.pk, screening.person_id, "not the agency's draft screening")
    return screening


@dataclass(frozen=True)
class ScreeningHistory:
    person: Person
    completed: list[Screening]
    drafts: list[Screening]


def _visible_to(user: Any, person: Person) -> QuerySet[Screening]:
    own_drafts = Screening.objects.none()
    if getattr(user, "agency_id", None) is not None:
        own_drafts = _screenings().filter(
            person=person, status=ScreeningStatus.DRAFT, agency_id=user.agency_id
        )
    completed = _screenings().filter(person=person, status=ScreeningStatus.COMPLETED)
    return (completed | own_drafts).order_by("-completed_at", "-created_at", "-id")


def screening_list_for(user: Any, person_id: int) -> ScreeningHistory:
    """A person's completed screenings and the user's agency's drafts (the look is audited)."""
    person = person_get_for(user, person_id, purpose="Screenings")
    screenings = list(_visible_to(user, person))
    return ScreeningHistory(
        person=person,
        completed=[s for s in screenings if s.status == ScreeningStatus.COMPLETED],
        drafts=[s for s in screenings if s.status == ScreeningStatus.DRAFT],
    )


def screening_drafts_for(user: Any, person: Person) -> list[Screening]:
    """The user's agency's drafts for a person the caller has already been allowed to see."""
    return [s for s in _visible_to(user, person) if s.status == ScreeningStatus.DRAFT]


def screening_latest_completed_for(person: Person) -> Screening | None:
    """The person's most recently completed screening (for referrals). The caller has already
    been allowed to see the person."""
    return (
        _screenings()
        .filter(person=person, status=ScreeningStatus.COMPLETED)
        .order_by("-completed_at", "-id")
        .first()
    )


def screening_chronology_for(person: Person) -> list[Screening]:
    """Completed screenings, for the chronology provider (called once the user may see the person)."""
    return list(
        _screenings().filter(person=person, status=ScreeningStatus.COMPLETED).order_by("-completed_at")
    )


def screening_answers(screening: Screening) -> dict[int, ScreeningAnswer]:
    """The stored answers by indicator id."""
    return {answer.indicator_id: answer for answer in ScreeningAnswer.objects.filter(screening=screening)}


@dataclass(frozen=True)
class AnsweredIndicator:
    indicator: Indicator
    answer: str
    answer_label: str
    evidence: str


@dataclass(frozen=True)
class AnsweredDomain:
    domain: IndicatorDomain
    items: list[AnsweredIndicator]
    total: str


def screening_answered_domains(screening: Screening) -> list[AnsweredDomain]:
    """Every indicator of the screening's own catalogue version, with its answer, by domain."""
    answers = screening_answers(screening)
    totals = screening.domain_totals or {}
    result = []
    for domain in catalogue_domains(screening.catalogue):
        items = []
        for indicator in domain.indicators.all():
            stored = answers.get(indicator.pk)
            answer = stored.answer if stored else ""
            items.append(
                AnsweredIndicator(
                    indicator=indicator,
                    answer=answer,
                    answer_label=stored.get_answer_display() if stored and answer else "Not answered",
                    evidence=stored.evidence if stored else "",
                )
            )
        result.append(AnsweredDomain(domain=domain, items=items, total=str(totals.get(domain.code, ""))))
    return result


def screening_scale_labels() -> tuple[str, str, str]:
    scale = risk_scale()
    return tuple(level_label(level_for_index(scale, index)) for index in range(3))  # type: ignore[return-value]


def screening_suggestion(screening: Screening, *, on: date | None = None) -> Suggestion:
    """Score the stored answers with the screening's own catalogue version."""
    answers = screening_answers(screening)
    scored = [
        ScoredAnswer(
            indicator_text=indicator.text,
            domain_code=indicator.domain.code,
            domain_name=indicator.domain.name,
            weight=indicator.weight,
            answer=answers[indicator.pk].answer if indicator.pk in answers else "",
        )
        for indicator in catalogue_indicators(screening.catalogue)
    ]
    person = screening.person
    return suggest(
        scored,
        catalogue_rules(screening.catalogue),
        age=age_on(person.date_of_birth, on or timezone.localdate()),
        learning_disability=person.learning_disability,
        labels=screening_scale_labels(),
    )


def screening_suggested_level(suggestion: Suggestion) -> str:
    return level_for_index(risk_scale(), suggestion.level_index)


def screening_unanswered_required(screening: Screening) -> list[Indicator]:
    answers = screening_answers(screening)
    return [
        indicator
        for indicator in catalogue_indicators(screening.catalogue)
        if indicator.required and not (indicator.pk in answers and answers[indicator.pk].answer)
    ]


def catalogue_indicator_codes(catalogue: IndicatorCatalogue) -> dict[str, int]:
    """Indicator ids by "domain_code.indicator_code", which stays the same across versions."""
    return {f"{i.domain.code}.{i.code}": i.pk for i in catalogue_indicators(catalogue)}
