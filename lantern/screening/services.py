"""Writing screenings and publishing catalogue versions. Every write is audited in its transaction.

A draft stores whatever the practitioner has typed, complete or not, so nothing is lost on a
session timeout. Completion checks everything, scores the answers with the screening's own
catalogue version, and freezes the result: a completed screening is never edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.roles import can_configure_partnership
from lantern.audit.services import audit_record, audit_refusal
from lantern.core.errors import AccessRefused, ConflictingEdit, ValidationFailed
from lantern.core.versioning import lock_version, save_new_version
from lantern.partnership.selectors import risk_scale
from lantern.people.models import Person
from lantern.people.selectors import is_casework_user
from lantern.risk.scale import level_label
from lantern.screening import default_catalogue
from lantern.screening.models import (
    Answer,
    Indicator,
    IndicatorCatalogue,
    IndicatorDomain,
    Outcome,
    Screening,
    ScreeningAnswer,
    ScreeningStatus,
    StartedFrom,
    Weight,
)
from lantern.screening.selectors import (
    CATALOGUE_OBJECT_TYPE,
    OBJECT_TYPE,
    catalogue_current,
    catalogue_domains,
    catalogue_indicators,
    screening_is_editable_by,
    screening_suggested_level,
    screening_suggestion,
    screening_unanswered_required,
)

MAX_EVIDENCE = 5000


@dataclass(frozen=True)
class AnswerInput:
    answer: str = ""
    evidence: str = ""


def answer_field(indicator_id: int) -> str:
    """The form field (and error key) for an indicator's answer, also the error summary's anchor."""
    return f"answer_{indicator_id}"


def evidence_field(indicator_id: int) -> str:
    return f"evidence_{indicator_id}"


# --- the catalogue -------------------------------------------------------------------------------


def catalogue_install_default(*, actor: Any) -> IndicatorCatalogue:
    """Make sure a current catalogue exists: the default as version 1 on an empty database, or
    the latest published version again if none is marked current."""
    with transaction.atomic():
        existing = catalogue_current()
        if existing is not None:
            return existing
        latest = IndicatorCatalogue.objects.select_for_update().order_by("-version_number").first()
        if latest is None:
            catalogue = default_catalogue.install(
                IndicatorCatalogue, IndicatorDomain, Indicator, published_at=timezone.now()
            )
        else:
            latest.is_current = True
            latest.save(update_fields=["is_current", "updated_at"])
            catalogue = latest
        audit_record(
            actor=actor,
            action="create" if latest is None else "update",
            object_type=CATALOGUE_OBJECT_TYPE,
            object_id=catalogue.pk,
            detail={"version_number": catalogue.version_number, "made_current": True},
        )
    return catalogue


def catalogue_for_new_screening(*, actor: Any) -> IndicatorCatalogue:
    return catalogue_current() or catalogue_install_default(actor=actor)


@dataclass(frozen=True)
class IndicatorEdit:
    text: str
    weight: int
    required: bool


def _catalogue_errors(
    *,
    name: str,
    change_note: str,
    medium_threshold: Decimal,
    high_threshold: Decimal,
    high_yes_for_high: int,
    domain_names: Mapping[int, str],
    indicators: Mapping[int, IndicatorEdit],
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Enter the catalogue's name"]
    if not change_note.strip():
        errors["change_note"] = ["Enter what changed in this version"]
    if medium_threshold <= 0:
        errors["medium_threshold"] = ["The medium threshold must be more than 0"]
    if high_threshold <= medium_threshold:
        errors["high_threshold"] = ["The high threshold must be more than the medium threshold"]
    if high_yes_for_high < 1:
        errors["high_yes_for_high"] = ["At least one high-weight yes answer must be needed"]
    for domain_id, domain_name in domain_names.items():
        if not domain_name.strip():
            errors[f"domain_{domain_id}"] = ["Enter the domain's name"]
    for indicator_id, edit in indicators.items():
        if not edit.text.strip():
            errors[f"text_{indicator_id}"] = ["Enter the indicator's wording"]
        if edit.weight not in Weight.values:
            errors[f"weight_{indicator_id}"] = ["Choose a weight of 1, 2 or 3"]
    return errors


def catalogue_publish_version(
    *,
    actor: Any,
    based_on_version: int,
    name: str,
    change_note: str,
    medium_threshold: Decimal,
    high_threshold: Decimal,
    high_yes_for_high: int,
    floor_max_age: int,
    domain_names: Mapping[int, str],
    indicators: Mapping[int, IndicatorEdit],
) -> IndicatorCatalogue:
    """Publish a new version copied from the current one with the admin's edits.

    The published version is left exactly as it was, so screenings scored with it keep their
    wording, weights and thresholds. Refused if another version was published meanwhile.
    """
    if not can_configure_partnership(getattr(actor, "role", "")):
        audit_refusal(actor=actor, object_type=CATALOGUE_OBJECT_TYPE, reason="only partnership admins")
        raise AccessRefused("Only partnership admins manage the indicator catalogue.")
    errors = _catalogue_errors(
        name=name,
        change_note=change_note,
        medium_threshold=medium_threshold,
        high_threshold=high_threshold,
        high_yes_for_high=high_yes_for_high,
        domain_names=domain_names,
        indicators=indicators,
    )
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        base = IndicatorCatalogue.objects.select_for_update().filter(is_current=True).first()
        if base is None or base.version_number != based_on_version:
            raise ConflictingEdit(base.version_number if base else 0)
        base.is_current = False
        base.save(update_fields=["is_current", "updated_at"])
        catalogue = IndicatorCatalogue.objects.create(
            name=name.strip(),
            version_number=base.version_number + 1,
            published_at=timezone.now(),
            is_current=True,
            change_note=change_note.strip(),
            published_by=actor,
            medium_threshold=medium_threshold,
            high_threshold=high_threshold,
            high_yes_for_high=high_yes_for_high,
            floor_max_age=floor_max_age,
        )
        changed = _copy_domains(base, catalogue, domain_names, indicators)
        audit_record(
            actor=actor,
            action="create",
            object_type=CATALOGUE_OBJECT_TYPE,
            object_id=catalogue.pk,
            purpose="Published a new version of the indicator catalogue",
            detail={
                "version_number": catalogue.version_number,
                "based_on": base.version_number,
                "indicators_changed": changed,
            },
        )
    return catalogue


def _copy_domains(
    base: IndicatorCatalogue,
    catalogue: IndicatorCatalogue,
    domain_names: Mapping[int, str],
    indicators: Mapping[int, IndicatorEdit],
) -> list[str]:
    changed: list[str] = []
    for domain in catalogue_domains(base):
        copy = IndicatorDomain.objects.create(
            catalogue=catalogue,
            code=domain.code,
            name=domain_names.get(domain.pk, domain.name).strip(),
            order=domain.order,
        )
        for indicator in domain.indicators.all():
            edit = indicators.get(
                indicator.pk, IndicatorEdit(indicator.text, indicator.weight, indicator.required)
            )
            if (edit.text.strip(), edit.weight, edit.required) != (
                indicator.text,
                indicator.weight,
                indicator.required,
            ):
                changed.append(f"{domain.code}.{indicator.code}")
            Indicator.objects.create(
                domain=copy,
                code=indicator.code,
                text=edit.text.strip(),
                weight=edit.weight,
                required=edit.required,
                order=indicator.order,
            )
    return changed


# --- screenings ----------------------------------------------------------------------------------


def _refuse(actor: Any, screening: Screening | None, person_id: int, reason: str) -> AccessRefused:
    audit_refusal(
        actor=actor,
        object_type=OBJECT_TYPE,
        object_id=screening.pk if screening else "",
        person_id=person_id,
        reason=reason,
    )
    return AccessRefused("You cannot change this screening.")


def _started_from_errors(started_from: str, started_from_id: int | None) -> dict[str, list[str]]:
    if started_from not in StartedFrom.values:
        return {"started_from": ["A screening starts from a person, a concern or a missing episode"]}
    if started_from != StartedFrom.PERSON and not started_from_id:
        return {"started_from_id": ["Give the number of the concern or missing episode"]}
    return {}


def screening_create(
    *, actor: Any, person: Person, started_from: str = StartedFrom.PERSON, started_from_id: int | None = None
) -> Screening:
    """Start a draft with the current catalogue version. The caller has been allowed to see the person."""
    if not is_casework_user(actor) or getattr(actor, "agency_id", None) is None:
        raise _refuse(actor, None, person.pk, "role may not screen")
    errors = _started_from_errors(started_from, started_from_id)
    if errors:
        raise ValidationFailed(errors)
    catalogue = catalogue_for_new_screening(actor=actor)
    with transaction.atomic():
        screening = Screening.objects.create(
            person=person,
            catalogue=catalogue,
            started_from=started_from,
            started_from_id=started_from_id if started_from != StartedFrom.PERSON else None,
            agency=actor.agency,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type=OBJECT_TYPE,
            object_id=screening.pk,
            person_id=person.pk,
            detail={
                "catalogue_version": catalogue.version_number,
                "started_from": screening.started_from,
                "started_from_id": screening.started_from_id,
            },
        )
    return screening


def _locked_draft(actor: Any, screening: Screening, expected_version: int) -> Screening:
    return lock_version(
        Screening.objects.select_related("catalogue", "person"),
        pk=screening.pk,
        expected_version=expected_version,
    )


def _refuse_unless_editable(actor: Any, screening: Screening) -> None:
    if screening.status != ScreeningStatus.DRAFT:
        raise ValidationFailed({"__all__": ["This screening has been completed and cannot be changed"]})
    if not screening_is_editable_by(actor, screening):
        raise _refuse(actor, screening, screening.person_id, "not the agency's draft")


def _store_answers(screening: Screening, answers: Mapping[int, AnswerInput]) -> int:
    """Upsert the answers given for this screening's own indicators; others are ignored."""
    known = {indicator.pk for indicator in catalogue_indicators(screening.catalogue)}
    stored = {answer.indicator_id: answer for answer in ScreeningAnswer.objects.filter(screening=screening)}
    count = 0
    for indicator_id, given in answers.items():
        if indicator_id not in known:
            continue
        answer = given.answer if given.answer in Answer.values else ""
        evidence = given.evidence.strip()[:MAX_EVIDENCE]
        existing = stored.get(indicator_id)
        if existing is None:
            if answer or evidence:
                ScreeningAnswer.objects.create(
                    screening=screening, indicator_id=indicator_id, answer=answer, evidence=evidence
                )
                count += 1
        elif (existing.answer, existing.evidence) != (answer, evidence):
            existing.answer, existing.evidence = answer, evidence
            existing.save(update_fields=["answer", "evidence"])
            count += 1
    return count


