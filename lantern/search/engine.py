"""'Do we know this child?' — fuzzy search on names, date of birth and identifiers.

Unscoped: the people app wraps ``search_people`` with access control and audit. Portable across
SQLite and PostgreSQL: plain B-tree indexes and ORM queries only. A search takes a handful of
queries whatever the data size:

1. vocabulary: which indexed tokens are within an edit or two of each query token (TokenVariant),
   and, with a full date of birth, the name tokens of the few people born that day;
2. identifier: exact match on a normalised identifier (when one is given);
3. scoring: ONE grouped query over SearchToken that scores each person and keeps the best;
4. reasons: the matching tokens of the few people returned, to explain each hit.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import connection, models

from lantern.people.models import IdentifierKind, PersonIdentifier
from lantern.search.index import deletions, normalise
from lantern.search.models import SearchToken, TokenVariant

NICKNAMES_FILE = Path(__file__).resolve().parent / "data" / "nicknames.csv"

WEIGHT_EXACT = 1.0
WEIGHT_NICKNAME = 0.9
WEIGHT_ONE_EDIT = 0.8
WEIGHT_TWO_EDITS = 0.6
# A token found in the "wrong" name (given name typed where the family name is) still counts.
SWAPPED_PENALTY = 0.05
IDENTIFIER_SCORE = 10.0
POINTS = 100  # SQL scores are whole points: a weight of 0.8 is 80 points
LONG_TOKEN = 7  # tokens this long may be two edits away
# Among the people born on the date searched (a handful), names this long may be two edits away:
# the shared date of birth makes a two-letter slip in a shorter name a likely match, not noise.
SAME_DOB_TWO_EDITS_MIN_LENGTH = 5
MIN_YEAR, MAX_YEAR = 1900, 2100  # a year outside these is a typing slip: ignore it

DOB_EXACT = 1.0
DOB_SWAPPED_DAY_MONTH = 0.5
DOB_MONTH = 0.8
DOB_YEAR = 0.6
DOB_NEAR = 0.4  # within a year: the same day in the next or previous year, or an estimate
DOB_NEAR_PARTIAL = 0.3


@dataclass(frozen=True)
class SearchHit:
    person_id: int
    score: float
    reasons: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Query tokens and their candidate matches
# ---------------------------------------------------------------------------------------------


def damerau_levenshtein(a: str, b: str) -> int:
    """Edit distance counting an adjacent transposition as one edit (optimal string alignment)."""
    if a == b:
        return 0
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[len(b)]


@functools.cache
def nickname_groups() -> dict[str, frozenset[str]]:
    """Each name mapped to the names that are the same person's name: jim ↔ james, kaz ↔ karen."""
    links: dict[str, set[str]] = defaultdict(set)
    with NICKNAMES_FILE.open(encoding="utf-8") as handle:
        rows = csv.reader(line for line in handle if line.strip() and not line.startswith("#"))
        next(rows)  # header
        for formal, short_forms in rows:
            formal = formal.strip().lower()
            for short in short_forms.split():
                if short != formal:
                    links[formal].add(short)
                    links[short].add(formal)
    return {name: frozenset(others) for name, others in links.items()}


def nicknames_of(token: str) -> frozenset[str]:
    return nickname_groups().get(token, frozenset())


@dataclass
class QueryToken:
    """One word of the searched name and the indexed tokens it may stand for, with weights."""

    text: str
    position: str  # first, last, only or middle: which kinds of name it is expected to be
    weights: dict[str, float] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    # Tokens two edits away that count only for people born on the date searched.
    same_dob_weights: dict[str, float] = field(default_factory=dict)

    def offer(self, token: str, weight: float, how: str) -> None:
        if weight > self.weights.get(token, 0.0):
            self.weights[token] = weight
            self.how[token] = how

    def offer_for_same_dob(self, token: str, weight: float, how: str) -> None:
        if token not in self.weights:
            self.same_dob_weights[token] = weight
            self.how[token] = how

    def tokens_with(self, weight: float) -> list[str]:
        return sorted(token for token, value in self.weights.items() if value == weight)

    def weight_of(self, token: str, *, same_dob: bool) -> float:
        if token in self.weights:
            return self.weights[token]
        return self.same_dob_weights.get(token, 0.0) if same_dob else 0.0

    @property
    def expected_kinds(self) -> set[str] | None:
        """Kinds that match without the swapped-name penalty (None: any kind)."""
        if self.position == "first":
            return {"given", "middle", "alias"}
        if self.position == "last":
            return {"family", "alias"}
        return None


