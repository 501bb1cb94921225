"""Reads for the appropriate-language check (DESIGN.md §6.8), reusable by every module.

Checking text
    ``language_check(text)`` returns a ``LanguageFinding`` for each flagged phrase, in the order
    they appear: the words as typed, where they are (``start``/``end``, character offsets into
    ``text``), the suggested wording and why. It only advises; never refuse to save because of it.

After a form is submitted
    ``language_findings_for_form(form)`` checks every cleaned field whose widget is
    ``lantern.core.forms.LanguageCheckedTextarea`` and returns ``{field_name: [findings]}`` (only
    fields with findings). Show them after saving, for example::

        findings = language_findings_for_form(form)
        obj = services.thing_create(actor=request.user, **form.cleaned_data)  # saves regardless
        messages.success(request, "Concern saved")
        if findings:
            messages.info(request, language_findings_summary(findings))

    or on a page, with the shared include (``findings_by_field`` is the dict above; ``findings``
    is a plain list from ``language_check`` for one text)::

        {% include "language/findings.html" with findings_by_field=language_findings %}
        {% include "language/findings.html" with findings=findings label="What happened" %}

As the user types
    Every ``<textarea data-language-check>`` gets a live region that ``language/check.js`` fills
    from ``language:check``; nothing is needed in the calling module beyond using the widget.

Compiled patterns are cached per process and rebuilt when the phrase list changes (detected by
a one-row fingerprint query, so a change made by another process is seen at once too).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.db.models import Count, Max, QuerySet, Sum
from django.http import Http404

from lantern.accounts.roles import can_configure_partnership
from lantern.audit.services import audit_refusal
from lantern.core.errors import AccessRefused
from lantern.core.forms import LanguageCheckedTextarea
from lantern.language.models import LanguagePhrase, LanguagePhraseRevision
from lantern.language.patterns import PatternError, PhraseMatcher

# The longest text one check accepts: far more than any free-text box holds.
MAX_CHECK_LENGTH = 100_000


@dataclass(frozen=True)
class LanguageFinding:
    phrase: str  # the words as the user typed them
    start: int
    end: int
    suggestion: str
    why: str
    phrase_id: int
    field_name: str = ""
    field_label: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
            "why": self.why,
            "phrase_id": self.phrase_id,
        }


@dataclass(frozen=True)
class _CompiledPhrase:
    phrase_id: int
    matcher: PhraseMatcher
    suggestion: str
    why: str


_cache_lock = threading.Lock()
_cache: dict[str, Any] = {"fingerprint": None, "phrases": []}


def _fingerprint() -> tuple[Any, ...]:
    # Every write bumps a version or adds a row, so this changes whenever the list does.
    summary = LanguagePhrase.objects.aggregate(
        rows=Count("id"), versions=Sum("version"), latest=Max("updated_at")
    )
    return (summary["rows"], summary["versions"], summary["latest"])


def _compile_active() -> list[_CompiledPhrase]:
    compiled = []
    for phrase in LanguagePhrase.objects.filter(active=True).order_by("id"):
        try:
            matcher = PhraseMatcher(phrase.pattern)
        except PatternError:
            continue  # services never save such a pattern; skip rather than break every form
        compiled.append(_CompiledPhrase(phrase.pk, matcher, phrase.suggestion, phrase.why))
    return compiled


def active_phrases() -> list[_CompiledPhrase]:
    fingerprint = _fingerprint()
    with _cache_lock:
        if _cache["fingerprint"] != fingerprint:
            _cache["phrases"] = _compile_active()
            _cache["fingerprint"] = fingerprint
        phrases: list[_CompiledPhrase] = _cache["phrases"]
    return phrases


def clear_phrase_cache() -> None:
    with _cache_lock:
        _cache["fingerprint"] = None
        _cache["phrases"] = []


def _without_overlaps(findings: list[LanguageFinding]) -> list[LanguageFinding]:
    """Where two phrases flag overlapping words, keep the longer (then the earlier) one."""
    kept: list[LanguageFinding] = []
    for finding in sorted(findings, key=lambda f: (-(f.end - f.start), f.start, f.phrase_id)):
        if all(finding.end <= other.start or finding.start >= other.end for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


def language_check(text: str) -> list[LanguageFinding]:
    """Every flagged phrase in ``text``, in order. Advice only: it never blocks a save."""
    if not text or not text.strip():
        return []
    lowered = text.lower()
    findings = [
        LanguageFinding(
            phrase=text[start:end],
            start=start,
            end=end,
            suggestion=phrase.suggestion,
            why=phrase.why,
            phrase_id=phrase.phrase_id,
        )
        for phrase in active_phrases()
        for start, end in phrase.matcher.spans(text, lowered)
    ]
    return _without_overlaps(findings)


def language_findings_for_form(form: forms.BaseForm) -> dict[str, list[LanguageFinding]]:
    """Findings for each cleaned ``LanguageCheckedTextarea`` field of a valid form."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    results: dict[str, list[LanguageFinding]] = {}
    for name, field in form.fields.items():
        value = cleaned.get(name)
        if not isinstance(field.widget, LanguageCheckedTextarea) or not isinstance(value, str):
            continue
        label = str(field.label or name.replace("_", " ").capitalize())
        findings = [replace(f, field_name=name, field_label=label) for f in language_check(value)]
        if findings:
            results[name] = findings
    return results


def language_findings_summary(findings_by_field: dict[str, list[LanguageFinding]]) -> str:
    """One plain sentence per finding, for a message shown after saving."""
    sentences = [
        f"{finding.field_label}: you wrote “{finding.phrase}”. Consider: “{finding.suggestion}”."
        if finding.field_label
        else f"You wrote “{finding.phrase}”. Consider: “{finding.suggestion}”."
        for findings in findings_by_field.values()
        for finding in findings
    ]
    return " ".join(["Language suggestions (advice only).", *sentences]) if sentences else ""


# --- the partnership admin's pages ----------------------------------------------------------------


def _require_admin(user: Any, *, object_id: object = "") -> None:
    if not can_configure_partnership(getattr(user, "role", "")):
        audit_refusal(
            actor=user, object_type="language_phrase", object_id=object_id, reason="language phrase list"
        )
        raise AccessRefused("Only partnership admins edit the language guidance.")


def phrase_list_for(user: Any) -> QuerySet[LanguagePhrase]:
    _require_admin(user)
    return LanguagePhrase.objects.order_by("-active", "pattern")


def phrase_get_for(user: Any, phrase_id: int) -> LanguagePhrase:
    _require_admin(user, object_id=phrase_id)
    try:
        return LanguagePhrase.objects.get(pk=phrase_id)
    except LanguagePhrase.DoesNotExist as exc:
        raise Http404("No such phrase") from exc


def phrase_history_for(user: Any, phrase: LanguagePhrase) -> QuerySet[LanguagePhraseRevision]:
    _require_admin(user, object_id=phrase.pk)
    return phrase.revisions.select_related("changed_by").order_by("-version")
