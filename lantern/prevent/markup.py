"""A small, safe markup for public pages. Never raw HTML: every piece of text is escaped.

- A blank line separates blocks. ``## `` and ``### `` start headings; lines starting ``- `` make
  a bulleted list; anything else is a paragraph.
- ``[words](https://...)`` or ``[words](/public/...)`` is a link; other schemes stay as text.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LINK = re.compile(r"\[([^\]\n]{1,200})\]\(((?:https?://|/)[^\s)<>\"']{0,500})\)")


def _inline(text: str) -> str:
    out: list[str] = []
    last = 0
    for match in LINK.finditer(text):
        out.append(escape(text[last : match.start()]))
        words, href = match.group(1), match.group(2)
        if href.startswith("//"):
            out.append(escape(match.group(0)))
        else:
            out.append(f'<a class="govuk-link" href="{escape(href)}">{escape(words)}</a>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _block(lines: list[str]) -> str:
    first = lines[0]
    if first.startswith("### "):
        return f'<h3 class="govuk-heading-s">{_inline(" ".join(lines)[4:].strip())}</h3>'
    if first.startswith("## "):
        return f'<h2 class="govuk-heading-m">{_inline(" ".join(lines)[3:].strip())}</h2>'
    if all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{_inline(line[2:].strip())}</li>" for line in lines)
        return f'<ul class="govuk-list govuk-list--bullet">{items}</ul>'
    return f'<p class="govuk-body">{_inline(" ".join(line.strip() for line in lines))}</p>'


def render_markup(text: str) -> SafeString:
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
            continue
        # A heading is always a block of its own.
        if line.startswith(("## ", "### ")):
            if current:
                blocks.append(current)
            blocks.append([line])
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return mark_safe("\n".join(_block(block) for block in blocks))  # noqa: S308 - every text part escaped above


# "JavaScript: it was off" is plain words; "javascript:alert(1)" (no space) is a script link.
MARKUP_PATTERN = re.compile(r"<\s*/?\s*[a-zA-Z!]|javascript:(?!\s)|\bon[a-z]+\s*=", re.IGNORECASE)


def looks_like_markup(text: str) -> bool:
    """HTML tags, script links or event handlers: refused in public submissions."""
    return bool(MARKUP_PATTERN.search(text))
