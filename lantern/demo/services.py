"""Synthetic demo data: a Pan-Cheshire-like partnership, one account per role, and children.

Everything here is invented. Place names are real; people, addresses, phone numbers and
identifiers are not (identifiers pass their checksums so forms and imports accept them).
The distributions follow the seed documents: exploited children are mostly 14+ with a peak at
15-19; criminal exploitation mostly affects boys and sexual exploitation mostly girls; 88% of
children who were criminally exploited had been excluded, were in a PRU or alternative provision,
or were not in education; many risk assessments are out of date (one county had a third in date).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.models import User
from lantern.accounts.roles import Role
from lantern.audit.services import audit_record
from lantern.demo.boundaries import demo_boundary
from lantern.demo.modules import (
    PARTNERSHIP_WORK,
    demo_now,
    load_population,
    partnership_work_steps,
    run_steps,
    seed_casework,
)
from lantern.demo.names import FEMALE_GIVEN, MALE_GIVEN, STREET_NAMES, STREETS, family_names
from lantern.partnership.models import Agency, AgencyType, Area, Partnership, Team
from lantern.people.models import (
    AliasKind,
    CareStatus,
    CareStatusValue,
    EducationStatus,
    EducationStatusValue,
    IdentifierKind,
    Involvement,
    Person,
    PersonAddress,
    PersonAlias,
    PersonIdentifier,
    Relationship,
    RelationshipKind,
    SendStatus,
    YouthJusticeStatus,
    YouthJusticeValue,
)
from lantern.people.validators import UPN_LETTERS, nhs_number_check_digit, upn_check_letter
from lantern.risk.models import ExploitationType, RiskAssessment
from lantern.search.bulk import bulk_insert
from lantern.search.engine import nicknames_of
from lantern.search.index import index_people

DEMO_PASSWORD = "lantern-demo-2026"  # noqa: S105 - the published password of the demo accounts
PARTNERSHIP_NAME = "Pan-Cheshire Safeguarding Children Partnership (demo)"
RISK_SCALE = ["low", "medium", "high"]
PEOPLE_PER_CHUNK = 5000
ROWS_PER_INSERT = 5000
REVIEW_INTERVAL = timedelta(days=30)

Log = Callable[[str], None]


# ---------------------------------------------------------------------------------------------
# The partnership
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    short: str
    towns: tuple[str, ...]
    postcodes: tuple[str, ...]
    la_code: str  # DfE local authority number, used in UPNs
    phone_suffix: str
    weight: int
    schools: tuple[str, ...]


AREAS = (
    AreaSpec(
        code="cheshire-east",
        name="Cheshire East",
        short="ce",
        towns=("Crewe", "Macclesfield", "Congleton", "Nantwich", "Wilmslow", "Sandbach"),
        postcodes=("CW1", "CW2", "SK10", "SK11", "CW12", "CW5", "SK9", "CW11"),
        la_code="895",
        phone_suffix="4101",
        weight=35,
        schools=("Crewe Valley High School", "Macclesfield Park Academy", "Congleton Brook School"),
    ),
    AreaSpec(
        code="cheshire-west-and-chester",
        name="Cheshire West and Chester",
        short="cwac",
        towns=("Chester", "Ellesmere Port", "Northwich", "Winsford", "Frodsham"),
        postcodes=("CH1", "CH2", "CH65", "CW8", "CW9", "CW7", "WA6"),
        la_code="896",
        phone_suffix="4202",
        weight=30,
        schools=("Chester Riverside High School", "Ellesmere Port Academy", "Northwich Vale School"),
    ),
    AreaSpec(
        code="halton",
        name="Halton",
        short="halton",
        towns=("Runcorn", "Widnes"),
        postcodes=("WA7", "WA8"),
        la_code="876",
        phone_suffix="4303",
        weight=15,
        schools=("Runcorn Hill High School", "Widnes Bridge Academy"),
    ),
    AreaSpec(
        code="warrington",
        name="Warrington",
        short="warrington",
        towns=("Warrington", "Great Sankey", "Birchwood", "Lymm"),
        postcodes=("WA1", "WA2", "WA4", "WA5", "WA13"),
        la_code="877",
        phone_suffix="4404",
        weight=20,
        schools=("Warrington Meadows High School", "Sankey Fields Academy", "Birchwood Park School"),
    ),
)

POLICE_CODE = "cheshire-police"
RETURN_INTERVIEW_CODE = "return-interviews"


def _agency_specs(area: AreaSpec) -> list[tuple[str, str, str]]:
    """(code, name, agency type) of an area's agencies."""
    specs: list[tuple[str, str, str]] = [
        (f"{area.short}-csc", f"{area.name} Children's Social Care", AgencyType.CHILDRENS_SOCIAL_CARE),
        (f"{area.short}-health", f"{area.name} Community Health Trust", AgencyType.HEALTH),
        (f"{area.short}-yjs", f"{area.name} Youth Justice Service", AgencyType.YOUTH_JUSTICE),
        (f"{area.short}-youth", f"{area.name} Youth Outreach Project", AgencyType.VOLUNTARY),
        (f"{area.short}-housing", f"{area.name} Housing Options", AgencyType.HOUSING),
        (f"{area.short}-pru", f"{area.name} Pupil Referral Unit", AgencyType.EDUCATION),
    ]
    for number, school in enumerate(area.schools, start=1):
        specs.append((f"{area.short}-school-{number}", school, AgencyType.EDUCATION))
    return specs


