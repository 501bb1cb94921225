from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.core.testing import involve, make_person
from lantern.people import services
from lantern.people.models import CareStatus, Involvement, Person, PersonAddress, PersonAlias
from lantern.people.selectors import Access, person_access_for
from lantern.search.engine import SearchHit

from .factories import refusals_for


def person_urls(world):
    """Every page about one person, with the ids it needs."""
    child = world.child
    alias = PersonAlias.objects.create(person=child, name="JJ", kind="nickname")
    address = PersonAddress.objects.create(person=child, line_1="1 High St")
    episode = CareStatus.objects.create(person=child, status="cin_plan", start=date(2024, 1, 1))
    involvement = Involvement.objects.get(person=child, agency=world.school_a)
    p = child.pk
    return [
        reverse("people:person-detail", args=[p]),
        reverse("people:person-update", args=[p]),
        reverse("people:alias-create", args=[p]),
        reverse("people:alias-delete", args=[p, alias.pk]),
        reverse("people:identifier-create", args=[p]),
        reverse("people:address-create", args=[p]),
        reverse("people:address-end", args=[p, address.pk]),
        reverse("people:episode-create", args=[p, "care"]),
        reverse("people:episode-end", args=[p, "care", episode.pk]),
        reverse("people:relationship-create", args=[p]),
        reverse("people:involvement-create", args=[p]),
        reverse("people:involvement-end", args=[p, involvement.pk]),
        reverse("people:share-create", args=[p]),
        reverse("people:share-decline", args=[p]),
    ]


class TestAccessToEveryView:
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_outsider_refused_from_every_person_page(self, world, method):
        client = world.client_for(world.outsider_b)
        urls = person_urls(world)
        for url in urls if method == "get" else urls[1:]:  # the person page is GET only
            before = refusals_for(world.outsider_b)
            response = getattr(client, method)(url)
            assert response.status_code == 403, url
            assert refusals_for(world.outsider_b) == before + 1, url
        assert not AuditEvent.objects.filter(action="view", user_id_ref=world.outsider_b.pk).exists()

    @pytest.mark.parametrize("who", ["police_analyst", "partnership_admin", "auditor"])
    def test_non_casework_roles_refused_everywhere(self, world, who):
        user = getattr(world, who)
        if user.agency:
            involve(world.child, user.agency)
        client = world.client_for(user)
        urls = [
            *person_urls(world),
            reverse("people:person-search"),
            reverse("people:person-create"),
            reverse("people:involvement-record", args=[world.child.pk]),
            reverse("people:breakglass-create", args=[world.child.pk]),
        ]
        for url in urls:
            before = refusals_for(user)
            assert client.get(url).status_code == 403, url
            assert refusals_for(user) == before + 1, url

    def test_involved_worker_can_open_every_person_page(self, world):
        client = world.client_for(world.social_worker_a)
        for url in person_urls(world):
            assert client.get(url).status_code == 200, url

    def test_signed_out_user_is_sent_to_sign_in(self, world, client):
        response = client.get(reverse("people:person-detail", args=[world.child.pk]))
        assert response.status_code == 302