def screening_save_draft(
    *,
    actor: Any,
    screening: Screening,
    expected_version: int,
    answers: Mapping[int, AnswerInput],
    professional_judgement: str | None = None,
    final_level: str | None = None,
    level_reason: str | None = None,
    outcome: str | None = None,
) -> Screening:
    """Store a draft as it stands, without checking it is complete (autosave and "Save draft").

    A field given as None is left as it was; values that are not allowed are not stored.
    """
    _refuse_unless_editable(actor, screening)
    with transaction.atomic():
        current = _locked_draft(actor, screening, expected_version)
        _refuse_unless_editable(actor, current)
        changed_answers = _store_answers(current, answers)
        fields: dict[str, str] = {}
        if professional_judgement is not None:
            fields["professional_judgement"] = professional_judgement.strip()
        if final_level is not None:
            fields["final_level"] = final_level if final_level in risk_scale() else ""
        if level_reason is not None:
            fields["level_reason"] = level_reason.strip()
        if outcome is not None:
            fields["outcome"] = outcome if outcome in Outcome.values else ""
        save_new_version(current, fields)
        audit_record(
            actor=actor,
            action="update",
            object_type=OBJECT_TYPE,
            object_id=current.pk,
            person_id=current.person_id,
            purpose="Saved a draft screening",
            detail={"answers_changed": changed_answers, "version": current.version},
        )
    return current


