"""Catalogue versions, drafts, completion and version pinning."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from lantern.audit.models import AuditEvent
from lantern.core.errors import AccessRefused, ConflictingEdit, ValidationFailed
from lantern.core.testing import involve
from lantern.screening import default_catalogue
from lantern.screening.models import Indicator, IndicatorCatalogue, Screening, ScreeningAnswer
from lantern.screening.selectors import (
    catalogue_current,
    catalogue_domains,
    catalogue_indicators,
    screening_answered_domains,
    screening_latest_completed_for,
    screening_suggestion,
)
from lantern.screening.services import (
    AnswerInput,
    IndicatorEdit,
    answer_field,
    catalogue_install_default,
    catalogue_publish_version,
    screening_complete,
    screening_create,
    screening_record,
    screening_save_draft,
)
from lantern.screening.tests.factories import (
    HIGH_CODE,
    SECOND_HIGH_CODE,
    answers_for,
    child_aged,
    completed_screening,
    current_catalogue,
    indicators_by_code,
)


def test_default_catalogue_is_installed_by_the_migration(db: None) -> None:
    catalogue = catalogue_current()
    assert catalogue is not None and catalogue.version_number == 1
    indicators = catalogue_indicators(catalogue)
    assert 40 <= len(indicators) <= 60
    assert {i.weight for i in indicators} == {1, 2, 3}
    assert all(i.required == (i.weight == 3) for i in indicators)
    names = [d.name for d in catalogue_domains(catalogue)]
    for expected in (
        "Sexual health and behaviour",
        "Absent from school or going missing",
        "Gangs, older associates and crime",
        "Use of technology and sexual bullying",
        "Unexplained gifts or money",
        "Distrust of authority",
        "Criminal exploitation and county lines",
        "Trafficking and modern slavery",
        "Radicalisation",
        "Online harm",
    ):
        assert expected in names
    assert len(names) == len(default_catalogue.DOMAINS)


def test_default_catalogue_is_reinstalled_after_the_tables_are_emptied(db: None) -> None:
    IndicatorCatalogue.objects.all().delete()
    catalogue = catalogue_install_default(actor=None)
    assert catalogue.is_current and catalogue.version_number == 1
    assert catalogue_install_default(actor=None) == catalogue


def _publish(
    admin: Any,
    *,
    weight_changes: dict[int, int] | None = None,
    text_changes: dict[int, str] | None = None,
    **rules: Any,
) -> IndicatorCatalogue:
    base = current_catalogue()
    edits = {
        i.pk: IndicatorEdit(
            text=(text_changes or {}).get(i.pk, i.text),
            weight=(weight_changes or {}).get(i.pk, i.weight),
            required=i.required,
        )
        for i in catalogue_indicators(base)
    }
    return catalogue_publish_version(
        actor=admin,
        based_on_version=base.version_number,
        name=base.name,
        change_note="Reweighted after the annual review",
        medium_threshold=rules.get("medium_threshold", base.medium_threshold),
        high_threshold=rules.get("high_threshold", base.high_threshold),
        high_yes_for_high=rules.get("high_yes_for_high", base.high_yes_for_high),
        floor_max_age=rules.get("floor_max_age", base.floor_max_age),
        domain_names={d.pk: d.name for d in catalogue_domains(base)},
        indicators=edits,
    )


def test_publishing_a_version_copies_with_edits_and_leaves_the_old_one_unchanged(world: Any) -> None:
    old = current_catalogue()
    high = indicators_by_code(old)[HIGH_CODE]
    new = _publish(
        world.partnership_admin,
        weight_changes={high.pk: 1},
        text_changes={high.pk: "Found with drugs or cash"},
        high_threshold=Decimal(20),
    )
    assert new.version_number == 2 and new.is_current and new.published_by == world.partnership_admin
    old.refresh_from_db()
    assert not old.is_current
    high.refresh_from_db()
    assert (high.weight, high.text) == (3, "Found with drugs, weapons or large sums of cash")
    copied = indicators_by_code(new)[HIGH_CODE]
    assert (copied.weight, copied.text) == (1, "Found with drugs or cash")
    assert new.high_threshold == 20 and old.high_threshold == 12
    assert len(catalogue_indicators(new)) == len(catalogue_indicators(old))
    event = AuditEvent.objects.get(action="create", object_type="indicator_catalogue", object_id=str(new.pk))
    assert event.detail["indicators_changed"] == [HIGH_CODE]


def test_publishing_against_an_older_version_is_a_conflict(world: Any) -> None:
    _publish(world.partnership_admin)
    base = IndicatorCatalogue.objects.get(version_number=1)
    with pytest.raises(ConflictingEdit):
        catalogue_publish_version(
            actor=world.partnership_admin,
            based_on_version=1,
            name=base.name,
            change_note="Stale edit",
            medium_threshold=Decimal(6),
            high_threshold=Decimal(12),
            high_yes_for_high=2,
            floor_max_age=13,
            domain_names={},
            indicators={},
        )
    assert IndicatorCatalogue.objects.count() == 2


def test_publishing_checks_thresholds_and_wording(world: Any) -> None:
    base = current_catalogue()
    indicator = catalogue_indicators(base)[0]
    with pytest.raises(ValidationFailed) as caught:
        catalogue_publish_version(
            actor=world.partnership_admin,
            based_on_version=base.version_number,
            name="",
            change_note="",
            medium_threshold=Decimal(10),
            high_threshold=Decimal(8),
            high_yes_for_high=2,
            floor_max_age=13,
            domain_names={},
            indicators={indicator.pk: IndicatorEdit(text=" ", weight=5, required=True)},
        )
    assert set(caught.value.errors) == {
        "name",
        "change_note",
        "high_threshold",
        f"text_{indicator.pk}",
        f"weight_{indicator.pk}",
    }


def test_only_partnership_admins_publish_versions(world: Any) -> None:
    with pytest.raises(AccessRefused):
        _publish(world.social_worker_a)
    assert AuditEvent.objects.filter(action="access_refused", object_type="indicator_catalogue").exists()


# --- drafts ----------------------------------------------------------------------------------------


def test_draft_keeps_partial_answers_without_checking_completeness(world: Any) -> None:
    screening = screening_create(
        actor=world.teacher, person=world.child, started_from="concern", started_from_id=7
    )
    assert (screening.started_from, screening.started_from_id, screening.agency) == (
        "concern",
        7,
        world.school_a,
    )
    high = indicators_by_code(screening.catalogue)[HIGH_CODE]
    saved = screening_save_draft(
        actor=world.teacher,
        screening=screening,
        expected_version=screening.version,
        answers={high.pk: AnswerInput(answer="yes", evidence="Found with cash by the school gate")},
        professional_judgement="Worried about older associates",
        final_level="not-a-level",
        outcome="made-up",
    )
    assert saved.version == 2 and saved.status == "draft"
    stored = ScreeningAnswer.objects.get(screening=saved, indicator=high)
    assert (stored.answer, stored.evidence) == ("yes", "Found with cash by the school gate")
    assert saved.professional_judgement == "Worried about older associates"
    assert saved.final_level == "" and saved.outcome == ""
    assert AuditEvent.objects.filter(
        action="update", object_type="screening", object_id=str(saved.pk)
    ).exists()


def test_saving_a_draft_leaves_fields_not_sent_as_they_were(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    screening = screening_save_draft(
        actor=world.teacher,
        screening=screening,
        expected_version=1,
        answers={},
        professional_judgement="Kept",
    )
    screening = screening_save_draft(
        actor=world.teacher, screening=screening, expected_version=2, answers={}, outcome="early_help"
    )
    assert (screening.professional_judgement, screening.outcome) == ("Kept", "early_help")


def test_draft_saved_against_an_old_version_is_refused(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    screening_save_draft(
        actor=world.teacher,
        screening=screening,
        expected_version=1,
        answers={},
        professional_judgement="First",
    )
    with pytest.raises(ConflictingEdit) as caught:
        screening_save_draft(
            actor=world.school_dsl,
            screening=screening,
            expected_version=1,
            answers={},
            professional_judgement="Second",
        )
    assert caught.value.current_version == 2
    screening.refresh_from_db()
    assert screening.professional_judgement == "First"


def test_another_agency_cannot_save_a_draft(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    with pytest.raises(AccessRefused):
        screening_save_draft(actor=world.social_worker_a, screening=screening, expected_version=1, answers={})
    assert AuditEvent.objects.filter(
        action="access_refused", object_type="screening", object_id=str(screening.pk)
    ).exists()


def test_roles_without_casework_cannot_start_a_screening(world: Any) -> None:
    with pytest.raises(AccessRefused):
        screening_create(actor=world.police_analyst, person=world.child)
    assert not Screening.objects.exists()


# --- completion ------------------------------------------------------------------------------------


def test_completing_with_unanswered_required_indicators_fails_and_keeps_the_draft(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    catalogue = screening.catalogue
    high = indicators_by_code(catalogue)[HIGH_CODE]
    screening = screening_save_draft(
        actor=world.teacher,
        screening=screening,
        expected_version=1,
        answers={high.pk: AnswerInput(answer="yes", evidence="Cash")},
        final_level="medium",
        outcome="refer_to_front_door",
    )
    with pytest.raises(ValidationFailed) as caught:
        screening_complete(actor=world.teacher, screening=screening, expected_version=screening.version)
    required = [i for i in catalogue_indicators(catalogue) if i.required and i.pk != high.pk]
    assert set(caught.value.errors) == {answer_field(i.pk) for i in required}
    screening.refresh_from_db()
    assert screening.status == "draft"
    assert ScreeningAnswer.objects.get(screening=screening, indicator=high).evidence == "Cash"


def test_a_final_level_different_from_the_suggestion_needs_a_reason(world: Any) -> None:
    child = child_aged(15, area=world.area_a)
    involve(child, world.school_a)
    screening = screening_create(actor=world.teacher, person=child)
    screening = screening_save_draft(
        actor=world.teacher,
        screening=screening,
        expected_version=1,
        answers=answers_for(screening.catalogue),
        final_level="high",
        outcome="early_help",
    )
    with pytest.raises(ValidationFailed) as caught:
        screening_complete(actor=world.teacher, screening=screening, expected_version=screening.version)
    assert set(caught.value.errors) == {"level_reason"}
    assert "Low" in caught.value.errors["level_reason"][0]
    screening = screening_save_draft(
        actor=world.teacher,
        screening=screening,
        expected_version=screening.version,
        answers={},
        level_reason="The child told us an adult is making him carry drugs",
    )
    done = screening_complete(actor=world.teacher, screening=screening, expected_version=screening.version)
    assert (done.suggested_level, done.final_level, done.status) == ("low", "high", "completed")


def test_completion_needs_a_final_level_and_an_outcome(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    screening = screening_save_draft(
        actor=world.teacher, screening=screening, expected_version=1, answers=answers_for(screening.catalogue)
    )
    with pytest.raises(ValidationFailed) as caught:
        screening_complete(actor=world.teacher, screening=screening, expected_version=screening.version)
    assert set(caught.value.errors) == {"final_level", "outcome"}


def test_thirteen_year_old_with_one_high_weight_yes_is_suggested_high(world: Any) -> None:
    child = child_aged(13, area=world.area_a)
    involve(child, world.school_a)
    done = completed_screening(world.teacher, child, yes=[HIGH_CODE])
    assert done.suggested_level == "high" and done.final_level == "high"
    assert any(reason.startswith("The floor applied") for reason in done.suggestion_reasons)
    assert done.weighted_total == 3
    assert done.domain_totals["criminal_county_lines"] == "3"
    assert done.completed_by == world.teacher and done.completed_at is not None
    event = AuditEvent.objects.filter(
        action="update", object_type="screening", object_id=str(done.pk)
    ).latest("id")
    assert event.detail["floor_applied"] is True and event.detail["suggested_level"] == "high"


def test_fourteen_year_old_with_one_high_weight_yes_is_suggested_medium(world: Any) -> None:
    child = child_aged(14, area=world.area_a)
    involve(child, world.school_a)
    assert completed_screening(world.teacher, child, yes=[HIGH_CODE]).suggested_level == "medium"


def test_learning_disability_lifts_an_older_child(world: Any) -> None:
    child = child_aged(16, area=world.area_a, learning_disability=True)
    involve(child, world.school_a)
    assert completed_screening(world.teacher, child, yes=[HIGH_CODE]).suggested_level == "high"


def test_category_scale_gets_category_levels(world: Any) -> None:
    world.partnership.risk_scale = ["category_1", "category_2", "category_3"]
    world.partnership.save()
    child = child_aged(15, area=world.area_a)
    involve(child, world.school_a)
    done = completed_screening(world.teacher, child, yes=[HIGH_CODE])
    assert done.suggested_level == "category_2"
    assert any("Category 2" in reason for reason in done.suggestion_reasons)
    two = completed_screening(world.teacher, child, yes=[HIGH_CODE, SECOND_HIGH_CODE])
    assert two.suggested_level == "category_3"


def test_a_completed_screening_cannot_be_changed(world: Any) -> None:
    done = completed_screening(world.teacher, world.child, yes=[HIGH_CODE])
    with pytest.raises(ValidationFailed):
        screening_save_draft(
            actor=world.teacher,
            screening=done,
            expected_version=done.version,
            answers={},
            professional_judgement="Changed",
        )
    with pytest.raises(ValidationFailed):
        screening_complete(actor=world.teacher, screening=done, expected_version=done.version)


def test_version_pinning_a_new_catalogue_does_not_change_an_old_screening(world: Any) -> None:
    child = child_aged(15, area=world.area_a)
    involve(child, world.school_a)
    done = completed_screening(world.teacher, child, yes=[HIGH_CODE])
    assert done.suggested_level == "medium"
    old_catalogue = done.catalogue
    high = indicators_by_code(old_catalogue)[HIGH_CODE]
    _publish(
        world.partnership_admin,
        weight_changes={high.pk: 1},
        text_changes={high.pk: "Reworded indicator"},
        medium_threshold=Decimal(1),
        high_threshold=Decimal(2),
    )
    done.refresh_from_db()
    assert done.catalogue == old_catalogue
    assert (done.suggested_level, done.weighted_total) == ("medium", 3)
    # Scored again, it still uses its own version's weights and thresholds.
    assert screening_suggestion(done).level_index == 1
    shown = {item.indicator.pk: item for group in screening_answered_domains(done) for item in group.items}
    assert shown[high.pk].indicator.text == "Found with drugs, weapons or large sums of cash"
    assert shown[high.pk].indicator.weight == 3 and shown[high.pk].answer == "yes"
    # A new screening uses the new version: the same answer now scores 1, which is medium by the new thresholds.
    newer = completed_screening(world.teacher, child, yes=[HIGH_CODE])
    assert newer.catalogue.version_number == 2
    assert newer.weighted_total == 1 and newer.suggested_level == "medium"


def test_latest_completed_is_the_newest_completed_one(world: Any) -> None:
    assert screening_latest_completed_for(world.child) is None
    completed_screening(world.teacher, world.child)
    second = completed_screening(world.teacher, world.child, yes=[HIGH_CODE])
    screening_create(actor=world.teacher, person=world.child)
    assert screening_latest_completed_for(world.child) == second


def test_record_is_all_or_nothing(world: Any) -> None:
    catalogue = current_catalogue()
    with pytest.raises(ValidationFailed):
        screening_record(
            actor=world.teacher,
            person=world.child,
            answers={},
            professional_judgement="",
            final_level="high",
            level_reason="",
            outcome="early_help",
        )
    assert not Screening.objects.exists()
    done = screening_record(
        actor=world.teacher,
        person=world.child,
        answers=answers_for(catalogue),
        professional_judgement="",
        final_level="low",
        level_reason="",
        outcome="no_further_action",
    )
    assert (
        done.status == "completed"
        and Indicator.objects.filter(domain__catalogue=catalogue).count()
        == ScreeningAnswer.objects.filter(screening=done).count()
    )
