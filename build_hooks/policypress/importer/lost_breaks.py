"""Line breaks that a Word file made from Markdown lost, put back in its table cells.

Converters write a Markdown table cell's list as `either:<br>*   use the tool<br>*   contact us
<br><br>When you …`; a Word file made from that Markdown (pandoc drops raw HTML such as `<br>`)
holds one run of text: `either:* use the tool* contact usWhen you …`. A cell whose text has two
or more such typed bullets glued to the words before them gets a line break before each bullet,
and a paragraph break where a lower-case word runs into a capitalised one after the last bullet;
the HTML reader then makes its list and paragraphs (`inner_blocks`). Both the words counted in
and the words read come from the repaired page, and the report says what was repaired.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

# A bullet typed as text glued to the word before it (or at the start of the cell), then a space.
_GLUED_BULLET = re.compile(r"(?:(?<=\S)|^)\*[ \u00a0]+(?=\S)")
# "usWhen": a word of two or more lower-case letters running into a capitalised word.
_GLUED_PARAGRAPH = re.compile(r"(?<=\b[a-z]{2})(?<=[a-z])(?=[A-Z][a-z]{2,}\b)")
_MIN_BULLETS = 2


def restore_breaks(tree: Any) -> int:
    """Put back the line breaks of the table cells of `tree` (changed in place); how many cells."""
    repaired = 0
    for cell in tree.iter("td"):
        if len(_GLUED_BULLET.findall("".join(cell.itertext()))) < _MIN_BULLETS:
            continue
        repaired += 1
        for element in list(cell.iter()):
            if element is not cell and element.tail:
                _split_tail(element)
            if element.text and not isinstance(element, etree._Comment):
                _split_text(element)
    return repaired


def _pieces(text: str, *, after_element: bool = False) -> list[tuple[str, int]]:
    """`text` cut where breaks go: (piece, breaks before it); a bullet at its very start gets a
    break too when the text follows an element (`<b>see</b>* x`)."""
    cuts = sorted({(m.start(), 1) for m in _GLUED_BULLET.finditer(text) if m.start() > 0 or after_element})
    last_bullet = max((m.start() for m in _GLUED_BULLET.finditer(text)), default=-1)
    if last_bullet >= 0:
        cuts += [(m.start(), 2) for m in _GLUED_PARAGRAPH.finditer(text) if m.start() > last_bullet]
    pieces: list[tuple[str, int]] = []
    start, breaks = 0, 0
    for at, count in sorted(cuts):
        pieces.append((text[start:at], breaks))
        start, breaks = at, count
    pieces.append((text[start:], breaks))
    return pieces


def _breaks(count: int, tail: str) -> list[Any]:
    made = [etree.Element("br") for _ in range(count)]
    made[-1].tail = tail
    return made


def _split_text(element: Any) -> None:
    pieces = _pieces(element.text)
    if len(pieces) == 1:
        return
    element.text = pieces[0][0]
    position = 0
    for piece, count in pieces[1:]:
        for br in _breaks(count, piece):
            element.insert(position, br)
            position += 1


def _split_tail(element: Any) -> None:
    pieces = _pieces(element.tail, after_element=True)
    if len(pieces) == 1:
        return
    element.tail = pieces[0][0]
    anchor = element
    for piece, count in pieces[1:]:
        for br in _breaks(count, piece):
            anchor.addnext(br)
            anchor = br
