"""Request body parsers for the API."""

from __future__ import annotations

from typing import Any

from rest_framework.parsers import BaseParser


class JSONLinesParser(BaseParser):
    """``application/x-ndjson``: the body as a list of raw lines, so the importer checks and numbers each one."""

    media_type = "application/x-ndjson"

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        if stream is None:
            return []
        return stream.read().splitlines()
