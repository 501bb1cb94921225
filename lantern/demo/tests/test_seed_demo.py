from __future__ import annotations

import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.models import User
from lantern.accounts.roles import Role
from lantern.audit.models import AuditEvent
from lantern.demo.selectors import demo_login_list
from lantern.demo.services import (
    DEMO_PASSWORD,
    DEMO_USERS,
    PeopleFactory,
    demo_seed,
    demo_totp_key,
    nhs_number,
    upn,
    upn_is_valid,
)
from lantern.partnership.models import Agency, AgencyType, Area, Partnership
from lantern.people.models import (
    CareStatus,
    EducationStatus,
    IdentifierKind,
    Involvement,
    Person,
    PersonAlias,
    PersonIdentifier,
    YouthJusticeStatus,
)
from lantern.people.validators import normalise_nhs_number, normalise_upn
from lantern.risk.models import RiskAssessment
from lantern.search.engine import search_people

TODAY = date(2026, 6, 1)
CHILDREN = 400


@pytest.fixture
def seeded(db: None) -> None:
    demo_seed(children=CHILDREN, seed=7, today=TODAY)


def _age(born: date | None) -> int:
    assert born is not None
    return TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))


def test_partnership_has_four_areas_with_front_doors(seeded: None) -> None:
    partnership = Partnership.objects.get()
    assert partnership.levels == ["low", "medium", "high"]
    areas = Area.objects.all()
    assert {area.name for area in areas} == {
        "Cheshire East",
        "Cheshire West and Chester",
        "Halton",
        "Warrington",
    }
    for area in areas:
        assert area.front_door_name
        assert re.fullmatch(r"0300 123 4\d{3}", area.front_door_phone)
        assert area.front_door_email.endswith("example.org")
        assert "999" in area.emergency_guidance
        types = set(area.agencies.values_list("agency_type", flat=True))
        assert types >= {
            AgencyType.CHILDRENS_SOCIAL_CARE,
            AgencyType.EDUCATION,
            AgencyType.HEALTH,
            AgencyType.YOUTH_JUSTICE,
            AgencyType.VOLUNTARY,
            AgencyType.HOUSING,
        }
    partnership_wide = Agency.objects.filter(area=None)
    assert {agency.agency_type for agency in partnership_wide} == {AgencyType.POLICE, AgencyType.VOLUNTARY}


def test_one_demo_user_per_role_plus_an_outsider_with_fixed_totp(seeded: None) -> None:
    users = {user.username: user for user in User.objects.all()}
    assert {user.role for user in users.values()} == set(Role.values)
    for spec in DEMO_USERS:
        user = users[spec.username]
        assert user.check_password(DEMO_PASSWORD)
        device = TOTPDevice.objects.get(user=user)
        assert device.confirmed
        assert device.key == demo_totp_key(spec.username)
    outsider = users["outsider"]
    assert outsider.role == Role.CASE_HOLDER
    assert outsider.agency is not None and outsider.agency.area is not None
    assert outsider.agency.area.code != users["socialworker"].agency.area.code  # type: ignore[union-attr]


def test_totp_keys_are_stable_between_runs() -> None:
    assert demo_totp_key("teacher") == demo_totp_key("teacher")
    assert demo_totp_key("teacher") != demo_totp_key("dsl")
    assert len(bytes.fromhex(demo_totp_key("teacher"))) == 20


def test_jade_smith_exists_and_is_involved_with_the_demo_workers(seeded: None) -> None:
    jade = Person.objects.get(given_name="Jade", family_name="Smith", date_of_birth=date(2009, 3, 14))
    assert jade.area is not None and jade.area.name == "Cheshire East"
    teacher = User.objects.get(username="teacher")
    social_worker = User.objects.get(username="socialworker")
    agencies = set(jade.involvements.values_list("agency_id", flat=True))
    assert {teacher.agency_id, social_worker.agency_id} <= agencies
    assert jade.involvements.filter(worker=social_worker).exists()
    hits = search_people(name="Jade Smith", dob_day=14, dob_month=3, dob_year=2009)
    assert hits[0].person_id == jade.pk


def test_every_casework_demo_user_has_records_to_see(seeded: None) -> None:
    for username in ["teacher", "dsl", "socialworker", "police", "chair", "returns", "outsider"]:
        user = User.objects.get(username=username)
        assert Involvement.objects.filter(agency=user.agency, end=None).count() >= 1, username
    social_worker = User.objects.get(username="socialworker")
    assert Involvement.objects.filter(worker=social_worker).count() > 1


def test_identifiers_are_valid_and_unique(seeded: None) -> None:
    values = list(PersonIdentifier.objects.values_list("kind", "value"))
    assert len(values) == len(set(values))
    nhs = [value for kind, value in values if kind == IdentifierKind.NHS_NUMBER]
    upns = [value for kind, value in values if kind == IdentifierKind.UPN]
    assert len(nhs) > CHILDREN * 0.9
    assert len(upns) > CHILDREN * 0.8
    for value in nhs:
        assert normalise_nhs_number(value) == value
    for value in upns:
        assert normalise_upn(value) == value
        assert upn_is_valid(value)


def test_identifier_generators_never_repeat() -> None:
    numbers = [nhs_number(serial) for serial in range(1, 20001)]
    assert len(set(numbers)) == len(numbers)
    assert all(normalise_nhs_number(number) == number for number in numbers[:2000])
    upns = [upn(serial, "895", 2012) for serial in range(1, 20001)]
    assert len(set(upns)) == len(upns)
    assert all(upn_is_valid(value) for value in upns[:2000])


