"""The optimistic-concurrency helper every service's edit goes through."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.conf import settings
from django.db import connection, transaction

from lantern.core.errors import ConflictingEdit
from lantern.core.testing import involve, make_agency, make_person
from lantern.core.versioning import Change, lock_version, save_new_version, versioned_update
from lantern.people.models import Involvement, Person

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _stored(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


@pytest.mark.django_db
def test_a_moved_on_version_is_refused_and_nothing_is_written() -> None:
    person = make_person(given_name="Jade")
    Person.objects.filter(pk=person.pk).update(version=2)

    with pytest.raises(ConflictingEdit) as refused:
        versioned_update(Person, pk=person.pk, expected_version=1, changes={"given_name": "Amy"})

    assert refused.value.current_version == 2
    assert _stored(person).given_name == "Jade"
    assert _stored(person).version == 2


@pytest.mark.django_db
def test_the_changes_are_saved_as_the_next_version_and_reported() -> None:
    person = make_person(given_name="Jade", family_name="Moss")
    before = _stored(person).updated_at

    update = versioned_update(
        Person,
        pk=person.pk,
        expected_version=1,
        changes={"given_name": "Amy", "family_name": "Moss", "date_of_birth": date(2011, 1, 2)},
    )

    assert update.changed == {
        "given_name": Change(before="Jade", after="Amy"),
        "date_of_birth": Change(before=date(2010, 3, 14), after=date(2011, 1, 2)),
    }
    stored = _stored(person)
    assert (stored.given_name, stored.date_of_birth, stored.version) == ("Amy", date(2011, 1, 2), 2)
    assert update.record.version == 2
    assert stored.updated_at > before


@pytest.mark.django_db
def test_only_the_given_fields_are_written_over_the_row() -> None:
    person = make_person(given_name="Jade", family_name="Moss")
    with transaction.atomic():
        record = lock_version(Person, pk=person.pk, expected_version=1)
        # A column the service did not set must keep what the database holds.
        Person.objects.filter(pk=person.pk).update(family_name="Reed")
        save_new_version(record, {"given_name": "Amy"})

    stored = _stored(person)
    assert (stored.given_name, stored.family_name, stored.version) == ("Amy", "Reed", 2)


@pytest.mark.django_db
def test_with_no_changes_the_version_still_moves_on_unless_asked_to_skip() -> None:
    person = make_person(given_name="Jade")

    skipped = versioned_update(
        Person, pk=person.pk, expected_version=1, changes={"given_name": "Jade"}, skip_if_unchanged=True
    )
    assert skipped.changed == {}
    assert _stored(person).version == 1

    saved = versioned_update(Person, pk=person.pk, expected_version=1, changes={"given_name": "Jade"})
    assert saved.changed == {}
    assert _stored(person).version == 2


@pytest.mark.django_db
def test_save_new_version_with_no_fields_only_moves_the_version_on() -> None:
    person = make_person(given_name="Jade")
    record = lock_version(Person, pk=person.pk, expected_version=1)

    assert save_new_version(record, {}) == {}
    assert _stored(person).version == 2
    assert _stored(person).given_name == "Jade"


@pytest.mark.django_db
def test_lock_version_takes_a_queryset_and_another_edit_token() -> None:
    person = make_person(given_name="Jade")
    involvement = involve(person, make_agency())
    # Only relations that cannot be null: PostgreSQL refuses FOR UPDATE across an outer join.
    record = lock_version(Involvement.objects.select_related("person"), pk=involvement.pk, expected_version=1)
    assert record.person.given_name == "Jade"

    by_name = lock_version(Person, pk=person.pk, expected_version=4, version_of=lambda p: len(p.given_name))
    assert by_name.pk == person.pk
    with pytest.raises(ConflictingEdit) as refused:
        lock_version(Person, pk=person.pk, expected_version=5, version_of=lambda p: len(p.given_name))
    assert refused.value.current_version == 4


def test_an_unknown_field_is_an_error_not_a_silent_skip(db: None) -> None:
    person = make_person()
    record = lock_version(Person, pk=person.pk, expected_version=1)
    with pytest.raises(AttributeError):
        save_new_version(record, {"no_such_field": "x"})


@pytest.mark.skipif(
    not ON_POSTGRES, reason="SQLite has one writer at a time; run with DATABASE_URL=postgres://"
)
@pytest.mark.django_db(transaction=True)
def test_two_saves_from_the_same_version_at_once_one_wins_one_is_refused() -> None:
    person = make_person(given_name="Jade")
    start = threading.Barrier(2)
    outcomes: list[str] = []
    failures: list[BaseException] = []

    def save(name: str) -> None:
        try:
            start.wait()
            with transaction.atomic():
                versioned_update(Person, pk=person.pk, expected_version=1, changes={"given_name": name})
            outcomes.append(name)
        except ConflictingEdit:
            outcomes.append("refused")
        except BaseException as error:  # reported to the main thread below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(name,)) for name in ("Amy", "Bea")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(outcomes)[-1] == "refused"
    winner = next(outcome for outcome in outcomes if outcome != "refused")
    stored = _stored(person)
    assert (stored.given_name, stored.version) == (winner, 2)
