"""The roles of DESIGN.md §2 and what each may do. One place to read the rules."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Safeguarding lead"
    FRONT_DOOR = "front_door", "Front door"
    CASE_HOLDER = "case_holder", "Case holder"
    EXPLOITATION_POLICE = "exploitation_police", "Exploitation police"
    MEETING_CHAIR = "meeting_chair", "Meeting coordinator or chair"
    ANALYST = "analyst", "Analyst"
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership admin"
    AUDITOR = "auditor", "Auditor"


# Roles whose work is with individual people's records. Analysts see aggregates only;
# partnership admins configure; auditors read the audit trail and run subject access exports.
CASEWORK_ROLES = frozenset(
    {
        Role.PRACTITIONER,
        Role.SAFEGUARDING_LEAD,
        Role.FRONT_DOOR,
        Role.CASE_HOLDER,
        Role.EXPLOITATION_POLICE,
        Role.MEETING_CHAIR,
    }
)


def can_search_people(role: str) -> bool:
    return role in CASEWORK_ROLES


def can_configure_partnership(role: str) -> bool:
    return role == Role.PARTNERSHIP_ADMIN


def can_read_audit(role: str) -> bool:
    return role == Role.AUDITOR


def can_record_risk_assessment(role: str) -> bool:
    return role in {Role.CASE_HOLDER, Role.FRONT_DOOR, Role.EXPLOITATION_POLICE, Role.MEETING_CHAIR}
