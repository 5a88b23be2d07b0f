"""Markdown blocks (markdown-it's token stream) into the blocks of policy sources.

The result is a flat list of headings and blocks in reading order; `outline` nests them. Block
data has the shapes of source format 2 (docs: README, "Source format"): a paragraph is a
string, lists are `{items: …}` (with `numbered`/`start`), nested lists hang off their item,
tables are `{table: {header: […], rows: [[…]]}}`; an item or a body cell holding more than one
line of text has the shapes of format 4 (`inner_blocks`), and raw HTML blocks are read by
`raw_html`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from policypress.importer import html
from policypress.importer.inline_text import Where, render
from policypress.importer.inner_blocks import cell_of, from_lines, item_of
from policypress.importer.raw_html import RawHtml
from policypress.importer.reading import Reading

_BREAK = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
# A cell boundary in a GFM table row: a pipe not escaped with a backslash.
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")

# "Effective date: January 26, 2017", "Last updated: 3 March 2024", "_Updated on 2024-03-03_" …
_DATE_LINE = re.compile(
    r"^(?:this\s+policy\s+(?:was\s+)?)?(?:effective(?:\s+date)?|last\s+(?:updated|modified|revised|changed|reviewed)"
    r"|last\s+revision|date\s+of\s+last\s+(?:update|revision)|updated|revised)"
    r"(?:\s+(?:on|as\s+of))?\s*[:\-–—]?\s*(?P<date>.+?)\.?$",
    re.IGNORECASE,
)
# A line of its own such as `{: .policy-meta }`: MkDocs' attribute list, styling nobody reads.
_ATTRIBUTE_LIST = re.compile(r"^\{:?\s*(?:[.#][\w-]+|[\w-]+=\S+)(?:\s+(?:[.#][\w-]+|[\w-]+=\S+))*\s*\}$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%B %d %Y", "%m/%d/%Y", "%d.%m.%Y")


def markdown_parser() -> MarkdownIt:
    """CommonMark with GFM tables; escapes kept as `text_special` tokens so they are written back."""
    md = MarkdownIt("commonmark").enable("table").disable("text_join")
    # Without text_join, escapes and entities stay `text_special` tokens, which the renderer
    # (used to count words) must show as the character they stand for.
    md.add_render_rule("text_special", lambda self, tokens, idx, options, env: escapeHtml(tokens[idx].content))
    return md


@dataclass(frozen=True)
class Heading:
    level: int
    inline: list[Token]
    line_range: list[int] | None
    anchors: tuple[str, ...]
    """Names of `<a name|id>` anchors just before the heading (in an HTML block)."""
    text: str | None = None
    """The heading's Markdown when the reader made it itself (HTML, Word); else from `inline`."""


@dataclass(frozen=True)
class Block:
    data: Any
    line: int


Event = Heading | Block


def date_of(text: str) -> str | None:
    """The ISO date of a date line's date, if it reads as one."""
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip("."))
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def date_line(plain: str) -> tuple[str, str] | None:
    """(what, why) for a line such as "Last updated: March 3, 2024", which import leaves out."""
    plain = plain.strip().strip("*_ ")
    match = _DATE_LINE.match(plain)
    if not (match and _YEAR.search(match.group("date")) and len(match.group("date").split()) <= 6):
        return None
    day = date_of(match.group("date"))
    hint = f" (--published {day})" if day else ""
    return f"date line '{plain[:60]}'", f"PolicyPress prints the dates; put it in the release entry{hint}"


def _runs_between_breaks(children: list[Token]) -> list[list[Token]]:
    """Inline tokens cut at each `<br>` that stands outside emphasis and links (one inside stays
    a space, so that no run opens what another closes)."""
    runs: list[list[Token]] = [[]]
    depth = 0
    for child in children:
        if child.type == "html_inline" and _BREAK.match(child.content) and depth == 0:
            runs.append([])
            continue
        depth += child.nesting if child.type.endswith(("_open", "_close")) else 0
        if child.type == "html_inline":
            raw = child.content.lower()
            depth += 0 if _BREAK.match(raw) or raw.startswith("<!--") else (-1 if raw.startswith("</") else 1)
        runs[-1].append(child)
    return runs


def _plain(tokens: list[Token]) -> str:
    return "".join(t.content for t in tokens if t.type in {"text", "text_special", "code_inline"})


