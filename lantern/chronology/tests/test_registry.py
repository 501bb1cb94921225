from datetime import date, datetime

import pytest
from django.utils import timezone

from lantern.chronology import registry
from lantern.chronology.registry import ChronologyEntry, chronology_for, chronology_page


@pytest.fixture
def only_test_provider(monkeypatch):
    monkeypatch.setattr(registry, "_providers", {})
    calls = []

    def provider(person, user):
        calls.append(person)
        yield ChronologyEntry(
            at=date(2024, 1, 1), kind="a", kind_label="Alpha", title="old", agency_code="x", agency_name="X"
        )
        yield ChronologyEntry(
            at=timezone.make_aware(datetime(2024, 6, 1, 9)),
            kind="b",
            kind_label="Beta",
            title="new",
            agency_code="y",
            agency_name="Y",
        )
        yield ChronologyEntry(at=date(2024, 3, 1), kind="a", kind_label="Alpha", title="middle")

    registry.register("test", provider)
    return calls


def test_newest_first_mixing_dates_and_datetimes(only_test_provider):
    assert [e.title for e in chronology_for("p", "u")] == ["new", "middle", "old"]


def test_filters(only_test_provider):
    assert [e.title for e in chronology_for("p", "u", agency_code="x")] == ["old"]
    assert [e.title for e in chronology_for("p", "u", kind="a")] == ["middle", "old"]


def test_page_collects_once_and_offers_choices_from_everything(only_test_provider):
    page = chronology_page("p", "u", kind="b")
    assert [e.title for e in page.entries] == ["new"]
    assert page.agencies == [("x", "X"), ("y", "Y")]
    assert page.kinds == [("a", "Alpha"), ("b", "Beta")]
    assert page.total == 3
    assert only_test_provider == ["p"]


def test_people_provider_is_registered():
    assert "people" in registry.providers()
