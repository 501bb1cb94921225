from __future__ import annotations

from datetime import date

import pytest

from lantern.core.testing import make_person
from lantern.people.models import IdentifierKind, PersonAlias, PersonIdentifier
from lantern.search.engine import SearchHit, damerau_levenshtein, identifier_forms, search_people
from lantern.search.index import index_people

pytestmark = pytest.mark.django_db


def ids(hits: list[SearchHit]) -> list[int]:
    return [hit.person_id for hit in hits]


@pytest.fixture
def people() -> dict[str, int]:
    """A few people with similar names, so ranking matters."""
    cast = {
        "jade": make_person(given_name="Jade", family_name="Smith", date_of_birth=date(2009, 3, 14)),
        "jake": make_person(
            given_name="Jake", family_name="Smith", date_of_birth=date(2008, 6, 2), sex="male"
        ),
        "jayden": make_person(given_name="Jayden", family_name="Smyth", date_of_birth=date(2010, 1, 9)),
        "james": make_person(given_name="James", family_name="Thornton", date_of_birth=date(2007, 11, 30)),
        "elizabeth": make_person(
            given_name="Elizabeth", family_name="Okonkwo", date_of_birth=date(2011, 5, 5)
        ),
        "kyle": make_person(
            given_name="Kyle",
            family_name="Brennan",
            date_of_birth=date(2008, 7, 1),
            date_of_birth_estimated=True,
        ),
        "marcus": make_person(given_name="Marcus", family_name="Whitfield", date_of_birth=date(2006, 2, 20)),
    }
    return {key: person.pk for key, person in cast.items()}


def test_damerau_levenshtein_counts_a_transposition_as_one_edit() -> None:
    assert damerau_levenshtein("smith", "smiht") == 1
    assert damerau_levenshtein("smith", "smyth") == 1
    assert damerau_levenshtein("smith", "smiths") == 1
    assert damerau_levenshtein("smith", "sith") == 1
    assert damerau_levenshtein("whitfield", "witfeild") == 2


def test_exact_name_finds_the_person_first(people: dict[str, int]) -> None:
    hits = search_people(name="Jade Smith")
    assert hits[0].person_id == people["jade"]
    assert hits[0].score == pytest.approx(2.0)
    assert 'Given name "jade" matches' in hits[0].reasons


@pytest.mark.parametrize(
    "typed",
    [
        "Jade Smoth",  # substitution
        "Jade Smiith",  # insertion
        "Jade Smth",  # deletion
        "Jade Smiht",  # transposition
        "Jdae Smith",  # transposition in the given name
    ],
)
def test_single_typo_with_date_of_birth_finds_the_person_first(people: dict[str, int], typed: str) -> None:
    hits = search_people(name=typed, dob_day=14, dob_month=3, dob_year=2009)
    assert hits[0].person_id == people["jade"]
    assert "Date of birth matches" in hits[0].reasons


def test_two_edits_allowed_for_long_names(people: dict[str, int]) -> None:
    hits = search_people(name="Marcus Witfields")
    assert hits[0].person_id == people["marcus"]
    assert any("two letters different" in reason for reason in hits[0].reasons)


def test_short_names_allow_only_one_edit(people: dict[str, int]) -> None:
    assert people["kyle"] not in ids(search_people(name="Kxlx"))


def test_typo_reason_names_the_difference(people: dict[str, int]) -> None:
    hit = search_people(name="Jade Smoth")[0]
    assert 'Family name "smith" is one letter different from "smoth"' in hit.reasons


def test_exact_beats_typo(people: dict[str, int]) -> None:
    hits = search_people(name="Jake Smith")
    assert hits[0].person_id == people["jake"]
    assert hits[1].person_id == people["jade"]
    assert hits[0].score > hits[1].score


def test_nickname_finds_the_formal_name(people: dict[str, int]) -> None:
    hits = search_people(name="Jim Thornton")
    assert hits[0].person_id == people["james"]
    assert any("usual form" in reason for reason in hits[0].reasons)
    assert search_people(name="Liz Okonkwo")[0].person_id == people["elizabeth"]


def test_formal_name_finds_a_person_recorded_by_nickname() -> None:
    kaz = make_person(given_name="Kaz", family_name="Abara")
    assert search_people(name="Karen Abara")[0].person_id == kaz.pk


def test_alias_and_street_name_are_searchable(people: dict[str, int]) -> None:
    PersonAlias.objects.create(person_id=people["marcus"], kind="street_name", name="Ghost")
    index_people([people["marcus"]])
    hits = search_people(name="Ghost")
    assert hits[0].person_id == people["marcus"]
    assert 'Alias or other name "ghost" matches' in hits[0].reasons


