"""Policy Markdown as the plain words a reader sees: for redlines, search and checksums."""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser

import markdown

from policypress.assemble import PolicyView, ViewSection, format_heading


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


def section_text(section: ViewSection) -> str:
    """A section's own paragraphs as plain text, list items as "- item", one per line."""
    lines = []
    for block in section.blocks:
        prefix = "- " if block.kind == "list" else ""
        lines.extend(prefix + markdown_to_text(text) for text in block.texts)
    return "\n".join(lines)


def view_text(view: PolicyView) -> str:
    """The published plain text of a page: title, then each heading and its paragraphs.

    This is the text whose sha256 the site publishes, so that anyone can verify a copy; it
    must only change when the words do.
    """
    lines = [markdown_to_text(view.title)]
    for section in view.walk():
        lines.append(format_heading(section.number, markdown_to_text(section.title)))
        if body := section_text(section):
            lines.append(body)
    return "\n".join(lines) + "\n"
