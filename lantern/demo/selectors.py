"""Reading the demo accounts back for the ``demo_logins`` command (demo databases only)."""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.demo.services import DEMO_PASSWORD, DEMO_USERS


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    secret_base32: str
    current_code: str


def demo_login_list() -> list[DemoLogin]:
    """Each demo account that exists, with its TOTP secret (base32) and current code."""
    devices = {
        device.user.username: device
        for device in TOTPDevice.objects.filter(
            user__username__in=[spec.username for spec in DEMO_USERS], confirmed=True
        ).select_related("user")
    }
    logins = []
    for spec in DEMO_USERS:
        device = devices.get(spec.username)
        if device is None:
            continue
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        logins.append(
            DemoLogin(
                role=spec.label,
                username=spec.username,
                password=DEMO_PASSWORD,
                secret_base32=b32encode(device.bin_key).decode("ascii").rstrip("="),
                current_code=f"{code:0{device.digits}d}",
            )
        )
    return logins