class TestSearchPage:
    def fake(self, monkeypatch, hits):
        monkeypatch.setattr("lantern.search.engine.search_people", lambda **terms: hits)

    def test_get_shows_the_form(self, world):
        response = world.client_for(world.teacher).get(reverse("people:person-search"))
        assert response.status_code == 200
        assert b"Do we know this child?" in response.content
        assert b'method="post"' in response.content

    def test_visible_hit_shows_name_and_link(self, world, monkeypatch):
        self.fake(monkeypatch, [SearchHit(world.child.pk, 1.0, ["nickname"])])
        response = world.client_for(world.teacher).post(reverse("people:person-search"), {"name": "Jayde"})
        html = response.content.decode()
        assert "Jade Smith" in html and "14 March 2010" in html and "North" in html
        assert reverse("people:person-detail", args=[world.child.pk]) in html
        assert "Nickname" in html

    def test_outsider_sees_existence_only(self, world, monkeypatch):
        self.fake(monkeypatch, [SearchHit(world.child.pk, 1.0, ["name matches"])])
        response = world.client_for(world.outsider_b).post(
            reverse("people:person-search"), {"name": "Jade Smith", "date_of_birth_2": "2010"}
        )
        html = response.content.decode()
        results = html[html.index('id="results"') :]
        assert "Smith" not in results and "2010" not in results
        assert "A record exists that you cannot see" in results
        assert "North Children&#x27;s Services" in results and world.area_a.front_door_phone in results
        assert reverse("people:involvement-record", args=[world.child.pk]) in results
        assert reverse("people:breakglass-create", args=[world.child.pk]) in results
        event = AuditEvent.objects.filter(action="search").latest("id")
        assert event.detail == {"fields": ["dob_year", "name"], "results": 1, "visible": 0}

    def test_with_the_real_engine(self, world):
        response = world.client_for(world.social_worker_a).post(
            reverse("people:person-search"), {"name": "jade smyth"}
        )
        assert "Jade Smith" in response.content.decode()

    def test_empty_search_shows_error_summary(self, world):
        response = world.client_for(world.teacher).post(reverse("people:person-search"), {})
        html = response.content.decode()
        assert "There is a problem" in html and "Enter a name, a date of birth or an identifier" in html

    def test_invalid_partial_date_keeps_typed_values(self, world):
        response = world.client_for(world.teacher).post(
            reverse("people:person-search"),
            {"name": "Jade", "date_of_birth_0": "", "date_of_birth_1": "13", "date_of_birth_2": "2010"},
        )
        html = response.content.decode()
        assert "Month must be between 1 and 12" in html
        assert 'value="13"' in html and 'value="Jade"' in html

    def test_partial_date_and_approximate_reach_the_engine(self, world, monkeypatch):
        seen = {}
        monkeypatch.setattr("lantern.search.engine.search_people", lambda **terms: seen.update(terms) or [])
        world.client_for(world.teacher).post(
            reverse("people:person-search"),
            {
                "date_of_birth_1": "3",
                "date_of_birth_2": "2010",
                "dob_approximate": "on",
                "identifier": " 943 476 5919 ",
            },
        )
        assert seen == {
            "name": "",
            "dob_day": None,
            "dob_month": 3,
            "dob_year": 2010,
            "dob_approximate": True,
            "identifier": "943 476 5919",
        }


