"""Normalising what people report so the same vehicle, phone, nickname or account is one entity.

Each function returns the entity key, or "" when the value cannot be a valid one (the caller
decides whether that is an error).
"""

from __future__ import annotations

import re

VRM_PATTERN = re.compile(r"^[A-Z0-9]{2,8}$")
UK_PHONE_PATTERN = re.compile(r"^0\d{9,10}$")
MARKUP_PATTERN = re.compile(
    r"<\s*[a-zA-Z/!?]|javascript\s*:|vbscript\s*:|data\s*:\s*text/html|&#x?[0-9a-fA-F]+;?|\bon[a-z]+\s*=",
    re.IGNORECASE,
)
MOBILE_PREFIX = "07"


def normalise_vrm(raw: str) -> str:
    key = re.sub(r"[^A-Za-z0-9]", "", raw or "").upper()
    return key if VRM_PATTERN.match(key) else ""


def normalise_uk_phone(raw: str) -> str:
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) in (12, 13):
        digits = "0" + digits[2:]
    digits = digits.replace("(0)", "")
    return digits if UK_PHONE_PATTERN.match(digits) else ""


def normalise_nickname(raw: str) -> str:
    return re.sub(r"\s+", "", raw or "").casefold()


def normalise_handle(platform: str, handle: str) -> str:
    platform_key = re.sub(r"\s+", "", platform or "").casefold()
    handle_key = re.sub(r"\s+", "", handle or "").lstrip("@").casefold()
    if not handle_key:
        return ""
    return f"{platform_key}:{handle_key}"


def looks_like_markup(text: str) -> bool:
    """Web code (tags, script URLs, event handlers, character references) in free text."""
    return bool(MARKUP_PATTERN.search(text or ""))
