"""The screening pages: starting, answering (with autosave), reviewing, completing, reading,
and the partnership admin's catalogue pages. Every page refuses outsiders and audits it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.core.testing import involve
from lantern.screening.models import IndicatorCatalogue, Screening, ScreeningAnswer
from lantern.screening.selectors import catalogue_domains, catalogue_indicators
from lantern.screening.services import screening_create, screening_save_draft
from lantern.screening.tests.factories import (
    HIGH_CODE,
    LOW_CODE,
    MEDIUM_CODE,
    answers_for,
    child_aged,
    completed_screening,
    current_catalogue,
    indicators_by_code,
)


def refused(user: Any, **filters: Any) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk, **filters).exists()


def answers_post(
    screening: Screening,
    *,
    yes: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
    action: str = "review",
    **extra: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": screening.version,
        "action": action,
        "professional_judgement": "Judgement text",
    }
    for code, indicator in indicators_by_code(screening.catalogue).items():
        if code in skip:
            continue
        data[f"answer_{indicator.pk}"] = "yes" if code in yes else "no"
        data[f"evidence_{indicator.pk}"] = f"Evidence for {code}" if code in yes else ""
    data.update(extra)
    return data


@pytest.fixture
def child13(world: Any) -> Any:
    child = child_aged(13, area=world.area_a, given_name="Kai")
    involve(child, world.school_a)
    involve(child, world.csc_a)
    return child


# --- list and start ------------------------------------------------------------------------------


def test_list_shows_completed_screenings_and_own_drafts(world: Any) -> None:
    completed_screening(world.teacher, world.child, yes=[HIGH_CODE])
    screening_create(actor=world.teacher, person=world.child)
    page = world.client_for(world.social_worker_a).get(
        reverse("screening:screening-list", args=[world.child.pk])
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Medium" in body and "Refer to front door" in body
    assert "Carry on with the draft" not in body  # the school's draft is the school's
    own = world.client_for(world.teacher).get(reverse("screening:screening-list", args=[world.child.pk]))
    assert "Carry on with the draft" in own.content.decode()


def test_list_refuses_an_outsider_and_audits(world: Any) -> None:
    page = world.client_for(world.outsider_b).get(reverse("screening:screening-list", args=[world.child.pk]))
    assert page.status_code == 403
    assert refused(world.outsider_b, person_id_ref=world.child.pk)


def test_start_from_a_concern_creates_a_draft(world: Any) -> None:
    client = world.client_for(world.teacher)
    url = reverse("screening:screening-create", args=[world.child.pk]) + "?from=concern&id=12"
    page = client.get(url)
    assert page.status_code == 200
    assert "concern number 12" in page.content.decode()
    response = client.post(url, {"started_from": "concern", "started_from_id": "12"})
    screening = Screening.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "screening:screening-edit", args=[screening.pk]
    )
    assert (screening.started_from, screening.started_from_id, screening.status) == ("concern", 12, "draft")
    assert screening.catalogue == current_catalogue()


def test_start_from_the_person_page_ignores_a_bad_source(world: Any) -> None:
    client = world.client_for(world.teacher)
    page = client.get(reverse("screening:screening-create", args=[world.child.pk]) + "?from=elsewhere&id=x")
    assert (
        page.status_code == 200
        and "number"
        not in page.content.decode()
        .split("<main")[1]
        .split("</main>")[0]
        .split("Start a new screening")[0]
        .split("Indicators:")[1]
    )
    client.post(reverse("screening:screening-create", args=[world.child.pk]), {"started_from": "person"})
    assert Screening.objects.get().started_from == "person"


def test_start_refuses_an_outsider_and_roles_without_casework(world: Any) -> None:
    for user in (world.outsider_b, world.police_analyst, world.partnership_admin):
        response = world.client_for(user).post(
            reverse("screening:screening-create", args=[world.child.pk]), {"started_from": "person"}
        )
        assert response.status_code == 403
        assert refused(user)
    assert not Screening.objects.exists()


# --- answering -----------------------------------------------------------------------------------


def test_edit_page_groups_indicators_by_domain_with_evidence_and_autosave(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    page = world.client_for(world.teacher).get(reverse("screening:screening-edit", args=[screening.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    for domain in catalogue_domains(screening.catalogue):
        assert f'id="domain-{domain.code}"' in body
    indicator = catalogue_indicators(screening.catalogue)[0]
    assert f'name="answer_{indicator.pk}"' in body and f'name="evidence_{indicator.pk}"' in body
    assert 'value="not_known"' in body and 'value="possible"' in body
    assert "screening/autosave.js" in body and "screening/reveal.js" in body
    assert reverse("screening:screening-autosave", args=[screening.pk]) in body
    assert "data-language-check" in body
    assert "<script>" not in body  # no inline script (Content-Security-Policy)


def test_edit_refuses_an_outsider_and_another_agency(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    url = reverse("screening:screening-edit", args=[screening.pk])
    assert world.client_for(world.outsider_b).get(url).status_code == 403
    assert refused(world.outsider_b, person_id_ref=world.child.pk)
    assert world.client_for(world.social_worker_a).get(url).status_code == 403
    assert refused(world.social_worker_a, object_type="screening", object_id=str(screening.pk))


def test_missing_screening_is_refused_like_any_other(world: Any) -> None:
    assert (
        world.client_for(world.teacher).get(reverse("screening:screening-edit", args=[999])).status_code
        == 403
    )
    assert refused(world.teacher, object_type="screening", object_id="999")


def test_save_draft_keeps_partial_answers(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    high = indicators_by_code(screening.catalogue)[HIGH_CODE]
    response = world.client_for(world.teacher).post(
        reverse("screening:screening-edit", args=[screening.pk]),
        {
            "version": 1,
            "action": "save",
            f"answer_{high.pk}": "possible",
            f"evidence_{high.pk}": "Cash seen",
            "professional_judgement": "So far",
        },
    )
    assert response.status_code == 302
    stored = ScreeningAnswer.objects.get(screening=screening, indicator=high)
    assert (stored.answer, stored.evidence) == ("possible", "Cash seen")
    screening.refresh_from_db()
    assert screening.professional_judgement == "So far" and screening.status == "draft"


def test_continuing_with_unanswered_required_indicators_shows_every_error_and_keeps_every_answer(
    world: Any,
) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    by_code = indicators_by_code(screening.catalogue)
    skipped = (HIGH_CODE, "trafficking_slavery.documents_held")
    data = answers_post(screening, yes=(MEDIUM_CODE, LOW_CODE), skip=skipped)
    page = world.client_for(world.teacher).post(
        reverse("screening:screening-edit", args=[screening.pk]), data
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "There is a problem" in body and "govuk-error-summary" in body
    for code in skipped:
        assert f'href="#id_answer_{by_code[code].pk}_0"' in body
        assert f'id="id_answer_{by_code[code].pk}_0"' in body
    assert body.count('class="govuk-error-message"') == len(skipped)
    for code, indicator in by_code.items():
        if code in skipped:
            continue
        expected = "yes" if code in (MEDIUM_CODE, LOW_CODE) else "no"
        assert f'name="answer_{indicator.pk}" type="radio" value="{expected}" checked' in body
    assert f"Evidence for {MEDIUM_CODE}" in body and "Judgement text" in body
    # The answers were saved as a draft too, so a timeout now loses nothing.
    assert ScreeningAnswer.objects.filter(screening=screening).exclude(answer="").count() == len(
        by_code
    ) - len(skipped)
    screening.refresh_from_db()
    assert f'name="version" value="{screening.version}"' in body


def test_conflicting_save_shows_the_users_answers_and_saves_nothing(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    screening_save_draft(
        actor=world.school_dsl,
        screening=screening,
        expected_version=1,
        answers={},
        professional_judgement="The DSL's words",
    )
    high = indicators_by_code(screening.catalogue)[HIGH_CODE]
    page = world.client_for(world.teacher).post(
        reverse("screening:screening-edit", args=[screening.pk]),
        {
            "version": 1,
            "action": "save",
            f"answer_{high.pk}": "yes",
            "professional_judgement": "The teacher's words",
        },
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="conflict"' in body and "The teacher&#x27;s words" in body
    assert 'name="version" value="2"' in body
    screening.refresh_from_db()
    assert screening.professional_judgement == "The DSL's words"


# --- autosave ------------------------------------------------------------------------------------


def test_autosave_stores_partial_answers_and_returns_the_new_version(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    high = indicators_by_code(screening.catalogue)[HIGH_CODE]
    client = world.client_for(world.teacher)
    url = reverse("screening:screening-autosave", args=[screening.pk])
    response = client.post(
        url,
        {
            "version": 1,
            f"answer_{high.pk}": "yes",
            f"evidence_{high.pk}": "Knife found",
            "professional_judgement": "Half written",
        },
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    assert ScreeningAnswer.objects.get(screening=screening, indicator=high).evidence == "Knife found"
    again = client.post(url, {"version": 2, "final_level": "high", "outcome": "strategy_discussion"})
    assert again.status_code == 200
    screening.refresh_from_db()
    assert (screening.professional_judgement, screening.final_level, screening.outcome) == (
        "Half written",
        "high",
        "strategy_discussion",
    )
    stale = client.post(url, {"version": 1, "professional_judgement": "Old tab"})
    assert stale.status_code == 409 and stale.json()["version"] == 3
    assert client.get(url).status_code == 405


def test_autosave_is_audited_as_an_update_not_a_view(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    before = AuditEvent.objects.filter(action="view").count()
    response = world.client_for(world.teacher).post(
        reverse("screening:screening-autosave", args=[screening.pk]),
        {"version": 1, "professional_judgement": "Typed"},
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="view").count() == before
    assert (
        AuditEvent.objects.filter(
            action="update", object_type="screening", object_id=str(screening.pk)
        ).count()
        == 1
    )


def test_autosave_of_a_completed_screening_changes_nothing(world: Any) -> None:
    done = completed_screening(world.teacher, world.child)
    response = world.client_for(world.teacher).post(
        reverse("screening:screening-autosave", args=[done.pk]),
        {"version": done.version, "professional_judgement": "Late edit"},
    )
    assert response.status_code == 409 and "completed" in response.json()["error"]
    done.refresh_from_db()
    assert done.professional_judgement != "Late edit"


def test_autosave_after_a_session_timeout_returns_to_the_draft(world: Any) -> None:
    """The autosaved draft is what the practitioner finds when they sign in again."""
    screening = screening_create(actor=world.teacher, person=world.child)
    high = indicators_by_code(screening.catalogue)[HIGH_CODE]
    world.client_for(world.teacher).post(
        reverse("screening:screening-autosave", args=[screening.pk]),
        {"version": 1, f"answer_{high.pk}": "yes", f"evidence_{high.pk}": "Saved before timeout"},
    )
    fresh = world.client_for(world.teacher)
    page = fresh.get(reverse("screening:screening-edit", args=[screening.pk]))
    body = page.content.decode()
    assert f'name="answer_{high.pk}" type="radio" value="yes" checked' in body
    assert "Saved before timeout" in body


def test_autosave_refuses_an_outsider_and_another_agency(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    url = reverse("screening:screening-autosave", args=[screening.pk])
    assert world.client_for(world.outsider_b).post(url, {"version": 1}).status_code == 403
    assert refused(world.outsider_b)
    assert world.client_for(world.nurse).post(url, {"version": 1}).status_code == 403
    assert refused(world.nurse)
    screening.refresh_from_db()
    assert screening.version == 1


# --- review and complete -------------------------------------------------------------------------


def _answered(world: Any, child: Any, *, yes: tuple[str, ...]) -> Screening:
    screening = screening_create(actor=world.teacher, person=child)
    return screening_save_draft(
        actor=world.teacher,
        screening=screening,
        expected_version=1,
        answers=answers_for(screening.catalogue, yes=yes, evidence="Seen"),
    )


def test_thirteen_year_old_with_one_high_yes_is_suggested_high_with_reasons(world: Any, child13: Any) -> None:
    screening = screening_create(actor=world.teacher, person=child13)
    client = world.client_for(world.teacher)
    response = client.post(
        reverse("screening:screening-edit", args=[screening.pk]), answers_post(screening, yes=(HIGH_CODE,))
    )
    assert response.status_code == 302 and response.url == reverse(
        "screening:screening-review", args=[screening.pk]
    )
    page = client.get(response.url)
    body = page.content.decode()
    assert 'data-testid="suggested-level">High<' in body
    assert "The floor applied: the child is 13" in body
    assert "Found with drugs, weapons or large sums of cash" in body
    assert 'value="high" checked' in body  # the final level starts at the suggestion


def test_overriding_the_level_without_a_reason_is_refused_with_an_error_summary(
    world: Any, child13: Any
) -> None:
    screening = _answered(world, child13, yes=(HIGH_CODE,))
    client = world.client_for(world.teacher)
    url = reverse("screening:screening-review", args=[screening.pk])
    page = client.post(
        url,
        {"version": screening.version, "final_level": "medium", "level_reason": "", "outcome": "early_help"},
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "There is a problem" in body and 'href="#id_level_reason"' in body
    assert 'value="medium" checked' in body and 'value="early_help" checked' in body
    screening.refresh_from_db()
    assert screening.status == "draft"
    done = client.post(
        url,
        {
            "version": screening.version,
            "final_level": "medium",
            "level_reason": "Parents now supervising closely",
            "outcome": "early_help",
        },
    )
    assert done.status_code == 302 and done.url == reverse("screening:screening-detail", args=[screening.pk])
    screening.refresh_from_db()
    assert (screening.status, screening.suggested_level, screening.final_level) == (
        "completed",
        "high",
        "medium",
    )
    assert screening.level_reason == "Parents now supervising closely"


def test_completing_needs_an_outcome(world: Any, child13: Any) -> None:
    screening = _answered(world, child13, yes=(HIGH_CODE,))
    page = world.client_for(world.teacher).post(
        reverse("screening:screening-review", args=[screening.pk]),
        {"version": screening.version, "final_level": "high"},
    )
    assert page.status_code == 200 and 'href="#id_outcome_0"' in page.content.decode()


def test_review_with_unanswered_required_indicators_goes_back_to_the_answers(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    high = indicators_by_code(screening.catalogue)[HIGH_CODE]
    screening = screening_save_draft(
        actor=world.teacher,
        screening=screening,
        expected_version=1,
        answers=answers_for(screening.catalogue, rest=""),
    )
    screening = screening_save_draft(
        actor=world.teacher,
        screening=screening,
        expected_version=2,
        answers={high.pk: answers_for(screening.catalogue)[high.pk]},
    )
    page = world.client_for(world.teacher).post(
        reverse("screening:screening-review", args=[screening.pk]),
        {"version": screening.version, "final_level": "low", "outcome": "no_further_action"},
    )
    body = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in body
    assert f'href="#id_answer_{high.pk}_0"' not in body
    other_high = indicators_by_code(screening.catalogue)["criminal_county_lines.debt"]
    assert f'href="#id_answer_{other_high.pk}_0"' in body
    assert f'name="answer_{high.pk}" type="radio" value="no" checked' in body


def test_review_refuses_an_outsider(world: Any) -> None:
    screening = screening_create(actor=world.teacher, person=world.child)
    url = reverse("screening:screening-review", args=[screening.pk])
    assert world.client_for(world.outsider_b).get(url).status_code == 403
    assert (
        world.client_for(world.outsider_b).post(url, {"version": 1, "final_level": "low"}).status_code == 403
    )
    assert refused(world.outsider_b)


def test_detail_is_read_only_with_the_catalogue_version(world: Any, child13: Any) -> None:
    done = completed_screening(world.teacher, child13, yes=[HIGH_CODE])
    client = world.client_for(world.social_worker_a)
    url = reverse("screening:screening-detail", args=[done.pk])
    body = client.get(url).content.decode()
    assert "version 1" in body and 'data-testid="final-level"' in body and "Refer to front door" in body
    assert "<form" not in body.split("<main")[1]
    assert "The floor applied" in body
    # A draft's detail URL leads to the answers, and a completed one's answers URL to the detail.
    assert client.get(reverse("screening:screening-edit", args=[done.pk])).url == url


def test_detail_keeps_the_old_wording_after_a_new_catalogue_version(world: Any, child13: Any) -> None:
    done = completed_screening(world.teacher, child13, yes=[HIGH_CODE])
    admin = world.client_for(world.partnership_admin)
    form_page = admin.get(reverse("screening:catalogue-new-version"))
    form = form_page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    high = indicators_by_code(done.catalogue)[HIGH_CODE]
    data.update(
        {f"text_{high.pk}": "Reworded for version 2", f"weight_{high.pk}": "1", "change_note": "Reworded"}
    )
    data = {key: value for key, value in data.items() if value not in (False, None)}
    assert admin.post(reverse("screening:catalogue-new-version"), data).status_code == 302
    assert IndicatorCatalogue.objects.get(is_current=True).version_number == 2
    body = (
        world.client_for(world.teacher)
        .get(reverse("screening:screening-detail", args=[done.pk]))
        .content.decode()
    )
    assert "version 1" in body and "Found with drugs, weapons or large sums of cash" in body
    assert "Reworded for version 2" not in body
    assert 'data-testid="suggested-level">High<' in body


def test_detail_refuses_an_outsider(world: Any) -> None:
    done = completed_screening(world.teacher, world.child)
    assert (
        world.client_for(world.outsider_b)
        .get(reverse("screening:screening-detail", args=[done.pk]))
        .status_code
        == 403
    )
    assert refused(world.outsider_b, person_id_ref=world.child.pk)


def test_completed_screening_is_seen_by_another_involved_agency(world: Any) -> None:
    done = completed_screening(world.teacher, world.child)
    assert (
        world.client_for(world.social_worker_a)
        .get(reverse("screening:screening-detail", args=[done.pk]))
        .status_code
        == 200
    )
    assert AuditEvent.objects.filter(
        action="view", user_id_ref=world.social_worker_a.pk, person_id_ref=world.child.pk
    ).exists()


# --- catalogue admin -----------------------------------------------------------------------------


def test_catalogue_detail_for_the_admin(world: Any) -> None:
    page = world.client_for(world.partnership_admin).get(reverse("screening:catalogue-detail"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Criminal exploitation and county lines" in body and "(current)" in body
    assert reverse("screening:catalogue-new-version") in body
    assert (
        world.client_for(world.partnership_admin)
        .get(reverse("screening:catalogue-detail", args=[1]))
        .status_code
        == 200
    )


@pytest.mark.parametrize("name", ["social_worker_a", "auditor", "police_analyst", "outsider_b"])
def test_catalogue_pages_refuse_everyone_but_the_admin(world: Any, name: str) -> None:
    user = getattr(world, name)
    client = world.client_for(user)
    assert client.get(reverse("screening:catalogue-detail")).status_code == 403
    assert client.get(reverse("screening:catalogue-new-version")).status_code == 403
    assert client.post(reverse("screening:catalogue-new-version"), {"based_on_version": 1}).status_code == 403
    assert refused(user, object_type="indicator_catalogue")
    assert IndicatorCatalogue.objects.count() == 1


def test_new_version_form_shows_errors_and_keeps_input(world: Any) -> None:
    admin = world.client_for(world.partnership_admin)
    form = admin.get(reverse("screening:catalogue-new-version")).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {key: value for key, value in data.items() if value not in (False, None)}
    data.update(change_note="", high_threshold="3", medium_threshold="6")
    page = admin.post(reverse("screening:catalogue-new-version"), data)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'href="#id_change_note"' in body and 'href="#id_high_threshold"' in body
    assert IndicatorCatalogue.objects.count() == 1