def _positions(count: int) -> list[str]:
    if count == 0:
        return []
    if count == 1:
        return ["only"]
    return ["first"] + ["middle"] * (count - 2) + ["last"]


def _max_distance(token: str) -> int:
    return 2 if len(token) >= LONG_TOKEN else 1


def build_query_tokens(name: str, born_on: date | None = None) -> tuple[list[QueryToken], list[int]]:
    """Normalise the name and find every indexed token each word may stand for (one query).

    With ``born_on``, the same query also fetches the name tokens of the people born that day;
    their names may be two edits away even when short. Returns the query tokens and the people
    born that day whose names matched that way (the scoring query must include them).
    """
    words = list(dict.fromkeys(normalise(name)))
    query_tokens = [
        QueryToken(text=word, position=position)
        for word, position in zip(words, _positions(len(words)), strict=True)
    ]
    if not query_tokens:
        return [], []
    lookup: set[str] = set()
    for query_token in query_tokens:
        lookup |= deletions(query_token.text) | {query_token.text}
    vocabulary: set[str] = set()
    same_dob_tokens: dict[str, set[int]] = defaultdict(set)
    for token, person_id in _vocabulary_rows(sorted(lookup), born_on):
        if person_id is None:
            vocabulary.add(token)
        else:
            same_dob_tokens[token].add(person_id)
    matched_people: set[int] = set()
    for query_token in query_tokens:
        _offer_candidates(query_token, vocabulary)
        for token in _offer_same_dob_candidates(query_token, same_dob_tokens):
            matched_people |= same_dob_tokens[token]
    return query_tokens, sorted(matched_people)


def _vocabulary_rows(lookup: list[str], born_on: date | None) -> list[tuple[str, int | None]]:
    """(token, None) for each vocabulary token sharing a variant with the query words, and
    (token, person) for each name token of a person born on ``born_on``: one query."""
    vocabulary = TokenVariant.objects.filter(variant__in=lookup).values_list(
        "token", models.Value(None, output_field=models.IntegerField())
    )
    if born_on is None:
        return list(vocabulary)
    same_dob = SearchToken.objects.filter(date_of_birth=born_on).values_list("token", "person_id")
    return list(vocabulary.union(same_dob, all=True))


def _offer_candidates(query_token: QueryToken, vocabulary: set[str]) -> None:
    text = query_token.text
    query_token.offer(text, WEIGHT_EXACT, "exact")
    for nickname in nicknames_of(text):
        query_token.offer(nickname, WEIGHT_NICKNAME, "nickname")
    limit = _max_distance(text)
    for candidate in vocabulary:
        if abs(len(candidate) - len(text)) > limit:
            continue
        distance = damerau_levenshtein(text, candidate)
        if distance == 1:
            query_token.offer(candidate, WEIGHT_ONE_EDIT, "one_edit")
        elif distance == 2 and limit == 2:
            query_token.offer(candidate, WEIGHT_TWO_EDITS, "two_edits")


def _offer_same_dob_candidates(query_token: QueryToken, same_dob_tokens: dict[str, set[int]]) -> list[str]:
    """Offer the names of people born on the date searched that are two edits from the query
    word (one edit is already found through the vocabulary). Returns the tokens offered."""
    text = query_token.text
    offered: list[str] = []
    if len(text) < SAME_DOB_TWO_EDITS_MIN_LENGTH:
        return offered
    letters = Counter(text)
    for candidate in same_dob_tokens:
        if (
            candidate in query_token.weights
            or len(candidate) < SAME_DOB_TWO_EDITS_MIN_LENGTH
            or abs(len(candidate) - len(text)) > 2
            # Each edit brings in at most one letter the query word lacks: a cheap test that
            # spares the full edit distance for most names.
            or (Counter(candidate) - letters).total() > 2
        ):
            continue
        if damerau_levenshtein(text, candidate) == 2:
            query_token.offer_for_same_dob(candidate, WEIGHT_TWO_EDITS, "two_edits")
            offered.append(candidate)
    return offered


# ---------------------------------------------------------------------------------------------
# Date of birth
# ---------------------------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_range(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return start, following - timedelta(days=1)


