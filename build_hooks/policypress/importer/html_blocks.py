"""An HTML element (parsed by lxml) as the headings and blocks of policy sources.

Every word of the element is either written or reported: block elements (paragraphs, lists,
tables, definition lists, quotes, wrappers such as `<div>`, `<section>`, `<center>`) end a
paragraph; any other element (`<span>`, `<font>`, `<u>`, `<sup>`, …) keeps its words inline, and
those of `html.UNWRAPPED` are counted for the report (the formatting dropped), as in Markdown.
`element_words` counts the words of a page the same way, so the import can prove it kept them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from policypress.importer import html
from policypress.importer.anchors import opaque_anchor
from policypress.importer.blocks import Block, Heading, date_line
from policypress.importer.bold_headings import promote_bold_headings
from policypress.importer.inner_blocks import cell_of, from_lines, item_of
from policypress.importer.html_text import BLOCKS, HEADINGS, SPACES, clean, element_words, escape_text, paragraph, tag_of
from policypress.importer.reading import Reading
from policypress.importer.words import markdown_words

__all__ = ["HtmlReader", "element_words", "tag_of"]

_STRONG = frozenset({"strong", "b"})
_EMPHASIS = frozenset({"em", "i", "dfn"})
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_STRUCTURE = frozenset({"table", "thead", "tbody", "tfoot", "tr"})
_BOLD_NUMBER = re.compile(r"^(\*{1,2})(\d+(?:\.\d+)*[.)]?)\1\s*")
class HtmlReader:
    """Walks one element's content into `Heading` and `Block` events, reporting into a `Reading`."""

    def __init__(self, reading: Reading, *, base_url: str | None, rtl: bool) -> None:
        self.reading = reading
        self.base_url = base_url
        self.rtl = rtl
        self.events: list[Heading | Block] = []
        self.run: list[str] = []
        self.run_line = 1
        self.anchors: list[str] = []
        self.pending_anchors: list[str] = []
        self.invisible = 0
        self.relative_links: list[str] = []

    def read(self, element: Any) -> list[Heading | Block]:
        """The events of `element`'s content (of the element itself when it is a table, a list …)."""
        if tag_of(element) in {"table", "ul", "ol", "dl", "p", "pre", *HEADINGS}:
            self._child(element)
        else:
            self._container(element)
        self._flush()
        self.events = promote_bold_headings(self.events, self.reading, "page")
        if readable := [a for a in self.pending_anchors if not opaque_anchor(a)]:
            self.reading.notes.append(f"anchor(s) {', '.join(readable)} at the end name no heading; dropped")
        if self.invisible:
            self.reading.notes.append(f"{self.invisible} invisible character(s) (soft hyphens, zero-width spaces) removed")
        if self.relative_links:
            self.reading.notes.append(
                f"{len(self.relative_links)} relative link(s) (e.g. '{self.relative_links[0][:60]}') kept as their text only, "
                "or as written when they start at the site's root ('/…'); "
                "give --base-url https://… to make them full addresses"
            )
        return self.events

    # -- where ----------------------------------------------------------------------------
    def lines(self, element: Any) -> list[int]:
        line = max((element.sourceline or 1) - 1, 0)
        return [line, line + 1]

    def error(self, element: Any, message: str) -> None:
        self.reading.error(self.lines(element), f"<{tag_of(element)}", message)

    # -- blocks ---------------------------------------------------------------------------
    def _container(self, element: Any) -> None:
        self._add_text(element.text, element)
        for child in element:
            self._child(child)
            self._add_text(child.tail, element)

    def _child(self, child: Any) -> None:
        tag = tag_of(child)
        if tag in {"#comment", "#other"}:
            self._comment(child)
        elif tag in HEADINGS:
            self._flush()
            self._heading(child, HEADINGS[tag])
        elif tag in {"ul", "ol", "menu", "dir"} and any(tag_of(n) in HEADINGS for n in child.iterdescendants()):
            # A list used to lay out the page's sections (each item a heading and its text).
            self._flush()
            self._container(child)
            self._flush()
        elif tag in {"ul", "ol", "menu", "dir"}:
            self._flush()
            self._list_blocks(child)
        elif tag == "table":
            self._flush()
            self._table(child)
        elif tag == "dl":
            self._flush()
            self._definitions(child)
        elif tag == "blockquote":
            self._flush()
            self.reading.notes.append(f"line {child.sourceline}: a block quote is imported as plain paragraphs")
            self._container(child)
            self._flush()
        elif tag == "pre":
            # Preformatted text on a policy page is the policy typed as plain text (old pages,
            # app stores' pages): its blank lines part paragraphs, its line ends stay line breaks.
            self._flush()
            text = "".join(child.itertext())
            for part in re.split(r"\n[ \t]*\n", text):
                lines = [self._text(line).strip() for line in part.split("\n") if line.strip()]
                if lines:
                    self._block(paragraph("  \n".join(lines)), child)
            if text.strip():
                self.reading.notes.append(f"line {child.sourceline}: preformatted text (<pre>) is imported as paragraphs")
        elif tag == "hr":
            self._flush()
        elif tag == "br":
            if "".join(self.run).rstrip(" ").endswith("  \n"):
                self._flush()  # two line breaks in a row: old pages' way of starting a paragraph
            else:
                self.run.append("  \n")
        elif tag in BLOCKS or self._holds_blocks(child):
            if tag in html.UNWRAPPED:  # `<center>`, or a `<font>` around paragraphs
                self.reading.unwrap(html.UNWRAPPED[tag])
            self._flush()
            self.run_line = child.sourceline or self.run_line
            self._container(child)
            self._flush()
        else:
            if not "".join(self.run).strip():
                self.run_line = child.sourceline or self.run_line
            self.run.append(self._inline(child, "  \n"))

    def _holds_blocks(self, element: Any) -> bool:
        """Whether an inline element (`<font>`, `<span>`) wraps paragraphs: block elements, or
        two line breaks in a row (a paragraph break on old pages)."""
        for node in element.iterdescendants():
            tag = tag_of(node)
            if tag in BLOCKS and tag != "br":
                return True
            if tag == "br" and not (node.tail or "").strip():
                following = node.getnext()
                if following is not None and tag_of(following) == "br":
                    return True
        return False

    def _comment(self, node: Any) -> None:
        if tag_of(node) == "#comment":
            self.reading.leave_out(self.lines(node), "HTML comment", "invisible to readers", node.text or "")

    def _add_text(self, text: str | None, element: Any) -> None:
        if text:
            self.run.append(self._text(text))

    def _block(self, data: Any, element: Any) -> None:
        self.events.append(Block(data, element.sourceline or 1))

    def _flush(self) -> None:
        """The words gathered since the last block, as one paragraph (date lines left out)."""
        text = paragraph("".join(self.run))
        self.run = []
        anchors, self.anchors = self.anchors, []
        if not text:
            self.pending_anchors.extend(anchors)
            return
        if readable := [a for a in anchors if not opaque_anchor(a)]:
            # Word's bookmarks mark places in paragraphs (_Ref, _Hlk) for its own cross-references.
            self.reading.notes.append(f"line {self.run_line}: anchor(s) {', '.join(readable)} name no heading; dropped")
        kept = []
        for line in text.split("  \n"):
            reason = date_line(" ".join(markdown_words(line)))
            if reason:
                where = [self.run_line - 1, self.run_line]
                self.reading.leave_out(where, reason[0], reason[1], " ".join(markdown_words(line)))
            else:
                kept.append(line)
        if kept:
            self.events.append(Block("  \n".join(kept), self.run_line))
        self.pending_anchors = []

    def _heading(self, element: Any, level: int) -> None:
        own = [element.get("id")] if element.get("id") else []
        text = " ".join(SPACES.sub(" ", self._inline_content(element, " ")).split())
        # A number set in bold ("<strong>1.</strong> Introduction") is still the heading's number.
        text = _BOLD_NUMBER.sub(lambda m: m.group(2) + " ", text).strip()
        inner, self.anchors = self.anchors, []
        # Ids are lowercase with hyphens; "Data_Retention" on the page becomes "data-retention".
        # An anchor made by a tool stays as it is, for the outline to recognise and set aside.
        anchors = tuple(a if opaque_anchor(a) else a.lower().replace("_", "-") for a in (*own, *inner, *self.pending_anchors) if a)
        self.pending_anchors = []
        if not text:
            if anchors:
                self.pending_anchors.extend(anchors)
            return
        self.events.append(Heading(level, [], self.lines(element), anchors, text))

    def _list_blocks(self, element: Any) -> None:
        """A list as a block; an item holding a table (which no list item can hold) ends the list
        and is read as its paragraphs, lists and table, so that every word keeps its place."""
        children = list(element)
        holding = {i for i, c in enumerate(children) if tag_of(c) == "li" and any(tag_of(n) == "table" for n in c.iterdescendants())}
        number = _start(element)
        group: list[Any] = []
        for index, child in enumerate([*children, None]):
            if child is not None and index not in holding:
                group.append(child)
                continue
            block = self._list(element, group, number, with_text=not group or group[0] is children[0])
            if block["items"]:
                self._block(block, element)
            number += sum(1 for c in group if tag_of(c) == "li") + 1
            group = []
            if child is not None:
                self.reading.notes.append(f"line {child.sourceline}: a list item holding a table is imported as its paragraphs "
                                          "and the table, in their order")
                self._container(child)
                self._flush()
                self._add_text(child.tail, element)
                self._flush()

    def _list(self, element: Any, children: list[Any] | None = None, start: int | None = None,
              *, with_text: bool = True) -> dict[str, Any]:
        items: list[Any] = []
        for child in element if children is None else children:
            tag = tag_of(child)
            if tag == "li":
                items.extend(self._item(child))
            elif tag in {"ul", "ol"} and items:
                # A list straight inside a list (not in an item): it belongs to the item before.
                sub = self._list(child)
                last = items[-1]
                if isinstance(last, str):
                    items[-1] = {"text": last, **sub}
                else:
                    last.setdefault("items", []).extend(sub["items"])
            elif tag in {"#comment", "#other"}:
                self._comment(child)
            else:
                items.extend(self._item(child))
            if child.tail and child.tail.strip():
                items.append(paragraph(self._text(child.tail)))
        if with_text and element.text and element.text.strip():
            items.insert(0, paragraph(self._text(element.text)))
        out: dict[str, Any] = {}
        if tag_of(element) == "ol":
            out["numbered"] = True
            first = _start(element) if start is None else start
            if first != 1:
                out["start"] = first
        out["items"] = items
        return out

    def _item(self, element: Any) -> list[Any]:
        """A list item: the paragraphs and lists it holds, in their order (`inner_blocks.item_of`)."""
        return item_of(self._inner(element))

    def _inner(self, element: Any) -> list[Any]:
        """The blocks a list item or a table cell holds, read as the page's own blocks are, in
        order; lines with bullets typed as text (`<br>• A<br>• B`) become a list."""
        saved = self.events, self.run, self.anchors, self.run_line
        self.events, self.run, self.anchors = [], [], []
        self.run_line = element.sourceline or self.run_line
        self._container(element)
        self._flush()
        found, (self.events, self.run, self.anchors, self.run_line) = self.events, saved
        out: list[Any] = []
        for event in found:
            if isinstance(event, Heading):  # a heading inside an item: its words, in bold
                out.append(html.wrap("**", event.text or ""))
            elif isinstance(event.data, str):
                lines = from_lines(event.data.split("  \n"))
                if lines is None:
                    out.append(event.data.replace("  \n", " "))
                    continue
                if lines.markers:
                    self.reading.leave_out(self.lines(element), "list markers typed as text",
                                           "the lines became a list, which shows its own bullets or numbers", " ".join(lines.markers))
                out.extend(lines.blocks)
            else:
                out.append(event.data)
        return out

    def _definitions(self, element: Any) -> None:
        for child in element:
            tag = tag_of(child)
            if tag == "dt":
                term = paragraph(self._inline_content(child, " ")).replace("  \n", " ")
                if term:
                    self._block(html.wrap("**", term), child)
            elif tag in {"#comment", "#other"}:
                self._comment(child)
            else:
                self._container(child)
                self._flush()
            self._add_text(child.tail, element)
        self._flush()

    def _table(self, element: Any) -> None:
        cells = [c for c in element.iter() if tag_of(c) in {"td", "th"}]
        rows = [r for r in element.iter() if tag_of(r) == "tr" and _table_of(r) is element]
        layout = (
            any(tag_of(n) in {*HEADINGS, "table"} for c in cells for n in c.iterdescendants())
            or len(rows) < 2
            or max((len([c for c in r if tag_of(c) in {"td", "th"}]) for r in rows), default=0) < 2
        )
        if layout:
            # A table used to lay out the page (or of one row or column): its cells are text.
            self._container(element)
            self._flush()
            return
        for caption in (c for c in element if tag_of(c) == "caption"):
            self._container(caption)
            self._flush()
        table: list[list[Any]] = []
        for row in rows:
            out: list[Any] = []
            for cell in (c for c in row if tag_of(c) in {"td", "th"}):
                if _number(cell.get("rowspan")) > 1:
                    self.error(cell, f"a table cell spanning {cell.get('rowspan')} rows (rowspan) cannot be imported; "
                                     "repeat its text in each row, or split the table")
                span = _number(cell.get("colspan"))
                if table and any(tag_of(n) in BLOCKS for n in cell.iterdescendants()):
                    value = cell_of(self._inner(cell))  # a body cell holding paragraphs, lists, line breaks
                else:
                    value = paragraph(self._inline_content(cell, " ")).replace("  \n", " ")
                if span > 1:
                    value = {**value, "span": span} if isinstance(value, dict) else {"text": value, "span": span}
                out.append(value)
            table.append(out)
        # Words written between the cells (a browser shows them before the table) are kept.
        for part in (n for n in element.iter() if tag_of(n) in _STRUCTURE and _table_of(n) in (element, None)):
            self._add_text(part.text, part)
            for child in part:
                if tag_of(child) not in {*_STRUCTURE, "td", "th", "caption", "colgroup", "col"}:
                    self.run.append(self._inline(child, " "))
                self._add_text(child.tail, part)
        self._flush()
        header = [piece for cell in table[0] for piece in _expand(cell)]
        body = table[1:]
        width = max([len(header), *(sum(_span(c) for c in row) for row in body)])
        header += [""] * (width - len(header))
        for row in body:
            row.extend([""] * (width - sum(_span(c) for c in row)))
        self._block({"table": {"header": header, "rows": body}}, element)

    # -- inline ---------------------------------------------------------------------------
    def _inline_content(self, element: Any, breaks: str) -> str:
        parts = [self._text(element.text or "")]
        for child in element:
            parts.append(self._inline(child, breaks))
            parts.append(self._text(child.tail or ""))
        return "".join(parts)

    def _inline(self, element: Any, breaks: str) -> str:
        tag = tag_of(element)
        if tag in {"#comment", "#other"}:
            self._comment(element)
            return ""
        if tag == "br":
            return breaks
        if tag == "img":
            return self._image(element)
        if tag in BLOCKS:
            # A block inside a line (a paragraph in a table cell): its words stay apart.
            return " " + self._inline_content(element, breaks).strip() + " "
        inner = self._inline_content(element, breaks)
        if tag in _STRONG:
            return html.wrap("**", inner)
        if tag in _EMPHASIS:
            return html.wrap("*", inner)
        if tag in _CODE:
            return html.code_span(self._plain(element))
        if tag == "a":
            return self._link(element, inner)
        if tag in html.UNWRAPPED:
            self.reading.unwrap(html.UNWRAPPED[tag])
        return inner

    def _image(self, element: Any) -> str:
        alt = clean(element.get("alt") or "", rtl=self.rtl)[0].strip()
        self.reading.image(element.sourceline, element.get("src") or "", alt)
        return f" {self._text(alt)} " if alt else ""

    def _link(self, element: Any, inner: str) -> str:
        name = element.get("id") or element.get("name")
        href = (element.get("href") or "").strip()
        if name and not href:
            self.anchors.append(name)
        text = inner.strip()
        if not href or not text or "](" in inner:
            return inner
        try:
            scheme = urlsplit(href).scheme.lower()
            if not scheme and not href.startswith("#") and self.base_url:
                href = urljoin(self.base_url, href)
        except ValueError:  # not an address at all, e.g. a template's leftover "https://[your-site]"
            scheme = "invalid"
        if scheme and scheme not in {"http", "https", "mailto", "tel"}:
            self.reading.notes.append(f"line {element.sourceline}: a link to '{href[:40]}' kept as its text only")
            return inner
        if not scheme and not href.startswith("#") and not self.base_url:
            self.relative_links.append(href)
            if html.relative_page(href):
                return inner
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        return f"{lead}[{text}]({html.link_target(href)}){trail}"

    def _plain(self, element: Any) -> str:
        return clean(" ".join("".join(element.itertext()).split()), rtl=self.rtl)[0]

    def _text(self, text: str) -> str:
        """Text of the page as Markdown that shows the same words, no markup."""
        if not text:
            return ""
        text, count = clean(text, rtl=self.rtl)
        self.invisible += count
        squashed = html._squash(text) if text.strip() else " "
        return escape_text(squashed)


def _start(element: Any) -> int:
    """The number a numbered list starts at (`start`, 1 if none or not a number)."""
    start = (element.get("start") or "1").strip()
    return int(start) if start.isdigit() else 1


def _number(value: str | None) -> int:
    try:
        return max(1, min(int((value or "1").strip()), 1000))
    except ValueError:
        return 1


def _span(cell: Any) -> int:
    return int(cell.get("span", 1)) if isinstance(cell, dict) else 1


def _expand(cell: Any) -> list[str]:
    """A header cell as plain header cells (a header spanning columns leaves the rest empty)."""
    if isinstance(cell, dict):
        return [cell["text"], *([""] * (int(cell["span"]) - 1))]
    return [cell]


def _table_of(node: Any) -> Any:
    for ancestor in node.iterancestors():
        if tag_of(ancestor) == "table":
            return ancestor
    return None