def _completion_errors(screening: Screening, suggested_level: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for indicator in screening_unanswered_required(screening):
        errors[answer_field(indicator.pk)] = [
            f"Answer \N{LEFT DOUBLE QUOTATION MARK}{indicator.text}\N{RIGHT DOUBLE QUOTATION MARK}"
        ]
    scale = risk_scale()
    if screening.final_level not in scale:
        labels = ", ".join(level_label(level) for level in scale)
        errors["final_level"] = [f"Choose the final level: {labels}"]
    elif screening.final_level != suggested_level and not screening.level_reason:
        errors["level_reason"] = [
            f"Enter why the final level differs from the suggested level ({level_label(suggested_level)})"
        ]
    if screening.outcome not in Outcome.values:
        errors["outcome"] = ["Choose the outcome of the screening"]
    return errors


def screening_complete(*, actor: Any, screening: Screening, expected_version: int) -> Screening:
    """Check the stored draft, score it with its own catalogue version and complete it."""
    _refuse_unless_editable(actor, screening)
    with transaction.atomic():
        current = _locked_draft(actor, screening, expected_version)
        _refuse_unless_editable(actor, current)
        today = timezone.localdate()
        suggestion = screening_suggestion(current, on=today)
        suggested_level = screening_suggested_level(suggestion)
        errors = _completion_errors(current, suggested_level)
        if errors:
            raise ValidationFailed(errors)
        save_new_version(
            current,
            {
                "suggested_level": suggested_level,
                "suggestion_reasons": suggestion.reasons,
                "weighted_total": suggestion.weighted_total,
                "domain_totals": {code: str(total) for code, total in suggestion.domain_totals.items()},
                "status": ScreeningStatus.COMPLETED,
                "completed_by": actor,
                "completed_at": timezone.now(),
            },
        )
        audit_record(
            actor=actor,
            action="update",
            object_type=OBJECT_TYPE,
            object_id=current.pk,
            person_id=current.person_id,
            purpose="Completed a screening",
            detail={
                "catalogue_version": current.catalogue.version_number,
                "suggested_level": current.suggested_level,
                "final_level": current.final_level,
                "outcome": current.outcome,
                "floor_applied": suggestion.floor_applied,
            },
        )
    return current


def screening_record(
    *,
    actor: Any,
    person: Person,
    answers: Mapping[int, AnswerInput],
    professional_judgement: str,
    final_level: str,
    level_reason: str,
    outcome: str,
    started_from: str = StartedFrom.PERSON,
    started_from_id: int | None = None,
) -> Screening:
    """Create and complete a screening in one step (the API). All or nothing."""
    if not is_casework_user(actor) or getattr(actor, "agency_id", None) is None:
        raise _refuse(actor, None, person.pk, "role may not screen")
    with transaction.atomic():
        screening = screening_create(
            actor=actor, person=person, started_from=started_from, started_from_id=started_from_id
        )
        screening = screening_save_draft(
            actor=actor,
            screening=screening,
            expected_version=screening.version,
            answers=answers,
            professional_judgement=professional_judgement,
            final_level=final_level,
            level_reason=level_reason,
            outcome=outcome,
        )
        return screening_complete(actor=actor, screening=screening, expected_version=screening.version)