@dataclass(frozen=True)
class DobQuery:
    day: int | None
    month: int | None
    year: int
    approximate: bool

    @property
    def exact(self) -> date | None:
        if self.day and self.month:
            return _safe_date(self.year, self.month, self.day)
        return None

    @property
    def born_on(self) -> date | None:
        """The full date, when it is given and not approximate: few people share it."""
        return None if self.approximate else self.exact

    def window(self) -> tuple[date, date]:
        """Every date this query could mean, allowing a year either side."""
        return date(self.year - 1, 1, 1), date(self.year + 1, 12, 31)

    def conditions(self) -> list[tuple[str, list[Any], float]]:
        """(SQL condition on a SearchToken row, its parameters, bonus), best first."""
        low, high = self.window()
        near_estimate = (
            "date_of_birth_estimated = %s AND date_of_birth BETWEEN %s AND %s",
            [True, low, high],
        )
        exact = self.exact
        found: list[tuple[str, list[Any], float]] = []
        if exact is not None:
            found.append(("date_of_birth = %s", [exact], DOB_EXACT if not self.approximate else DOB_MONTH))
            swapped = _safe_date(self.year, self.day or 0, self.month or 0)
            if swapped and swapped != exact:
                found.append(("date_of_birth = %s", [swapped], DOB_SWAPPED_DAY_MONTH))
            for year in (self.year - 1, self.year + 1):
                neighbour = _safe_date(year, exact.month, exact.day)
                if neighbour:
                    found.append(("date_of_birth = %s", [neighbour], DOB_NEAR))
            if self.approximate:
                found.append(("date_of_birth BETWEEN %s AND %s", [low, high], DOB_NEAR))
            found.append((*near_estimate, DOB_NEAR))
            return found
        if self.month:
            found.append(
                ("date_of_birth BETWEEN %s AND %s", list(_month_range(self.year, self.month)), DOB_MONTH)
            )
            for year in (self.year - 1, self.year + 1):
                found.append(
                    (
                        "date_of_birth BETWEEN %s AND %s",
                        list(_month_range(year, self.month)),
                        DOB_NEAR_PARTIAL,
                    )
                )
        else:
            found.append(
                (
                    "date_of_birth BETWEEN %s AND %s",
                    [date(self.year, 1, 1), date(self.year, 12, 31)],
                    DOB_YEAR,
                )
            )
            found.append(("date_of_birth BETWEEN %s AND %s", [low, high], DOB_NEAR_PARTIAL))
        found.append((*near_estimate, DOB_NEAR_PARTIAL))
        return found

    def candidates(self) -> tuple[str, list[Any]]:
        """SQL condition for the rows worth scoring in a search on date of birth alone."""
        exact = self.exact
        low, high = self.window()
        near_estimate = "(date_of_birth_estimated = %s AND date_of_birth BETWEEN %s AND %s)"
        if exact is not None and not self.approximate:
            return f"(date_of_birth = %s OR {near_estimate})", [exact, True, low, high]
        if self.month and not self.approximate:
            start, end = _month_range(self.year, self.month)
            return f"(date_of_birth BETWEEN %s AND %s OR {near_estimate})", [start, end, True, low, high]
        return "date_of_birth BETWEEN %s AND %s", [low, high]

    def describe(self, person_dob: date | None, estimated: bool) -> str | None:
        """Why a person's date of birth earned a bonus, or None."""
        if person_dob is None:
            return None
        exact = self.exact
        qualifier = " (their date of birth is estimated)" if estimated else ""
        if exact is not None:
            if person_dob == exact:
                return "Date of birth matches" + qualifier
            if person_dob == _safe_date(self.year, self.day or 0, self.month or 0):
                return "Date of birth matches with day and month swapped"
            if (person_dob.month, person_dob.day) == (exact.month, exact.day) and abs(
                person_dob.year - exact.year
            ) == 1:
                return "Same birthday, one year out"
        elif self.month:
            if (person_dob.year, person_dob.month) == (self.year, self.month):
                return "Born in the month searched" + qualifier
            if person_dob.month == self.month and abs(person_dob.year - self.year) == 1:
                return "Born in the same month, one year out"
        elif person_dob.year == self.year:
            return "Born in the year searched" + qualifier
        low, high = self.window()
        if low <= person_dob <= high and (
            estimated or self.approximate or (exact is None and not self.month)
        ):
            return "Date of birth within a year of the date searched" + qualifier
        return None


def _dob_query(day: int | None, month: int | None, year: int | None, approximate: bool) -> DobQuery | None:
    if not year or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is not None and not 1 <= month <= 12:
        month = None
    if day is not None and (month is None or not 1 <= day <= 31):
        day = None
    return DobQuery(day=day, month=month, year=year, approximate=approximate)


