"""Policy Markdown as the plain words a reader sees: for redlines, search and checksums."""

from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache

from policypress.assemble import (
    PolicyView,
    Same,
    ViewBlock,
    ViewCell,
    ViewCellValue,
    ViewList,
    ViewParagraph,
    ViewSection,
    ViewTable,
    format_heading,
)


# The inline Markdown that policy text uses, and the words each piece shows (an image shows
# its alternative text). This is ours,
# not a Markdown library's: the published plain text (and its sha256) must not change when a
# library is upgraded. Tests check it against the seed text and the rendered pages.
_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_IMAGE_OR_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)?[^<>\s@]+(?:@[^<>\s]+)?)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_EMPHASIS = re.compile(r"(?<!\*)\*(?=\S)(.+?)(?<=\S)\*(?!\*)|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])", re.DOTALL)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")


@lru_cache(maxsize=65_536)
def markdown_to_text(text: str) -> str:
    """The words of one paragraph of Markdown, with whitespace collapsed to single spaces."""
    codes: list[str] = []

    def keep_code(match: re.Match[str]) -> str:
        codes.append(match.group(2).strip())
        return f"\x00{len(codes) - 1}\x00"

    out = _CODE.sub(keep_code, text)
    out = _IMAGE_OR_LINK.sub(lambda m: m.group(1), out)
    out = _AUTOLINK.sub(lambda m: m.group(1), out)
    for _ in range(3):  # nested emphasis, e.g. **bold *and* italic**
        out = _STRONG.sub(lambda m: m.group(2), out)
        out = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), out)
    out = _ESCAPE.sub(lambda m: m.group(1), out)
    out = html.unescape(out)
    out = re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], out)
    return " ".join(out.split())


def section_text(section: ViewSection) -> str:
    """A section's own blocks as plain text (see `blocks_text`)."""
    return _text_of(Same(section.blocks))


@lru_cache(maxsize=8192)
def _text_of(blocks: Same) -> str:
    return blocks_text(blocks.value)  # type: ignore[arg-type]


@lru_cache(maxsize=8192)
def blocks_text(blocks: tuple[ViewBlock, ...]) -> str:
    """Blocks as plain text, one line per paragraph, list item and table row.

    A list item reads "- item", or "3. item" in a numbered list, nested items indented by two
    spaces per level; a table is its header, then its rows, cells joined by " | " (a cell
    spanning columns is one cell, so a group row is its words alone: spans are layout, not
    words, and the text of a table without them reads as it always has). (Format-1
    text, paragraphs and bulleted lists, reads exactly as it always has: published checksums
    depend on it.)

    Format 4's blocks inside: a paragraph of a list item is a line of its own, indented like
    the item's nested items; a list inside an item is nested as a sublist is. A cell holding
    blocks is its blocks' lines, unindented, joined by one space, so that a row stays one
    line: "Access | Either: - use the tool; - write to us.".
    """
    # Sections recur unchanged in version after version: their text is made once.
    return "\n".join(line for block in blocks for line in block_lines(block))


def block_lines(block: ViewBlock, depth: int = 0) -> list[str]:
    """The plain-text lines of one block (a list nested `depth` levels deep is indented)."""
    match block:
        case ViewParagraph():
            return ["  " * depth + markdown_to_text(block.text)]
        case ViewList():
            lines = []
            for number, item in enumerate(block.items, start=block.start):
                marker = f"{number}. " if block.numbered else "- "
                lines.append("  " * depth + marker + markdown_to_text(item.text))
                for inner in item.content:
                    lines.extend(block_lines(inner, depth + 1))
            return lines
        case ViewTable():
            return [table_row_text(row) for row in (block.header, *block.rows)]
    raise TypeError(f"unknown block {block!r}")


def table_row_text(cells: tuple[ViewCellValue, ...]) -> str:
    """One table row as plain text: its cells' words joined by " | "."""
    return " | ".join(cell_text(cell) for cell in cells)


def cell_text(cell: ViewCellValue) -> str:
    """A cell's words on one line: a line of Markdown, or its blocks' lines joined by a space."""
    match cell:
        case ViewCell():
            return " ".join(line.strip() for block in cell.blocks for line in block_lines(block))
        case str():
            return markdown_to_text(cell)
    raise TypeError(f"unknown cell {cell!r}")


def view_text(view: PolicyView) -> str:
    """The published plain text of a page: title, preamble, then each heading and its blocks.

    This is the text whose sha256 the site publishes, so that anyone can verify a copy; it
    must only change when the words do.
    """
    lines = [markdown_to_text(view.title)]
    if preamble := blocks_text(view.preamble):
        lines.append(preamble)
    lines.extend(_section_lines(Same(section)) for section in view.walk())
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=8192)
def _section_lines(same: Same) -> str:
    """A section's heading and, if it has any, its blocks' lines (by identity, as `_text_of`)."""
    section: ViewSection = same.value  # type: ignore[assignment]
    heading = format_heading(section.number, markdown_to_text(section.title))
    body = section_text(section)
    return f"{heading}\n{body}" if body else heading


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of a published text: what anyone can recompute."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
