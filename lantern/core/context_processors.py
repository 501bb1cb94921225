from __future__ import annotations

from django.http import HttpRequest

from lantern.core.navigation import nav_for
from lantern.partnership.selectors import partnership_get


def lantern(request: HttpRequest) -> dict[str, object]:
    partnership = partnership_get()
    return {
        "partnership_name": partnership.name if partnership else "Safeguarding partnership",
        "nav_items": nav_for(request.user, request.path),
    }