class TestPersonDetail:
    def test_summary_and_view_audit(self, world):
        world.child.date_of_birth_estimated = True
        world.child.save()
        services.identifier_add(
            actor=world.social_worker_a, person=world.child, kind="nhs_number", value="9434765919"
        )
        response = world.client_for(world.social_worker_a).get(
            reverse("people:person-detail", args=[world.child.pk])
        )
        html = response.content.decode()
        assert "14 March 2010 (approximate)" in html and "About " in html
        assert "9434765919" in html and "North High School" in html
        assert reverse("risk:assessment-list", args=[world.child.pk]) in html
        event = AuditEvent.objects.filter(action="view").latest("id")
        assert event.person_id_ref == world.child.pk and event.user_id_ref == world.social_worker_a.pk

    def test_refused_page_offers_break_glass_to_casework(self, world):
        response = world.client_for(world.outsider_b).get(
            reverse("people:person-detail", args=[world.child.pk])
        )
        assert response.status_code == 403
        html = response.content.decode()
        assert "Jade" not in html
        assert reverse("people:breakglass-create", args=[world.child.pk]) in html

    def test_break_glass_grants_access_and_shows_banner(self, world):
        client = world.client_for(world.outsider_b)
        url = reverse("people:breakglass-create", args=[world.child.pk])
        page = client.get(url)
        assert page.status_code == 200 and "Jade" not in page.content.decode()
        response = client.post(url, {"reason": "Reported missing tonight; need to know who is involved"})
        assert response.status_code == 302
        assert AuditEvent.objects.filter(action="break_glass", user_id_ref=world.outsider_b.pk).exists()
        detail = client.get(reverse("people:person-detail", args=[world.child.pk]))
        assert detail.status_code == 200
        assert b'data-testid="break-glass-banner"' in detail.content
        assert AuditEvent.objects.filter(action="view", user_id_ref=world.outsider_b.pk).latest(
            "id"
        ).detail == {"access": "break_glass"}

    def test_break_glass_short_reason_redisplayed(self, world):
        client = world.client_for(world.outsider_b)
        response = client.post(
            reverse("people:breakglass-create", args=[world.child.pk]), {"reason": "urgent"}
        )
        html = response.content.decode()
        assert response.status_code == 200 and "There is a problem" in html and ">urgent<" in html
        assert person_access_for(world.outsider_b, world.child) is Access.NONE

    def test_break_glass_unknown_person_is_404(self, world):
        response = world.client_for(world.outsider_b).get(reverse("people:breakglass-create", args=[999999]))
        assert response.status_code == 404

    def test_no_query_per_row(self, world, django_assert_num_queries):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = world.client_for(world.social_worker_a)
        url = reverse("people:person-detail", args=[world.child.pk])

        def count():
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            return len(ctx.captured_queries)

        def add_rows(n):
            for i in range(n):
                other = make_person()
                involve(other, world.csc_a)
                services.alias_add(actor=world.social_worker_a, person=world.child, name=f"Alias {i}")
                services.address_add(
                    actor=world.social_worker_a,
                    person=world.child,
                    line_1=f"{i} Road",
                    start=date(2020, 1, i + 1),
                )
                services.episode_add(
                    actor=world.social_worker_a,
                    person=world.child,
                    kind="care",
                    status="cin_plan",
                    start=date(2019, 1, i + 1),
                )
                services.episode_add(
                    actor=world.social_worker_a,
                    person=world.child,
                    kind="education",
                    status="mainstream",
                    start=date(2019, 1, i + 1),
                )
                services.relationship_add(
                    actor=world.social_worker_a, person=world.child, other=other, kind="friend"
                )
                services.relationship_add(
                    actor=world.social_worker_a, person=other, other=world.child, kind="sibling"
                )
                services.involvement_create(
                    actor=world.social_worker_a,
                    person=world.child,
                    agency=world.yjs_a,
                    role=f"r{i}",
                    worker=world.yjs_worker,
                )
                services.share_decline(
                    actor=world.social_worker_a, person=world.child, to_agency=world.police, reasons="r"
                )

        add_rows(1)
        few = count()
        add_rows(10)
        many = count()
        assert many == few


class TestChronology:
    def test_people_events_filterable_by_agency_and_kind(self, world):
        services.episode_add(
            actor=world.social_worker_a,
            person=world.child,
            kind="care",
            status="cp_plan",
            start=date(2024, 2, 1),
        )
        services.share_record(
            actor=world.social_worker_a,
            person=world.child,
            to_agency=world.health_a,
            lawful_basis="safeguarding",
            purpose="Health assessment",
            what_shared="Plan",
        )
        services.share_decline(
            actor=world.social_worker_a, person=world.child, to_agency=world.csc_b, reasons="Not needed"
        )
        client = world.client_for(world.social_worker_a)
        url = reverse("people:person-detail", args=[world.child.pk])
        html = client.get(url).content.decode()
        for text in [
            "Care status started: Child protection plan",
            "Shared with North Health Trust",
            "Decided not to share with South",
            "North High School involved",
        ]:
            assert text in html
        by_kind = client.get(url, {"kind": "care_status"}).content.decode()
        chronology = by_kind[by_kind.index('data-testid="chronology"') :]
        assert "Care status started" in chronology and "North High School involved" not in chronology
        by_agency = client.get(url, {"agency": "north-high"}).content.decode()
        chronology = by_agency[by_agency.index('data-testid="chronology"') :]
        assert "North High School involved" in chronology and "Care status" not in chronology


