from datetime import date, timedelta

import pytest
from django.utils import timezone

from lantern.accounts.roles import Role
from lantern.audit.models import AuditEvent
from lantern.core.errors import AccessRefused
from lantern.core.testing import involve, make_agency, make_person, make_user
from lantern.people import selectors
from lantern.people.models import BreakGlass
from lantern.people.selectors import Access, person_access_for, person_get_for
from lantern.search.engine import SearchHit


class TestAccessRule:
    def test_open_involvement_gives_access(self, world):
        assert person_access_for(world.social_worker_a, world.child) is Access.INVOLVEMENT
        assert person_access_for(world.teacher, world.child) is Access.INVOLVEMENT

    def test_no_involvement_no_access(self, world):
        assert person_access_for(world.outsider_b, world.child) is Access.NONE
        assert person_access_for(world.nurse, world.child) is Access.NONE

    def test_ended_involvement_gives_no_access(self, world):
        involvement = involve(world.child, world.health_a)
        involvement.end = timezone.localdate() - timedelta(days=1)
        involvement.save()
        assert person_access_for(world.nurse, world.child) is Access.NONE

    def test_involvement_ending_today_still_open(self, world):
        involvement = involve(world.child, world.health_a)
        involvement.end = timezone.localdate()
        involvement.save()
        assert person_access_for(world.nurse, world.child) is Access.INVOLVEMENT

    def test_future_involvement_gives_no_access_yet(self, world):
        involvement = involve(world.child, world.health_a)
        involvement.start = timezone.localdate() + timedelta(days=1)
        involvement.save()
        assert person_access_for(world.nurse, world.child) is Access.NONE

    def test_unexpired_break_glass_gives_access(self, world):
        now = timezone.now()
        BreakGlass.objects.create(
            person=world.child,
            user=world.outsider_b,
            reason="x" * 30,
            granted_at=now,
            expires_at=now + timedelta(hours=1),
        )
        assert person_access_for(world.outsider_b, world.child) is Access.BREAK_GLASS

    def test_expired_break_glass_gives_no_access(self, world):
        now = timezone.now()
        BreakGlass.objects.create(
            person=world.child,
            user=world.outsider_b,
            reason="x" * 30,
            granted_at=now - timedelta(hours=30),
            expires_at=now - timedelta(hours=6),
        )
        assert person_access_for(world.outsider_b, world.child) is Access.NONE

    def test_front_door_sees_people_in_its_area(self, world):
        stranger = make_person(area=world.area_a)
        assert person_access_for(world.front_door_a, stranger) is Access.FRONT_DOOR_AREA

    def test_front_door_does_not_see_other_areas(self, world):
        stranger = make_person(area=world.area_b)
        assert person_access_for(world.front_door_a, stranger) is Access.NONE
        no_area = make_person(area=None)
        assert person_access_for(world.front_door_a, no_area) is Access.NONE

    def test_partnership_wide_front_door_sees_every_area(self, world):
        hub = make_agency("hub", area=None, name="Partnership hub")
        hub_worker = make_user("hub_worker", agency=hub, role=Role.FRONT_DOOR)
        assert person_access_for(hub_worker, make_person(area=world.area_b)) is Access.FRONT_DOOR_AREA

    def test_non_front_door_role_in_area_sees_nothing_by_area(self, world):
        stranger = make_person(area=world.area_a)
        assert person_access_for(world.social_worker_a, stranger) is Access.NONE

    @pytest.mark.parametrize("who", ["police_analyst", "partnership_admin", "auditor"])
    def test_non_casework_roles_never_see_records(self, world, who):
        user = getattr(world, who)
        if user.agency:
            involve(world.child, user.agency)
        now = timezone.now()
        BreakGlass.objects.create(
            person=world.child,
            user=user,
            reason="x" * 30,
            granted_at=now,
            expires_at=now + timedelta(hours=1),
        )
        assert person_access_for(user, world.child) is Access.NONE


