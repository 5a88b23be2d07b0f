"""Counting words two independent ways, so that an import can prove it kept every one.

Words in are counted from markdown-it's own HTML rendering of the file (what a reader of the
original saw, plus the comments and front matter nobody saw), or for HTML and Word from the
parsed page; words out are counted from the Markdown the import writes, read by the same
markdown-it parser, so one parse decides what is a link on both sides. Words in = words out +
words left out, or the import stops.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from markdown_it.token import Token

from policypress.importer.blocks import markdown_parser
from policypress.importer.order import SourceWords

# Elements that separate words when rendered (a cell, an item, a line break); inline ones don't.
_SEPARATING = frozenset(
    {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "thead",
     "tbody", "br", "hr", "div", "center", "blockquote", "pre"}
)


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SEPARATING:
            self.parts.append(" ")
        if tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SEPARATING:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.parts.append(f" {data} ")


def html_words(html: str) -> list[str]:
    """The words of an HTML fragment, comments included."""
    parser = _Words()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).split()


def source_words(tokens: list[Token], left_out_before: int) -> SourceWords:
    """Words of the parsed file as markdown-it renders it (raw HTML and comments included), in
    order, each with the first line of its block. Rendered token by token: the renderer writes
    each token alone, so the words are those of the whole file's rendering."""
    md = markdown_parser()
    words: list[str] = []
    lines: list[int] = []
    line = 0
    for token in tokens:
        if token.map:
            line = max(line, token.map[0])
        found = html_words(md.renderer.render([token], md.options, {}))
        words.extend(found)
        lines.extend([line] * len(found))
    return SourceWords(tuple(words), tuple(lines), left_out_before)


def cell_text(cell: Any) -> str:
    """The Markdown of a table cell: a string, or `{text, span}` for a cell spanning columns."""
    return str(cell["text"]) if isinstance(cell, dict) else str(cell)


def texts_of(block: Any) -> list[str]:
    """Every Markdown text in a block, in reading order: a paragraph, list items and the blocks
    inside them at any depth, table cells (of text, or of blocks)."""
    if isinstance(block, str):
        return [block]
    if "table" in block:
        table = block["table"]
        rows = [row["cells"] if isinstance(row, dict) else row for row in table["rows"]]
        return [t for cell in [*table["header"], *(cell for row in rows for cell in row)] for t in _cell_texts(cell)]
    out = [block["text"]] if "text" in block else []
    inner = [*block.get("items", []), *block.get("blocks", [])]
    return out + [t for item in inner for t in texts_of(item)]


def _cell_texts(cell: Any) -> list[str]:
    if isinstance(cell, dict) and "blocks" in cell:
        return [t for block in cell["blocks"] for t in texts_of(block)]
    return [cell_text(cell)]


def written_words(parts: list[Any]) -> list[str]:
    """Words of what the import writes, in the source's order: each part a heading's text (a
    title or a section's name) or a block."""
    return [word for part in parts for text in texts_of(part) for word in markdown_words(text)]


def markdown_words(text: str) -> list[str]:
    """The words of one written Markdown text as markdown-it shows them: the parser that counted
    the words in, so that no shape of link (a title, escaped parentheses, an address with a
    space, an image inside) can make the two counts disagree."""
    if not text.strip():
        return []
    return html_words(markdown_parser().render(text))