class BlockReader:
    """Walks the block tokens of one document, reporting into a `Reading`."""

    def __init__(self, reading: Reading, tokens: list[Token]) -> None:
        self.reading = reading
        self.tokens = tokens
        self.index = 0
        self.pending_anchors: list[str] = []

    # -- the token stream -------------------------------------------------------------------
    def _end_of(self, start: int) -> int:
        """Index of the token closing the one opened at `start`."""
        depth = 0
        for index in range(start, len(self.tokens)):
            depth += self.tokens[index].nesting
            if depth == 0:
                return index
        return len(self.tokens) - 1

    def events(self) -> list[Event]:
        """Headings and blocks of the whole document, in reading order."""
        out: list[Event] = []
        while self.index < len(self.tokens):
            token = self.tokens[self.index]
            if token.type == "heading_open":
                inline = self.tokens[self.index + 1]
                out.append(Heading(int(token.tag[1]), inline.children or [], token.map, tuple(self.pending_anchors)))
                self.pending_anchors = []
                self.index += 3
                continue
            end = self._end_of(self.index)
            out.extend(Block(data, (token.map or [0])[0] + 1) for data in self.blocks(self.index, end))
            self.index = end + 1
        if self.pending_anchors:
            self.reading.notes.append(f"anchor(s) {', '.join(self.pending_anchors)} at the end name no heading; dropped")
        return out

    def blocks(self, start: int, end: int) -> list[Any]:
        """The source blocks made of tokens[start:end+1] (one block-level token and its content)."""
        token = self.tokens[start]
        kind = token.type
        if kind == "paragraph_open":
            text = self._paragraph(self.tokens[start + 1], "paragraph")
            return [text] if text else []
        if kind in {"bullet_list_open", "ordered_list_open"}:
            return [self._list(start, end)]
        if kind == "table_open":
            return [self._table(start, end)]
        if kind == "blockquote_open":
            self.reading.notes.append(f"line {token.map[0] + 1 if token.map else '?'}: a block quote is imported as plain paragraphs")
            return self._children(start + 1, end)
        if kind in {"code_block", "fence"}:
            code = html.code_span(token.content)
            if code:
                self.reading.notes.append(f"line {token.map[0] + 1 if token.map else '?'}: a code block is imported as one paragraph of code text")
            return [code] if code else []
        if kind == "html_block":
            return RawHtml(self.reading, self.pending_anchors).blocks(token)
        if kind == "hr":
            return []
        self.reading.error(token.map, "", f"this kind of Markdown ({kind}) cannot be imported")
        return []

    def _children(self, start: int, end: int) -> list[Any]:
        out: list[Any] = []
        index = start
        while index < end:
            close = self._end_of(index)
            if self.tokens[index].type == "heading_open":
                # A heading inside a quote or list: kept as a paragraph of bold text.
                text = self._paragraph(self.tokens[index + 1], "paragraph")
                out.extend([html.wrap("**", text)] if text else [])
            else:
                out.extend(self.blocks(index, close))
            index = close + 1
        return out

    # -- paragraphs -------------------------------------------------------------------------
    def _paragraph(self, inline: Token, where: Where) -> str:
        """A paragraph's Markdown, without date lines (left out and reported)."""
        children = self._without_date_lines(inline)
        result = render(children, self.reading, inline.map, where)
        if result.anchors and where == "paragraph" and not result.text.strip():
            # A paragraph of nothing but `<a name="x"></a>`: a target for the heading after it.
            self.pending_anchors.extend(result.anchors)
        elif result.anchors:
            self.reading.notes.append(
                f"line {(inline.map or [0])[0] + 1}: anchor(s) {', '.join(result.anchors)} name no heading; dropped"
            )
        return result.text.strip()

    def _without_date_lines(self, inline: Token) -> list[Token]:
        children = inline.children or []
        lines: list[list[Token]] = [[]]
        for child in children:
            lines[-1].append(child)
            if child.type in {"softbreak", "hardbreak"}:
                lines.append([])
        kept: list[Token] = []
        for number, line in enumerate(lines):
            plain = _plain(line).strip().strip("*_ ")
            if _ATTRIBUTE_LIST.match(plain):
                first = (inline.map or [0])[0] + number
                self.reading.leave_out([first, first + 1], f"attribute list '{plain[:40]}'", "styling for MkDocs, invisible to readers", plain)
                continue
            reason = date_line(plain)
            if reason:
                first = (inline.map or [0])[0] + number
                self.reading.leave_out([first, first + 1], reason[0], reason[1], plain)
                continue
            kept.extend(line)
        while kept and kept[-1].type in {"softbreak", "hardbreak"}:
            kept.pop()
        return kept

    # -- lists ------------------------------------------------------------------------------
    def _list(self, start: int, end: int) -> dict[str, Any]:
        token = self.tokens[start]
        numbered = token.type == "ordered_list_open"
        items: list[Any] = []
        index = start + 1
        while index < end:
            close = self._end_of(index)
            item = self._item(index, close)
            if item is not None:
                items.append(item)
            index = close + 1
        out: dict[str, Any] = {}
        if numbered:
            out["numbered"] = True
            start_at = int(token.attrGet("start") or 1)
            if start_at != 1:
                out["start"] = start_at
        out["items"] = items
        return out

    def _item(self, start: int, end: int) -> Any:
        """A list item: its paragraphs and lists in their order (`inner_blocks.item_of`)."""
        held: list[Any] = []
        index = start + 1
        while index < end:
            close = self._end_of(index)
            token = self.tokens[index]
            if token.type == "paragraph_open":
                text = self._paragraph(self.tokens[index + 1], "item")
                held.extend([text] if text else [])
            elif token.type in {"bullet_list_open", "ordered_list_open"}:
                held.append(self._list(index, close))
            elif token.type == "table_open":
                self.reading.error(token.map, "|", "a table inside a list item cannot be imported; move the table out of the list")
            else:
                for block in self._children(index, close + 1) if token.type == "heading_open" else self.blocks(index, close):
                    if isinstance(block, str) or "items" in block:
                        held.append(block)
                    else:
                        self.reading.error(token.map, "", "this block inside a list item cannot be imported; move it out of the list")
            index = close + 1
        if not held:
            self.reading.notes.append(f"line {(self.tokens[start].map or [0])[0] + 1}: an empty list item was dropped")
            return None
        if not isinstance(held[0], str):
            self.reading.error(
                self.tokens[start].map, "",
                "a list item with a nested list but no text of its own cannot be imported; give it its text or un-indent the nested list",
            )
            return None
        return item_of(held)[0]

    # -- tables -----------------------------------------------------------------------------
    def _table(self, start: int, end: int) -> dict[str, Any]:
        rows: list[list[str]] = []
        for index in range(start, end):
            token = self.tokens[index]
            if token.type == "tr_open":
                rows.append([])
                if rows[1:] and token.map:
                    self._refuse_cells_beyond_header(token.map, len(rows[0]))
            elif token.type == "inline" and rows:
                rows[-1].append(self._cell(token, header=len(rows) == 1))
        header, body = (rows[0], rows[1:]) if rows else ([], [])
        if not body:
            self.reading.error(self.tokens[start].map, "|", "a table with a header and no rows cannot be imported; add a row, or write the header as text")
        return {"table": {"header": header, "rows": body}}

    def _cell(self, token: Token, *, header: bool) -> Any:
        """A cell's Markdown; a body cell whose line breaks part paragraphs or start list items
        (`*   A<br>*   B`, `text<br><br>text`, as converters write them) holds those blocks."""
        children = token.children or []
        runs = [] if header else _runs_between_breaks(children)
        if len(runs) > 1:
            lines = [render(run, self.reading, token.map, "cell").text.rstrip() for run in runs]
            found = from_lines(lines)
            if found is not None:
                if found.markers:
                    self.reading.leave_out(token.map, "list markers typed in a table cell",
                                           "the cell's lines became a list, which shows its own bullets or numbers",
                                           " ".join(found.markers))
                return cell_of(found.blocks)
        return render(children, self.reading, token.map, "cell").text.strip()

    def _refuse_cells_beyond_header(self, line_range: list[int], width: int) -> None:
        """GFM (and so markdown-it) silently drops the cells of a row beyond the header's width;
        an import must never lose words, so such a row is an error."""
        line = self.reading.lines[line_range[0]].strip()
        cells = _UNESCAPED_PIPE.split(line.removeprefix("|").removesuffix("|"))
        if len(cells) > width:
            self.reading.error(line_range, line, f"this table row has {len(cells)} cells but the header has {width}: "
                               "the extra cells would be lost; add header cells or merge the extra cells into the last one")