# ---------------------------------------------------------------------------------------------
# Identifiers
# ---------------------------------------------------------------------------------------------


def identifier_forms(identifier: str) -> list[str]:
    """The ways an identifier may be stored: as typed, without spaces or hyphens, NHS 3-3-4."""
    typed = " ".join(identifier.split())
    compact = re.sub(r"[\s-]", "", typed).upper()
    forms = {typed, compact, typed.upper()}
    if compact.isdigit() and len(compact) == 10:
        forms.add(f"{compact[:3]} {compact[3:6]} {compact[6:]}")
    return sorted(form for form in forms if form)


def _identifier_matches(identifier: str) -> dict[int, str]:
    labels = dict(IdentifierKind.choices)
    matches: dict[int, str] = {}
    rows = PersonIdentifier.objects.filter(value__in=identifier_forms(identifier)).values_list(
        "person_id", "kind"
    )
    for person_id, kind in rows:
        matches[person_id] = f"{labels.get(kind, kind)} matches"
    return matches


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


class _Sql:
    """A fragment of portable SQL and its parameters (values are always parameters)."""

    def __init__(self) -> None:
        self.params: list[Any] = []

    def values(self, values: list[Any]) -> str:
        """Placeholders for a list of values, adapted for the database (dates on SQLite)."""
        self.params += [connection.ops.adapt_datefield_value(v) if isinstance(v, date) else v for v in values]
        return ", ".join(["%s"] * len(values))

    def condition(self, sql: str, values: list[Any]) -> str:
        self.values(values)
        return sql


def _points(weight: float) -> int:
    """Weights become whole points in SQL: integer sums are exact and, on PostgreSQL, far faster
    than NUMERIC arithmetic on decimal literals."""
    return round(weight * POINTS)


def _token_score_sql(query_token: QueryToken, sql: _Sql, born_on: date | None) -> str:
    """SQL: the best weight any of a person's tokens earns for this query word.

    Weights are constants from this module, written into the SQL; tokens are parameters. Tokens
    offered only for the date of birth searched (``born_on``) count only on rows with that date.
    """
    expected = query_token.expected_kinds
    penalty = ""
    if expected is not None:
        kinds = ", ".join(f"'{kind}'" for kind in sorted(expected))
        penalty = f" - CASE WHEN kind IN ({kinds}) THEN 0 ELSE {_points(SWAPPED_PENALTY)} END"
    branches = []
    for weight in sorted(set(query_token.weights.values()), reverse=True):
        placeholders = sql.values(list(query_token.tokens_with(weight)))
        branches.append(f"WHEN token IN ({placeholders}) THEN {_points(weight)}{penalty}")
    if born_on is not None:
        for weight in sorted(set(query_token.same_dob_weights.values()), reverse=True):
            tokens = sorted(token for token, value in query_token.same_dob_weights.items() if value == weight)
            condition = f"token IN ({sql.values(tokens)}) AND date_of_birth = {sql.values([born_on])}"
            branches.append(f"WHEN {condition} THEN {_points(weight)}{penalty}")
    return f"MAX(CASE {' '.join(branches)} ELSE 0 END)"


def _dob_score_sql(dob: DobQuery, sql: _Sql) -> str:
    branches = [
        f"WHEN {sql.condition(condition, values)} THEN {_points(bonus)}"
        for condition, values, bonus in dob.conditions()
    ]
    return f"MAX(CASE {' '.join(branches)} ELSE 0 END)"


