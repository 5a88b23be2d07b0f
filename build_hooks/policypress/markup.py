"""What policy text may not contain: raw HTML and links that run code.

Policy text is Markdown, and Markdown passes HTML through untouched; an editor's pasted
`<script>` or `onclick=` would run in every reader's browser. Text in code spans is shown
as written (escaped), so it is allowed to contain anything.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from policypress.inline import outside_code

_HTML = re.compile(r"</?[A-Za-z!?][^>]*>?")
# Markdown's own autolinks, <https://…> and <someone@example.com>, are not HTML.
_AUTOLINK = re.compile(r"<(?:https?://[^<>\s]+|[^<>\s@]+@[^<>\s@]+)>")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def unsafe_markup(text: str) -> Iterator[tuple[str, str]]:
    """(snippet, message) for each piece of raw HTML or unsafe link in `text`."""
    prose = outside_code(text)
    for match in _HTML.finditer(_AUTOLINK.sub(lambda m: " " * len(m.group(0)), prose)):
        yield (
            match.group(0),
            f"raw HTML ('{match.group(0)[:40]}') is not allowed in policy text; write Markdown "
            "instead (**bold**, [link](https://…)), or put it in `backticks` to show it as text",
        )
    for pattern in (_INLINE_LINK, _REFERENCE_DEFINITION):
        for match in pattern.finditer(prose):
            target = match.group(1)
            decoded = _CONTROL.sub("", html.unescape(target)).lower()
            scheme = decoded.split(":", 1)[0] if ":" in decoded.split("/", 1)[0] else None
            if scheme is not None and scheme not in _SAFE_SCHEMES:
                yield (
                    target,
                    f"link to '{target[:40]}' is not allowed: links may go to http(s), mailto or tel "
                    "addresses, or to other pages of the site",
                )
