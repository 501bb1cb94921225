"""Factories for intelligence tests."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from rest_framework.test import APIClient

from lantern.audit.models import AuditEvent
from lantern.core.testing import TestWorld, involve, make_person
from lantern.intelligence import services
from lantern.intelligence.models import IntelligenceReport
from lantern.intelligence.services import SubjectInput
from lantern.people.models import LawfulBasis, Person

ORIGINAL = "Mrs Jones at the corner shop told me she saw Jade get into a red Ford, AB12 CDE, with a man called Big D."
SANITISED = "A child was seen getting into a red Ford AB12 CDE with an adult known as Big D."


def api_client(user: Any) -> APIClient:
    out = StringIO()
    call_command("api_token", user.username, stdout=out, stderr=StringIO())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def refused(user: Any, object_type: str = "") -> bool:
    events = AuditEvent.objects.filter(action="access_refused", user_id_ref=user.pk)
    if object_type:
        events = events.filter(object_type=object_type)
    return events.exists()


def teacher_report(world: TestWorld, *, vrm: str = "AB12 CDE", nickname: str = "Big D") -> IntelligenceReport:
    return services.report_create(
        actor=world.teacher,
        text=ORIGINAL,
        source_details="Mrs Jones, corner shop owner",
        subjects=[
            SubjectInput(kind="person", person_id=world.child.pk, person_role="child"),
            SubjectInput(kind="person", description="Adult man, about 30", nickname=nickname),
            SubjectInput(kind="vehicle", vrm=vrm, vehicle_make="Ford Focus", vehicle_colour="Red"),
        ],
    )


def police_involved(world: TestWorld, person: Person) -> None:
    involve(person, world.police, role="Exploitation team")


def adult_of_concern(world: TestWorld) -> Person:
    adult = make_person(given_name="Dean", family_name="Carter", area=world.area_a)
    police_involved(world, adult)
    return adult


def graded(
    world: TestWorld, report: IntelligenceReport, *, handling: str = "P", conditions: str = ""
) -> IntelligenceReport:
    return services.report_grade(
        actor=world.police_officer,
        report=report,
        expected_version=report.version,
        source_grade="2",
        information_grade="B",
        handling=handling,
        handling_conditions=conditions,
        sanitised_text=SANITISED,
    )


def shared_with(world: TestWorld, report: IntelligenceReport, agency: Any) -> None:
    services.share_decision_record(
        actor=world.police_officer,
        report=report,
        to_agency=agency,
        shared=True,
        lawful_basis=LawfulBasis.LAW_ENFORCEMENT,
        purpose="Safeguarding the child",
    )
