"""Tests that flush the database (a live server, ``transaction=True``) still start from what the
migrations installed: tests/browser/fixtures.py puts back what the migrations installed after each flush."""

from __future__ import annotations

import pytest

from lantern.intelligence.models import DisruptionType
from lantern.language.models import LanguagePhrase
from lantern.screening.models import IndicatorCatalogue


def _installed_by_migrations() -> tuple[int, int, int]:
    return (
        LanguagePhrase.objects.count(),
        IndicatorCatalogue.objects.filter(is_current=True).count(),
        DisruptionType.objects.count(),
    )


@pytest.mark.django_db(transaction=True)
def test_a_flushing_test_finds_them_and_its_teardown_empties_every_table() -> None:
    assert all(_installed_by_migrations())
    DisruptionType.objects.all().delete()  # what a test writes is gone after the flush too
    assert DisruptionType.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_next_flushing_test_finds_them_installed_again() -> None:
    phrases, catalogues, disruption_types = _installed_by_migrations()
    assert phrases >= 10
    assert catalogues == 1
    assert disruption_types >= 5


@pytest.mark.django_db(transaction=True)
def test_new_rows_after_a_restore_get_fresh_ids() -> None:
    # The restore keeps the migrated rows' ids; the sequences must stay past them (PostgreSQL).
    created = DisruptionType.objects.create(code="restore-check", label="Restore check")
    assert created.pk not in set(DisruptionType.objects.exclude(pk=created.pk).values_list("pk", flat=True))
