from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.core.errors import AccessRefused, ConflictingEdit, ValidationFailed
from lantern.core.testing import make_person
from lantern.people import services
from lantern.people.models import (
    AliasKind,
    CareStatus,
    EducationStatus,
    Involvement,
    LawfulBasis,
    Person,
    PersonIdentifier,
    ShareDecision,
    YouthJusticeStatus,
)
from lantern.people.selectors import Access, person_access_for


@pytest.fixture
def indexed(monkeypatch):
    calls = []
    monkeypatch.setattr("lantern.people.services.index_people", lambda ids: calls.append(list(ids)))
    return calls


def last_event(**filters):
    return AuditEvent.objects.filter(**filters).latest("id")


class TestPersonCreateUpdate:
    def test_create_records_involvement_audits_and_indexes(self, world, indexed):
        person = services.person_create(
            actor=world.teacher,
            involvement_role="School",
            given_name=" Amir ",
            family_name="Khan",
            date_of_birth=date(2011, 5, 1),
            area=world.area_a,
        )
        assert person.created_by == world.teacher
        assert Involvement.objects.get(person=person).agency == world.school_a
        assert person_access_for(world.teacher, person) is Access.INVOLVEMENT
        event = last_event(action="create", object_type="person")
        assert event.person_id_ref == person.pk
        assert indexed == [[person.pk]]

    def test_create_needs_names(self, world, indexed):
        with pytest.raises(ValidationFailed):
            services.person_create(actor=world.teacher, given_name="", family_name="Khan")

    def test_analyst_may_not_create(self, world, indexed):
        with pytest.raises(AccessRefused):
            services.person_create(actor=world.police_analyst, given_name="A", family_name="B")
        assert last_event().action == "access_refused"

    def test_update_bumps_version_and_indexes_name_changes(self, world, indexed):
        child = world.child
        updated = services.person_update(
            actor=world.social_worker_a, person=child, expected_version=child.version, given_name="Jayde"
        )
        assert updated.version == child.version + 1
        assert last_event(action="update").detail["changed"] == ["given_name"]
        assert indexed == [[child.pk]]

    def test_update_without_name_change_does_not_reindex(self, world, indexed):
        services.person_update(
            actor=world.social_worker_a, person=world.child, expected_version=1, ethnicity="White British"
        )
        assert indexed == []

    def test_stale_version_is_refused_and_nothing_changes(self, world, indexed):
        services.person_update(
            actor=world.social_worker_a, person=world.child, expected_version=1, gender="Girl"
        )
        with pytest.raises(ConflictingEdit) as error:
            services.person_update(
                actor=world.teacher, person=world.child, expected_version=1, gender="Other"
            )
        assert error.value.current_version == 2
        assert Person.objects.get(pk=world.child.pk).gender == "Girl"

    def test_outsider_may_not_update(self, world, indexed):
        with pytest.raises(AccessRefused):
            services.person_update(actor=world.outsider_b, person=world.child, expected_version=1, gender="x")
        assert last_event().action == "access_refused"


class TestAliasesAndIdentifiers:
    def test_street_name_added_and_removed(self, world, indexed):
        alias = services.alias_add(
            actor=world.social_worker_a, person=world.child, name="  J  Dog ", kind=AliasKind.STREET_NAME
        )
        assert alias.name == "J Dog"
        assert last_event(object_type="person_alias").detail == {"kind": "street_name"}
        services.alias_remove(actor=world.social_worker_a, alias=alias)
        assert not world.child.aliases.exists()
        assert indexed == [[world.child.pk], [world.child.pk]]

    def test_blank_alias_refused(self, world, indexed):
        with pytest.raises(ValidationFailed):
            services.alias_add(actor=world.social_worker_a, person=world.child, name="  ")

    def test_identifier_validated_and_normalised(self, world):
        identifier = services.identifier_add(
            actor=world.social_worker_a, person=world.child, kind="nhs_number", value="943 476 5919"
        )
        assert identifier.value == "9434765919"
        assert last_event(object_type="person_identifier").detail == {"kind": "nhs_number"}

    def test_invalid_identifier_refused(self, world):
        with pytest.raises(ValidationFailed) as error:
            services.identifier_add(
                actor=world.social_worker_a, person=world.child, kind="upn", value="B123456789012"
            )
        assert "value" in error.value.errors

    def test_identifier_unique_per_kind(self, world):
        other = make_person()
        Involvement.objects.create(person=other, agency=world.csc_a, role="x", start=date(2024, 1, 1))
        services.identifier_add(actor=world.social_worker_a, person=world.child, kind="la_id", value="C104")
        with pytest.raises(ValidationFailed):
            services.identifier_add(actor=world.social_worker_a, person=other, kind="la_id", value="c104")
        # the same value under another kind is a different identifier
        services.identifier_add(actor=world.social_worker_a, person=other, kind="police_id", value="C104")
        assert PersonIdentifier.objects.count() == 2


