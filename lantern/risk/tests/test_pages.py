from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.risk.models import RiskAssessment
from lantern.risk.tests.factories import make_assessment

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def _date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _refused(user: object) -> bool:
    return AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).exists()  # type: ignore[attr-defined]


def _new_assessment_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        **_date_fields("assessed_on", timezone.localdate() - timedelta(days=2)),
        "level": "high",
        "exploitation_type": "criminal",
        "other_types": ["county_lines", "financial"],
        "summary": "Groomed by older males; found 40 miles from home with a deal line phone.",
    }
    data.update(overrides)
    return data


# --- The list -------------------------------------------------------------------------------


def test_the_list_shows_the_current_level_and_history(world: TestWorld) -> None:
    make_assessment(world.child, assessed_on=date(2024, 10, 1), level="medium", closed_on=date(2024, 12, 1))
    make_assessment(world.child, assessed_on=timezone.localdate(), level="high")
    response = world.client_for(world.social_worker_a).get(
        reverse("risk:assessment-list", args=[world.child.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-tag govuk-tag--red" data-testid="current-level">High<' in html
    assert "Closed on 1 December 2024" in html
    assert "Record a risk assessment" in html
    assert "review-overdue" not in html


def test_an_overdue_review_is_a_warning(world: TestWorld) -> None:
    make_assessment(world.child, assessed_on=date(2024, 1, 1), next_review_due=date(2024, 2, 1))
    response = world.client_for(world.social_worker_a).get(
        reverse("risk:assessment-list", args=[world.child.pk])
    )
    html = response.content.decode()
    assert "govuk-warning-text" in html
    assert "overdue: it was due on 1 February 2024" in html


def test_a_teacher_at_an_involved_school_sees_the_list_without_record_buttons(world: TestWorld) -> None:
    assessment = make_assessment(world.child)
    response = world.client_for(world.teacher).get(reverse("risk:assessment-list", args=[world.child.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Record a risk assessment" not in html
    assert reverse("risk:assessment-close", args=[assessment.pk]) not in html


# --- Recording one --------------------------------------------------------------------------


def test_the_form_builds_its_levels_from_the_partnerships_scale(world: TestWorld) -> None:
    world.partnership.risk_scale = ["category_1", "category_2", "category_3"]
    world.partnership.save()
    response = world.client_for(world.social_worker_a).get(
        reverse("risk:assessment-create", args=[world.child.pk])
    )
    html = response.content.decode()
    for label in (
        "Category 1 (at risk)",
        "Category 2 (being targeted or groomed)",
        "Category 3 (being exploited)",
    ):
        assert label in html
    assert ">High<" not in html
    assert 'type="radio" value="criminal"' in html
    assert 'type="checkbox" value="online"' in html
    assert 'name="assessed_on_0"' in html


def test_recording_an_assessment(world: TestWorld) -> None:
    client = world.client_for(world.social_worker_a)
    response = client.post(reverse("risk:assessment-create", args=[world.child.pk]), _new_assessment_form())
    assert response.status_code == 302
    assert response["Location"] == reverse("risk:assessment-list", args=[world.child.pk])
    assessment = RiskAssessment.objects.get()
    assert assessment.other_types == ["county_lines", "financial"]
    assert assessment.agency == world.csc_a
    page = client.get(response["Location"])
    assert "Risk assessment recorded: High \N{EN DASH} Criminal exploitation" in page.content.decode()


def test_an_invalid_form_is_shown_again_with_what_was_typed(world: TestWorld) -> None:
    data = _new_assessment_form(level="", summary="Seen with older males at the station.")
    data.update(_date_fields("next_review_due", timezone.localdate() - timedelta(days=30)))
    response = world.client_for(world.social_worker_a).post(
        reverse("risk:assessment-create", args=[world.child.pk]), data
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose the risk level" in html
    assert "Seen with older males at the station." in html
    assert 'value="county_lines" checked' in html
    assert not RiskAssessment.objects.exists()


def test_a_review_date_before_the_assessment_is_explained(world: TestWorld) -> None:
    data = _new_assessment_form()
    data.update(_date_fields("next_review_due", timezone.localdate() - timedelta(days=30)))
    response = world.client_for(world.social_worker_a).post(
        reverse("risk:assessment-create", args=[world.child.pk]), data
    )
    assert response.status_code == 200
    assert "The next review must be after the date of the assessment" in response.content.decode()
    assert not RiskAssessment.objects.exists()


# --- Closing one ----------------------------------------------------------------------------


def test_closing_an_assessment(world: TestWorld) -> None:
    assessment = make_assessment(world.child)
    client = world.client_for(world.social_worker_a)
    url = reverse("risk:assessment-close", args=[assessment.pk])
    form = client.get(url)
    assert 'name="version" value="1"' in form.content.decode()
    response = client.post(
        url,
        {**_date_fields("closed_on", timezone.localdate()), "reason": "Safety plan working.", "version": "1"},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.closed_on == timezone.localdate()
    assert assessment.version == 2


def test_closing_after_someone_else_changed_it_keeps_the_users_answers(world: TestWorld) -> None:
    assessment = make_assessment(world.child)
    RiskAssessment.objects.filter(pk=assessment.pk).update(version=2, summary="Updated by a colleague")
    response = world.client_for(world.social_worker_a).post(
        reverse("risk:assessment-close", args=[assessment.pk]),
        {**_date_fields("closed_on", timezone.localdate()), "reason": "My careful reason.", "version": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this risk assessment" in html
    assert "My careful reason." in html
    assert 'name="version" value="2"' in html
    assessment.refresh_from_db()
    assert assessment.closed_on is None


def test_a_closed_assessment_offers_no_form(world: TestWorld) -> None:
    assessment = make_assessment(world.child, closed_on=timezone.localdate())
    response = world.client_for(world.social_worker_a).get(
        reverse("risk:assessment-close", args=[assessment.pk])
    )
    html = response.content.decode()
    assert "already closed" in html
    assert '<form method="post" novalidate>' not in html


# --- Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ["list", "create", "close"])
def test_an_outsider_is_refused_every_page(world: TestWorld, page: str, method: str) -> None:
    assessment = make_assessment(world.child)
    url = {
        "list": reverse("risk:assessment-list", args=[world.child.pk]),
        "create": reverse("risk:assessment-create", args=[world.child.pk]),
        "close": reverse("risk:assessment-close", args=[assessment.pk]),
    }[page]
    response = getattr(world.client_for(world.outsider_b), method)(url, {})
    assert response.status_code == 403
    assert _refused(world.outsider_b)
    assert RiskAssessment.objects.count() == 1
    assert RiskAssessment.objects.get().closed_on is None


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", ["create", "close"])
def test_a_teacher_may_not_record_or_close(world: TestWorld, page: str, method: str) -> None:
    assessment = make_assessment(world.child)
    url = {
        "create": reverse("risk:assessment-create", args=[world.child.pk]),
        "close": reverse("risk:assessment-close", args=[assessment.pk]),
    }[page]
    data = _new_assessment_form() if page == "create" else {"reason": "x", "version": "1"}
    response = getattr(world.client_for(world.teacher), method)(url, data)
    assert response.status_code == 403
    assert _refused(world.teacher)
    assert RiskAssessment.objects.count() == 1


@pytest.mark.parametrize("who", ["police_analyst", "partnership_admin", "auditor"])
def test_roles_without_casework_cannot_read_the_list(world: TestWorld, who: str) -> None:
    user = getattr(world, who)
    response = world.client_for(user).get(reverse("risk:assessment-list", args=[world.child.pk]))
    assert response.status_code == 403
    assert _refused(user)
