"""What a person needs to set up their authenticator app: the secret, its URI and a QR code."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe

from lantern.accounts.services import Enrolment


def totp_secret_base32(enrolment: Enrolment) -> str:
    return b32encode(enrolment.device.bin_key).decode("ascii").rstrip("=")


def grouped(secret: str, size: int = 4) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def qr_code_svg(uri: str) -> SafeString:
    """An inline SVG QR code for ``uri``, labelled for screen readers. Made by the qrcode
    package from the URI alone, so it is safe to mark as markup."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg") :]
    svg = svg.replace(
        "<svg ",
        '<svg role="img" aria-label="QR code to scan with the authenticator app" class="lantern-qr-code" ',
        1,
    )
    return mark_safe(svg)  # noqa: S308 - generated markup, no user input is interpolated


def enrolment_context(enrolment: Enrolment, *, created: bool) -> dict[str, Any]:
    uri: str = enrolment.device.config_url
    return {
        "account": enrolment.user,
        "created": created,
        "secret": grouped(totp_secret_base32(enrolment)),
        "otpauth_uri": uri,
        "qr_svg": qr_code_svg(uri),
        "initial_password": enrolment.initial_password,
    }