def test_preferred_name_is_searchable() -> None:
    person = make_person(given_name="Theodora", family_name="Quigley", preferred_name="Teddie")
    assert search_people(name="Teddie Quigley")[0].person_id == person.pk


def test_swapped_given_and_family_names_match_with_a_small_penalty(people: dict[str, int]) -> None:
    straight = search_people(name="Jade Smith")[0]
    swapped = search_people(name="Smith Jade")[0]
    assert swapped.person_id == people["jade"]
    assert straight.score - 0.2 < swapped.score < straight.score
    assert any("swapped" in reason for reason in swapped.reasons)


def test_partial_date_of_birth_year_only(people: dict[str, int]) -> None:
    hits = search_people(name="J Smith", dob_year=2008)
    assert hits[0].person_id == people["jake"]
    assert "Born in the year searched" in hits[0].reasons


def test_partial_date_of_birth_month_and_year(people: dict[str, int]) -> None:
    hits = search_people(name="Smith", dob_month=3, dob_year=2009)
    assert hits[0].person_id == people["jade"]
    assert "Born in the month searched" in hits[0].reasons


def test_approximate_date_of_birth_gives_a_smaller_bonus(people: dict[str, int]) -> None:
    near = search_people(name="Jade Smith", dob_day=1, dob_month=1, dob_year=2010, dob_approximate=True)[0]
    exact = search_people(name="Jade Smith", dob_day=14, dob_month=3, dob_year=2009)[0]
    assert near.person_id == people["jade"]
    assert 2.0 < near.score < exact.score


def test_estimated_date_of_birth_matches_within_a_year(people: dict[str, int]) -> None:
    hits = search_people(name="Kyle Brennan", dob_day=3, dob_month=9, dob_year=2007)
    assert hits[0].person_id == people["kyle"]
    assert hits[0].score > 2.0
    assert any("estimated" in reason for reason in hits[0].reasons)


def test_day_and_month_swapped(people: dict[str, int]) -> None:
    hit = search_people(name="Elizabeth Okonkwo", dob_day=5, dob_month=5, dob_year=2011)[0]
    assert hit.person_id == people["elizabeth"]
    swapped = search_people(name="Kyle Brennan", dob_day=7, dob_month=1, dob_year=2008)[0]
    assert "Date of birth matches with day and month swapped" in swapped.reasons


def test_search_on_date_of_birth_alone(people: dict[str, int]) -> None:
    hits = search_people(dob_day=14, dob_month=3, dob_year=2009)
    assert hits[0].person_id == people["jade"]
    assert hits[0].reasons == ["Date of birth matches"]
    # Kyle's date of birth is an estimate within a year, so he is offered too, lower down.
    assert ids(hits) == [people["jade"], people["kyle"]]
    assert hits[1].score < hits[0].score
    assert set(ids(search_people(dob_year=2008))) >= {people["jake"], people["kyle"]}


def test_identifier_ranks_first(people: dict[str, int]) -> None:
    PersonIdentifier.objects.create(
        person_id=people["jayden"], kind=IdentifierKind.NHS_NUMBER, value="9434765919"
    )
    hits = search_people(identifier="943 476 5919")
    assert ids(hits) == [people["jayden"]]
    assert hits[0].reasons == ["NHS number matches"]
    combined = search_people(name="Jade Smith", identifier="943-476-5919")
    assert combined[0].person_id == people["jayden"]
    assert people["jade"] in ids(combined)


def test_identifier_forms_normalise_spaces() -> None:
    assert "9434765919" in identifier_forms(" 943 476  5919 ")
    assert "943 476 5919" in identifier_forms("9434765919")


def test_reindex_after_rename_removes_old_tokens(people: dict[str, int]) -> None:
    from lantern.people.models import Person

    Person.objects.filter(pk=people["marcus"]).update(family_name="Ashworth")
    index_people([people["marcus"]])
    assert people["marcus"] not in ids(search_people(name="Marcus Whitfield", limit=50)) or (
        search_people(name="Marcus Whitfield")[0].score <= 1.0
    )
    assert search_people(name="Marcus Ashworth")[0].person_id == people["marcus"]
    assert search_people(name="Whitfield") == []


def test_empty_search_returns_nothing(people: dict[str, int]) -> None:
    assert search_people() == []
    assert search_people(name="  -- ") == []
    assert search_people(identifier="0000000000") == []


def test_limit_is_respected(people: dict[str, int]) -> None:
    assert len(search_people(name="Smith", limit=1)) == 1


