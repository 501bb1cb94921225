from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse

from lantern.chronology.registry import chronology_for, providers
from lantern.risk.tests.factories import make_assessment

if TYPE_CHECKING:
    from lantern.core.testing import TestWorld


def test_the_provider_is_registered() -> None:
    assert "risk_assessment" in providers()


def test_each_assessment_and_closure_is_on_the_chronology(world: TestWorld) -> None:
    make_assessment(
        world.child,
        assessed_on=date(2025, 1, 10),
        level="high",
        exploitation_type="criminal",
        agency=world.csc_a,
        closed_on=date(2025, 3, 1),
        closed_reason="Safety plan working",
    )
    make_assessment(world.child, assessed_on=date(2025, 3, 2), level="medium", exploitation_type="sexual")
    entries = [
        entry
        for entry in chronology_for(world.child, world.social_worker_a)
        if entry.kind == "risk_assessment"
    ]
    assert [(entry.at, entry.title) for entry in entries] == [
        (date(2025, 3, 2), "Risk assessment: Medium \N{EN DASH} Sexual exploitation"),
        (date(2025, 3, 1), "Risk assessment closed"),
        (date(2025, 1, 10), "Risk assessment: High \N{EN DASH} Criminal exploitation"),
    ]
    closed = entries[1]
    assert closed.summary == "Safety plan working"
    assert closed.agency_code == world.csc_a.code
    assert closed.url == reverse("risk:assessment-list", args=[world.child.pk])


def test_the_chronology_can_be_filtered_to_risk_assessments(world: TestWorld) -> None:
    make_assessment(world.child, agency=world.csc_a)
    entries = chronology_for(
        world.child, world.social_worker_a, kind="risk_assessment", agency_code=world.csc_a.code
    )
    assert len(entries) == 1