def test_distributions_follow_the_seed_documents(seeded: None) -> None:
    risk = RiskAssessment.objects.filter(closed_on=None)
    kids = Person.objects.filter(pk__in=risk.values("person_id"))
    ages = Counter(_age(born) for born in kids.values_list("date_of_birth", flat=True))
    assert min(ages) >= 9 and max(ages) <= 26
    peak = sum(ages[age] for age in range(15, 20))
    assert peak / kids.count() > 0.5
    criminal = kids.filter(risk_assessments__exploitation_type="criminal").distinct()
    sexual = kids.filter(risk_assessments__exploitation_type="sexual").distinct()
    assert criminal.filter(sex="male").count() / criminal.count() > 0.75
    assert sexual.filter(sex="female").count() / sexual.count() > 0.75
    statuses = set(CareStatus.objects.values_list("status", flat=True))
    assert statuses == {"early_help", "open_assessment", "cin_plan", "cp_plan", "looked_after", "care_leaver"}
    out_of_school = {
        "excluded",
        "pru",
        "alternative_provision",
        "neet",
        "missing_education",
        "elective_home_education",
    }
    criminal_ids = set(criminal.values_list("pk", flat=True))
    excluded_ever = set(
        EducationStatus.objects.filter(person_id__in=criminal_ids, status__in=out_of_school).values_list(
            "person_id", flat=True
        )
    )
    older = {pk for pk, born in criminal.values_list("pk", "date_of_birth") if _age(born) >= 11}
    assert len(excluded_ever & older) / len(older) > 0.75
    assert YouthJusticeStatus.objects.exists()
    assert PersonAlias.objects.filter(kind="street_name").exists()


def test_risk_assessments_are_partly_out_of_date(seeded: None) -> None:
    current = RiskAssessment.objects.filter(closed_on=None)
    in_date = current.filter(next_review_due__gte=TODAY).count()
    share = in_date / current.count()
    assert 0.25 < share < 0.6
    levels = set(current.values_list("level", flat=True))
    assert levels == {"low", "medium", "high"}


def test_risk_summaries_use_appropriate_language(seeded: None) -> None:
    summaries = " ".join(RiskAssessment.objects.values_list("summary", flat=True)).lower()
    for phrase in [
        "putting themselves at risk",
        "risky lifestyle",
        "child prostitute",
        "sexually active",
        "boyfriend",
    ]:
        assert phrase not in summaries


def test_adults_of_concern_have_no_care_status(seeded: None) -> None:
    adults = Person.objects.filter(care_statuses__isnull=True, risk_assessments__isnull=True)
    assert adults.count() >= CHILDREN // 20
    assert all(_age(born) >= 19 for born in adults.values_list("date_of_birth", flat=True))


def test_everyone_is_searchable(seeded: None) -> None:
    from lantern.search.models import SearchToken

    assert SearchToken.objects.values("person_id").distinct().count() == Person.objects.count()


def test_seed_is_deterministic() -> None:
    def people(seed: int) -> list[tuple[str, str, date | None, str]]:
        factory = PeopleFactory(seed=seed, today=TODAY)
        plans = [factory.child() for _ in range(200)]
        return [
            (p.person.given_name, p.person.family_name, p.person.date_of_birth, p.exploitation_type)
            for p in plans
        ]

    assert people(3) == people(3)
    assert people(3) != people(4)


def test_the_seed_is_audited(seeded: None) -> None:
    event = AuditEvent.objects.get(object_type="demo_seed")
    assert event.action == "create"
    assert event.detail["children"] == CHILDREN


@pytest.mark.django_db
def test_command_if_empty_is_idempotent() -> None:
    out = StringIO()
    call_command("seed_demo", children=30, stdout=out)
    assert "Done in" in out.getvalue()
    people = Person.objects.count()
    out = StringIO()
    call_command("seed_demo", children=30, if_empty=True, stdout=out)
    assert "nothing to do" in out.getvalue()
    assert Person.objects.count() == people
    assert Partnership.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("seed_demo", children=30, stdout=StringIO())


@pytest.mark.django_db
def test_demo_logins_prints_each_account_and_a_current_code() -> None:
    call_command("seed_demo", children=20, stdout=StringIO())
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for spec in DEMO_USERS:
        assert spec.username in text
    teacher = next(login for login in demo_login_list() if login.username == "teacher")
    device = TOTPDevice.objects.get(user__username="teacher")
    expected = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert re.fullmatch(r"\d{6}", teacher.current_code)
    assert teacher.current_code == expected or teacher.current_code in text
    assert teacher.secret_base32 in text


@pytest.mark.django_db
def test_demo_logins_without_demo_data_explains_what_to_do() -> None:
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("demo_logins", stdout=StringIO())


def test_the_demo_team_manager_manages_the_social_workers_team(seeded: None) -> None:
    from lantern.prevent.selectors import team_learning_for

    manager = User.objects.get(username="teammanager")
    social_worker = User.objects.get(username="socialworker")
    assert manager.manages_team and manager.team is not None
    assert manager.team == social_worker.team
    team = team_learning_for(manager)
    assert social_worker in [row.person for row in team.rows]
    assert not User.objects.filter(manages_team=True).exclude(username="teammanager").exists()
