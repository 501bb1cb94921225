"""The public pages and the public 'raise a worry' form: no sign-in, nothing read back."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lantern.audit.models import AuditEvent
from lantern.prevent.markup import render_markup
from lantern.prevent.models import PublicWorry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _worry(chosen_area, **overrides):
    data = {
        "area": str(chosen_area.pk),
        "what_worries": "A boy of about 14 is picked up from the park by older men in a car most nights.",
        "relationship": "community",
        "child_name": "Ryan",
        "child_age": "14",
        "where": "Near the park on Mill Street",
        "contact_name": "",
        "contact_details": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_default_pages_are_published_and_open_without_sign_in(world):
    client = Client()
    index = client.get(reverse("public:index"))
    assert index.status_code == 200
    for slug in ("child-exploitation", "county-lines", "going-missing", "parents-and-carers"):
        assert reverse("public:page", args=[slug]) in index.content.decode()
        response = client.get(reverse("public:page", args=[slug]))
        assert response.status_code == 200
        assert b"every view is recorded" not in response.content.lower()
    assert client.get(reverse("public:page", args=["nope"])).status_code == 404


def test_area_page_shows_that_areas_front_door_and_police_numbers(world):
    world.area_a.front_door_name = "North Front Door"
    world.area_a.front_door_phone = "0300 111 2222"
    world.area_a.save()
    response = Client().get(reverse("public:area", args=["north"]))
    body = response.content.decode()
    assert "North Front Door" in body and "0300 111 2222" in body
    assert "101" in body and "999" in body
    assert "?area=north" in body


def test_a_worry_goes_to_the_chosen_areas_front_door_and_the_thank_you_reveals_nothing(world):
    client = Client()
    response = client.post(reverse("public:worry-create"), _worry(world.area_a))
    assert response.status_code == 302
    assert response["Location"] == reverse("public:worry-thanks")
    worry = PublicWorry.objects.get()
    assert worry.area == world.area_a and worry.status == "new"
    thanks = client.get(response["Location"])
    assert b"Mill Street" not in thanks.content and b"Ryan" not in thanks.content
    assert b"/prevent/worries/" not in thanks.content
    event = AuditEvent.objects.filter(object_type="public_worry", action="create").get()
    assert event.detail == {"area": "north"}


def test_empty_required_fields_show_the_error_summary_and_keep_what_was_typed(world):
    response = Client().post(
        reverse("public:worry-create"), _worry(world.area_a, what_worries="", relationship="", area="")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Tell us what is worrying you" in body
    assert "Choose how you know the child" in body
    assert "Choose the area where the child lives" in body
    assert "Near the park on Mill Street" in body
    assert not PublicWorry.objects.exists()


def test_markup_and_script_are_refused_with_a_clear_message(world):
    response = Client().post(
        reverse("public:worry-create"),
        _worry(world.area_a, what_worries="<script>alert(1)</script> he looks scared"),
    )
    assert response.status_code == 400
    assert "write in plain words" in response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
    assert not PublicWorry.objects.exists()


def test_oversized_text_is_refused(world):
    response = Client().post(reverse("public:worry-create"), _worry(world.area_a, what_worries="x" * 4001))
    assert response.status_code == 400
    assert "4000 characters or fewer" in response.content.decode()
    assert not PublicWorry.objects.exists()


def test_honeypot_submissions_are_thanked_and_dropped(world):
    response = Client().post(reverse("public:worry-create"), _worry(world.area_a, website="http://spam"))
    assert response.status_code == 302
    assert not PublicWorry.objects.exists()


def test_repeated_submissions_from_one_address_are_throttled_keeping_the_words(world):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(10):
        assert client.post(reverse("public:worry-create"), _worry(world.area_a)).status_code == 302
    response = client.post(reverse("public:worry-create"), _worry(world.area_a, where="Bus station"))
    assert response.status_code == 429
    assert "Wait an hour" in response.content.decode()
    assert "Bus station" in response.content.decode()
    assert PublicWorry.objects.count() == 10
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.post(reverse("public:worry-create"), _worry(world.area_a)).status_code == 302


def _form_token(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the form carries a CSRF token"
    return match.group(1)


@pytest.mark.parametrize("cookie", ["expired", "missing"])
def test_a_failed_security_check_gives_the_form_back_with_the_words_and_sending_again_works(world, cookie):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("public:worry-create") + "?area=north")
    stale_token = _form_token(page)
    if cookie == "missing":
        del client.cookies[settings.CSRF_COOKIE_NAME]
    else:
        client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32  # a different, older secret
    data = _worry(world.area_a, csrfmiddlewaretoken=stale_token)

    refused = client.post(reverse("public:worry-create"), data)

    assert refused.status_code == 403
    body = refused.content.decode()
    assert "Your worry has not been sent yet" in body and "press Send again" in body
    assert "picked up from the park by older men" in body and "Near the park on Mill Street" in body
    assert "CSRF verification failed" not in body
    assert not PublicWorry.objects.exists()
    assert refused.cookies[settings.CSRF_COOKIE_NAME].value  # a fresh cookie for the next try
    data["csrfmiddlewaretoken"] = _form_token(refused)
    sent = client.post(reverse("public:worry-create"), data)
    assert sent.status_code == 302 and sent["Location"] == reverse("public:worry-thanks")
    assert PublicWorry.objects.get().area == world.area_a


def test_a_post_from_another_site_is_still_refused(world):
    client = Client(enforce_csrf_checks=True)
    token = _form_token(client.get(reverse("public:worry-create")))
    response = client.post(
        reverse("public:worry-create"),
        _worry(world.area_a, csrfmiddlewaretoken=token),
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert not PublicWorry.objects.exists()


def test_a_failed_security_check_does_not_count_towards_the_hourly_allowance(world):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.11")
    for _ in range(12):
        assert client.post(reverse("public:worry-create"), _worry(world.area_a)).status_code == 403
    token = _form_token(client.get(reverse("public:worry-create")))
    sent = client.post(reverse("public:worry-create"), _worry(world.area_a, csrfmiddlewaretoken=token))
    assert sent.status_code == 302


def test_public_cannot_read_worries_back(world):
    Client().post(reverse("public:worry-create"), _worry(world.area_a))
    worry = PublicWorry.objects.get()
    anonymous = Client()
    for url in (reverse("prevent:worry-list"), reverse("prevent:worry-detail", args=[worry.pk])):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    for url in (
        reverse("public:index"),
        reverse("public:area", args=["north"]),
        reverse("public:worry-thanks"),
    ):
        assert b"Mill Street" not in anonymous.get(url).content


def test_markup_renderer_escapes_everything_and_allows_only_safe_links():
    html = render_markup(
        "## Heading <b>\n\nText with <script>x</script> and [a link](https://example.org) "
        "and [bad](javascript:alert(1)) and [proto](//evil.example)\n\n- one\n- two & three"
    )
    assert '<h2 class="govuk-heading-m">Heading &lt;b&gt;</h2>' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert '<a class="govuk-link" href="https://example.org">a link</a>' in html
    assert 'href="javascript' not in html and 'href="//' not in html
    assert "<li>two &amp; three</li>" in html


def test_markup_check_refuses_code_but_not_plain_words():
    from lantern.prevent.markup import looks_like_markup

    for code in ("<b>hi</b>", "< script", "javascript:alert(1)", 'x onclick="y"', "<!-- x -->"):
        assert looks_like_markup(code), code
    for words in ("JavaScript: it was off", "he is 3 < 4 years older", "someone = him", "on Monday"):
        assert not looks_like_markup(words), words
