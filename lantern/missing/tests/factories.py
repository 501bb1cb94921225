from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from lantern.core.testing import make_agency
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.missing.services import episode_close, episode_create
from lantern.partnership.models import AgencyType


def ago(**delta: Any) -> datetime:
    return timezone.now() - timedelta(**delta)


def make_provider(code: str = "safe-return", name: str = "Safe Return Service") -> Any:
    return make_agency(code, agency_type=AgencyType.VOLUNTARY, name=name)


def open_episode(
    actor: Any, person: Any, *, reported_at: datetime | None = None, grade: str = "medium"
) -> MissingEpisode:
    return episode_create(
        actor=actor,
        person=person,
        missing_from="care",
        reported_at=reported_at or ago(hours=6),
        risk_grade=grade,
        last_seen_where="Bus station",
    )


def returned_episode(
    actor: Any,
    person: Any,
    *,
    returned_at: datetime | None = None,
    provider: Any = None,
    reported_at: datetime | None = None,
) -> tuple[MissingEpisode, ReturnInterview]:
    episode = open_episode(actor, person, reported_at=reported_at)
    episode = episode_close(
        actor=actor,
        episode=episode,
        returned_at=returned_at or ago(hours=1),
        found_where="Takeaway on the high street",
        found_postcode="ab1 2cd",
        found_with=[],
        how_returned="found_by_police",
        safe_and_well_check_at=None,
        safe_and_well_check_by="",
        provider=provider,
        expected_version=episode.version,
    )
    return episode, ReturnInterview.objects.get(episode=episode)
