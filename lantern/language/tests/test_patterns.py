from __future__ import annotations

import pytest

from lantern.language.patterns import PatternError, compile_pattern, parse_pattern, pattern_regex


def test_plain_phrase_is_escaped_so_regex_characters_are_literal() -> None:
    regex = compile_pattern("a.b (c)* [d]")
    assert regex.search("a.b (c)* [d]")
    assert not regex.search("axb (c)* [d]")
    assert not regex.search("a.b cc [d]")


def test_alternatives_and_whole_words() -> None:
    regex = compile_pattern("{put|puts|putting} {himself|herself} at risk")
    assert [m.group(0) for m in regex.finditer("Puts herself at risk; putting himself AT RISK.")] == [
        "Puts herself at risk",
        "putting himself AT RISK",
    ]
    assert not regex.search("output himself at risky")


def test_spaces_match_any_whitespace_and_apostrophes_either_kind() -> None:
    assert compile_pattern("at risk").search("at\n  risk")
    regex = compile_pattern("child's choice")
    assert regex.search("the child’s choice")
    assert regex.search("the child's choice")


def test_longest_alternative_wins_at_the_same_place() -> None:
    regex = compile_pattern("{prostitute|prostitution}")
    assert regex.search("child prostitution").group(0) == "prostitution"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("", "Enter the phrase"),
        ("   ", "Enter the phrase"),
        ("{put|puts", "without a }"),
        ("put}", "without a { before"),
        ("{a|{b|c}}", "inside other choices"),
        ("{him||her}", "at least one word"),
        ("{}", "at least one word"),
        ("x" * 301, "300 characters"),
    ],
)
def test_unusable_patterns_are_explained(pattern: str, message: str) -> None:
    with pytest.raises(PatternError, match=message):
        parse_pattern(pattern)


def test_regex_has_no_nested_repetition() -> None:
    # Alternations of literals joined by \s+ only: matching stays linear on any input.
    assert "+)" not in pattern_regex("{a b|c d} e")
