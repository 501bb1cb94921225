"""Search index for "Do we know this child?".

Each person's names become ``SearchToken`` rows (one per normalised token, with the date of birth
copied alongside). Every distinct token is also stored in ``TokenVariant`` under itself and each
of its single-character deletions ("symmetric delete"), so a misspelt query token reaches the real
token through one indexed look-up instead of a scan of the vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.db import transaction

from lantern.people.models import Person, PersonAlias
from lantern.search.bulk import bulk_insert
from lantern.search.models import SearchToken, TokenVariant

MAX_TOKEN_LENGTH = 60
PEOPLE_PER_CHUNK = 2000
ROWS_PER_INSERT = 5000
_NOT_WORD = re.compile(r"[^a-z0-9\s]")
T = TypeVar("T")


def normalise(text: str) -> list[str]:
    """Lowercase, strip accents, drop punctuation (hyphens and apostrophes join), split on spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    cleaned = _NOT_WORD.sub("", without_accents.lower())
    return [token[:MAX_TOKEN_LENGTH] for token in cleaned.split()]


def name_tokens(text: str) -> list[str]:
    """Tokens to index for a name: the normalised tokens plus the parts of hyphenated names.

    "Smith-Jones" is indexed as "smithjones", "smith" and "jones", so any of them finds it.
    """
    tokens = normalise(text)
    for word in (text or "").split():
        if "-" in word:
            tokens.extend(part for piece in word.split("-") for part in normalise(piece))
    return list(dict.fromkeys(tokens))


def deletions(token: str) -> set[str]:
    """The token with each single character removed."""
    return {token[:position] + token[position + 1 :] for position in range(len(token))} - {""}


def variants(token: str) -> set[str]:
    """What the token is stored under in TokenVariant: itself and all its single deletions."""
    return deletions(token) | {token}


@dataclass(frozen=True)
class _PersonNames:
    person_id: int
    given_name: str
    middle_names: str
    family_name: str
    preferred_name: str
    date_of_birth: date | None
    date_of_birth_estimated: bool


def _chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _tokens_for(person: _PersonNames, aliases: list[str]) -> list[tuple[str, str]]:
    """(token, kind) pairs for one person, each pair once."""
    pairs: list[tuple[str, str]] = []
    pairs += [(token, "given") for token in name_tokens(person.given_name)]
    pairs += [(token, "middle") for token in name_tokens(person.middle_names)]
    pairs += [(token, "family") for token in name_tokens(person.family_name)]
    for alias in [person.preferred_name, *aliases]:
        pairs += [(token, "alias") for token in name_tokens(alias)]
    return list(dict.fromkeys(pairs))


def _load_people(person_ids: Sequence[int]) -> list[_PersonNames]:
    rows = Person.objects.filter(pk__in=person_ids).values_list(
        "pk",
        "given_name",
        "middle_names",
        "family_name",
        "preferred_name",
        "date_of_birth",
        "date_of_birth_estimated",
    )
    return [_PersonNames(*row) for row in rows]


def _load_aliases(person_ids: Sequence[int]) -> dict[int, list[str]]:
    aliases: dict[int, list[str]] = defaultdict(list)
    for person_id, name in PersonAlias.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "name"
    ):
        aliases[person_id].append(name)
    return aliases


def _index_chunk(person_ids: Sequence[int]) -> set[str]:
    """Replace the chunk's SearchToken rows; return the distinct tokens written."""
    people = _load_people(person_ids)
    aliases = _load_aliases(person_ids)
    rows: list[tuple[int, str, str, date | None, bool]] = []
    for person in people:
        for token, kind in _tokens_for(person, aliases.get(person.person_id, [])):
            rows.append((person.person_id, token, kind, person.date_of_birth, person.date_of_birth_estimated))
    SearchToken.objects.filter(person_id__in=person_ids).delete()
    bulk_insert(SearchToken, ["person_id", "token", "kind", "date_of_birth", "date_of_birth_estimated"], rows)
    return {row[1] for row in rows}


def add_vocabulary(tokens: Iterable[str]) -> int:
    """Add each token not yet in the vocabulary under all its variants. Returns how many were new.

    A token's own row (variant == token) is written with its deletions in one transaction, so its
    presence means the token is complete.
    """
    wanted = sorted(set(tokens))
    new_tokens: list[str] = []
    for chunk in _chunks(wanted, PEOPLE_PER_CHUNK):
        known = set(
            TokenVariant.objects.filter(variant__in=chunk, token__in=chunk).values_list("token", flat=True)
        )
        new_tokens += [token for token in chunk if token not in known]
    # ignore_conflicts: another request may be adding the same new token at the same moment.
    rows = [TokenVariant(variant=variant, token=token) for token in new_tokens for variant in variants(token)]
    TokenVariant.objects.bulk_create(rows, batch_size=ROWS_PER_INSERT, ignore_conflicts=True)
    return len(new_tokens)


def index_people(person_ids: Iterable[int]) -> None:
    """Rebuild the search tokens of these people (in bulk) and extend the vocabulary."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    tokens: set[str] = set()
    with transaction.atomic():
        for chunk in _chunks(ids, PEOPLE_PER_CHUNK):
            tokens |= _index_chunk(chunk)
        add_vocabulary(tokens)


def index_everyone() -> None:
    """Rebuild the whole index (for example after an import that bypassed services)."""
    index_people(Person.objects.values_list("pk", flat=True))
