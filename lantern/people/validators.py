"""Checking and normalising a person's identifiers before they are stored.

Each ``normalise_*`` function returns the value as it is stored, or raises ``InvalidIdentifier``
with a message fit to show the user.
"""

from __future__ import annotations

import re

from lantern.people.models import IdentifierKind


class InvalidIdentifier(ValueError):
    pass


NHS_NUMBER_LENGTH = 10
UPN_LENGTH = 13
# The DfE check-letter alphabet: I, O and S are never used. A letter's position is its value.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
FREE_IDENTIFIER_MAX = 50
_FREE_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /\-.]*$")


def nhs_number_check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit for nine digits, or None when no valid number can end them."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def normalise_nhs_number(value: str) -> str:
    digits = re.sub(r"\s+", "", value or "")
    if not digits.isdigit() or len(digits) != NHS_NUMBER_LENGTH:
        raise InvalidIdentifier("Enter an NHS number as 10 digits, like 943 476 5919")
    if nhs_number_check_digit(digits[:9]) != int(digits[9]):
        raise InvalidIdentifier("Enter a real NHS number: the check digit does not match")
    return digits


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2 to 13 of a UPN (DfE algorithm).

    Character n (2..13) is weighted by n. Characters 2 to 12 are digits; character 13 may be a
    letter (temporary UPNs), valued by its position in ``UPN_LETTERS``.
    """
    if len(body) != UPN_LENGTH - 1:
        raise InvalidIdentifier("A UPN has 13 characters")
    total = 0
    for weight, char in enumerate(body, start=2):
        total += _upn_character_value(char, last=weight == UPN_LENGTH) * weight
    return UPN_LETTERS[total % len(UPN_LETTERS)]


def _upn_character_value(char: str, *, last: bool) -> int:
    if char.isdigit():
        return int(char)
    if last and char in UPN_LETTERS:
        return UPN_LETTERS.index(char)
    raise InvalidIdentifier(
        "Enter a UPN as a letter followed by 12 digits (the last character may be a letter)"
    )


def normalise_upn(value: str) -> str:
    upn = re.sub(r"\s+", "", value or "").upper()
    if len(upn) != UPN_LENGTH or upn[0] not in UPN_LETTERS:
        raise InvalidIdentifier(
            "Enter a UPN as a letter followed by 12 digits (the last character may be a letter)"
        )
    if upn_check_letter(upn[1:]) != upn[0]:
        raise InvalidIdentifier("Enter a real UPN: the check letter does not match")
    return upn


def normalise_free_identifier(value: str, *, label: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise InvalidIdentifier(f"Enter the {label}")
    if len(cleaned) > FREE_IDENTIFIER_MAX:
        raise InvalidIdentifier(f"The {label} must be {FREE_IDENTIFIER_MAX} characters or fewer")
    if not _FREE_IDENTIFIER.match(cleaned):
        raise InvalidIdentifier(
            f"The {label} can only contain letters, numbers, spaces, hyphens, full stops and slashes"
        )
    return cleaned.upper()


def normalise_identifier(kind: str, value: str) -> str:
    if kind == IdentifierKind.NHS_NUMBER:
        return normalise_nhs_number(value)
    if kind == IdentifierKind.UPN:
        return normalise_upn(value)
    if kind == IdentifierKind.POLICE_ID:
        return normalise_free_identifier(value, label="police ID")
    if kind == IdentifierKind.LA_ID:
        return normalise_free_identifier(value, label="local authority ID")
    raise InvalidIdentifier("Choose the kind of identifier")
