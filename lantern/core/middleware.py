from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def content_security_policy() -> str:
    img_sources = ["'self'", "data:"]
    if settings.MAP_TILE_URL:
        # A {s} subdomain placeholder in the tile URL becomes a CSP wildcard.
        tiles = urlsplit(settings.MAP_TILE_URL)
        img_sources.append(f"{tiles.scheme}://{tiles.netloc.replace('{s}', '*')}")
    return (
        f"default-src 'self'; img-src {' '.join(img_sources)}; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
    )


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: CSP, no caching of pages holding personal data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", content_security_policy())
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not request.path.startswith("/static/"):
            response.setdefault("Cache-Control", "no-store")
        return response
