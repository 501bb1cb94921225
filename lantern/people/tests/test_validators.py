import pytest

from lantern.people.models import IdentifierKind
from lantern.people.validators import (
    InvalidIdentifier,
    nhs_number_check_digit,
    normalise_free_identifier,
    normalise_identifier,
    normalise_nhs_number,
    normalise_upn,
    upn_check_letter,
)


class TestNhsNumber:
    def test_check_digit_worked_by_hand(self):
        # 9x10 + 4x9 + 3x8 + 4x7 + 7x6 + 6x5 + 5x4 + 9x3 + 1x2 = 299; 299 mod 11 = 2; 11 - 2 = 9
        assert nhs_number_check_digit("943476591") == 9

    def test_edge_remainders(self):
        # 1x10 + 1x2 = 12; 12 mod 11 = 1; 11 - 1 = 10: no valid NHS number starts this way
        assert nhs_number_check_digit("100000001") is None
        # 110000000: 10 + 9 = 19 -> 19 mod 11 = 8 -> 3
        assert nhs_number_check_digit("110000000") == 3
        # 000000000: 0 -> 11 - 0 = 11 -> 0
        assert nhs_number_check_digit("000000000") == 0

    @pytest.mark.parametrize("typed", ["9434765919", "943 476 5919", " 943 476  5919 "])
    def test_valid_numbers_are_stored_without_spaces(self, typed):
        assert normalise_nhs_number(typed) == "9434765919"

    @pytest.mark.parametrize(
        "typed",
        ["9434765918", "943476591", "94347659190", "943-476-5919", "abcdefghij", "", "1000000010"],
    )
    def test_invalid_numbers_are_refused(self, typed):
        with pytest.raises(InvalidIdentifier):
            normalise_nhs_number(typed)


class TestUpn:
    def test_check_letter_worked_by_hand(self):
        # 1x2 + 2x3 + 3x4 + 4x5 + 5x6 + 6x7 + 7x8 + 8x9 + 9x10 + 0x11 + 1x12 + 2x13 = 368 = 16 x 23
        assert upn_check_letter("123456789012") == "A"

    def test_letter_in_the_last_position_takes_its_table_value(self):
        # 342 + A(0)x13 = 342; 342 mod 23 = 20 -> X
        assert upn_check_letter("12345678901A") == "X"
        # Z is 22: 22x13 = 286; 286 mod 23 = 10 -> L
        assert upn_check_letter("00000000000Z") == "L"

    @pytest.mark.parametrize("typed", ["A123456789012", "a123456789012", "A12345 6789012"])
    def test_valid_upn(self, typed):
        assert normalise_upn(typed) == "A123456789012"

    def test_temporary_upn_with_a_letter_at_the_end(self):
        assert normalise_upn("X12345678901A") == "X12345678901A"
        assert normalise_upn("L00000000000Z") == "L00000000000Z"

    @pytest.mark.parametrize(
        "typed",
        [
            "B123456789012",  # wrong check letter
            "A12345678901",  # too short
            "A1234567890123",  # too long
            "A1234567890B2",  # letter before position 13
            "I123456789012",  # I is never a check letter
            "X12345678901I",  # I, O and S are not in the table
            "1123456789012",  # first character must be a letter
            "",
        ],
    )
    def test_invalid_upn(self, typed):
        with pytest.raises(InvalidIdentifier):
            normalise_upn(typed)


class TestFreeIdentifiers:
    def test_police_id_is_kept_tidy(self):
        assert normalise_identifier(IdentifierKind.POLICE_ID, " 2001/0123456a ") == "2001/0123456A"

    def test_la_id_collapses_spaces(self):
        assert normalise_identifier(IdentifierKind.LA_ID, "C  104") == "C 104"

    @pytest.mark.parametrize("typed", ["", "   ", "<script>", "x" * 51, "-leading"])
    def test_refused(self, typed):
        with pytest.raises(InvalidIdentifier):
            normalise_free_identifier(typed, label="police ID")

    def test_unknown_kind(self):
        with pytest.raises(InvalidIdentifier):
            normalise_identifier("passport", "123")

    def test_dispatch_validates_nhs_and_upn(self):
        assert normalise_identifier(IdentifierKind.NHS_NUMBER, "943 476 5919") == "9434765919"
        with pytest.raises(InvalidIdentifier):
            normalise_identifier(IdentifierKind.UPN, "B123456789012")
