"""Words and text of HTML parsed by lxml: which elements are blocks, the words a reader sees,
and page text made into Markdown that shows the same words and no markup."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from policypress.importer.order import SourceWords, placed_words

HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Elements a browser shows as blocks: each starts and ends a run of words.
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "hr", "html", "legend", "li", "main",
    "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul", "caption", "br", *HEADINGS,
})
_LINE_START = re.compile(r"^(?:([#>+=\-])|(\d+)([.)]))")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_SPECIAL = re.compile(r"([\\`*_\[\]])")
# Invisible characters that validate refuses; on a web page they are typesetting leftovers.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
_MARKS = re.compile("[\u200e\u200f\u061c]")
SPACES = re.compile(r" {2,}(?!\n)")


def tag_of(element: Any) -> str:
    """The element's lowercase tag; "#comment" for comments, "#other" for processing instructions."""
    if element.tag is etree.Comment:
        return "#comment"
    if not isinstance(element.tag, str):
        return "#other"
    return element.tag.lower().rsplit("}", 1)[-1]


def element_words(element: Any) -> list[str]:
    """The words a reader sees in `element`: text, alternative text of images; block elements
    separate words, inline ones do not; comments count too (they are reported as left out)."""
    return list(element_source(element).words)


def element_source(element: Any) -> SourceWords:
    """`element_words` in order, each with the line (0-based) of the element it is written in."""
    parts: list[tuple[str, int]] = []
    line = max((element.sourceline or 1) - 1, 0)
    # An explicit stack, not recursion: depth is limited by the parser, not by Python.
    stack: list[tuple[Any, bool]] = [(element, False)]
    while stack:
        node, done = stack.pop()
        tag = tag_of(node)
        if done:
            if tag in BLOCKS:
                parts.append((" ", line))
            if node is not element and node.tail:
                parts.append((node.tail, line))
            continue
        line = max(line, (node.sourceline or 1) - 1)
        if tag in BLOCKS:
            parts.append((" ", line))
        if tag == "img":
            parts.append((f" {node.get('alt') or ''} ", line))
        if tag == "#comment":
            parts.append((f" {node.text or ''} ", line))
        elif tag != "#other" and node.text:
            parts.append((node.text, line))
        stack.append((node, True))
        if tag not in {"#comment", "#other"}:
            stack.extend((child, False) for child in reversed(node))
    return placed_words([(clean(text, rtl=True)[0], at) for text, at in parts])


def clean(text: str, *, rtl: bool) -> tuple[str, int]:
    """Text without invisible characters (and direction marks unless `rtl`); how many went."""
    text, count = _INVISIBLE.subn("", text.replace("\u00a0", " "))
    if not rtl:
        text, marks = _MARKS.subn("", text)
        count += marks
    return text, count


def escape_text(text: str) -> str:
    """Squashed page text as Markdown showing the same characters (no emphasis, links or HTML)."""
    escaped = _SPECIAL.sub(r"\\\1", _ENTITY_LIKE.sub("&amp;", text))
    return escaped.replace("<", "&lt;").replace(">", "&gt;")


def paragraph(text: str) -> str:
    """Gathered inline Markdown as one paragraph: spaces squashed, empty lines dropped, and a
    line that would start a list, heading or quote escaped."""
    lines = [SPACES.sub(" ", line).strip() for line in text.split("  \n")]
    return "  \n".join(_LINE_START.sub(_escape_start, line) for line in lines if line)


def _escape_start(match: re.Match[str]) -> str:
    return f"\\{match.group(1)}" if match.group(1) else f"{match.group(2)}\\{match.group(3)}"
