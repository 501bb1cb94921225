"""Helpers for screening tests: the default catalogue's indicators and completed screenings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lantern.people.models import Person
from lantern.screening.models import Indicator, IndicatorCatalogue, Screening
from lantern.screening.selectors import catalogue_current, catalogue_indicators
from lantern.screening.services import (
    AnswerInput,
    screening_complete,
    screening_create,
    screening_save_draft,
)

HIGH_CODE = "criminal_county_lines.found_with_drugs_weapons_cash"
SECOND_HIGH_CODE = "criminal_county_lines.found_out_of_area"
MEDIUM_CODE = "criminal_county_lines.new_or_multiple_phones"
LOW_CODE = "emotional_physical.low_self_esteem"


def current_catalogue() -> IndicatorCatalogue:
    catalogue = catalogue_current()
    assert catalogue is not None, "migration 0002 installs the default catalogue"
    return catalogue


def indicators_by_code(catalogue: IndicatorCatalogue | None = None) -> dict[str, Indicator]:
    catalogue = catalogue or current_catalogue()
    return {f"{i.domain.code}.{i.code}": i for i in catalogue_indicators(catalogue)}


def answers_for(
    catalogue: IndicatorCatalogue,
    *,
    yes: Iterable[str] = (),
    possible: Iterable[str] = (),
    rest: str = "no",
    evidence: str = "",
) -> dict[int, AnswerInput]:
    """Every indicator answered: ``yes`` and ``possible`` codes as given, the others ``rest``."""
    yes, possible = set(yes), set(possible)
    answers = {}
    for code, indicator in indicators_by_code(catalogue).items():
        answer = "yes" if code in yes else "possible" if code in possible else rest
        answers[indicator.pk] = AnswerInput(answer=answer, evidence=evidence if answer != rest else "")
    return answers


def child_aged(age: int, **fields: Any) -> Person:
    """A child who is ``age`` today (their birthday was two months ago)."""
    from django.utils import timezone

    from lantern.core.testing import make_person
    from lantern.risk.scale import add_months

    return make_person(date_of_birth=add_months(timezone.localdate(), -(age * 12 + 2)), **fields)


def completed_screening(
    actor: Any,
    person: Person,
    *,
    yes: Iterable[str] = (),
    possible: Iterable[str] = (),
    final_level: str | None = None,
    level_reason: str = "",
    outcome: str = "refer_to_front_door",
    judgement: str = "The child is being exploited by older associates.",
) -> Screening:
    screening = screening_create(actor=actor, person=person)
    screening = screening_save_draft(
        actor=actor,
        screening=screening,
        expected_version=screening.version,
        answers=answers_for(screening.catalogue, yes=yes, possible=possible, evidence="Seen by the school"),
        professional_judgement=judgement,
        outcome=outcome,
        level_reason=level_reason,
    )
    if final_level is None:
        from lantern.screening.selectors import screening_suggested_level, screening_suggestion

        final_level = screening_suggested_level(screening_suggestion(screening))
    screening = screening_save_draft(
        actor=actor,
        screening=screening,
        expected_version=screening.version,
        answers={},
        final_level=final_level,
    )
    return screening_complete(actor=actor, screening=screening, expected_version=screening.version)
