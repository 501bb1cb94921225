"""Factories and a shared cast of test users. Used by every app's tests and the browser tests.

Area A (``north``) has children's social care, police, a school, health and youth justice.
Area B (``south``) has its own children's social care: its staff are *outsiders* to area A's
children unless an involvement or break glass gives them a need to know.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.models import User
from lantern.accounts.roles import Role
from lantern.partnership.models import Agency, AgencyType, Area, Partnership, Team
from lantern.people.models import Involvement, Person

TEST_PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test accounts only
_sequence = itertools.count(1)


def make_area(code: str = "", **fields: Any) -> Area:
    code = code or f"area-{next(_sequence)}"
    defaults = {
        "name": code.replace("-", " ").title(),
        "front_door_name": f"{code.title()} Children's Front Door",
        "front_door_phone": "0300 123 4567",
        "front_door_email": f"frontdoor@{code}.example.org",
    }
    return Area.objects.create(code=code, **{**defaults, **fields})


def make_agency(
    code: str = "",
    *,
    area: Area | None = None,
    agency_type: str = AgencyType.CHILDRENS_SOCIAL_CARE,
    **fields: Any,
) -> Agency:
    code = code or f"agency-{next(_sequence)}"
    return Agency.objects.create(
        code=code,
        name=fields.pop("name", code.replace("-", " ").title()),
        agency_type=agency_type,
        area=area,
        **fields,
    )


def make_user(
    username: str = "", *, agency: Agency | None = None, role: str = Role.PRACTITIONER, **fields: Any
) -> User:
    username = username or f"user{next(_sequence)}"
    user = User.objects.create_user(
        username=username,
        password=TEST_PASSWORD,
        email=f"{username}@example.org",
        first_name=fields.pop("first_name", username.split("_")[0].title()),
        last_name=fields.pop("last_name", "Tester"),
        agency=agency,
        role=role,
        **fields,
    )
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def make_person(**fields: Any) -> Person:
    defaults: dict[str, Any] = {
        "given_name": "Jade",
        "family_name": f"Example{next(_sequence)}",
        "date_of_birth": date(2010, 3, 14),
        "sex": "female",
    }
    person = Person.objects.create(**{**defaults, **fields})
    from lantern.search.index import index_people

    index_people([person.pk])
    return person


def involve(
    person: Person, agency: Agency, *, worker: User | None = None, role: str = "Key worker"
) -> Involvement:
    return Involvement.objects.create(
        person=person, agency=agency, worker=worker, role=role, start=date(2024, 1, 1)
    )


def totp_code(user: User) -> str:
    """A code from the user's authenticator, as the person would read it.

    A code is accepted once: when a test signs the same user in again within one 30-second
    step, it reads the next step's code, which the device accepts within its drift tolerance.
    """
    from django_otp.oath import TOTP

    device = TOTPDevice.objects.get(user=user)
    clock = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    if device.last_t is not None and clock.t() <= device.last_t:
        clock.drift = device.last_t + 1 - clock.t() + device.drift
    return f"{clock.token():0{device.digits}d}"


def signed_in_client(user: User) -> Client:
    """A client whose session has passed password and TOTP, like a real signed-in user."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from lantern.accounts.middleware import SESSION_LAST_SEEN, SESSION_LOGIN_AT

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session[SESSION_LOGIN_AT] = session[SESSION_LAST_SEEN] = int(time.time())
    session.save()
    return client


@dataclass
class TestWorld:
    __test__ = False  # a fixture's value, not a test class

    partnership: Partnership
    area_a: Area
    area_b: Area
    csc_a: Agency
    police: Agency
    school_a: Agency
    health_a: Agency
    yjs_a: Agency
    csc_b: Agency
    team_a: Team
    social_worker_a: User
    front_door_a: User
    teacher: User
    school_dsl: User
    police_analyst: User
    police_officer: User
    nurse: User
    yjs_worker: User
    meeting_chair: User
    partnership_admin: User
    auditor: User
    outsider_b: User
    child: Person

    def client_for(self, user: User) -> Client:
        return signed_in_client(user)


def build_world() -> TestWorld:
    partnership = Partnership.objects.create(
        name="Test Safeguarding Children Partnership", risk_scale=["low", "medium", "high"]
    )
    area_a = make_area("north", name="North")
    area_b = make_area("south", name="South")
    csc_a = make_agency("north-csc", area=area_a, name="North Children's Services")
    police = make_agency("constabulary", area=None, agency_type=AgencyType.POLICE, name="Test Constabulary")
    school_a = make_agency(
        "north-high", area=area_a, agency_type=AgencyType.EDUCATION, name="North High School"
    )
    health_a = make_agency(
        "north-health", area=area_a, agency_type=AgencyType.HEALTH, name="North Health Trust"
    )
    yjs_a = make_agency(
        "north-yjs", area=area_a, agency_type=AgencyType.YOUTH_JUSTICE, name="North Youth Justice"
    )
    csc_b = make_agency("south-csc", area=area_b, name="South Children's Services")
    team_a = Team.objects.create(agency=csc_a, name="Exploitation team")
    world = TestWorld(
        partnership=partnership,
        area_a=area_a,
        area_b=area_b,
        csc_a=csc_a,
        police=police,
        school_a=school_a,
        health_a=health_a,
        yjs_a=yjs_a,
        csc_b=csc_b,
        team_a=team_a,
        social_worker_a=make_user("sam_social_worker", agency=csc_a, role=Role.CASE_HOLDER, team=team_a),
        front_door_a=make_user("fran_front_door", agency=csc_a, role=Role.FRONT_DOOR),
        teacher=make_user("tara_teacher", agency=school_a, role=Role.PRACTITIONER),
        school_dsl=make_user("dee_dsl", agency=school_a, role=Role.SAFEGUARDING_LEAD),
        police_analyst=make_user("pat_police_analyst", agency=police, role=Role.ANALYST),
        police_officer=make_user("pete_police_officer", agency=police, role=Role.EXPLOITATION_POLICE),
        nurse=make_user("nina_nurse", agency=health_a, role=Role.PRACTITIONER),
        yjs_worker=make_user("yusuf_yjs", agency=yjs_a, role=Role.PRACTITIONER),
        meeting_chair=make_user("chris_chair", agency=csc_a, role=Role.MEETING_CHAIR),
        partnership_admin=make_user("ada_admin", agency=None, role=Role.PARTNERSHIP_ADMIN),
        auditor=make_user("audrey_auditor", agency=None, role=Role.AUDITOR),
        outsider_b=make_user("otto_outsider", agency=csc_b, role=Role.CASE_HOLDER),
        child=make_person(given_name="Jade", family_name="Smith", area=area_a),
    )
    involve(world.child, csc_a, worker=world.social_worker_a, role="Allocated social worker")
    involve(world.child, school_a, role="School")
    return world
