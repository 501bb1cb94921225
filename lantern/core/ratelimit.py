"""Per-address limits for the public forms, counted in the shared cache."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def over_hourly_limit(request: HttpRequest, *, scope: str, per_hour: int) -> bool:
    """Count this request against its address; True once the address has used its allowance.

    Addresses are hashed so the cache never holds them in the clear.
    """
    address = request.META.get("REMOTE_ADDR", "")
    key = f"ratelimit:{scope}:" + hashlib.sha256(address.encode()).hexdigest()
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > per_hour
