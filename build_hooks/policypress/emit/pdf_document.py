"""A version's text as data for its PDF: the archive page's HTML read into plain blocks.

The PDF shows what the archive page shows, so it starts from the same HTML (the page's
Markdown through Python-Markdown). That HTML is read here into a tree of JSON-ready dicts —
headings, paragraphs, lists, tables, and inline runs of text, strong, emphasis, code and
links — which the Typst template (`templates/pdf/version.typ`) lays out. Policy text stays
data all the way: Typst receives it as JSON strings and never parses it as markup, so a
passage holding `#read(...)`, `$x$` or `#set page(...)` prints as written.

Blocks (a dict with `kind`):
- `heading`: `level` (2–6, never skipping a level), `id`, `lang` (or null), `content`
- `paragraph`: `content`
- `list`: `numbered`, `start`, `items` (each a list of blocks: a list item may hold
  paragraphs and lists)
- `table`: `columns`, `rows`; a row has `role` (`head`, `group` for a row group's heading,
  `body`) and `cells` (`span`, `blocks`)
- `code`: `text`

Inlines: `text` (`text`), `strong`, `emphasis`, `span` (`lang`, `label` for the "(not
translated)" mark) and `link` (`internal` section id or `url`) with `content`; `code`
(`text`) and `break`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

Node = dict[str, Any]

_BLOCK_TAGS = {"p", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "pre", "blockquote",
               "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dl", "dt", "dd", "section", "main"}
_VOID_TAGS = {"br", "img", "hr", "wbr", "input", "meta", "link", "col", "source"}
_SPACE = re.compile(r"\s+")
# Addresses a reader's viewer may open from a PDF; anything else (javascript:, file:, data:)
# stays plain text.
_SCHEMES = ("http", "https", "mailto")


class _Element:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs = tag, attrs
        self.children: list[_Element | str] = []


class _TreeBuilder(HTMLParser):
    """HTML → a bare element tree (stdlib parser: Python-Markdown's output is well formed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(element)
        if tag not in _VOID_TAGS:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(_Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def document_blocks(html: str, address: str) -> list[Node]:
    """The blocks of `html` (a version's text as its archive page has it). Links are resolved
    against `address` (the archive page's): a link to a section of this text stays inside the
    PDF, every other one becomes an absolute address."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    ids = {node.attrs["id"] for node in _walk(builder.root) if node.attrs.get("id")}
    reader = _Reader(address, ids)
    return reader.fix_levels(reader.blocks(builder.root.children))


def _walk(element: _Element) -> Any:
    for child in element.children:
        if isinstance(child, _Element):
            yield child
            yield from _walk(child)


class _Reader:
    def __init__(self, address: str, ids: set[str]) -> None:
        self.address, self.ids = address, ids

    def blocks(self, children: list[_Element | str]) -> list[Node]:
        """Block children in order; runs of inline content between them become paragraphs
        (the text of a tight list item or a table cell, beside its sub-list)."""
        found: list[Node] = []
        run: list[_Element | str] = []

        def flush() -> None:
            content = _trimmed(self.inlines(run))
            if content:
                found.append({"kind": "paragraph", "content": content})
            run.clear()

        for child in children:
            if isinstance(child, _Element) and child.tag in _BLOCK_TAGS:
                flush()
                found.extend(self.block(child))
            else:
                run.append(child)
        flush()
        return found

    def block(self, element: _Element) -> list[Node]:
        tag = element.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return [{"kind": "heading", "level": int(tag[1]), "id": element.attrs.get("id") or None,
                     "lang": element.attrs.get("lang") or None, "content": _trimmed(self.inlines(element.children))}]
        if tag == "p":
            content = _trimmed(self.inlines(element.children))
            return [{"kind": "paragraph", "content": content}] if content else []
        if tag in ("ul", "ol"):
            items = [self.blocks(child.children) for child in element.children if isinstance(child, _Element) and child.tag == "li"]
            return [{"kind": "list", "numbered": tag == "ol", "start": _number(element.attrs.get("start"), 1), "items": items}]
        if tag == "table":
            return [self.table(element)]
        if tag == "pre":
            return [{"kind": "code", "text": _text(element).strip("\n")}]
        if tag == "hr":
            return []
        return self.blocks(element.children)

    def table(self, element: _Element) -> Node:
        rows: list[Node] = []

        def add(row: _Element, section: str) -> None:
            cells = [child for child in row.children if isinstance(child, _Element) and child.tag in ("th", "td")]
            if not cells:
                return
            if section == "thead":
                role = "head"
            elif len(cells) == 1 and cells[0].tag == "th" and cells[0].attrs.get("scope") == "rowgroup":
                role = "group"
            else:
                role = "body"
            rows.append({"role": role, "cells": [
                {"span": _number(cell.attrs.get("colspan"), 1), "blocks": self.blocks(cell.children)} for cell in cells]})

        for child in element.children:
            if not isinstance(child, _Element):
                continue
            if child.tag == "tr":
                add(child, "tbody")
            elif child.tag in ("thead", "tbody", "tfoot"):
                for row in child.children:
                    if isinstance(row, _Element) and row.tag == "tr":
                        add(row, child.tag)
        columns = max((sum(cell["span"] for cell in row["cells"]) for row in rows), default=1)
        for row in rows:
            # A short row filled up with empty cells: the next row starts in the first column.
            row["cells"].extend({"span": 1, "blocks": []} for _ in range(columns - sum(cell["span"] for cell in row["cells"])))
        return {"kind": "table", "columns": columns, "rows": rows}

    def inlines(self, children: list[_Element | str]) -> list[Node]:
        found: list[Node] = []
        for child in children:
            if isinstance(child, str):
                text = _SPACE.sub(" ", child)
                if text:
                    found.append({"kind": "text", "text": text})
            else:
                found.extend(self.inline(child))
        return _merged(found)

    def inline(self, element: _Element) -> list[Node]:
        tag = element.tag
        if tag == "br":
            return [{"kind": "break"}]
        if tag == "img":
            alt = _SPACE.sub(" ", element.attrs.get("alt", "")).strip()
            return [{"kind": "text", "text": alt}] if alt else []  # an image is never fetched: its words stay
        if tag == "code":
            return [{"kind": "code", "text": _SPACE.sub(" ", _text(element))}]
        content = self.inlines(element.children)
        if tag in ("strong", "b"):
            return [{"kind": "strong", "content": content}]
        if tag in ("em", "i"):
            return [{"kind": "emphasis", "content": content}]
        if tag == "a":
            return [self.link(element.attrs.get("href", ""), content)]
        if tag == "span" and (element.attrs.get("lang") or "policy-untranslated-label" in element.attrs.get("class", "")):
            return [{"kind": "span", "lang": element.attrs.get("lang") or None,
                     "label": "policy-untranslated-label" in element.attrs.get("class", "").split(), "content": content}]
        return content

    def link(self, href: str, content: list[Node]) -> Node:
        if href.startswith("#") and href[1:] in self.ids:
            return {"kind": "link", "internal": href[1:], "content": content}
        url = urljoin(self.address, href)
        if urlsplit(url).scheme not in _SCHEMES:
            return {"kind": "span", "lang": None, "label": False, "content": content}
        return {"kind": "link", "url": url, "content": content}

    @staticmethod
    def fix_levels(blocks: list[Node]) -> list[Node]:
        """Headings from level 2 (the title is level 1) that never skip a level, as PDF/UA
        asks (a section five levels deep under a heading-only parent keeps its place)."""
        previous = 1
        for block in blocks:
            if block["kind"] == "heading":
                block["level"] = max(2, min(block["level"], previous + 1))
                previous = block["level"]
        return blocks


def _text(element: _Element) -> str:
    return "".join(child if isinstance(child, str) else _text(child) for child in element.children)


def _number(value: str | None, default: int) -> int:
    try:
        return max(int(value or default), 0)
    except ValueError:
        return default


def _merged(nodes: list[Node]) -> list[Node]:
    """Adjacent text runs as one (fewer, longer strings for Typst to shape), and no space at
    the start of a line after a line break."""
    merged: list[Node] = []
    for node in nodes:
        if node["kind"] == "text" and merged and merged[-1]["kind"] == "break":
            node = {"kind": "text", "text": node["text"].lstrip()}
            if not node["text"]:
                continue
        if node["kind"] == "text" and merged and merged[-1]["kind"] == "text":
            merged[-1] = {"kind": "text", "text": _SPACE.sub(" ", merged[-1]["text"] + node["text"])}
        else:
            merged.append(node)
    return merged


def _trimmed(nodes: list[Node]) -> list[Node]:
    """Inline content without the white space that HTML source puts at its ends."""
    nodes = list(nodes)
    while nodes and nodes[0]["kind"] == "text" and not nodes[0]["text"].strip():
        nodes.pop(0)
    while nodes and nodes[-1]["kind"] == "text" and not nodes[-1]["text"].strip():
        nodes.pop()
    if nodes and nodes[0]["kind"] == "text":
        nodes[0] = {"kind": "text", "text": nodes[0]["text"].lstrip()}
    if nodes and nodes[-1]["kind"] == "text":
        nodes[-1] = {"kind": "text", "text": nodes[-1]["text"].rstrip()}
    return nodes