def _emergency_guidance(area: AreaSpec) -> str:
    return (
        "If a child is in immediate danger, call the police on 999. "
        f"Otherwise call the {area.name} Children's Front Door on 0300 123 {area.phone_suffix} "
        "(Monday to Friday, 8:30am to 5pm); out of hours, call the Emergency Duty Team on "
        "0300 123 4999. For non-emergencies, call the police on 101."
    )


def _create_partnership() -> dict[str, Agency]:
    Partnership.objects.create(name=PARTNERSHIP_NAME, risk_scale=RISK_SCALE)
    agencies: dict[str, Agency] = {}
    for spec in AREAS:
        area = Area.objects.create(
            code=spec.code,
            name=spec.name,
            front_door_name=f"{spec.name} Children's Front Door",
            front_door_phone=f"0300 123 {spec.phone_suffix}",
            front_door_email=f"frontdoor@{spec.code}.example.org",
            emergency_guidance=_emergency_guidance(spec),
            boundary=demo_boundary(spec.code),
        )
        for code, name, agency_type in _agency_specs(spec):
            agencies[code] = Agency.objects.create(code=code, name=name, agency_type=agency_type, area=area)
    agencies[POLICE_CODE] = Agency.objects.create(
        code=POLICE_CODE, name="Cheshire Police", agency_type=AgencyType.POLICE, area=None
    )
    agencies[RETURN_INTERVIEW_CODE] = Agency.objects.create(
        code=RETURN_INTERVIEW_CODE,
        name="Pathways Independent Return Interviews",
        agency_type=AgencyType.VOLUNTARY,
        area=None,
    )
    return agencies


def _create_teams(agencies: dict[str, Agency]) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for spec in AREAS:
        csc = agencies[f"{spec.short}-csc"]
        teams[f"{spec.short}-exploitation"] = Team.objects.create(
            agency=csc, name="Contextual Safeguarding Team"
        )
        teams[f"{spec.short}-front-door"] = Team.objects.create(agency=csc, name="Front Door Team")
        Team.objects.create(agency=agencies[f"{spec.short}-yjs"], name="Prevention and Diversion Team")
    teams["police-mfh"] = Team.objects.create(
        agency=agencies[POLICE_CODE], name="Missing from Home and Child Exploitation Team"
    )
    teams["police-analysts"] = Team.objects.create(agency=agencies[POLICE_CODE], name="Analysis Unit")
    return teams


# ---------------------------------------------------------------------------------------------
# Demo accounts
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    job_title: str
    agency: str | None
    team: str | None = None
    label: str = ""
    manages_team: bool = False


DEMO_USERS = (
    DemoUser("teacher", Role.PRACTITIONER, "Tara", "Whitlow", "Teacher", "ce-school-1", None, "Practitioner"),
    DemoUser(
        "dsl",
        Role.SAFEGUARDING_LEAD,
        "Dev",
        "Saxby",
        "Designated safeguarding lead",
        "ce-school-1",
        None,
        "Safeguarding lead",
    ),
    DemoUser(
        "frontdoor",
        Role.FRONT_DOOR,
        "Fran",
        "Dorley",
        "Front door social worker",
        "ce-csc",
        "ce-front-door",
        "Front door",
    ),
    DemoUser(
        "socialworker",
        Role.CASE_HOLDER,
        "Sam",
        "Oyelaran",
        "Social worker",
        "ce-csc",
        "ce-exploitation",
        "Case holder",
    ),
    DemoUser(
        "teammanager",
        Role.CASE_HOLDER,
        "Tomasz",
        "Ruddick",
        "Team manager, Contextual Safeguarding Team",
        "ce-csc",
        "ce-exploitation",
        "Team manager (sees the team's learning records)",
        manages_team=True,
    ),
    DemoUser(
        "police",
        Role.EXPLOITATION_POLICE,
        "Pete",
        "Larkins",
        "Detective constable",
        POLICE_CODE,
        "police-mfh",
        "Exploitation police",
    ),
    DemoUser(
        "chair",
        Role.MEETING_CHAIR,
        "Chris",
        "Amberley",
        "MACE chair",
        "ce-csc",
        "ce-exploitation",
        "Meeting coordinator or chair",
    ),
    DemoUser(
        "analyst",
        Role.ANALYST,
        "Priya",
        "Anand",
        "Partnership analyst",
        POLICE_CODE,
        "police-analysts",
        "Analyst",
    ),
    DemoUser(
        "admin",
        Role.PARTNERSHIP_ADMIN,
        "Ada",
        "Minton",
        "Partnership business manager",
        None,
        None,
        "Partnership admin",
    ),
    DemoUser(
        "auditor", Role.AUDITOR, "Audrey", "Tolland", "Information governance officer", None, None, "Auditor"
    ),
    DemoUser(
        "returns",
        Role.PRACTITIONER,
        "Rhian",
        "Hughes",
        "Return home interview worker",
        RETURN_INTERVIEW_CODE,
        None,
        "Return home interviews (practitioner at the interview provider)",
    ),
    DemoUser(
        "outsider",
        Role.CASE_HOLDER,
        "Otto",
        "Sider",
        "Social worker (Halton)",
        "halton-csc",
        "halton-exploitation",
        "Outsider (case holder in another area)",
    ),
)


def demo_totp_key(username: str) -> str:
    """A fixed TOTP secret per demo account (40 hex characters), so newcomers can add it to an app.

    Derived from the username alone: fine for a demo on a laptop, never for real accounts.
    """
    return hashlib.sha256(f"lantern-demo-totp:{username}".encode()).hexdigest()[:40]