def _score_people(
    query_tokens: list[QueryToken], dob: DobQuery | None, limit: int, extra_people: list[int]
) -> list[tuple[int, float]]:
    """The ONE grouped query: score every person with a matching token, best first."""
    sql = _Sql()
    born_on = dob.born_on if dob is not None else None
    parts = [_token_score_sql(query_token, sql, born_on) for query_token in query_tokens]
    if dob is not None:
        parts.append(_dob_score_sql(dob, sql))
    all_tokens = sorted({token for query_token in query_tokens for token in query_token.weights})
    if all_tokens:
        where = f"token IN ({sql.values(all_tokens)})"
    elif dob is not None:
        condition, values = dob.candidates()
        where = sql.condition(condition, values)
    else:
        where = "1 = 0"
    if extra_people:
        where = f"({where} OR person_id IN ({sql.values(extra_people)}))"
    table = connection.ops.quote_name(SearchToken._meta.db_table)
    statement = (
        f"SELECT person_id, {' + '.join(parts) or '0'} AS total FROM {table} "  # noqa: S608 - constants only
        f"WHERE {where} GROUP BY person_id ORDER BY total DESC, person_id LIMIT {int(limit)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, sql.params)
        return [(int(person_id), int(total) / POINTS) for person_id, total in cursor.fetchall()]


def _describe_name_match(query_token: QueryToken, token: str, kind: str) -> str:
    kind_label = {
        "given": "Given name",
        "family": "Family name",
        "middle": "Middle name",
        "alias": "Alias or other name",
    }
    label = kind_label.get(kind, "Name")
    how = query_token.how.get(token, "")
    if how == "exact":
        text = f'{label} "{token}" matches'
    elif how == "nickname":
        text = f'{label} "{token}" is a usual form of "{query_token.text}"'
    elif how == "one_edit":
        text = f'{label} "{token}" is one letter different from "{query_token.text}"'
    else:
        text = f'{label} "{token}" is two letters different from "{query_token.text}"'
    expected = query_token.expected_kinds
    if expected is not None and kind not in expected:
        text += " (given and family names swapped)"
    return text


def _reasons(
    person_ids: list[int],
    query_tokens: list[QueryToken],
    dob: DobQuery | None,
    identifier_reasons: dict[int, str],
) -> dict[int, list[str]]:
    all_tokens = {
        token
        for query_token in query_tokens
        for token in [*query_token.weights, *query_token.same_dob_weights]
    }
    tokens_of: dict[int, list[tuple[str, str]]] = defaultdict(list)
    dob_of: dict[int, tuple[date | None, bool]] = {}
    rows = SearchToken.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "token", "kind", "date_of_birth", "date_of_birth_estimated"
    )
    for person_id, token, kind, person_dob, estimated in rows:
        if token in all_tokens:
            tokens_of[person_id].append((token, kind))
        dob_of[person_id] = (person_dob, estimated)
    reasons: dict[int, list[str]] = {}
    born_on = dob.born_on if dob is not None else None
    for person_id in person_ids:
        found: list[str] = []
        if person_id in identifier_reasons:
            found.append(identifier_reasons[person_id])
        same_dob = born_on is not None and person_id in dob_of and dob_of[person_id][0] == born_on
        for query_token in query_tokens:
            best = _best_match(query_token, tokens_of[person_id], same_dob=same_dob)
            if best is not None:
                found.append(_describe_name_match(query_token, *best))
        if dob is not None and person_id in dob_of:
            described = dob.describe(*dob_of[person_id])
            if described:
                found.append(described)
        reasons[person_id] = found
    return reasons


def _best_match(
    query_token: QueryToken, matches: list[tuple[str, str]], *, same_dob: bool
) -> tuple[str, str] | None:
    best: tuple[float, str, str] | None = None
    expected = query_token.expected_kinds
    for token, kind in matches:
        weight = query_token.weight_of(token, same_dob=same_dob)
        if weight and expected is not None and kind not in expected:
            weight -= SWAPPED_PENALTY
        if weight > 0 and (best is None or weight > best[0]):
            best = (weight, token, kind)
    return (best[1], best[2]) if best else None


def search_people(
    *,
    name: str = "",
    dob_day: int | None = None,
    dob_month: int | None = None,
    dob_year: int | None = None,
    dob_approximate: bool = False,
    identifier: str = "",
    limit: int = 20,
) -> list[SearchHit]:
    """Find the people who best match a name, date of birth and/or identifier. Unscoped."""
    dob = _dob_query(dob_day, dob_month, dob_year, dob_approximate)
    query_tokens, same_dob_people = build_query_tokens(name, dob.born_on if dob is not None else None)
    identifier_reasons = _identifier_matches(identifier) if identifier.strip() else {}
    if not query_tokens and dob is None and not identifier_reasons:
        return []
    identified = sorted(identifier_reasons)
    extra_people = sorted(set(identified) | set(same_dob_people))
    scored = (
        _score_people(query_tokens, dob, limit + len(identified), extra_people)
        if (query_tokens or dob)
        else [(pid, 0.0) for pid in identified]
    )
    scores = dict(scored)
    for person_id in identified:
        scores[person_id] = scores.get(person_id, 0.0) + IDENTIFIER_SCORE
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    reasons = _reasons([person_id for person_id, _ in ranked], query_tokens, dob, identifier_reasons)
    return [
        SearchHit(person_id=person_id, score=round(score, 3), reasons=reasons[person_id])
        for person_id, score in ranked
    ]
