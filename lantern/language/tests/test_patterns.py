from __future__ import annotations

import pytest

from lantern.language.patterns import (
    PatternError,
    PhraseMatcher,
    compile_pattern,
    parse_pattern,
    pattern_regex,
)


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
    assert regex.search("the child\u2019s choice")
    assert regex.search("the child's choice")


def test_longest_alternative_wins_at_the_same_place() -> None:
    regex = compile_pattern("{prostitute|prostitution}")
    match = regex.search("child prostitution")
    assert match is not None and match.group(0) == "prostitution"


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


def _spans(pattern: str, text: str) -> list[str]:
    return [text[start:end] for start, end in PhraseMatcher(pattern).spans(text, text.lower())]


def test_matcher_agrees_with_the_case_insensitive_regex() -> None:
    pattern = "{put|puts|putting} {himself|herself|themselves} {at risk|in danger}"
    text = (
        "OUTPUT himself at risk; Putting Herself\nat risk. puts themselves in danger_ putting himself at risk"
    )
    expected = [m.group(0) for m in compile_pattern(pattern).finditer(text)]
    assert _spans(pattern, text) == expected == ["Putting Herself\nat risk", "putting himself at risk"]


def test_matcher_looks_again_after_a_match_inside_another_word() -> None:
    # "a a" is first found at "ba a" (rejected: inside "ba"); the real match just after is kept.
    assert _spans("a a", "ba a a") == ["a a"]


def test_matcher_skips_phrases_whose_words_are_absent() -> None:
    matcher = PhraseMatcher("{keeps|kept} going missing")
    assert matcher.needles == ("missing",)
    assert matcher.spans("nothing here", "nothing here") == []


def test_matcher_falls_back_when_lower_casing_changes_the_length() -> None:
    text = "İstanbul: she is promiscuous"  # "İ".lower() is two characters
    assert len(text.lower()) != len(text)
    assert _spans("promiscuous", text) == ["promiscuous"]
