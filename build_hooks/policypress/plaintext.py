"""Policy Markdown as the plain words a reader sees: for redlines, search and checksums."""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser

import markdown


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@lru_cache(maxsize=65_536)
def markdown_to_text(text: str) -> str:
    """The words of one paragraph of Markdown, with whitespace collapsed to single spaces."""
    parser = _Text()
    parser.feed(markdown.markdown(text))
    parser.close()
    return " ".join("".join(parser.parts).split())
