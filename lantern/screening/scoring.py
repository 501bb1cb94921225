"""Suggesting a level from a screening's answers: a pure function, so every rule is testable.

The rules (their numbers are stored on each catalogue version, so they are versioned too):

1. Each indicator scores its weight (1 low, 2 medium, 3 high) when answered yes, and half its
   weight when answered possible. No, not known and unanswered score nothing. Totals are kept
   per domain and overall.
2. A weighted total at or above the catalogue's medium threshold suggests the middle of the
   scale; at or above the high threshold, the top.
3. Any high-weight indicator answered yes suggests at least the middle of the scale; the
   catalogue's number of high-weight yes answers (two by default) suggests the top.
4. The floor (DESIGN.md §6.1): a child aged ``floor_max_age`` (13) or under on the screening
   date, or with a learning disability, with a high-weight indicator answered yes or possible is
   never rated at the bottom of the scale; with a high-weight yes, the suggestion is the top.

The level is an index on a three-step scale (0 lowest, 2 highest), so the same rules work for
low/medium/high and for category 1/2/3. ``level_for_index`` places it on the partnership's scale.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

YES = "yes"
POSSIBLE = "possible"
HIGH_WEIGHT = 3
LOWEST, MIDDLE, TOP = 0, 1, 2
DEFAULT_LABELS = ("Low", "Medium", "High")


@dataclass(frozen=True)
class Rules:
    medium_threshold: Decimal = Decimal("6")
    high_threshold: Decimal = Decimal("12")
    high_yes_for_high: int = 2
    floor_max_age: int = 13


@dataclass(frozen=True)
class ScoredAnswer:
    indicator_text: str
    domain_code: str
    domain_name: str
    weight: int
    answer: str


@dataclass(frozen=True)
class Suggestion:
    level_index: int
    weighted_total: Decimal
    domain_totals: dict[str, Decimal]
    reasons: list[str] = field(default_factory=list)
    floor_applied: bool = False


def points(weight: int, answer: str) -> Decimal:
    if answer == YES:
        return Decimal(weight)
    if answer == POSSIBLE:
        return Decimal(weight) / 2
    return Decimal(0)


def age_on(date_of_birth: date | None, day: date) -> int | None:
    if date_of_birth is None:
        return None
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (1 if before_birthday else 0)


def level_for_index(scale: Sequence[str], index: int) -> str:
    """The level at ``index`` (0..2) placed proportionally on a scale of any length."""
    if not scale:
        raise ValueError("The risk scale is empty")
    position = round(index * (len(scale) - 1) / TOP)
    return scale[max(0, min(position, len(scale) - 1))]


def index_for_level(scale: Sequence[str], level: str) -> int | None:
    """The 0..2 index of a level on the scale, the inverse of ``level_for_index``."""
    if level not in scale or len(scale) < 2:
        return None
    return round(scale.index(level) * TOP / (len(scale) - 1))


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _quoted(answers: Iterable[ScoredAnswer]) -> str:
    return "; ".join(
        f"\N{LEFT DOUBLE QUOTATION MARK}{a.indicator_text}\N{RIGHT DOUBLE QUOTATION MARK}" for a in answers
    )


def _domain_totals(answers: Sequence[ScoredAnswer]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for answer in answers:
        totals[answer.domain_code] = totals.get(answer.domain_code, Decimal(0)) + points(
            answer.weight, answer.answer
        )
    return totals


def _floor_reason(age: int | None, learning_disability: bool, rules: Rules) -> str:
    grounds = []
    if age is not None and age <= rules.floor_max_age:
        grounds.append(f"the child is {age}, which is {rules.floor_max_age} or under")
    if learning_disability:
        grounds.append("the child has a learning disability")
    return " and ".join(grounds)


def _floor_not_applied(floor_grounds: str, age: int | None, rules: Rules) -> str:
    if floor_grounds:
        return (
            f"The floor for a younger child or a child with a learning disability did not change "
            f"the suggestion ({floor_grounds})."
        )
    age_text = (
        "the child's date of birth is not recorded"
        if age is None
        else f"the child is {age} (over {rules.floor_max_age})"
    )
    return f"The floor did not apply: {age_text} and no learning disability is recorded."


def suggest(
    answers: Sequence[ScoredAnswer],
    rules: Rules,
    *,
    age: int | None,
    learning_disability: bool,
    labels: Sequence[str] = DEFAULT_LABELS,
) -> Suggestion:
    """The suggested level, the totals behind it and the reasons, in plain words."""
    total = sum((points(a.weight, a.answer) for a in answers), Decimal(0))
    high_yes = [a for a in answers if a.weight == HIGH_WEIGHT and a.answer == YES]
    high_possible = [a for a in answers if a.weight == HIGH_WEIGHT and a.answer == POSSIBLE]
    scoring = [a for a in answers if a.answer in (YES, POSSIBLE)]
    reasons = [
        f"Weighted total {_number(total)} from {len(scoring)} indicator"
        f"{'' if len(scoring) == 1 else 's'} answered yes or possible "
        "(yes counts the indicator's weight, possible counts half)."
    ]
    level = LOWEST
    if total >= rules.high_threshold:
        level = TOP
        reasons.append(
            f"The weighted total is at or above {_number(rules.high_threshold)}, "
            f"the threshold for {labels[TOP]}."
        )
    elif total >= rules.medium_threshold:
        level = MIDDLE
        reasons.append(
            f"The weighted total is at or above {_number(rules.medium_threshold)}, "
            f"the threshold for {labels[MIDDLE]}."
        )
    if len(high_yes) >= rules.high_yes_for_high:
        level = TOP
        reasons.append(
            f"{len(high_yes)} high-weight indicators were answered yes "
            f"({rules.high_yes_for_high} or more suggest {labels[TOP]}): {_quoted(high_yes)}."
        )
    elif high_yes:
        level = max(level, MIDDLE)
        reasons.append(
            f"A high-weight indicator was answered yes, so the suggestion is at least "
            f"{labels[MIDDLE]}: {_quoted(high_yes)}."
        )
    floor_applied = False
    floor_grounds = _floor_reason(age, learning_disability, rules)
    if floor_grounds and (high_yes or high_possible):
        floor_level = TOP if high_yes else MIDDLE
        if floor_level > level:
            level = floor_level
            floor_applied = True
            drivers = high_yes or high_possible
            reasons.append(
                f"The floor applied: {floor_grounds}, and a high-weight indicator was answered "
                f"{'yes' if high_yes else 'possible'} ({_quoted(drivers)}), so the suggestion is "
                f"{labels[floor_level]}, not lower."
            )
    if not floor_applied:
        reasons.append(_floor_not_applied(floor_grounds, age, rules))
    if level == LOWEST:
        reasons.append(
            f"Nothing reached a threshold, so the suggestion is {labels[LOWEST]}."
            if scoring
            else f"No indicator was answered yes or possible, so the suggestion is {labels[LOWEST]}."
        )
    return Suggestion(
        level_index=level,
        weighted_total=total,
        domain_totals=_domain_totals(answers),
        reasons=reasons,
        floor_applied=floor_applied,
    )