class TestAddresses:
    def test_current_address_moves_person_to_its_area(self, world):
        services.address_add(
            actor=world.social_worker_a,
            person=world.child,
            line_1="1 High St",
            area=world.area_b,
            start=date(2024, 1, 1),
        )
        child = Person.objects.get(pk=world.child.pk)
        assert child.area == world.area_b
        assert child.version == 2
        assert last_event(object_type="person_address").detail["person_area_updated"] is True

    def test_past_address_does_not_move_person(self, world):
        services.address_add(
            actor=world.social_worker_a,
            person=world.child,
            line_1="Old house",
            area=world.area_b,
            start=date(2015, 1, 1),
            end=date(2016, 1, 1),
        )
        assert Person.objects.get(pk=world.child.pk).area == world.area_a

    def test_end_address(self, world):
        address = services.address_add(actor=world.social_worker_a, person=world.child, line_1="1 High St")
        services.address_end(actor=world.social_worker_a, address=address, end=timezone.localdate())
        address.refresh_from_db()
        assert address.end == timezone.localdate()
        with pytest.raises(ValidationFailed):
            services.address_end(actor=world.social_worker_a, address=address, end=timezone.localdate())

    def test_end_before_start_refused(self, world):
        with pytest.raises(ValidationFailed):
            services.address_add(
                actor=world.social_worker_a,
                person=world.child,
                line_1="x",
                start=date(2020, 1, 2),
                end=date(2020, 1, 1),
            )


class TestEpisodes:
    @pytest.mark.parametrize(
        ("kind", "status", "model", "object_type"),
        [
            ("care", "cp_plan", CareStatus, "care_status"),
            ("education", "excluded", EducationStatus, "education_status"),
            ("youth-justice", "referral_order", YouthJusticeStatus, "youth_justice"),
        ],
    )
    def test_add_and_end(self, world, kind, status, model, object_type):
        episode = services.episode_add(
            actor=world.social_worker_a, person=world.child, kind=kind, status=status, start=date(2024, 2, 1)
        )
        assert isinstance(episode, model) and episode.source_agency == world.csc_a
        assert last_event(action="create").object_type == object_type
        ended = services.episode_end(
            actor=world.social_worker_a, episode=episode, kind=kind, end=date(2024, 3, 1), expected_version=1
        )
        assert ended.end == date(2024, 3, 1) and ended.version == 2
        assert last_event(action="update").object_type == object_type

    def test_wrong_status_for_kind_refused(self, world):
        with pytest.raises(ValidationFailed):
            services.episode_add(
                actor=world.social_worker_a,
                person=world.child,
                kind="care",
                status="excluded",
                start=date(2024, 1, 1),
            )

    def test_end_with_stale_version_refused(self, world):
        episode = services.episode_add(
            actor=world.social_worker_a,
            person=world.child,
            kind="care",
            status="cin_plan",
            start=date(2024, 1, 1),
        )
        CareStatus.objects.filter(pk=episode.pk).update(version=5)
        with pytest.raises(ConflictingEdit):
            services.episode_end(
                actor=world.social_worker_a,
                episode=episode,
                kind="care",
                end=date(2024, 5, 1),
                expected_version=1,
            )


class TestRelationships:
    def test_add_between_visible_people(self, world):
        mother = make_person(given_name="Kerry", family_name="Smith")
        Involvement.objects.create(person=mother, agency=world.csc_a, role="Parent", start=date(2024, 1, 1))
        relationship = services.relationship_add(
            actor=world.social_worker_a, person=world.child, other=mother, kind="parent"
        )
        assert relationship.recorded_by_agency == world.csc_a
        assert last_event(object_type="relationship").detail == {"kind": "parent", "other_person": mother.pk}

    def test_other_person_must_be_visible(self, world):
        stranger = make_person()
        with pytest.raises(ValidationFailed):
            services.relationship_add(
                actor=world.social_worker_a, person=world.child, other=stranger, kind="friend"
            )

    def test_not_with_self(self, world):
        with pytest.raises(ValidationFailed):
            services.relationship_add(
                actor=world.social_worker_a, person=world.child, other=world.child, kind="friend"
            )


