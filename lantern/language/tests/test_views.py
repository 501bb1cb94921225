"""The live check endpoint, the shared textarea hook, and the partnership admin's pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.language import services
from lantern.language.forms import TryForm
from lantern.language.models import LanguagePhrase
from lantern.language.selectors import MAX_CHECK_LENGTH, language_check

from .factories import make_phrase, refusals_for

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld

pytestmark = pytest.mark.django_db

CHECK = reverse("language:check")


def _phrase(world: TestWorld) -> LanguagePhrase:
    return make_phrase(
        world.partnership_admin, "troublemaker", suggestion="is being exploited", why="Blames them."
    )


def _admin_urls(world: TestWorld) -> list[str]:
    phrase = _phrase(world)
    return [
        reverse("language:phrase-list"),
        reverse("language:phrase-try"),
        reverse("language:phrase-create"),
        reverse("language:phrase-detail", args=[phrase.pk]),
        reverse("language:phrase-update", args=[phrase.pk]),
        reverse("language:phrase-deactivate", args=[phrase.pk]),
        reverse("language:phrase-reactivate", args=[phrase.pk]),
    ]


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider_b", "teacher", "social_worker_a", "police_analyst", "auditor"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_non_admins_are_refused_every_admin_page_and_it_is_audited(
    world: TestWorld, who: str, method: str
) -> None:
    user = getattr(world, who)
    client = world.client_for(user)
    for url in _admin_urls(world):
        before = refusals_for(user)
        data = {"pattern": "hacked", "suggestion": "x", "why": "y", "version": "1", "text": "boyfriend"}
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
        assert refusals_for(user) == before + 1, url
        event = AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk).first()
        assert event is not None and event.object_type == "language_phrase"
    assert not LanguagePhrase.objects.filter(pattern="hacked").exists()
    assert LanguagePhrase.objects.get(pattern="troublemaker").version == 1


def test_anonymous_is_sent_to_sign_in_everywhere(world: TestWorld) -> None:
    for url in [*_admin_urls(world), CHECK]:
        for method in ("get", "post"):
            response = getattr(Client(), method)(url, {"text": "boyfriend"})
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:login")), url


def test_admin_can_open_every_page(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    for url in _admin_urls(world):
        assert client.get(url).status_code == 200, url


def test_services_refuse_non_admins_and_audit(world: TestWorld) -> None:
    from lantern.core.errors import AccessRefused

    phrase = _phrase(world)
    with pytest.raises(AccessRefused):
        services.phrase_create(actor=world.teacher, pattern="x", suggestion="y", why="z")
    with pytest.raises(AccessRefused):
        services.phrase_update(
            actor=world.teacher, phrase=phrase, expected_version=1, pattern="x", suggestion="y", why="z"
        )
    with pytest.raises(AccessRefused):
        services.phrase_set_active(actor=world.teacher, phrase=phrase, expected_version=1, active=False)
    assert refusals_for(world.teacher) == 3


# --- the live check -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["teacher", "outsider_b", "police_analyst", "partnership_admin", "auditor"])
def test_any_signed_in_user_can_check_text(world: TestWorld, who: str) -> None:
    response = world.client_for(getattr(world, who)).post(CHECK, {"text": "He is putting himself at risk."})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "You wrote “putting himself at risk”. Consider: “may have been groomed or is being exploited”."
        in html
    )
    assert "advice only" in html


def test_check_returns_nothing_for_clean_text(world: TestWorld) -> None:
    response = world.client_for(world.teacher).post(
        CHECK, {"text": "She was frightened and has been groomed."}
    )
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_check_escapes_what_the_user_typed(world: TestWorld) -> None:
    make_phrase(world.partnership_admin, "<b>bold</b>", suggestion="<i>x</i>")
    html = world.client_for(world.teacher).post(CHECK, {"text": "a <b>bold</b> move"}).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "<b>bold" not in html


def test_check_needs_post_and_a_csrf_token(world: TestWorld) -> None:
    client = world.client_for(world.teacher)
    assert client.get(CHECK).status_code == 405
    strict = world.client_for(world.teacher)
    strict.handler.enforce_csrf_checks = True
    assert strict.post(CHECK, {"text": "boyfriend"}).status_code == 403


def test_check_refuses_text_over_the_limit_politely(world: TestWorld) -> None:
    response = world.client_for(world.teacher).post(CHECK, {"text": "a" * (MAX_CHECK_LENGTH + 1)})
    assert response.status_code == 400
    assert "too long" in response.content.decode()


def test_check_is_not_audited_so_the_text_is_never_stored(world: TestWorld) -> None:
    client = world.client_for(world.teacher)
    before = AuditEvent.objects.count()
    client.post(CHECK, {"text": "Jade is promiscuous"})
    assert AuditEvent.objects.count() == before


# --- the shared textarea --------------------------------------------------------------------


def _render_textarea(text: str | None) -> str:
    form = TryForm({"text": text} if text is not None else None)
    from lantern.core.templatetags.govuk import govuk_field

    return govuk_field(form["text"])


def test_every_language_checked_textarea_gets_a_live_region() -> None:
    html = _render_textarea(None)
    assert "data-language-check" in html
    assert 'id="id_text-language"' in html
    assert 'aria-live="polite"' in html
    assert f'data-language-check-url="{CHECK}"' in html
    assert "id_text-language" in html.split("aria-describedby=")[1].split(">")[0]


def test_a_re_shown_textarea_shows_its_findings_without_javascript() -> None:
    html = _render_textarea("He keeps going missing")
    assert "You wrote “keeps going missing”" in html


def test_plain_textareas_are_not_checked() -> None:
    from django import forms

    class Plain(forms.Form):
        notes = forms.CharField(widget=forms.Textarea)

    from lantern.core.templatetags.govuk import govuk_field

    html = govuk_field(Plain()["notes"])
    assert "data-language-check" not in html and "aria-live" not in html


def test_findings_include_shows_fields_and_plain_lists() -> None:
    findings = language_check("Her boyfriend")
    html = render_to_string("language/findings.html", {"findings": findings, "label": "What happened"})
    assert "What happened" in html and "You wrote “boyfriend”" in html
    by_field = {"what": [f.__class__(**{**f.__dict__, "field_label": "Details"}) for f in findings]}
    html = render_to_string("language/findings.html", {"findings_by_field": by_field})
    assert "Details" in html and "You wrote “boyfriend”" in html
    assert render_to_string("language/findings.html", {"findings_by_field": {}}).strip() == ""


# --- admin pages ----------------------------------------------------------------------------


def test_list_shows_the_default_phrases_and_a_try_box(world: TestWorld) -> None:
    html = world.client_for(world.partnership_admin).get(reverse("language:phrase-list")).content.decode()
    assert "sexually active" in html
    assert "promiscuous" in html
    assert 'action="/language/phrases/try/"' in html
    assert "data-language-check" in html


def test_try_box_shows_findings_and_keeps_the_text(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    response = client.post(reverse("language:phrase-try"), {"text": "She is streetwise and promiscuous"})
    html = response.content.decode()
    assert "You wrote “streetwise”" in html and "You wrote “promiscuous”" in html
    assert "She is streetwise and promiscuous</textarea>" in html
    clean = client.post(reverse("language:phrase-try"), {"text": "She is frightened"}).content.decode()
    assert "No phrases on the list were found" in clean
    empty = client.post(reverse("language:phrase-try"), {"text": ""}).content.decode()
    assert "govuk-error-summary" in empty


def test_admin_adds_a_phrase_and_it_is_used_at_once(world: TestWorld) -> None:
    client = world.client_for(world.partnership_admin)
    response = client.post(
        reverse("language:phrase-create"),
        {
            "pattern": "{troublemaker|trouble maker}",
            "suggestion": "is being exploited",
            "why": "It blames the child.",
        },
    )
    phrase = LanguagePhrase.objects.get(pattern="{troublemaker|trouble maker}")
    assert response.status_code == 302
    assert response["Location"] == reverse("language:phrase-detail", args=[phrase.pk])
    assert AuditEvent.objects.filter(
        action="create", object_type="language_phrase", object_id=str(phrase.pk)
    ).exists()
    checked = client.post(CHECK, {"text": "a trouble maker"}).content.decode()
    assert "Consider: “is being exploited”" in checked


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"pattern": "{put|puts", "suggestion": "x", "why": "y"}, "pattern", "without a }"),
        ({"pattern": "sexually active", "suggestion": "x", "why": "y"}, "pattern", "already on the list"),
        ({"pattern": "", "suggestion": "", "why": ""}, "suggestion", "Enter"),
        ({"pattern": "{a||b}", "suggestion": "x", "why": "y"}, "pattern", "at least one word"),
    ],
)
def test_bad_input_is_reshown_with_an_error_summary(
    world: TestWorld, data: dict[str, str], field: str, message: str
) -> None:
    count = LanguagePhrase.objects.count()
    response = world.client_for(world.partnership_admin).post(reverse("language:phrase-create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert f'href="#id_{field}"' in html
    assert message in html
    assert f'value="{data["pattern"]}"' in html.replace("&#x27;", "'") or not data["pattern"]
    assert LanguagePhrase.objects.count() == count


def test_editing_keeps_the_old_wording_in_the_history(world: TestWorld) -> None:
    phrase = _phrase(world)
    client = world.client_for(world.partnership_admin)
    url = reverse("language:phrase-update", args=[phrase.pk])
    form_html = client.get(url).content.decode()
    assert 'name="version" value="1"' in form_html
    response = client.post(
        url, {"pattern": "trouble-maker", "suggestion": "new words", "why": "New why.", "version": 1}
    )
    assert response.status_code == 302
    phrase.refresh_from_db()
    assert (phrase.pattern, phrase.suggestion, phrase.version) == ("trouble-maker", "new words", 2)
    history = client.get(reverse("language:phrase-detail", args=[phrase.pk])).content.decode()
    assert "troublemaker" in history and "is being exploited" in history  # version 1, still readable
    assert "trouble-maker" in history and "new words" in history
    assert list(phrase.revisions.values_list("version", "suggestion")) == [
        (2, "new words"),
        (1, "is being exploited"),
    ]
    event = AuditEvent.objects.get(action="update", object_type="language_phrase", object_id=str(phrase.pk))
    assert event.detail["changed"]["suggestion"] == {"from": "is being exploited", "to": "new words"}


def test_saving_without_changes_makes_no_new_version(world: TestWorld) -> None:
    phrase = _phrase(world)
    client = world.client_for(world.partnership_admin)
    client.post(
        reverse("language:phrase-update", args=[phrase.pk]),
        {"pattern": phrase.pattern, "suggestion": phrase.suggestion, "why": phrase.why, "version": 1},
    )
    phrase.refresh_from_db()
    assert phrase.version == 1 and phrase.revisions.count() == 1


def test_a_conflicting_edit_is_shown_and_nothing_is_overwritten(world: TestWorld) -> None:
    phrase = _phrase(world)
    services.phrase_update(
        actor=world.partnership_admin,
        phrase=phrase,
        expected_version=1,
        pattern="troublemaker",
        suggestion="someone else's words",
        why="Blames them.",
    )
    client = world.client_for(world.partnership_admin)
    url = reverse("language:phrase-update", args=[phrase.pk])
    stale = {"pattern": "troublemaker", "suggestion": "my words", "why": "Mine.", "version": 1}
    response = client.post(url, stale)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this phrase" in html and "govuk-error-summary" in html
    assert "someone else&#x27;s words" in html  # the saved version is shown
    assert 'value="my words"' in html  # the user's input is kept
    assert 'name="version" value="2"' in html
    phrase.refresh_from_db()
    assert phrase.suggestion == "someone else's words"
    # Having seen the change, the user can deliberately save again.
    assert client.post(url, {**stale, "version": 2}).status_code == 302
    phrase.refresh_from_db()
    assert (phrase.suggestion, phrase.version) == ("my words", 3)


def test_deactivate_and_reactivate(world: TestWorld) -> None:
    phrase = _phrase(world)
    client = world.client_for(world.partnership_admin)
    confirm = client.get(reverse("language:phrase-deactivate", args=[phrase.pk])).content.decode()
    assert "Deactivate phrase" in confirm and 'name="version" value="1"' in confirm
    response = client.post(reverse("language:phrase-deactivate", args=[phrase.pk]), {"version": 1})
    assert response.status_code == 302
    phrase.refresh_from_db()
    assert not phrase.active and phrase.version == 2
    assert language_check("a troublemaker") == []
    stale = client.post(reverse("language:phrase-reactivate", args=[phrase.pk]), {"version": 1})
    assert stale.status_code == 409 and "Someone else changed this phrase" in stale.content.decode()
    client.post(reverse("language:phrase-reactivate", args=[phrase.pk]), {"version": 2})
    phrase.refresh_from_db()
    assert phrase.active and phrase.version == 3
    assert [r.change for r in phrase.revisions.all()] == ["reactivated", "deactivated", "created"]
    history = client.get(reverse("language:phrase-detail", args=[phrase.pk])).content.decode()
    assert "Deactivated" in history and "Reactivated" in history
    assert AuditEvent.objects.filter(action="update", object_type="language_phrase").count() == 2


def test_unknown_phrase_is_not_found(world: TestWorld) -> None:
    response = world.client_for(world.partnership_admin).get(reverse("language:phrase-detail", args=[999999]))
    assert response.status_code == 404