def _create_demo_users(agencies: dict[str, Agency], teams: dict[str, Team]) -> dict[str, User]:
    users: dict[str, User] = {}
    password = make_password(DEMO_PASSWORD)
    for spec in DEMO_USERS:
        user = User.objects.create(
            username=spec.username,
            password=password,
            email=f"{spec.username}@example.org",
            first_name=spec.first_name,
            last_name=spec.last_name,
            job_title=spec.job_title,
            agency=agencies[spec.agency] if spec.agency else None,
            team=teams[spec.team] if spec.team else None,
            manages_team=spec.manages_team,
            role=spec.role,
        )
        TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=True, key=demo_totp_key(spec.username)
        )
        users[spec.username] = user
    return users


# ---------------------------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------------------------


def nhs_number(serial: int) -> str:
    """A valid (modulus 11) NHS number, unique per serial. Starts 9 like test-range numbers."""
    candidate = 900_000_000 + serial * 7
    while True:
        first_nine = f"{candidate % 1_000_000_000:09d}"
        check = nhs_number_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
        candidate += 10_000_000  # 10,000,000 is not a multiple of 7: never another serial's number


def upn(serial: int, la_code: str, year_of_entry: int) -> str:
    """A valid UPN: check letter, LA number, establishment, year and serial (unique per serial)."""
    establishment = 1000 + (serial // 1000) % 9000
    body = f"{la_code}{establishment:04d}{year_of_entry % 100:02d}{serial % 1000:03d}"
    return upn_check_letter(body) + body


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

AGE_WEIGHTS = {
    10: 1,
    11: 2,
    12: 3,
    13: 5,
    14: 9,
    15: 13,
    16: 16,
    17: 16,
    18: 13,
    19: 10,
    20: 5,
    21: 3,
    22: 2,
    23: 2,
    24: 1,
    25: 1,
}
EXPLOITATION_WEIGHTS = {
    ExploitationType.CRIMINAL: 38,
    ExploitationType.SEXUAL: 36,
    ExploitationType.COUNTY_LINES: 10,
    ExploitationType.ONLINE: 5,
    ExploitationType.TRAFFICKING: 3,
    ExploitationType.PEER_ON_PEER: 4,
    ExploitationType.RADICALISATION: 2,
    ExploitationType.FINANCIAL: 2,
}
CARE_WEIGHTS = {
    CareStatusValue.EARLY_HELP: 17,
    CareStatusValue.OPEN_ASSESSMENT: 7,
    CareStatusValue.CIN_PLAN: 20,
    CareStatusValue.CP_PLAN: 22,
    CareStatusValue.LOOKED_AFTER: 28,
    "": 6,
}
LEVEL_WEIGHTS = {"low": 35, "medium": 42, "high": 23}
YJS_WEIGHTS = {
    YouthJusticeValue.PREVENTION: 30,
    YouthJusticeValue.OUT_OF_COURT: 25,
    YouthJusticeValue.REFERRAL_ORDER: 20,
    YouthJusticeValue.YOUTH_REHABILITATION_ORDER: 15,
    YouthJusticeValue.BAIL_REMAND: 6,
    YouthJusticeValue.CUSTODY: 4,
}
OUT_OF_SCHOOL = (
    EducationStatusValue.EXCLUDED,
    EducationStatusValue.PRU,
    EducationStatusValue.ALTERNATIVE_PROVISION,
    EducationStatusValue.MISSING_EDUCATION,
    EducationStatusValue.ELECTIVE_HOME_EDUCATION,
)
ETHNICITIES = {
    "White British": 78,
    "White other": 5,
    "Mixed White and Black Caribbean": 4,
    "Asian or Asian British": 5,
    "Black or Black British": 4,
    "Gypsy or Irish Traveller": 1,
    "Not known": 3,
}
# Summaries use the partnership's appropriate language (DESIGN.md §6.8): the child is a victim.
SUMMARIES: dict[str, str] = {
    ExploitationType.CRIMINAL: (
        "{name} is being criminally exploited by older males who have given {them} money and "
        "clothes and now claim {they} {has} a debt to repay. {They} {has} been found with cannabis and a knife; "
        "this is treated as a sign of exploitation, not offending."
    ),
    ExploitationType.COUNTY_LINES: (
        "{name} may have been trafficked to run drugs on a county line: {they} {was} found out of "
        "area with two phones and cash. Adults controlling the line are known to police."
    ),
    ExploitationType.SEXUAL: (
        "{name} has been sexually exploited by an adult male who gave {them} gifts, alcohol and "
        "lifts. This is a potentially exploitative relationship; a child cannot consent to "
        "their own abuse."
    ),
    ExploitationType.ONLINE: (
        "{name} has been groomed online by an unknown adult and coerced into sharing images. "
        "{They} {is} being threatened that the images will be shared."
    ),
    ExploitationType.TRAFFICKING: (
        "{name} may have been trafficked between towns by adults who control where {they} "
        "{goes}; {they} {has} been missing several times and returned with unexplained injuries."
    ),
    ExploitationType.PEER_ON_PEER: (
        "{name} has been harmed by peers at school and in the park; the group is under a context "
        "assessment. {They} {is} not responsible for what happened."
    ),
    ExploitationType.RADICALISATION: (
        "{name} has been targeted online by an adult sharing extremist material and may have been "
        "groomed. A Prevent referral is being considered with {their} family."
    ),
    ExploitationType.FINANCIAL: (
        "{name} is being financially exploited: an adult has taken control of {their} bank "
        "account and is using it to move money."
    ),
}


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February
        return born.replace(year=born.year + age, day=28)


def _age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _pronouns(sex: str) -> dict[str, str]:
    if sex == "male":
        forms = {"they": "he", "them": "him", "their": "his"}
    elif sex == "female":
        forms = {"they": "she", "them": "her", "their": "her"}
    else:
        return {
            "they": "they",
            "them": "them",
            "their": "their",
            "They": "They",
            "is": "are",
            "was": "were",
            "has": "have",
            "goes": "go",
        }
    return {**forms, "They": forms["they"].title(), "is": "is", "was": "was", "has": "has", "goes": "goes"}


@dataclass
class PersonPlan:
    """One synthetic person and everything recorded about them, before it is saved."""

    person: Person
    area: AreaSpec
    exploitation_type: str
    adult_of_concern: bool = False
    aliases: list[tuple[str, str]] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    addresses: list[dict[str, Any]] = field(default_factory=list)
    care: list[tuple[str, date, date | None]] = field(default_factory=list)
    education: list[tuple[str, date, date | None, str]] = field(default_factory=list)
    youth_justice: list[tuple[str, date, date | None]] = field(default_factory=list)
    involvements: list[tuple[str, str, date, str | None]] = field(
        default_factory=list
    )  # agency, role, start, worker
    risk: list[dict[str, Any]] = field(default_factory=list)


class PeopleFactory:
    """Deterministic synthetic people from one random seed."""

    def __init__(self, *, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.family = family_names()
        self.serial = 0

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    # -- the person ---------------------------------------------------------------------------

    def child(self) -> PersonPlan:
        rng = self.rng
        area = rng.choices(AREAS, weights=[a.weight for a in AREAS])[0]
        exploitation = _pick(rng, EXPLOITATION_WEIGHTS)
        sex = self._sex_for(exploitation)
        age = _pick(rng, AGE_WEIGHTS)
        born = self.today - timedelta(days=365 * age + rng.randrange(365) + age // 4)
        plan = PersonPlan(person=self._person(sex, born, area), area=area, exploitation_type=exploitation)
        self._add_identity_records(plan, child=True)
        self._add_care(plan)
        self._add_education(plan)
        self._add_youth_justice(plan)
        self._add_involvements(plan)
        self._add_risk(plan)
        return plan

    def adult_of_concern(self) -> PersonPlan:
        rng = self.rng
        area = rng.choices(AREAS, weights=[a.weight for a in AREAS])[0]
        sex = "male" if rng.random() < 0.8 else "female"
        born = self.today - timedelta(days=365 * rng.randint(19, 45) + rng.randrange(365))
        plan = PersonPlan(
            person=self._person(sex, born, area), area=area, exploitation_type="", adult_of_concern=True
        )
        if rng.random() < 0.5:
            plan.aliases.append((AliasKind.STREET_NAME, rng.choice(STREET_NAMES)))
        self._add_identity_records(plan, child=False)
        plan.involvements.append((POLICE_CODE, "Person of concern", self._date_within(700), None))
        return plan

    def _sex_for(self, exploitation: str) -> str:
        roll = self.rng.random()
        if roll < 0.01:
            return "unknown"
        if exploitation in (ExploitationType.CRIMINAL, ExploitationType.COUNTY_LINES):
            return "male" if roll < 0.87 else "female"
        if exploitation == ExploitationType.SEXUAL:
            return "female" if roll < 0.9 else "male"
        return "male" if roll < 0.5 else "female"

    def _person(self, sex: str, born: date, area: AreaSpec) -> Person:
        rng = self.rng
        names = (
            MALE_GIVEN if sex == "male" else FEMALE_GIVEN if sex == "female" else MALE_GIVEN + FEMALE_GIVEN
        )
        send = _pick(
            rng,
            {SendStatus.NONE: 55, SendStatus.SEN_SUPPORT: 25, SendStatus.EHCP: 10, SendStatus.NOT_KNOWN: 10},
        )
        return Person(
            given_name=rng.choice(names),
            middle_names=rng.choice(names) if rng.random() < 0.3 else "",
            family_name=rng.choice(self.family),
            date_of_birth=born,
            date_of_birth_estimated=rng.random() < 0.02,
            sex=sex,
            ethnicity=_pick(rng, ETHNICITIES),
            first_language="English"
            if rng.random() < 0.92
            else rng.choice(["Polish", "Urdu", "Arabic", "Romanian", "Kurdish"]),
            area_id=None,
            send=send,
            learning_disability=send == SendStatus.EHCP and rng.random() < 0.4,
        )

    def _date_within(self, days: int, *, not_before: date | None = None) -> date:
        start = self.today - timedelta(days=self.rng.randrange(1, days))
        return max(start, not_before) if not_before else start

    # -- identity: aliases, identifiers, addresses ---------------------------------------------

    def _add_identity_records(self, plan: PersonPlan, *, child: bool) -> None:
        rng = self.rng
        person = plan.person
        criminal = plan.exploitation_type in (ExploitationType.CRIMINAL, ExploitationType.COUNTY_LINES)
        if child and rng.random() < (0.2 if criminal else 0.06):
            plan.aliases.append((AliasKind.STREET_NAME, rng.choice(STREET_NAMES)))
        short_forms = sorted(nicknames_of(person.given_name.lower()))
        if short_forms and rng.random() < 0.15:
            plan.aliases.append((AliasKind.NICKNAME, rng.choice(short_forms).title()))
        serial = self.next_serial()
        if rng.random() < 0.95:
            plan.identifiers.append((IdentifierKind.NHS_NUMBER, nhs_number(serial)))
        born = person.date_of_birth or self.today
        if child and rng.random() < 0.9:
            plan.identifiers.append((IdentifierKind.UPN, upn(serial, plan.area.la_code, born.year + 5)))
        if child:
            plan.identifiers.append((IdentifierKind.LA_ID, f"{plan.area.short.upper()}-{serial:07d}"))
        if not child or (criminal and rng.random() < 0.5):
            plan.identifiers.append((IdentifierKind.POLICE_ID, f"CP/{serial:08d}"))
        self._add_addresses(plan)

    def _add_addresses(self, plan: PersonPlan) -> None:
        rng = self.rng
        area = plan.area
        moved = self._date_within(1500)
        plan.addresses.append(self._address(area, start=moved, end=None))
        if rng.random() < 0.25:
            plan.addresses.append(
                self._address(area, start=moved - timedelta(days=rng.randint(200, 1500)), end=moved)
            )

    def _address(self, area: AreaSpec, *, start: date, end: date | None) -> dict[str, Any]:
        rng = self.rng
        letters = "ABDEFGHJLNPQRSTUWXY"
        postcode = (
            f"{rng.choice(area.postcodes)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        )
        return {
            "line_1": f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
            "town": rng.choice(area.towns),
            "postcode": postcode,
            "start": start,
            "end": end,
        }

    # -- statuses -----------------------------------------------------------------------------

    def _add_care(self, plan: PersonPlan) -> None:
        rng = self.rng
        born = plan.person.date_of_birth or self.today
        age = _age_on(born, self.today)
        status = _pick(rng, CARE_WEIGHTS)
        if not status:
            return
        nine = _birthday(born, 9)
        start = self._date_within(900, not_before=nine)
        if rng.random() < 0.3 and start - timedelta(days=60) > nine:
            earlier = max(nine, start - timedelta(days=rng.randint(60, 500)))
            plan.care.append((CareStatusValue.EARLY_HELP, earlier, start))
        if age >= 18:
            eighteen = _birthday(born, 18)
            if status == CareStatusValue.LOOKED_AFTER:
                plan.care.append(
                    (CareStatusValue.LOOKED_AFTER, min(start, eighteen - timedelta(days=200)), eighteen)
                )
                plan.care.append((CareStatusValue.CARE_LEAVER, eighteen, None))
            else:
                plan.care.append((status, min(start, eighteen - timedelta(days=100)), eighteen))
            return
        plan.care.append((status, start, None))

    def _add_education(self, plan: PersonPlan) -> None:
        rng = self.rng
        born = plan.person.date_of_birth or self.today
        age = _age_on(born, self.today)
        area = plan.area
        school = rng.choice(area.schools)
        eleven = _birthday(born, 11)
        criminal = plan.exploitation_type in (ExploitationType.CRIMINAL, ExploitationType.COUNTY_LINES)
        out_of_school = rng.random() < (0.88 if criminal else 0.55)
        if age < 16:
            if age < 11:
                primary = f"{rng.choice(area.towns)} Primary School"
                plan.education.append((EducationStatusValue.MAINSTREAM, _birthday(born, 4), None, primary))
                return
            if not out_of_school:
                plan.education.append((EducationStatusValue.MAINSTREAM, eleven, None, school))
                return
            left = self._date_within(700, not_before=eleven + timedelta(days=30))
            plan.education.append((EducationStatusValue.MAINSTREAM, eleven, left, school))
            status = rng.choice(OUT_OF_SCHOOL)
            setting = f"{area.name} Pupil Referral Unit" if status == EducationStatusValue.PRU else ""
            plan.education.append((status, left, None, setting))
            return
        sixteen = _birthday(born, 16)
        if out_of_school:
            plan.education.append((rng.choice(OUT_OF_SCHOOL[:3]), eleven + timedelta(days=700), sixteen, ""))
            plan.education.append((EducationStatusValue.NEET, sixteen, None, ""))
        else:
            plan.education.append((EducationStatusValue.MAINSTREAM, eleven, sixteen, school))
            college = f"{rng.choice(area.towns)} College"
            plan.education.append(
                (
                    EducationStatusValue.MAINSTREAM,
                    sixteen,
                    _birthday(born, 18) if age >= 18 else None,
                    college,
                )
            )

    def _add_youth_justice(self, plan: PersonPlan) -> None:
        rng = self.rng
        born = plan.person.date_of_birth or self.today
        criminal = plan.exploitation_type in (ExploitationType.CRIMINAL, ExploitationType.COUNTY_LINES)
        if _age_on(born, self.today) < 12 or rng.random() > (0.4 if criminal else 0.08):
            return
        start = self._date_within(800, not_before=_birthday(born, 12))
        closed = rng.random() < 0.4
        end = start + timedelta(days=rng.randint(90, 360)) if closed else None
        plan.youth_justice.append((_pick(rng, YJS_WEIGHTS), start, end if end and end < self.today else None))

    # -- agencies involved and risk assessments --------------------------------------------------

    def _add_involvements(self, plan: PersonPlan) -> None:
        rng = self.rng
        short = plan.area.short
        born = plan.person.date_of_birth or self.today
        age = _age_on(born, self.today)
        open_care = [episode for episode in plan.care if episode[2] is None]
        if open_care:
            role = (
                "Allocated social worker"
                if open_care[0][0] != CareStatusValue.EARLY_HELP
                else "Early help worker"
            )
            plan.involvements.append((f"{short}-csc", role, open_care[0][1], None))
        current_education = [episode for episode in plan.education if episode[2] is None]
        if current_education and age < 16:
            status, start, _, setting = current_education[0]
            if status == EducationStatusValue.MAINSTREAM:
                number = plan.area.schools.index(setting) + 1 if setting in plan.area.schools else 1
                plan.involvements.append((f"{short}-school-{number}", "School", start, None))
            elif status == EducationStatusValue.PRU:
                plan.involvements.append((f"{short}-pru", "Pupil referral unit", start, None))
        if rng.random() < 0.55:
            plan.involvements.append(
                (POLICE_CODE, "Missing from Home and Child Exploitation Team", self._date_within(600), None)
            )
        if any(end is None for _, _, end in plan.youth_justice):
            plan.involvements.append((f"{short}-yjs", "YJS case manager", plan.youth_justice[0][1], None))
        if rng.random() < 0.3:
            plan.involvements.append(
                (
                    f"{short}-health",
                    "School nurse" if age < 16 else "Sexual health nurse",
                    self._date_within(500),
                    None,
                )
            )
        if rng.random() < 0.25:
            plan.involvements.append((f"{short}-youth", "Youth worker", self._date_within(400), None))
        if rng.random() < 0.2:
            plan.involvements.append(
                (RETURN_INTERVIEW_CODE, "Return home interviews", self._date_within(300), None)
            )
        if age >= 17 and rng.random() < 0.15:
            plan.involvements.append(
                (f"{short}-housing", "Housing support officer", self._date_within(300), None)
            )

    def _add_risk(self, plan: PersonPlan) -> None:
        rng = self.rng
        person = plan.person
        words = {"name": person.given_name, **_pronouns(person.sex)}
        summary = SUMMARIES.get(plan.exploitation_type, SUMMARIES[ExploitationType.CRIMINAL]).format(**words)
        in_date = rng.random() < 0.4
        assessed = self.today - timedelta(days=rng.randint(0, 27) if in_date else rng.randint(35, 240))
        agency = f"{plan.area.short}-csc"
        if rng.random() < 0.5:
            earlier = assessed - timedelta(days=rng.randint(30, 120))
            plan.risk.append(
                {
                    "assessed_on": earlier,
                    "level": _pick(rng, LEVEL_WEIGHTS),
                    "summary": summary,
                    "next_review_due": earlier + REVIEW_INTERVAL,
                    "closed_on": assessed,
                    "closed_reason": "Superseded by a new assessment",
                    "agency": agency,
                }
            )
        plan.risk.append(
            {
                "assessed_on": assessed,
                "level": _pick(rng, LEVEL_WEIGHTS),
                "summary": summary,
                "next_review_due": assessed + REVIEW_INTERVAL,
                "closed_on": None,
                "closed_reason": "",
                "agency": agency,
            }
        )


# ---------------------------------------------------------------------------------------------
# Saving people in bulk
# ---------------------------------------------------------------------------------------------


@dataclass
class SeedContext:
    areas: dict[str, Area]
    agencies: dict[str, Agency]
    users: dict[str, User]


def _save_plans(plans: Sequence[PersonPlan], context: SeedContext) -> list[int]:
    """Insert the people of ``plans`` and all their records; return the new person ids."""
    for plan in plans:
        plan.person.area = context.areas[plan.area.code]
    Person.objects.bulk_create([plan.person for plan in plans], batch_size=ROWS_PER_INSERT)
    agencies = context.agencies
    user_ids = {username: user.pk for username, user in context.users.items()}
    aliases: list[tuple[Any, ...]] = []
    identifiers: list[tuple[Any, ...]] = []
    addresses: list[tuple[Any, ...]] = []
    care: list[tuple[Any, ...]] = []
    education: list[tuple[Any, ...]] = []
    youth_justice: list[tuple[Any, ...]] = []
    involvements: list[tuple[Any, ...]] = []
    risks: list[tuple[Any, ...]] = []
    for plan in plans:
        pid = plan.person.pk
        area_id = context.areas[plan.area.code].pk
        aliases += [(pid, kind, name) for kind, name in plan.aliases]
        identifiers += [(pid, kind, value) for kind, value in plan.identifiers]
        addresses += [
            (pid, area_id, a["line_1"], a["town"], a["postcode"], a["start"], a["end"])
            for a in plan.addresses
        ]
        care += [(pid, status, start, end) for status, start, end in plan.care]
        education += [(pid, status, start, end, setting) for status, start, end, setting in plan.education]
        youth_justice += [(pid, status, start, end) for status, start, end in plan.youth_justice]
        involvements += [
            (pid, agencies[code].pk, role, start, user_ids.get(worker or ""))
            for code, role, start, worker in plan.involvements
        ]
        risks += [
            (
                pid,
                plan.exploitation_type,
                agencies[risk["agency"]].pk,
                risk["assessed_on"],
                risk["level"],
                risk["summary"],
                risk["next_review_due"],
                risk["closed_on"],
                risk["closed_reason"],
            )
            for risk in plan.risk
        ]
    bulk_insert(PersonAlias, ["person_id", "kind", "name"], aliases)
    bulk_insert(PersonIdentifier, ["person_id", "kind", "value"], identifiers)
    bulk_insert(
        PersonAddress, ["person_id", "area_id", "line_1", "town", "postcode", "start", "end"], addresses
    )
    bulk_insert(CareStatus, ["person_id", "status", "start", "end"], care)
    bulk_insert(EducationStatus, ["person_id", "status", "start", "end", "setting_name"], education)
    bulk_insert(YouthJusticeStatus, ["person_id", "status", "start", "end"], youth_justice)
    bulk_insert(Involvement, ["person_id", "agency_id", "role", "start", "worker_id"], involvements)
    bulk_insert(
        RiskAssessment,
        [
            "person_id",
            "exploitation_type",
            "agency_id",
            "assessed_on",
            "level",
            "summary",
            "next_review_due",
            "closed_on",
            "closed_reason",
        ],
        risks,
    )
    return [plan.person.pk for plan in plans]


def _assign_demo_workers(plans: Sequence[PersonPlan], rng: random.Random) -> None:
    """Give the demo social worker a caseload: some Cheshire East children's involvements."""
    for plan in plans:
        if plan.area.code != "cheshire-east" or rng.random() > 0.05:
            continue
        plan.involvements = [
            (code, role, start, "socialworker" if code == "ce-csc" else worker)
            for code, role, start, worker in plan.involvements
        ]


def _relate_adults_to_children(adults: Sequence[int], children: Sequence[int], rng: random.Random) -> None:
    if not adults or not children:
        return
    links = []
    for adult_id in adults:
        for child_id in rng.sample(children, k=min(len(children), rng.randint(1, 3))):
            links.append(
                Relationship(
                    person_id=child_id,
                    other_id=adult_id,
                    kind=RelationshipKind.POTENTIALLY_EXPLOITATIVE,
                    notes="Believed to be exploiting the child; intelligence held by police.",
                )
            )
    Relationship.objects.bulk_create(links, batch_size=ROWS_PER_INSERT)


# ---------------------------------------------------------------------------------------------
# The memorable child
# ---------------------------------------------------------------------------------------------

JADE_DOB = date(2009, 3, 14)


def _jade_smith(factory: PeopleFactory) -> PersonPlan:
    """Jade Smith, born 14 March 2009, Cheshire East: the child the README and browser tests use."""
    today = factory.today
    area = AREAS[0]
    person = Person(
        given_name="Jade",
        family_name="Smith",
        date_of_birth=JADE_DOB,
        sex="female",
        ethnicity="White British",
        first_language="English",
        send=SendStatus.SEN_SUPPORT,
    )
    serial = factory.next_serial()
    plan = PersonPlan(person=person, area=area, exploitation_type=ExploitationType.SEXUAL)
    plan.aliases.append((AliasKind.NICKNAME, "Jadey"))
    plan.identifiers += [
        (IdentifierKind.NHS_NUMBER, nhs_number(serial)),
        (IdentifierKind.UPN, upn(serial, area.la_code, JADE_DOB.year + 5)),
        (IdentifierKind.LA_ID, f"CE-{serial:07d}"),
    ]
    plan.addresses.append(
        {
            "line_1": "27 Hawthorn Close",
            "town": "Crewe",
            "postcode": "CW1 4QT",
            "start": date(2021, 9, 1),
            "end": None,
        }
    )
    plan.care += [
        (CareStatusValue.EARLY_HELP, date(2022, 2, 1), date(2023, 1, 10)),
        (CareStatusValue.CIN_PLAN, date(2023, 1, 10), None),
    ]
    plan.education.append((EducationStatusValue.MAINSTREAM, date(2020, 9, 1), None, AREAS[0].schools[0]))
    plan.involvements += [
        ("ce-csc", "Allocated social worker", date(2023, 1, 10), "socialworker"),
        ("ce-school-1", "School", date(2020, 9, 1), None),
        (POLICE_CODE, "Missing from Home and Child Exploitation Team", date(2024, 5, 2), None),
        ("ce-health", "School nurse", date(2023, 3, 1), None),
    ]
    words = {"name": "Jade", **_pronouns("female")}
    assessed = today - timedelta(days=10)
    plan.risk.append(
        {
            "assessed_on": assessed,
            "level": "medium",
            "summary": SUMMARIES[ExploitationType.SEXUAL].format(**words),
            "next_review_due": assessed + REVIEW_INTERVAL,
            "closed_on": None,
            "closed_reason": "",
            "agency": "ce-csc",
        }
    )
    return plan


# ---------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------


@dataclass
class SeedReport:
    skipped: bool = False
    children: int = 0
    adults: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    casework: dict[str, int] = field(default_factory=dict)


def partnership_exists() -> bool:
    return Partnership.objects.exists()


def demo_seed(
    *,
    actor: User | None = None,
    children: int = 2000,
    seed: int = 42,
    if_empty: bool = False,
    today: date | None = None,
    log: Log | None = None,
) -> SeedReport:
    """Create the demo partnership, accounts and ``children`` synthetic children (plus adults).

    Refuses to add a second partnership: with ``if_empty`` it quietly does nothing instead.
    People are saved in chunks, each in its own transaction, so a million-person seed does not
    hold one enormous transaction.
    """
    say = log or (lambda message: None)
    if partnership_exists():
        if if_empty:
            say("A partnership already exists: nothing to do.")
            return SeedReport(skipped=True)
        raise ValueError("This database already has a partnership. Use a fresh database, or --if-empty.")
    started = time.perf_counter()
    report = SeedReport()
    today_given = today is not None
    today = today or date.today()
    factory = PeopleFactory(seed=seed, today=today)
    with transaction.atomic():
        agencies = _create_partnership()
        teams = _create_teams(agencies)
        users = _create_demo_users(agencies, teams)
        areas = {area.code: area for area in Area.objects.all()}
        context = SeedContext(areas=areas, agencies=agencies, users=users)
        audit_record(
            actor=actor,
            action="create",
            object_type="demo_seed",
            purpose="Demo data",
            detail={"children": children, "seed": seed, "agencies": len(agencies), "users": len(users)},
            username="seed_demo",
        )
    report.timings["partnership and accounts"] = time.perf_counter() - started
    adults = max(1, children // 20)
    child_ids = _seed_in_chunks(
        lambda count: [factory.child() for _ in range(count)],
        children,
        context,
        factory,
        first=[_jade_smith(factory)],
        say=say,
        label="children",
        timings=report.timings,
    )
    adult_ids = _seed_in_chunks(
        lambda count: [factory.adult_of_concern() for _ in range(count)],
        adults,
        context,
        factory,
        first=[],
        say=say,
        label="adults of concern",
        timings=report.timings,
    )
    with transaction.atomic():
        step = time.perf_counter()
        _relate_adults_to_children(adult_ids, child_ids[: min(len(child_ids), 50_000)], factory.rng)
        report.timings["relationships"] = time.perf_counter() - step
    population = load_population(
        child_ids=child_ids,
        rng=random.Random(seed + 1),
        today=today,
        now=demo_now(today, given=today_given),
        areas=areas,
        agencies=agencies,
        users=users,
    )
    report.casework = seed_casework(population, actor=actor, say=say, timings=report.timings)
    report.children = len(child_ids)
    report.adults = len(adult_ids)
    report.seconds = time.perf_counter() - started
    say(f"Seeded {report.children} children and {report.adults} adults of concern in {report.seconds:.1f}s.")
    return report


def _has_partnership_work(module: str) -> bool:
    from lantern.intelligence.models import Disruption, IntelligenceReport, NrmReferral
    from lantern.meetings.models import Meeting, TransitionPlan
    from lantern.prevent.models import AwarenessActivity, PublicWorry, TrainingSession

    models = {
        "intelligence": (IntelligenceReport, Disruption, NrmReferral),
        "meetings": (Meeting, TransitionPlan),
        "prevent": (PublicWorry, AwarenessActivity, TrainingSession),
    }[module]
    return any(model.objects.exists() for model in models)


def _demo_child_ids() -> list[int]:
    """The seeded children, Jade Smith first: everyone but the adults of concern (the people seed
    involves the police with each of them as a person of concern)."""
    adults = set(
        Involvement.objects.filter(agency__code=POLICE_CODE, role="Person of concern").values_list(
            "person_id", flat=True
        )
    )
    jade = (
        Person.objects.filter(given_name="Jade", family_name="Smith", date_of_birth=JADE_DOB)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    ids = [pk for pk in Person.objects.order_by("pk").values_list("pk", flat=True) if pk not in adults]
    if jade is None:
        return ids
    return [jade, *(pk for pk in ids if pk != jade)]


def demo_seed_partnership_work(
    *,
    actor: User | None = None,
    modules: Sequence[str] = PARTNERSHIP_WORK,
    seed: int = 42,
    log: Log | None = None,
) -> SeedReport:
    """Add the intelligence, meetings and Prevent demo data to a database seeded without them,
    leaving the people and their casework as they are. Refuses a module that already has data."""
    say = log or (lambda message: None)
    unknown = sorted(set(modules) - set(PARTNERSHIP_WORK))
    if unknown:
        raise ValueError(
            f"Unknown module(s): {', '.join(unknown)}. Choose from: {', '.join(PARTNERSHIP_WORK)}."
        )
    if not partnership_exists():
        raise ValueError("This database has no demo partnership. Run seed_demo first.")
    present = [module for module in modules if _has_partnership_work(module)]
    if present:
        raise ValueError(f"This database already has {', '.join(present)} data: nothing was added.")
    child_ids = _demo_child_ids()
    if not child_ids:
        raise ValueError("This database has no children. Run seed_demo on an empty database instead.")
    started = time.perf_counter()
    report = SeedReport()
    today = date.today()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="create",
            object_type="demo_seed",
            purpose="Demo data",
            detail={"modules": list(modules), "seed": seed, "existing_children": len(child_ids)},
            username="seed_demo",
        )
    population = load_population(
        child_ids=child_ids,
        rng=random.Random(seed + 2),
        today=today,
        now=demo_now(today, given=False),
        areas={area.code: area for area in Area.objects.all()},
        agencies={agency.code: agency for agency in Agency.objects.all()},
        users={
            user.username: user
            for user in User.objects.filter(username__in=[spec.username for spec in DEMO_USERS])
        },
    )
    run_steps(partnership_work_steps(population, modules), say=say, timings=report.timings)
    report.casework = population.counts
    report.children = len(child_ids)
    report.seconds = time.perf_counter() - started
    say(f"Added {', '.join(modules)} for {report.children} children in {report.seconds:.1f}s.")
    return report


def _seed_in_chunks(
    make: Callable[[int], list[PersonPlan]],
    total: int,
    context: SeedContext,
    factory: PeopleFactory,
    *,
    first: list[PersonPlan],
    say: Log,
    label: str,
    timings: dict[str, float],
) -> list[int]:
    ids: list[int] = []
    remaining = max(0, total - len(first))
    pending = first
    while pending or remaining > 0:
        count = min(PEOPLE_PER_CHUNK - len(pending), remaining)
        step = time.perf_counter()
        plans = pending + make(count)
        remaining -= count
        pending = []
        _assign_demo_workers(plans, factory.rng)
        timings[f"{label}: generate"] = timings.get(f"{label}: generate", 0.0) + time.perf_counter() - step
        with transaction.atomic():
            step = time.perf_counter()
            new_ids = _save_plans(plans, context)
            timings[f"{label}: save"] = timings.get(f"{label}: save", 0.0) + time.perf_counter() - step
            step = time.perf_counter()
            index_people(new_ids)
            timings[f"{label}: index"] = timings.get(f"{label}: index", 0.0) + time.perf_counter() - step
        ids += new_ids
        say(f"  {len(ids)} of {total} {label} saved")
    return ids


def upn_is_valid(value: str) -> bool:
    """True when a UPN's check letter matches (used by the demo tests)."""
    return len(value) == 13 and value[0] in UPN_LETTERS and upn_check_letter(value[1:]) == value[0]
