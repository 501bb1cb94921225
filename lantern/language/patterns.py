"""Turning an admin's plain phrase into a safe regular expression.

The phrase language is deliberately small, so nobody has to write a regex:

* words are matched case-insensitively, as whole words ("at risk" never matches inside "bat risky");
* ``{put|puts|putting}`` offers alternatives (no nesting, no empty choices);
* any run of spaces matches any run of whitespace, including a line break;
* a straight or curly apostrophe matches either.

Everything else is escaped, and the result has no nested repetition, so matching is linear.
"""

from __future__ import annotations

import re

MAX_PATTERN_LENGTH = 300
MAX_CHOICES = 30

_APOSTROPHES = "'\u2019"


class PatternError(ValueError):
    """The phrase cannot be used; the message says how to fix it."""


def parse_pattern(pattern: str) -> list[list[str]]:
    """The phrase as a sequence of parts, each a list of alternatives (one for plain text)."""
    text = " ".join(pattern.split())
    if not text:
        raise PatternError("Enter the phrase to look for")
    if len(text) > MAX_PATTERN_LENGTH:
        raise PatternError(f"The phrase must be {MAX_PATTERN_LENGTH} characters or fewer")
    parts: list[list[str]] = []
    plain = ""
    position = 0
    while position < len(text):
        char = text[position]
        if char == "}":
            raise PatternError("There is a } without a { before it")
        if char != "{":
            plain += char
            position += 1
            continue
        close = text.find("}", position)
        if close == -1:
            raise PatternError("There is a { without a } after it")
        inner = text[position + 1 : close]
        if "{" in inner:
            raise PatternError("Choices cannot be put inside other choices")
        choices = [choice.strip() for choice in inner.split("|")]
        if any(not choice for choice in choices):
            raise PatternError("Each choice between { and } needs at least one word, for example {him|her}")
        if len(choices) > MAX_CHOICES:
            raise PatternError(f"A set of choices can have at most {MAX_CHOICES} options")
        if plain:
            parts.append([plain])
            plain = ""
        parts.append(choices)
        position = close + 1
    if plain:
        parts.append([plain])
    if not any(choice.strip() for part in parts for choice in part):
        raise PatternError("Enter the phrase to look for")
    return parts


def _literal(text: str) -> str:
    out = []
    for char in text:
        if char.isspace():
            out.append(r"\s+")
        elif char in _APOSTROPHES:
            out.append("['\u2019]")
        else:
            out.append(re.escape(char))
    return "".join(out).replace(r"\s+\s+", r"\s+")


def _alternatives(choices: list[str]) -> str:
    if len(choices) == 1:
        return _literal(choices[0])
    # Longest first, so "prostitution" wins over "prostitute" at the same place.
    ordered = sorted(dict.fromkeys(choices), key=len, reverse=True)
    return "(?:" + "|".join(_literal(choice) for choice in ordered) + ")"


def _body(parts: list[list[str]]) -> str:
    return "".join(_alternatives(part) for part in parts)


def pattern_regex(pattern: str) -> str:
    """A case-insensitive regular expression for ``pattern``. Raises ``PatternError`` if unusable."""
    # Whole words: not preceded or followed by a letter or digit. Lookarounds rather than \b so a
    # phrase that starts or ends with punctuation still works.
    return rf"(?<!\w){_body(parse_pattern(pattern))}(?!\w)"


def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern_regex(pattern), re.IGNORECASE)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # exactly what \w means in a str regex


def _needles(parts: list[list[str]]) -> tuple[str, ...]:
    """Words of which at least one must be in the (lower-cased) text for the phrase to match.

    From the most selective part, the longest word of each choice. Splitting on whitespace and
    apostrophes keeps them literal substrings of any matching text.
    """

    def longest_word(choice: str) -> str:
        return max(re.split(r"[\s'\u2019]+", choice), key=len)

    best = max(parts, key=lambda part: min(len(longest_word(choice)) for choice in part))
    return tuple(dict.fromkeys(longest_word(choice) for choice in best))


class PhraseMatcher:
    """A compiled phrase. ``spans`` gives the (start, end) of every whole-word match.

    The fast path searches a lower-cased copy of the text with a lower-cased, case-sensitive
    regex without a leading lookbehind, so Python's literal-prefix search applies, after a cheap
    substring test that skips phrases that cannot be there. Lower-casing almost never changes a
    text's length; when it does, offsets would drift, so the case-insensitive regex is used.
    """

    def __init__(self, pattern: str):
        parts = parse_pattern(pattern)
        lowered_parts = [[choice.lower() for choice in part] for part in parts]
        self.exact = re.compile(rf"(?<!\w){_body(parts)}(?!\w)", re.IGNORECASE)
        self.fast = re.compile(rf"{_body(lowered_parts)}(?!\w)")
        self.needles = _needles(lowered_parts)

    def spans(self, text: str, lowered: str) -> list[tuple[int, int]]:
        if len(lowered) != len(text):
            return [match.span() for match in self.exact.finditer(text)]
        if not any(needle in lowered for needle in self.needles):
            return []
        found: list[tuple[int, int]] = []
        position = 0
        while (match := self.fast.search(lowered, position)) is not None:
            start, end = match.span()
            if start > 0 and _is_word_char(lowered[start - 1]):
                position = start + 1  # inside another word: look again just after its start
                continue
            found.append((start, end))
            position = end if end > start else end + 1
        return found


def normalised(pattern: str) -> str:
    """The form used to spot a phrase that is already on the list."""
    return " ".join(pattern.lower().split())