class TestForms:
    def test_create_person(self, world):
        client = world.client_for(world.teacher)
        response = client.post(
            reverse("people:person-create"),
            {
                "given_name": "Amir",
                "family_name": "Khan",
                "date_of_birth_0": "1",
                "date_of_birth_1": "5",
                "date_of_birth_2": "2011",
                "sex": "male",
                "send": "not_known",
                "area": world.area_a.pk,
                "involvement_role": "School",
            },
        )
        person = Person.objects.get(family_name="Khan")
        assert response.status_code == 302 and response.url == reverse(
            "people:person-detail", args=[person.pk]
        )
        assert person.date_of_birth == date(2011, 5, 1)
        assert person_access_for(world.teacher, person) is Access.INVOLVEMENT

    def test_create_errors_keep_typed_values(self, world):
        response = world.client_for(world.teacher).post(
            reverse("people:person-create"),
            {
                "given_name": "Amir",
                "date_of_birth_0": "31",
                "date_of_birth_1": "2",
                "date_of_birth_2": "2011",
                "sex": "male",
                "send": "not_known",
            },
        )
        html = response.content.decode()
        assert response.status_code == 200 and "There is a problem" in html
        assert 'value="Amir"' in html and 'value="31"' in html
        assert "Date of birth must be a real date" in html

    def update_data(self, world, version, **changes):
        data = {
            "given_name": "Jade",
            "family_name": "Smith",
            "sex": "female",
            "send": "not_known",
            "area": world.area_a.pk,
            "version": version,
            "date_of_birth_0": "14",
            "date_of_birth_1": "3",
            "date_of_birth_2": "2010",
        }
        return {**data, **changes}

    def test_update_person(self, world):
        client = world.client_for(world.social_worker_a)
        url = reverse("people:person-update", args=[world.child.pk])
        assert 'name="version" value="1"' in client.get(url).content.decode()
        response = client.post(url, self.update_data(world, 1, gender="Girl"))
        assert response.status_code == 302
        assert Person.objects.get(pk=world.child.pk).gender == "Girl"

    def test_stale_version_is_refused_and_input_kept(self, world):
        services.person_update(actor=world.teacher, person=world.child, expected_version=1, gender="Girl")
        client = world.client_for(world.social_worker_a)
        response = client.post(
            reverse("people:person-update", args=[world.child.pk]),
            self.update_data(world, 1, gender="Young woman"),
        )
        html = response.content.decode()
        assert response.status_code == 409
        assert "Someone else changed this record" in html and 'value="Young woman"' in html
        assert 'data-testid="conflict"' in html and "Girl" in html
        assert 'name="version" value="2"' in html
        assert Person.objects.get(pk=world.child.pk).gender == "Girl"

    def test_add_alias_identifier_address_relationship(self, world):
        client = world.client_for(world.social_worker_a)
        p = world.child.pk
        assert (
            client.post(
                reverse("people:alias-create", args=[p]), {"kind": "street_name", "name": "JJ"}
            ).status_code
            == 302
        )
        assert (
            client.post(
                reverse("people:identifier-create", args=[p]), {"kind": "upn", "value": "A123456789012"}
            ).status_code
            == 302
        )
        response = client.post(
            reverse("people:identifier-create", args=[p]), {"kind": "nhs_number", "value": "943 476 5918"}
        )
        assert (
            "check digit" in response.content.decode() and 'value="943 476 5918"' in response.content.decode()
        )
        assert (
            client.post(
                reverse("people:address-create", args=[p]),
                {
                    "line_1": "2 Low Rd",
                    "area": world.area_b.pk,
                    "start_0": "1",
                    "start_1": "1",
                    "start_2": "2024",
                },
            ).status_code
            == 302
        )
        assert Person.objects.get(pk=p).area == world.area_b
        other = make_person(given_name="Kerry")
        involve(other, world.csc_a)
        assert (
            client.post(
                reverse("people:relationship-create", args=[p]), {"other_id": other.pk, "kind": "parent"}
            ).status_code
            == 302
        )
        hidden = make_person()
        response = client.post(
            reverse("people:relationship-create", args=[p]), {"other_id": hidden.pk, "kind": "friend"}
        )
        assert "Enter the record number of a person you can see" in response.content.decode()

    def test_remove_alias(self, world):
        alias = PersonAlias.objects.create(person=world.child, name="JJ")
        client = world.client_for(world.social_worker_a)
        assert client.post(reverse("people:alias-delete", args=[world.child.pk, alias.pk])).status_code == 302
        assert not PersonAlias.objects.filter(pk=alias.pk).exists()

    def test_alias_of_another_person_is_refused(self, world):
        other = make_person()
        alias = PersonAlias.objects.create(person=other, name="JJ")
        response = world.client_for(world.social_worker_a).post(
            reverse("people:alias-delete", args=[world.child.pk, alias.pk])
        )
        assert response.status_code == 403
        assert PersonAlias.objects.filter(pk=alias.pk).exists()

    def test_episode_add_and_end(self, world):
        client = world.client_for(world.social_worker_a)
        p = world.child.pk
        response = client.post(
            reverse("people:episode-create", args=[p, "education"]),
            {
                "status": "excluded",
                "setting_name": "North High",
                "start_0": "1",
                "start_1": "9",
                "start_2": "2024",
            },
        )
        assert response.status_code == 302
        episode = world.child.education_statuses.get()
        end_url = reverse("people:episode-end", args=[p, "education", episode.pk])
        response = client.post(end_url, {"end_0": "1", "end_1": "8", "end_2": "2024", "version": 1})
        assert "The end date must be the same as or after the start date" in response.content.decode()
        assert (
            client.post(end_url, {"end_0": "1", "end_1": "10", "end_2": "2024", "version": 1}).status_code
            == 302
        )

    def test_unknown_episode_kind_is_404(self, world):
        response = world.client_for(world.social_worker_a).get(
            reverse("people:episode-create", args=[world.child.pk, "housing"])
        )
        assert response.status_code == 404

    def test_involvement_add_end_and_stale_version(self, world):
        client = world.client_for(world.social_worker_a)
        p = world.child.pk
        assert (
            client.post(
                reverse("people:involvement-create", args=[p]),
                {"agency": world.police.pk, "role": "Missing team"},
            ).status_code
            == 302
        )
        involvement = Involvement.objects.get(person=world.child, agency=world.police)
        url = reverse("people:involvement-end", args=[p, involvement.pk])
        Involvement.objects.filter(pk=involvement.pk).update(version=2)
        today = timezone.localdate()
        data = {"end_0": today.day, "end_1": today.month, "end_2": today.year, "version": 1}
        response = client.post(url, data)
        assert "Someone else changed this record" in response.content.decode()
        assert client.post(url, {**data, "version": 2}).status_code == 302

    def test_share_creates_other_agencys_involvement(self, world):
        client = world.client_for(world.social_worker_a)
        response = client.post(
            reverse("people:share-create", args=[world.child.pk]),
            {
                "to_agency": world.health_a.pk,
                "lawful_basis": "safeguarding",
                "purpose": "Assessment",
                "what_shared": "Plan",
            },
        )
        assert response.status_code == 302
        assert person_access_for(world.nurse, world.child) is Access.INVOLVEMENT
        assert (
            world.client_for(world.nurse)
            .get(reverse("people:person-detail", args=[world.child.pk]))
            .status_code
            == 200
        )

    def test_share_decline_form(self, world):
        client = world.client_for(world.social_worker_a)
        url = reverse("people:share-decline", args=[world.child.pk])
        response = client.post(url, {"to_agency": world.csc_b.pk, "reasons": ""})
        assert "There is a problem" in response.content.decode()
        assert (
            client.post(url, {"to_agency": world.csc_b.pk, "reasons": "Not proportionate"}).status_code == 302
        )
        assert AuditEvent.objects.filter(action="decline_share").exists()

    def test_record_our_involvement_from_search(self, world):
        client = world.client_for(world.outsider_b)
        url = reverse("people:involvement-record", args=[world.child.pk])
        page = client.get(url)
        assert page.status_code == 200 and "Jade" not in page.content.decode()
        response = client.post(url, {"role": "Placing authority"})
        assert response.status_code == 302
        assert client.get(reverse("people:person-detail", args=[world.child.pk])).status_code == 200


def test_involvement_with_named_worker(world):
    client = world.client_for(world.social_worker_a)
    url = reverse("people:involvement-create", args=[world.child.pk])
    assert "Pete Tester, Test Constabulary" in client.get(url).content.decode()
    response = client.post(url, {"agency": world.police.pk, "worker": world.nurse.pk, "role": "Missing team"})
    assert "The worker must belong to the agency" in response.content.decode()
    response = client.post(
        url, {"agency": world.police.pk, "worker": world.police_officer.pk, "role": "Missing team"}
    )
    assert response.status_code == 302
    assert Involvement.objects.get(person=world.child, agency=world.police).worker == world.police_officer
