"""The dashboard's shared reading gives exactly what the three separate calls give."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.profile.figures import dashboard_data, figures, trends
from lantern.profile.selectors import profile_report
from lantern.profile.tests.test_trends import build_history


@pytest.mark.parametrize(
    ("as_at", "exploitation_type"), [(date(2021, 3, 31), None), (date(2021, 3, 31), "sexual")]
)
def test_dashboard_data_is_the_three_calls(world: Any, as_at: date, exploitation_type: str | None) -> None:
    build_history(world)
    data = dashboard_data(as_at=as_at, months=12, exploitation_type=exploitation_type)
    assert data["profile"] == profile_report(as_at=as_at, exploitation_type=exploitation_type)
    assert data["figures"] == figures(as_at=as_at, exploitation_type=exploitation_type)
    assert data["trends"] == trends(as_at=as_at, months=12, exploitation_type=exploitation_type)
    route = data["figures"]["figures"]["identification_route"]
    assert sum(row["counts"]["total"] for row in route) == data["trends"][-1]["population"] > 0


def test_dashboard_data_reads_the_population_and_raisers_once(world: Any) -> None:
    build_history(world)
    as_at = date(2021, 3, 31)
    with CaptureQueriesContext(connection) as separate:
        profile_report(as_at=as_at)
        figures(as_at=as_at)
        trends(as_at=as_at)
    with CaptureQueriesContext(connection) as shared:
        dashboard_data(as_at=as_at)
    assert len(shared) == len(separate) - 4
