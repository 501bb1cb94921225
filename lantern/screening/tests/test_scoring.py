"""The suggestion rules, as a pure function (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lantern.screening.scoring import (
    Rules,
    ScoredAnswer,
    age_on,
    index_for_level,
    level_for_index,
    points,
    suggest,
)

RULES = Rules()
CATEGORY_SCALE = ["category_1", "category_2", "category_3"]


def answer(weight: int, value: str, *, domain: str = "criminal", text: str = "") -> ScoredAnswer:
    return ScoredAnswer(
        indicator_text=text or f"Indicator of weight {weight}",
        domain_code=domain,
        domain_name=domain.title(),
        weight=weight,
        answer=value,
    )


def run(
    answers: list[ScoredAnswer],
    *,
    age: int | None = 15,
    learning_disability: bool = False,
    rules: Rules = RULES,
):
    return suggest(answers, rules, age=age, learning_disability=learning_disability)


def test_points_yes_counts_weight_possible_half_others_nothing() -> None:
    assert points(3, "yes") == 3
    assert points(3, "possible") == Decimal("1.5")
    assert points(1, "possible") == Decimal("0.5")
    assert points(3, "no") == 0
    assert points(3, "not_known") == 0
    assert points(3, "") == 0


def test_nothing_answered_yes_is_low_and_says_so() -> None:
    result = run([answer(3, "no"), answer(2, "not_known")])
    assert result.level_index == 0
    assert result.weighted_total == 0
    assert any("No indicator was answered yes or possible" in reason for reason in result.reasons)


def test_totals_are_kept_per_domain() -> None:
    result = run(
        [
            answer(2, "yes", domain="sexual"),
            answer(1, "possible", domain="sexual"),
            answer(3, "yes", domain="online"),
        ]
    )
    assert result.domain_totals == {"sexual": Decimal("2.5"), "online": Decimal(3)}
    assert result.weighted_total == Decimal("5.5")


def test_weighted_total_below_medium_threshold_is_low() -> None:
    result = run([answer(2, "yes"), answer(2, "yes"), answer(1, "yes")])  # 5
    assert result.level_index == 0


def test_weighted_total_at_medium_threshold_is_medium() -> None:
    result = run([answer(2, "yes"), answer(2, "yes"), answer(2, "yes")])  # 6
    assert result.level_index == 1
    assert any("at or above 6" in reason for reason in result.reasons)


def test_weighted_total_at_high_threshold_is_high() -> None:
    result = run([answer(2, "yes")] * 6)  # 12
    assert result.level_index == 2
    assert any("at or above 12" in reason and "High" in reason for reason in result.reasons)


def test_possible_counts_half_towards_the_thresholds() -> None:
    just_below = run([answer(2, "yes"), answer(2, "yes"), answer(1, "possible"), answer(1, "possible")])  # 5
    assert just_below.weighted_total == 5
    assert just_below.level_index == 0
    at_medium = run([answer(2, "yes"), answer(2, "yes"), answer(2, "possible"), answer(2, "possible")])  # 6
    assert at_medium.weighted_total == 6
    assert at_medium.level_index == 1


def test_one_high_weight_yes_is_at_least_medium_for_an_older_child() -> None:
    result = run([answer(3, "yes", text="Found with drugs")], age=15)
    assert result.level_index == 1
    assert not result.floor_applied
    assert any("\u201cFound with drugs\u201d" in reason for reason in result.reasons)


def test_two_high_weight_yes_answers_are_high() -> None:
    result = run(
        [answer(3, "yes", text="Found with drugs"), answer(3, "yes", text="Found out of area")], age=16
    )
    assert result.level_index == 2
    reason = next(r for r in result.reasons if "high-weight indicators were answered yes" in r)
    assert "Found with drugs" in reason and "Found out of area" in reason


def test_high_weight_possible_alone_does_not_raise_an_older_child() -> None:
    result = run([answer(3, "possible")], age=14)
    assert result.level_index == 0


# --- the floor: aged 13 or under, or a learning disability ----------------------------------------


def test_thirteen_year_old_with_one_high_weight_yes_is_high_and_the_floor_is_explained() -> None:
    result = run([answer(3, "yes", text="Found with drugs, weapons or large sums of cash")], age=13)
    assert result.level_index == 2
    assert result.floor_applied
    floor = next(r for r in result.reasons if r.startswith("The floor applied"))
    assert "13" in floor and "Found with drugs, weapons or large sums of cash" in floor and "High" in floor


def test_fourteen_year_old_with_one_high_weight_yes_is_not_lifted_by_the_floor() -> None:
    result = run([answer(3, "yes")], age=14)
    assert result.level_index == 1
    assert not result.floor_applied
    assert any("The floor did not apply: the child is 14 (over 13)" in r for r in result.reasons)


def test_thirteen_year_old_with_a_high_weight_possible_is_never_low() -> None:
    result = run([answer(3, "possible")], age=13)
    assert result.level_index == 1
    assert result.floor_applied


def test_young_child_with_only_low_weight_answers_is_not_lifted() -> None:
    result = run([answer(1, "yes")], age=11)
    assert result.level_index == 0
    assert not result.floor_applied


def test_learning_disability_floor_applies_at_any_age() -> None:
    result = run([answer(3, "yes")], age=17, learning_disability=True)
    assert result.level_index == 2
    assert result.floor_applied
    assert any("learning disability" in r for r in result.reasons if r.startswith("The floor applied"))


def test_learning_disability_floor_with_possible_is_medium() -> None:
    result = run([answer(3, "possible")], age=16, learning_disability=True)
    assert result.level_index == 1


def test_unknown_age_without_learning_disability_has_no_floor() -> None:
    result = run([answer(3, "yes")], age=None)
    assert result.level_index == 1
    assert any("date of birth is not recorded" in r for r in result.reasons)


def test_the_floor_age_comes_from_the_rules() -> None:
    rules = Rules(floor_max_age=15)
    assert run([answer(3, "yes")], age=15, rules=rules).level_index == 2
    assert run([answer(3, "yes")], age=16, rules=rules).level_index == 1


def test_thresholds_come_from_the_rules() -> None:
    rules = Rules(medium_threshold=Decimal("2"), high_threshold=Decimal("4"), high_yes_for_high=3)
    assert run([answer(2, "yes")], rules=rules).level_index == 1
    assert run([answer(2, "yes"), answer(2, "yes")], rules=rules).level_index == 2
    two_high = [answer(3, "yes"), answer(3, "yes")]
    assert run(two_high, rules=Rules(high_threshold=Decimal(100), high_yes_for_high=3)).level_index == 1


def test_reasons_name_the_labels_given() -> None:
    result = suggest(
        [answer(3, "yes")],
        RULES,
        age=12,
        learning_disability=False,
        labels=("Category 1", "Category 2", "Category 3"),
    )
    assert any("Category 3" in r for r in result.reasons)


# --- the scale -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "expected"),
    [
        (["low", "medium", "high"], ["low", "medium", "high"]),
        (CATEGORY_SCALE, CATEGORY_SCALE),
        (["green", "amber"], ["green", "green", "amber"]),
        (["l1", "l2", "l3", "l4", "l5"], ["l1", "l3", "l5"]),
    ],
)
def test_level_for_index_places_the_suggestion_on_any_scale(scale: list[str], expected: list[str]) -> None:
    assert [level_for_index(scale, index) for index in range(3)] == expected


def test_index_for_level_is_the_inverse_on_three_step_scales() -> None:
    for scale in (["low", "medium", "high"], CATEGORY_SCALE):
        assert [index_for_level(scale, level) for level in scale] == [0, 1, 2]
    assert index_for_level(CATEGORY_SCALE, "high") is None


def test_age_on_counts_birthdays() -> None:
    born = date(2012, 6, 15)
    assert age_on(born, date(2025, 6, 14)) == 12
    assert age_on(born, date(2025, 6, 15)) == 13
    assert age_on(None, date(2025, 6, 15)) is None
