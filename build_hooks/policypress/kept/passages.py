"""Policy passages converted from Markdown to HTML once, not once per page and rebuild.

Python-Markdown's inline processing of a page's ~270 passages was most of what a live-preview
save and a build cost, and the same passages appear on hundreds of pages: the current page,
every archive page whose section did not change, the draft's pages. So a page's Markdown is
split into a *skeleton* (headings, HTML lines, links and anything unusual, converted by MkDocs
as before, so the table of contents, anchors and link checks are unchanged) and *passages*:
runs of plain Markdown between headings, each replaced in the skeleton by a placeholder
paragraph. After MkDocs converted the skeleton, each placeholder's `<p>` is replaced by the
passage's HTML, converted once per distinct text with the same Markdown extensions.

A run is a passage only when converting it alone gives what it gives inside the page: it is
set off by blank lines from the headings and HTML lines around it, and holds no link, image,
HTML, attribute list, code fence or setext underline (whatever MkDocs's own processors or the page
around it could change). Anything else stays in the skeleton. The tests compare the result
with Python-Markdown's conversion of the whole page.

A *raw block* (a redline: a top-level element marked `markdown="0"`, set off by blank lines)
is what Python-Markdown passes through unchanged; it is replaced by a placeholder too and put
back as it is, which spares parsing its HTML twice (Python-Markdown's `md_in_html`, then
MkDocs's) on every save of the live preview.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping

# Lines that end a run: ATX headings and lines starting with HTML (block tags, comments).
_BOUNDARY = re.compile(r"#{1,6}(?:\s|$)|<")
# What lets a run depend on more than its own text (links, images, references, raw HTML,
# attribute lists, code fences that could pair with one elsewhere), and setext underlines.
_UNSAFE = re.compile(r"[\[<{]|```|~~~|^\s*(?:=+|-+)\s*$", re.MULTILINE)
# Runs this short are cheaper to convert with the page.
_MIN_LENGTH = 40
# The first line of a raw block: one element left alone by Markdown, e.g. `<div class="redline" markdown="0">`.
_RAW_START = re.compile(r'<([a-z][a-z0-9]*)\b[^<>]*\smarkdown="0"[^<>]*>$')
_RAW = "PolicyPressRaw"


def split_passages(markdown: str) -> tuple[str, dict[str, str]]:
    """The skeleton of `markdown` and its passages, by the placeholder standing for each.

    Placeholders are letters and digits made from the page's digest (so no page text can
    hold them by chance) and appear in the skeleton as a paragraph of their own."""
    nonce = hashlib.sha256(markdown.encode()).hexdigest()[:16]
    lines = markdown.split("\n")
    skeleton: list[str] = []
    passages: dict[str, str] = {}
    run: list[str] = []

    def flush() -> None:
        text = "\n".join(run)
        if _is_passage(run, text):
            token = f"PolicyPressPassage{nonce}n{len(passages)}x"
            passages[token] = text.strip("\n")
            skeleton.extend(["", token, ""])
        else:
            skeleton.extend(run)
        run.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        end = _raw_end(lines, index, skeleton, run)
        if end is not None:
            flush()
            token = f"{_RAW}{nonce}n{len(passages)}x"
            passages[token] = "\n".join(lines[index:end])
            skeleton.append(token)
            index = end
            continue
        if _BOUNDARY.match(line):
            flush()
            skeleton.append(line)
        else:
            run.append(line)
        index += 1
    flush()
    return "\n".join(skeleton), passages


def _raw_end(lines: list[str], start: int, skeleton: list[str], run: list[str]) -> int | None:
    """The end (exclusive) of a raw block starting at `lines[start]`, if one does: the line
    closing its element, followed by a blank line or the end, with a blank line before it."""
    opened = _RAW_START.match(lines[start])
    before = run[-1] if run else skeleton[-1] if skeleton else ""
    if opened is None or before.strip():
        return None
    tag = opened.group(1)
    opening, closing = re.compile(f"<{tag}[\\s>]"), f"</{tag}>"
    depth = 0
    for index in range(start, len(lines)):
        depth += len(opening.findall(lines[index])) - lines[index].count(closing)
        if depth <= 0:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            return index + 1 if lines[index] == closing and not following.strip() else None
    return None


def _is_passage(run: list[str], text: str) -> bool:
    if len(run) < 3 or run[0].strip() or run[-1].strip():
        return False  # not set off by blank lines on both sides
    first = next(line for line in run if line.strip()) if text.strip() else ""
    # An indented first line would be code, or continue something before the boundary.
    return len(text.strip()) >= _MIN_LENGTH and not first[:1].isspace() and not _UNSAFE.search(text)


def join_passages(html: str, passages: Mapping[str, str], convert: Callable[[str], str]) -> str | None:
    """`html` (the converted skeleton) with each placeholder paragraph replaced by its passage
    converted by `convert`; None if a placeholder is not exactly one paragraph of its own
    (then the page must be converted whole)."""
    parts = []
    position = 0
    for token, text in passages.items():
        marker = f"<p>{token}</p>"
        found = html.find(marker, position)
        if found < 0 or html.count(token) != 1:
            return None
        parts.append(html[position:found])
        position = found + len(marker)
        if token.startswith(_RAW):
            # Python-Markdown keeps the line end after the block, except at the end of the page.
            parts.append(text if position == len(html) else text + "\n")
        else:
            parts.append(convert(text))
    parts.append(html[position:])
    return "".join(parts)


class PassageCache:
    """Passages' HTML by their text, for one set of Markdown extensions and their settings
    (a `mkdocs serve` session keeps one across rebuilds; a build makes its own)."""

    def __init__(self) -> None:
        self._html: dict[tuple[str, str], str] = {}
        self._converters: dict[str, Callable[[str], str]] = {}

    def converter(self, signature: str, make: Callable[[], Callable[[str], str]]) -> Callable[[str], str]:
        """A `convert(text) -> html` for the extensions `signature` names; `make` builds a
        Markdown converter for them the first time."""
        convert = self._converters.get(signature)
        if convert is None:
            convert = self._converters[signature] = make()

        def cached(text: str) -> str:
            key = (signature, text)
            html = self._html.get(key)
            if html is None:
                html = self._html[key] = convert(text)
            return html

        return cached