def test_queries_per_search_stay_few(people: dict[str, int], django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(4):
        search_people(name="Jade Smiht", dob_day=14, dob_month=3, dob_year=2009, identifier="123")


def test_impossible_dates_are_ignored_not_fatal(people: dict[str, int]) -> None:
    assert (
        search_people(name="Jade Smith", dob_day=31, dob_month=2, dob_year=2009)[0].person_id
        == people["jade"]
    )
    assert search_people(name="Jade Smith", dob_day=40, dob_month=13, dob_year=20090)[0].score == 2.0
    assert search_people(dob_year=99999) == []


@pytest.fixture
def lennons() -> dict[str, int]:
    """Jaydon Lennon and a namesake born a year later to the day."""
    return {
        "jaydon": make_person(given_name="Jaydon", family_name="Lennon", date_of_birth=date(2012, 4, 8)).pk,
        "namesake": make_person(given_name="Jaydon", family_name="Lennon", date_of_birth=date(2013, 4, 8)).pk,
    }


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        # "Jaydon" typed as "Jadon" with the last two letters swapped: a deletion and a transposition.
        ("Jadno Lennon", 'Given name "jaydon" is two letters different from "jadno"'),
        ("Joydan Lennon", 'Given name "jaydon" is two letters different from "joydan"'),  # two substitutions
        ("Jaydon Lemmon", 'Family name "lennon" is two letters different from "lemmon"'),
        ("Jadno Lenan", 'Family name "lennon" is two letters different from "lenan"'),  # both names
    ],
)
def test_two_edits_in_a_short_name_found_with_the_date_of_birth(
    lennons: dict[str, int], typed: str, reason: str
) -> None:
    # Without the date of birth, at most one of the two names matches: no better than the namesake.
    without_dob = search_people(name=typed)
    assert all(hit.score <= 1.0 for hit in without_dob)
    hits = search_people(name=typed, dob_day=8, dob_month=4, dob_year=2012)
    assert hits[0].person_id == lennons["jaydon"]
    assert reason in hits[0].reasons
    assert "Date of birth matches" in hits[0].reasons
    assert hits[0].score >= 0.6 * 2 + 1.0


def test_two_edit_names_count_only_for_people_born_on_the_date_searched(lennons: dict[str, int]) -> None:
    hits = search_people(name="Jadno Lennon", dob_day=8, dob_month=4, dob_year=2012)
    assert ids(hits) == [lennons["jaydon"], lennons["namesake"]]
    assert hits[0].score == pytest.approx(0.6 + 1.0 + 1.0)
    # The namesake, born a year later: the family name and the near birthday count, "jadno" does not.
    assert hits[1].score == pytest.approx(1.0 + 0.4)
    assert not any("jaydon" in reason for reason in hits[1].reasons)
    assert "Same birthday, one year out" in hits[1].reasons


def test_two_edits_in_every_name_found_with_the_date_of_birth_only(lennons: dict[str, int]) -> None:
    assert search_people(name="Jadno Lenan") == []
    hits = search_people(name="Jadno Lenan", dob_day=8, dob_month=4, dob_year=2012)
    assert ids(hits) == [lennons["jaydon"]]
    assert hits[0].score == pytest.approx(0.6 + 0.6 + 1.0)


def test_approximate_date_of_birth_does_not_widen_name_matching(lennons: dict[str, int]) -> None:
    hits = search_people(name="Jadno Lenan", dob_day=8, dob_month=4, dob_year=2012, dob_approximate=True)
    assert hits == []


def test_date_of_birth_adds_no_query(lennons: dict[str, int], django_assert_num_queries) -> None:
    with django_assert_num_queries(3):
        hits = search_people(name="Jadno Lenan", dob_day=8, dob_month=4, dob_year=2012)
    assert ids(hits) == [lennons["jaydon"]]


@pytest.mark.parametrize(
    ("given", "typed"),
    [
        ("Tom", "Sam"),  # three letters: two edits is most of the name
        ("Kyla", "Kxlx"),  # four letters
        ("Marcus", "Maria"),  # three edits
        ("Whitney", "Whitfield"),  # more than two edits
    ],
)
def test_unrelated_names_with_the_same_date_of_birth_do_not_match(given: str, typed: str) -> None:
    person = make_person(given_name=given, family_name="Oduya", date_of_birth=date(2011, 2, 3))
    hits = search_people(name=f"{typed} Oduyaa", dob_day=3, dob_month=2, dob_year=2011)
    assert ids(hits) == [person.pk]  # found through the family name and date of birth only
    assert hits[0].score == pytest.approx(0.8 + 1.0)
    assert not any("Given name" in reason for reason in hits[0].reasons)
