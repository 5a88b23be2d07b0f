"""Raw HTML blocks in a Markdown file, as the blocks of policy sources.

Only what has a Markdown equivalent is converted, and presentational elements unwrapped (`html.unsupported` says what has not, and that
stops the import at its place): paragraphs, lists, tables, and inside items and cells their
paragraphs and lists in order (source format 4). Anchors without text are handed to the heading
after them; comments are left out and reported.
"""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

from policypress.importer import html
from policypress.importer.inner_blocks import cell_of, item_of
from policypress.importer.reading import Reading

_HTML_BLOCKS = frozenset({"ul", "ol", *html.WRAPPERS})


def _wraps_blocks(node: html.Node) -> bool:
    """A `<div>`, `<center>` or `<p>`, or a `<span>`/`<font>` around paragraphs or lists: read as
    the blocks it holds, so that a list inside it stays a list."""
    if node.tag in html.WRAPPERS:
        return True
    return node.tag in html.UNWRAPPED and any(
        child.tag in _HTML_BLOCKS or child.tag == "table" or _wraps_blocks(child) for child in node.children
    )


class RawHtml:
    """Reads the HTML blocks of one Markdown file into a `Reading`."""

    def __init__(self, reading: Reading, pending_anchors: list[str]) -> None:
        self.reading = reading
        self.pending_anchors = pending_anchors
        """Anchors waiting for the next heading (the Markdown reader's own list, filled here)."""

    def blocks(self, token: Token) -> list[Any]:
        """The blocks of one HTML block of the Markdown file."""
        tree = html.parse_fragment(token.content)
        out: list[Any] = []
        loose: list[html.Node] = []

        def flush() -> None:
            text = html.inline_markdown(loose, "  \n").strip()
            if text:
                out.append(text)
            loose.clear()

        for node in tree.children:
            if node.tag == "!--":
                self.reading.leave_out(token.map, "HTML comment", "invisible to readers", node.text)
            elif node.tag is None and not node.text.strip():
                continue
            elif node.tag in html.WRAPPERS and not node.plain().strip() and not node.children:
                if node.tag in html.UNWRAPPED:
                    self.reading.unwrap(html.UNWRAPPED[node.tag])
                continue  # a wrapper opened (or closed) on a line of its own: it shows nothing
            elif html.is_anchor(node) and not node.plain().strip():
                self.pending_anchors.append(html.anchor_name(node))
            elif self._refused(node, token):
                continue
            elif node.tag in {"ul", "ol"}:
                flush()
                out.append(self._html_list(node))
            elif node.tag == "table":
                flush()
                out.append(self._html_table(node, token))
            elif _wraps_blocks(node):
                flush()
                out.extend(self._html_blocks(node, token))
            else:
                loose.append(node)
        flush()
        return out

    def _refused(self, node: html.Node, token: Token) -> bool:
        """Report the first element without a Markdown equivalent in `node`'s tree."""
        problem = html.unsupported(node)
        if problem:
            self.reading.error(token.map, node.raw, f"{problem}; write it in Markdown or remove it ({node.raw[:40]})")
            return True
        if node.tag == "!--":
            self.reading.leave_out(token.map, "HTML comment", "invisible to readers", node.text)
            node.tag, node.text = None, ""
            return False
        if node.tag in html.UNWRAPPED:
            self.reading.unwrap(html.UNWRAPPED[node.tag])
        elif node.tag == "img":
            self.reading.image((token.map or [0])[0] + 1, node.attrs.get("src", ""), node.attrs.get("alt", ""))
        return any(self._refused(child, token) for child in node.children)

    def _html_blocks(self, node: html.Node, token: Token) -> list[Any]:
        out: list[Any] = []
        loose: list[html.Node] = []
        for child in [*node.children, html.Node("#end")]:
            if child.tag in {"ul", "ol", "table", "#end"} or _wraps_blocks(child):
                text = html.inline_markdown(loose, "  \n").strip()
                out.extend([text] if text else [])
                loose = []
                if child.tag in {"ul", "ol"}:
                    out.append(self._html_list(child))
                elif child.tag == "table":
                    out.append(self._html_table(child, token))
                elif _wraps_blocks(child):
                    out.extend(self._html_blocks(child, token))
            else:
                loose.append(child)
        return out

    def _html_list(self, node: html.Node) -> dict[str, Any]:
        items: list[Any] = []
        for li in (c for c in node.children if c.tag == "li"):
            items.extend(item_of(self._node_blocks(li.children)))
        out: dict[str, Any] = {}
        if node.tag == "ol":
            out["numbered"] = True
            start = node.attrs.get("start", "1")
            if start.isdigit() and int(start) != 1:
                out["start"] = int(start)
        out["items"] = items
        return out

    def _node_blocks(self, nodes: list[html.Node]) -> list[Any]:
        """The paragraphs and lists that raw HTML nodes (a list item's, a cell's) hold, in order."""
        out: list[Any] = []
        loose: list[html.Node] = []

        def flush() -> None:
            text = html.inline_markdown(loose, " ").strip()
            out.extend([text] if text else [])
            loose.clear()

        for node in nodes:
            if node.tag in {"ul", "ol"}:
                flush()
                out.append(self._html_list(node))
            elif _wraps_blocks(node):
                flush()
                out.extend(self._node_blocks(node.children))
            else:
                loose.append(node)
        flush()
        return out

    def _html_table(self, node: html.Node, token: Token) -> dict[str, Any]:
        rows: list[list[Any]] = []

        def walk(element: html.Node) -> None:
            for child in element.children:
                if child.tag == "tr":
                    row: list[Any] = []
                    for cell in (c for c in child.children if c.tag in {"td", "th"}):
                        if rows and any(c.tag in _HTML_BLOCKS for c in cell.children):
                            value = cell_of(self._node_blocks(cell.children))  # a body cell holding <p>, lists
                        else:
                            value = html.inline_markdown(cell.children, " ").strip()
                        span = cell.attrs.get("colspan", "1").strip()
                        span_n = int(span) if span.isdigit() and 1 < int(span) <= 1000 else 1
                        if span_n > 1:
                            value = {**value, "span": span_n} if isinstance(value, dict) else {"text": value, "span": span_n}
                        row.append(value)
                    rows.append(row)
                elif child.tag in {"thead", "tbody"}:
                    walk(child)

        walk(node)
        if len(rows) < 2:
            self.reading.error(token.map, "<table", "an HTML table needs a header row and at least one more row; write it as text or add a row")
            return {"table": {"header": [], "rows": []}}
        # A header cell spanning columns is written as its text and empty header cells.
        header = [piece for cell in rows[0] for piece in
                  ([cell["text"], *([""] * (cell["span"] - 1))] if isinstance(cell, dict) else [cell])]
        body = rows[1:]
        width = len(header)
        if any(sum(c.get("span", 1) if isinstance(c, dict) else 1 for c in cells) != width for cells in body):
            self.reading.error(token.map, "<table", "an HTML table whose rows have different numbers of cells cannot be imported; even them out")
        return {"table": {"header": header, "rows": body}}
