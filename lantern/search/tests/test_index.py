from __future__ import annotations

import time
from datetime import date

import pytest

from lantern.people.models import Person, PersonAlias
from lantern.search.index import deletions, index_people, name_tokens, normalise, variants
from lantern.search.models import SearchToken, TokenVariant


def test_normalise_lowercases_strips_accents_and_punctuation() -> None:
    assert normalise("  Zoë O'Brien-Núñez ") == ["zoe", "obriennunez"]
    assert normalise("J.  SMITH") == ["j", "smith"]
    assert normalise("") == []


def test_hyphenated_names_are_indexed_whole_and_in_parts() -> None:
    assert name_tokens("Smith-Jones") == ["smithjones", "smith", "jones"]


def test_variants_are_the_token_and_each_single_deletion() -> None:
    assert deletions("jade") == {"ade", "jde", "jae", "jad"}
    assert variants("ann") == {"ann", "nn", "an"}


@pytest.mark.django_db
def test_index_people_writes_tokens_of_every_kind() -> None:
    person = Person.objects.create(
        given_name="Amira",
        middle_names="Rose",
        family_name="Khan",
        preferred_name="Mimi",
        date_of_birth=date(2010, 4, 1),
        date_of_birth_estimated=True,
    )
    PersonAlias.objects.create(person=person, kind="street_name", name="Little A")
    index_people([person.pk])
    rows = set(SearchToken.objects.filter(person=person).values_list("token", "kind"))
    assert rows == {
        ("amira", "given"),
        ("rose", "middle"),
        ("khan", "family"),
        ("mimi", "alias"),
        ("little", "alias"),
        ("a", "alias"),
    }
    assert set(
        SearchToken.objects.filter(person=person).values_list("date_of_birth", "date_of_birth_estimated")
    ) == {(date(2010, 4, 1), True)}
    assert set(TokenVariant.objects.filter(token="khan").values_list("variant", flat=True)) == variants(
        "khan"
    )


@pytest.mark.django_db
def test_reindex_is_idempotent_and_vocabulary_is_not_duplicated() -> None:
    person = Person.objects.create(given_name="Leo", family_name="Marsh")
    index_people([person.pk])
    count = TokenVariant.objects.count()
    index_people([person.pk])
    index_people([person.pk])
    assert TokenVariant.objects.count() == count
    assert SearchToken.objects.filter(person=person).count() == 2


@pytest.mark.django_db
def test_index_people_ignores_empty_and_deleted_people() -> None:
    index_people([])
    index_people([987654])
    assert SearchToken.objects.count() == 0


@pytest.mark.django_db
def test_bulk_indexing_is_fast() -> None:
    people = [
        Person(given_name=f"Given{n % 300}", family_name=f"Family{n % 1200}", date_of_birth=date(2008, 1, 1))
        for n in range(5000)
    ]
    Person.objects.bulk_create(people, batch_size=2000)
    started = time.perf_counter()
    index_people(Person.objects.values_list("pk", flat=True))
    elapsed = time.perf_counter() - started
    assert SearchToken.objects.count() == 10000
    assert elapsed < 10