class TestInvolvements:
    def test_record_own_agency_without_access(self, world):
        involvement = services.involvement_create(
            actor=world.outsider_b, person=world.child, agency=world.csc_b, role="Placement"
        )
        assert involvement.start == timezone.localdate()
        assert person_access_for(world.outsider_b, world.child) is Access.INVOLVEMENT
        assert last_event(object_type="involvement").detail == {"agency": "south-csc", "own_agency": True}

    def test_other_agency_needs_access(self, world):
        with pytest.raises(AccessRefused):
            services.involvement_create(
                actor=world.outsider_b, person=world.child, agency=world.police, role="x"
            )
        services.involvement_create(
            actor=world.social_worker_a,
            person=world.child,
            agency=world.police,
            role="Missing team",
            worker=world.police_officer,
        )
        assert person_access_for(world.police_officer, world.child) is Access.INVOLVEMENT

    def test_worker_must_belong_to_agency(self, world):
        with pytest.raises(ValidationFailed):
            services.involvement_create(
                actor=world.social_worker_a,
                person=world.child,
                agency=world.police,
                role="x",
                worker=world.nurse,
            )

    def test_analyst_may_not_record_involvement(self, world):
        with pytest.raises(AccessRefused):
            services.involvement_create(
                actor=world.police_analyst, person=world.child, agency=world.police, role="x"
            )

    def test_end_involvement_removes_access(self, world):
        involvement = Involvement.objects.get(person=world.child, agency=world.school_a)
        services.involvement_end(
            actor=world.social_worker_a,
            involvement=involvement,
            end=timezone.localdate() - timedelta(days=1),
            expected_version=1,
        )
        assert person_access_for(world.teacher, world.child) is Access.NONE

    def test_end_involvement_stale_version(self, world):
        involvement = Involvement.objects.get(person=world.child, agency=world.school_a)
        with pytest.raises(ConflictingEdit):
            services.involvement_end(
                actor=world.social_worker_a,
                involvement=involvement,
                end=timezone.localdate(),
                expected_version=7,
            )


class TestSharing:
    def test_share_creates_involvement_and_decision(self, world):
        decision = services.share_record(
            actor=world.social_worker_a,
            person=world.child,
            to_agency=world.health_a,
            lawful_basis=LawfulBasis.SAFEGUARDING,
            purpose="Health assessment after missing episode",
            what_shared="Chronology and current plan",
        )
        assert decision.shared and decision.from_agency == world.csc_a
        assert person_access_for(world.nurse, world.child) is Access.INVOLVEMENT
        event = last_event(action="share")
        assert event.detail["to_agency"] == "north-health" and event.purpose.startswith("Health")

    def test_share_needs_basis_purpose_and_content(self, world):
        with pytest.raises(ValidationFailed) as error:
            services.share_record(
                actor=world.social_worker_a,
                person=world.child,
                to_agency=world.health_a,
                lawful_basis="",
                purpose="",
                what_shared="",
            )
        assert set(error.value.errors) == {"lawful_basis", "purpose", "what_shared"}

    def test_cannot_share_with_own_agency(self, world):
        with pytest.raises(ValidationFailed):
            services.share_record(
                actor=world.social_worker_a,
                person=world.child,
                to_agency=world.csc_a,
                lawful_basis=LawfulBasis.PUBLIC_TASK,
                purpose="p",
                what_shared="w",
            )

    def test_decline_is_recorded_without_access_granted(self, world):
        decision = services.share_decline(
            actor=world.social_worker_a,
            person=world.child,
            to_agency=world.csc_b,
            reasons="Not proportionate",
        )
        assert not decision.shared and decision.reasons_not_shared == "Not proportionate"
        assert last_event(action="decline_share").detail == {"to_agency": "south-csc"}
        assert person_access_for(world.outsider_b, world.child) is Access.NONE
        assert ShareDecision.objects.count() == 1

    def test_decline_needs_reasons(self, world):
        with pytest.raises(ValidationFailed):
            services.share_decline(
                actor=world.social_worker_a, person=world.child, to_agency=world.csc_b, reasons=" "
            )

    def test_outsider_may_not_share(self, world):
        with pytest.raises(AccessRefused):
            services.share_decline(
                actor=world.outsider_b, person=world.child, to_agency=world.csc_a, reasons="x"
            )


class TestBreakGlass:
    @override_settings(BREAK_GLASS_HOURS=4)
    def test_grant_is_time_limited_and_audited(self, world):
        reason = "Child reported missing overnight, police need context"
        grant = services.break_glass_grant(actor=world.outsider_b, person=world.child, reason=reason)
        assert grant.expires_at - grant.granted_at == timedelta(hours=4)
        assert person_access_for(world.outsider_b, world.child) is Access.BREAK_GLASS
        event = last_event(action="break_glass")
        assert event.purpose == reason and event.person_id_ref == world.child.pk

    def test_short_reason_refused(self, world):
        with pytest.raises(ValidationFailed):
            services.break_glass_grant(
                actor=world.outsider_b, person=world.child, reason="  because urgent     "
            )

    def test_auditor_cannot_break_glass(self, world):
        with pytest.raises(AccessRefused):
            services.break_glass_grant(actor=world.auditor, person=world.child, reason="x" * 40)
