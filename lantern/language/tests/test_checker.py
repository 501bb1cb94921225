"""The language checker: the shipped list, word boundaries, case, overlaps and admin edits."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest
from django import forms

from lantern.core.forms import LanguageCheckedTextarea
from lantern.language import services
from lantern.language.models import LanguagePhrase
from lantern.language.selectors import (
    language_check,
    language_findings_for_form,
    language_findings_summary,
)

from .factories import DEFAULT_PHRASES, make_phrase

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db

# Each default phrase (DESIGN.md §6.8), with text that must be flagged and the words flagged.
DEFAULT_EXAMPLES = [
    ("He is putting himself at risk by going out.", "putting himself at risk", "may have been groomed"),
    ("She puts herself at risk.", "puts herself at risk", "may have been groomed"),
    ("They put themselves at risk.", "put themselves at risk", "may have been groomed"),
    ("Placing themself in danger again.", "Placing themself in danger", "may have been groomed"),
    ("Jade is sexually active.", "sexually active", "sexually abused"),
    ("She is in a relationship with a 24 year old.", "in a relationship with", "potentially exploitative"),
    ("Her boyfriend is 22.", "boyfriend", "potentially exploitative"),
    ("She has older girlfriends.", "girlfriends", "potentially exploitative"),
    ("He is involved in CCE.", "involved in CCE", "a victim of exploitation"),
    ("She was involved in CSE.", "involved in CSE", "a victim of exploitation"),
    ("Involved in county lines.", "Involved in county lines", "a victim of exploitation"),
    ("He was recruited by older boys.", "recruited", "criminally exploited"),
    ("He is working for a local dealer.", "working for", "criminally exploited"),
    ("She said she consented.", "consented", "cannot consent"),
    ("It was consensual.", "consensual", "cannot consent"),
    ("Described as a child prostitute.", "child prostitute", "child sexual exploitation"),
    ("Concerns about prostitution.", "prostitution", "child sexual exploitation"),
    ("He keeps going missing.", "keeps going missing", "trafficked"),
    ("She went missing again on Friday.", "went missing again", "trafficked"),
    ("A risky lifestyle.", "risky lifestyle", "describe the harm"),
    ("It is a lifestyle choice.", "lifestyle choice", "is being exploited"),
    ("He is very streetwise.", "streetwise", "normalised"),
    ("She is promiscuous.", "promiscuous", "sexually abused"),
]


@pytest.mark.parametrize(("text", "flagged", "suggestion"), DEFAULT_EXAMPLES)
def test_each_default_phrase_is_flagged_with_its_suggestion(text: str, flagged: str, suggestion: str) -> None:
    findings = language_check(text)
    assert [f.phrase for f in findings] == [flagged]
    finding = findings[0]
    assert text[finding.start : finding.end] == flagged
    assert suggestion in finding.suggestion
    assert finding.why


def test_the_whole_default_list_is_shipped_and_active() -> None:
    shipped = set(LanguagePhrase.objects.filter(active=True).values_list("pattern", flat=True))
    assert {pattern for pattern, _, _ in DEFAULT_PHRASES} <= shipped
    for phrase in LanguagePhrase.objects.all():
        assert phrase.revisions.filter(version=1, change="created").exists()


def test_every_default_phrase_has_an_example() -> None:
    flagged_ids = {language_check(text)[0].phrase_id for text, _, _ in DEFAULT_EXAMPLES}
    assert flagged_ids == set(LanguagePhrase.objects.filter(active=True).values_list("id", flat=True))


@pytest.mark.parametrize(
    "text",
    [
        "Output himself at risky times",  # "put" inside "Output"; "risk" inside "risky"
        "A boyfriendly chat",
        "Unrecruited",
        "asexually actively",
        "The streetwiser option",
        "",
        "   ",
        "Jade was frightened and has been groomed.",
    ],
)
def test_words_inside_other_words_are_not_flagged(text: str) -> None:
    assert language_check(text) == []


def test_case_does_not_matter_and_the_words_come_back_as_typed() -> None:
    findings = language_check("HE IS PUTTING HIMSELF AT RISK and Putting Herself At Risk")
    assert [f.phrase for f in findings] == ["PUTTING HIMSELF AT RISK", "Putting Herself At Risk"]


def test_a_line_break_inside_the_phrase_still_matches() -> None:
    assert [f.phrase for f in language_check("putting\nthemselves  at\trisk")] == [
        "putting\nthemselves  at\trisk"
    ]


def test_several_findings_come_back_in_the_order_written() -> None:
    text = "Her boyfriend says she is sexually active and keeps going missing."
    findings = language_check(text)
    assert [f.phrase for f in findings] == ["boyfriend", "sexually active", "keeps going missing"]
    assert [f.start for f in findings] == sorted(f.start for f in findings)


def test_overlapping_phrases_keep_the_longer_match(world: TestWorld) -> None:
    make_phrase(world.partnership_admin, "at risk", suggestion="at risk of harm from others")
    make_phrase(world.partnership_admin, "himself at risk by", suggestion="longer one")
    findings = language_check("He is putting himself at risk by going out. Still at risk.")
    assert [(f.phrase, f.suggestion) for f in findings] == [
        ("putting himself at risk", "may have been groomed or is being exploited"),
        ("at risk", "at risk of harm from others"),
    ]


def test_overlap_with_equal_length_keeps_the_earlier_one(world: TestWorld) -> None:
    make_phrase(world.partnership_admin, "alpha beta", suggestion="first")
    make_phrase(world.partnership_admin, "beta gamma", suggestion="second")
    findings = language_check("alpha beta gamma")
    assert [f.suggestion for f in findings] == ["first"]


def test_admin_edits_take_effect_immediately(world: TestWorld) -> None:
    admin = world.partnership_admin
    assert language_check("He is a troublemaker") == []
    phrase = make_phrase(admin, "{troublemaker|trouble maker}", suggestion="is being exploited")
    assert [f.suggestion for f in language_check("He is a troublemaker")] == ["is being exploited"]

    services.phrase_update(
        actor=admin,
        phrase=phrase,
        expected_version=1,
        pattern="troublemaker",
        suggestion="new words",
        why="Why.",
    )
    assert [f.suggestion for f in language_check("He is a troublemaker")] == ["new words"]
    assert language_check("He is a trouble maker") == []

    phrase.refresh_from_db()
    services.phrase_set_active(actor=admin, phrase=phrase, expected_version=2, active=False)
    assert language_check("He is a troublemaker") == []
    services.phrase_set_active(actor=admin, phrase=phrase, expected_version=3, active=True)
    assert len(language_check("He is a troublemaker")) == 1


def test_ten_kilobytes_are_checked_in_a_few_milliseconds() -> None:
    sentence = "The young person said that they were frightened and went to the shop with a friend. "
    text = (sentence * 200)[:10_100] + " putting herself at risk"
    assert len(text) > 10_000
    language_check(text)  # compile and cache
    started = time.perf_counter()
    for _ in range(20):
        findings = language_check(text)
    per_check_ms = (time.perf_counter() - started) / 20 * 1000
    assert [f.phrase for f in findings] == ["putting herself at risk"]
    print(f"language_check on {len(text)} characters: {per_check_ms:.2f} ms")
    assert per_check_ms < 20, per_check_ms


class ConcernForm(forms.Form):
    what_happened = forms.CharField(label="What happened", widget=LanguageCheckedTextarea())
    childs_words = forms.CharField(
        label="The child's own words", required=False, widget=LanguageCheckedTextarea()
    )
    reference = forms.CharField(label="Reference", required=False)


def test_findings_for_a_submitted_form_cover_only_language_checked_fields() -> None:
    form = ConcernForm(
        {
            "what_happened": "He keeps going missing and is putting himself at risk.",
            "childs_words": "I am fine",
            "reference": "boyfriend",  # a plain input: not checked
        }
    )
    assert form.is_valid()
    findings = language_findings_for_form(form)
    assert list(findings) == ["what_happened"]
    assert [f.phrase for f in findings["what_happened"]] == ["keeps going missing", "putting himself at risk"]
    assert {f.field_label for f in findings["what_happened"]} == {"What happened"}
    summary = language_findings_summary(findings)
    assert "What happened: you wrote “keeps going missing”. Consider: “is being controlled" in summary
    assert language_findings_summary({}) == ""


def test_an_invalid_form_has_no_findings_and_nothing_is_blocked() -> None:
    form = ConcernForm({"what_happened": ""})
    assert not form.is_valid()
    assert language_findings_for_form(form) == {}
    form = ConcernForm({"what_happened": "She is promiscuous"})
    assert form.is_valid()  # the check is advice: the form stays valid
    assert list(language_findings_for_form(form)) == ["what_happened"]
