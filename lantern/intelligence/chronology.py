"""Intelligence, disruption and NRM referrals on the chronology of the people they concern.

The person page has already allowed the viewer to see the person. What each entry shows still
depends on the viewer: exploitation police see every report (sanitised text once graded);
partners see only graded reports shared with their agency, sanitised; practitioners see none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from lantern.chronology.registry import ChronologyEntry
from lantern.intelligence.selectors import (
    chronology_disruptions_for,
    chronology_nrm_referrals_for,
    chronology_reports_for,
    is_exploitation_police,
    rg_decision_late,
)


def intelligence_entries(person: Any, user: Any) -> Iterator[ChronologyEntry]:
    police = is_exploitation_police(user)
    for report in chronology_reports_for(user, person):
        agency = report.reporter_agency
        grading = f" graded {report.grading}" if report.grading else " (not yet graded)"
        yield ChronologyEntry(
            at=report.created_at,
            kind="intelligence",
            kind_label="Intelligence",
            title=f"Intelligence report {report.reference}{grading}",
            summary=report.sanitised_text,
            url=reverse("intelligence:report-detail", args=[report.pk]),
            agency_code=agency.code if agency and police else "",
            agency_name=agency.name if agency and police else "",
        )
    for disruption in chronology_disruptions_for(user, person):
        against = ""
        if police and disruption.target_person_id != person.pk:
            target = disruption.target_person or disruption.target_context
            against = f" against {target}" if target else ""
        yield ChronologyEntry(
            at=disruption.happened_on,
            kind="disruption",
            kind_label="Disruption",
            title=f"{disruption.disruption_type.label}{against}",
            summary=disruption.outcome if police else "",
            url=reverse("intelligence:disruption-list") if police else "",
            agency_code=disruption.agency.code,
            agency_name=disruption.agency.name,
        )
    for referral in chronology_nrm_referrals_for(user, person):
        late = " (reasonable-grounds decision late)" if rg_decision_late(referral) else ""
        yield ChronologyEntry(
            at=referral.submitted_at,
            kind="nrm_referral",
            kind_label="NRM referral",
            title=f"NRM referral by {referral.first_responder_agency.name}: reasonable grounds "
            f"{referral.get_reasonable_grounds_decision_display().lower()}{late}",
            url=reverse("intelligence:nrm-detail", args=[referral.pk]),
            agency_code=referral.first_responder_agency.code,
            agency_name=referral.first_responder_agency.name,
        )
