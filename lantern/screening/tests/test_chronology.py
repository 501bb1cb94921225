from __future__ import annotations

from typing import Any

from lantern.chronology.registry import chronology_for
from lantern.core.testing import involve
from lantern.screening.services import screening_create
from lantern.screening.tests.factories import HIGH_CODE, child_aged, completed_screening


def test_completed_screening_is_on_the_chronology_and_drafts_are_not(world: Any) -> None:
    child = child_aged(13, area=world.area_a)
    involve(child, world.school_a)
    done = completed_screening(
        world.teacher, child, yes=[HIGH_CODE], judgement="Older males collect him from school"
    )
    screening_create(actor=world.teacher, person=child)
    entries = [entry for entry in chronology_for(child, world.teacher) if entry.kind == "screening"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.title == "Screening completed: suggested High, final High \u2014 outcome Refer to front door"
    assert entry.agency_code == world.school_a.code and entry.at == done.completed_at
    assert entry.summary == "Older males collect him from school"
    assert entry.url == f"/screening/{done.pk}/view/"