class TestPersonGetFor:
    def test_view_is_audited(self, world):
        person = person_get_for(world.social_worker_a, world.child.pk, purpose="review")
        assert person == world.child
        event = AuditEvent.objects.filter(action="view").latest("id")
        assert event.person_id_ref == world.child.pk
        assert event.purpose == "review"
        assert event.detail == {"access": "involvement"}

    def test_refusal_is_audited_and_raised(self, world):
        with pytest.raises(AccessRefused):
            person_get_for(world.outsider_b, world.child.pk)
        event = AuditEvent.objects.latest("id")
        assert event.action == "access_refused"
        assert event.person_id_ref == world.child.pk
        assert not AuditEvent.objects.filter(action="view", user_id_ref=world.outsider_b.pk).exists()

    def test_missing_person_is_refused_not_revealed(self, world):
        with pytest.raises(AccessRefused):
            person_get_for(world.social_worker_a, 999999)
        assert AuditEvent.objects.latest("id").action == "access_refused"


class TestPersonRecord:
    def test_current_statuses_and_age(self, world):
        from lantern.people.models import CareStatus

        CareStatus.objects.create(
            person=world.child, status="cin_plan", start=date(2020, 1, 1), end=date(2021, 1, 1)
        )
        CareStatus.objects.create(person=world.child, status="cp_plan", start=date(2021, 1, 2))
        record = selectors.person_record_for(world.social_worker_a, world.child.pk)
        assert record.current_care_status is not None
        assert record.current_care_status.status == "cp_plan"
        assert record.current_education_status is None
        assert record.age == selectors.age_on(date(2010, 3, 14), timezone.localdate())

    def test_age_on_birthday_edges(self):
        assert selectors.age_on(date(2010, 3, 14), date(2024, 3, 13)) == 13
        assert selectors.age_on(date(2010, 3, 14), date(2024, 3, 14)) == 14
        assert selectors.age_on(None, date(2024, 3, 14)) is None


class FakeEngine:
    """Stands in for lantern.search.engine.search_people and remembers what it was asked."""

    def __init__(self, hits):
        self.hits = hits
        self.terms = {}

    def __call__(self, **terms):
        self.terms = terms
        return self.hits


def fake_search(hits):
    return FakeEngine(hits)


class TestPersonSearchFor:
    def test_visible_and_existence_only_results(self, world, monkeypatch):
        stranger = make_person(given_name="Jayde", area=world.area_b)
        involve(stranger, world.csc_b, role="Allocated social worker")
        hits = [
            SearchHit(world.child.pk, 2.0, ["name matches"]),
            SearchHit(stranger.pk, 1.5, ["name spelt differently"]),
        ]
        monkeypatch.setattr("lantern.search.engine.search_people", fake_search(hits))
        results = selectors.person_search_for(world.social_worker_a, name="Jade")
        assert [r.person_id for r in results] == [world.child.pk, stranger.pk]
        assert results[0].visible and results[0].person == world.child
        assert not results[1].visible and results[1].person is None
        assert results[1].contacts[0].agency_name == "South Children's Services"
        assert results[1].contacts[0].front_door_phone == world.area_b.front_door_phone

    def test_search_is_audited_without_the_terms(self, world, monkeypatch):
        monkeypatch.setattr(
            "lantern.search.engine.search_people", fake_search([SearchHit(world.child.pk, 1.0, [])])
        )
        selectors.person_search_for(world.outsider_b, name="Jade Smith", dob_year=2010)
        event = AuditEvent.objects.filter(action="search").latest("id")
        assert event.detail == {"fields": ["dob_year", "name"], "results": 1, "visible": 0}
        assert "Jade" not in str(event.detail) and "Jade" not in event.purpose

    def test_passes_every_term_to_the_engine(self, world, monkeypatch):
        engine = fake_search([])
        monkeypatch.setattr("lantern.search.engine.search_people", engine)
        selectors.person_search_for(
            world.teacher,
            name="Jo",
            dob_day=1,
            dob_month=2,
            dob_year=2010,
            dob_approximate=True,
            identifier="X1",
        )
        assert engine.terms == {
            "name": "Jo",
            "dob_day": 1,
            "dob_month": 2,
            "dob_year": 2010,
            "dob_approximate": True,
            "identifier": "X1",
        }

    def test_non_casework_roles_may_not_search(self, world):
        with pytest.raises(AccessRefused):
            selectors.person_search_for(world.police_analyst, name="Jade")
        assert AuditEvent.objects.latest("id").action == "access_refused"

    def test_with_the_real_engine(self, world):
        results = selectors.person_search_for(world.social_worker_a, name="Jayde Smith")
        assert results and results[0].person_id == world.child.pk and results[0].visible
