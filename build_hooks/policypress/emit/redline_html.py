"""HTML for redlines: <ins>/<del> that read without colour and with a screen reader.

Each insertion and deletion carries visually hidden words ("inserted:", "deleted:") because
most screen readers do not announce <ins> and <del> by themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from html import escape

from markupsafe import Markup

from policypress.assemble import format_heading
from policypress.redline import ChangeKind, Moved, Op, Redline, SectionDiff, Span, UnitDiff, UnitKind

_KIND_ORDER = [ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.RENAMED, ChangeKind.MOVED, ChangeKind.CHANGED, ChangeKind.SUMMARY]


def _(message: str) -> str:
    """Marks a message for the catalogue; it is translated where it is shown."""
    return message


# The words for each kind, as msgids of PolicyPress's catalogue (the enum's values are English).
_KIND_WORDS = {
    ChangeKind.ADDED: _("added"),
    ChangeKind.REMOVED: _("removed"),
    ChangeKind.RENAMED: _("renamed"),
    ChangeKind.MOVED: _("moved"),
    ChangeKind.CHANGED: _("text changed"),
    ChangeKind.SUMMARY: _("summary changed"),
}


def kinds_sentence(kinds: Iterable[ChangeKind], translate: Callable[[str], str] = _) -> str:
    """E.g. "renamed, text changed"; "unchanged" for none; in a language with `translate`."""
    chosen = set(kinds)
    return ", ".join(translate(_KIND_WORDS[kind]) for kind in _KIND_ORDER if kind in chosen) or translate(_("unchanged"))


def section_counts(diff: Redline | None) -> str:
    """E.g. "1 added, 2 changed" (sections), "preamble changed, 1 added"; "first version" when
    there is nothing to compare with."""
    if diff is None:
        return "first version"
    counts = [(diff.count(kind), "changed" if kind is ChangeKind.CHANGED else kind.value) for kind in _KIND_ORDER]
    words = [f"{count} {word}" for count, word in counts if count]
    # The preamble is named, not counted: "1 changed" would send a reader looking for a section.
    preamble = diff.preamble
    if preamble is not None and preamble.kinds:
        kind = next(kind for kind in _KIND_ORDER if kind in preamble.kinds)
        words.insert(0, f"preamble {'changed' if kind is ChangeKind.CHANGED else kind.value}")
    return ", ".join(words) or "no section changed"


Words = tuple[str, str]
"""What a screen reader announces before an insertion and a deletion, in the page's language."""

ENGLISH: Words = (_("inserted"), _("deleted"))


def span_html(span: Span, words: Words = ENGLISH) -> str:
    """One run of words, marked up by what happened to it."""
    text = escape(span.text)
    if span.op is Op.INSERT:
        return f'<ins><span class="visually-hidden">[{escape(words[0])}: </span>{text}<span class="visually-hidden">]</span></ins>'
    if span.op is Op.DELETE:
        return f'<del><span class="visually-hidden">[{escape(words[1])}: </span>{text}<span class="visually-hidden">]</span></del>'
    return text


_MOVED_NOTE = {
    Moved.FROM: ' <span class="redline-moved-note">(moved from here)</span>',
    Moved.TO: ' <span class="redline-moved-note">(moved here)</span>',
    Moved.NOT: "",
}


@lru_cache(maxsize=8192)
def units_html(units: tuple[UnitDiff, ...], words: Words = ENGLISH) -> Markup:
    """Paragraphs as <p>, list items as (nested) <ul>/<ol>, table rows as one <table>
    (unchanged sections recur in every redline of a page, so their HTML is made once). A
    paragraph inside a list item is a <p> inside its <li>; a cell holding blocks holds their
    <p>, <ul> and <ol>, as on the pages."""
    out: list[str] = []
    lists: list[str] = []  # the open lists, outermost first; each has an open <li>
    in_table, body_rows = False, 0  # an open table, and the rows of its open row group

    def close_lists(depth: int) -> None:
        while len(lists) > depth:
            out.append(f"</li></{lists.pop()}>")

    for unit in units:
        if in_table and unit.kind is not UnitKind.ROW:
            out.append("</tbody></table>")
            in_table = False
        if unit.kind is not UnitKind.ITEM:
            close_lists(unit.depth if unit.kind is UnitKind.PARAGRAPH else 0)
        moved = ' class="redline-moved"' if unit.moved is not Moved.NOT else ""
        note = _MOVED_NOTE[unit.moved]
        match unit.kind:
            case UnitKind.PARAGRAPH:
                while len(lists) < unit.depth:  # inside an item; one not shown is an empty one
                    out.append("<ul><li>")
                    lists.append("ul")
                out.append(f"<p{moved}>{spans_html(unit.spans, words)}{note}</p>")
            case UnitKind.ITEM:
                tag = "ol" if unit.numbered else "ul"
                close_lists(unit.depth + 1)
                if len(lists) == unit.depth + 1 and (lists[-1] != tag or unit.opens_list):
                    close_lists(unit.depth)
                if len(lists) == unit.depth + 1:
                    out.append("</li>")
                while len(lists) < unit.depth + 1:
                    # A nested item whose parent is not shown still nests, under an empty item.
                    gap = len(lists) < unit.depth
                    opened = tag if not gap else "ul"
                    start = f' start="{unit.start}"' if opened == "ol" and unit.start != 1 else ""
                    out.append(f"<{opened}{start}>" + ("<li>" if gap else ""))
                    lists.append(opened)
                out.append(f"<li{moved}>{spans_html(unit.spans, words)}{note}")
            case UnitKind.HEADER:
                cells = "".join(f"<th{_colspan(unit, i)}>{_cell_html(unit, i, words)}</th>" for i in range(len(unit.cells)))
                out.append(f"<table><thead><tr{moved}>{cells}</tr></thead><tbody>")
                in_table, body_rows = True, 0
            case UnitKind.ROW:
                if not in_table:
                    out.append("<table><tbody>")
                    in_table, body_rows = True, 0
                bodies = [_cell_html(unit, i, words) for i in range(len(unit.cells))]
                bodies[-1] += note
                if unit.group:
                    # As on the pages: a group row starts a row group, its cell the group's header.
                    out.append("</tbody><tbody>" if body_rows else "")
                    out.append(f'<tr{moved}><th{_colspan(unit, 0)} scope="rowgroup">{bodies[0]}</th></tr>')
                else:
                    out.append(f"<tr{moved}>" + "".join(f"<td{_colspan(unit, i)}>{body}</td>" for i, body in enumerate(bodies)) + "</tr>")
                body_rows += 1
    close_lists(0)
    if in_table:
        out.append("</tbody></table>")
    return Markup("".join(out))


def _colspan(unit: UnitDiff, index: int) -> str:
    """The colspan attribute of a unit's `index`th cell, if it spans several columns."""
    span = unit.widths[index] if index < len(unit.widths) else 1
    return f' colspan="{span}"' if span > 1 else ""


def _cell_html(unit: UnitDiff, index: int, words: Words) -> str:
    """A cell's words, or (format 4) the redline of the blocks it holds."""
    blocks = unit.cell_blocks(index)
    return spans_html(unit.cells[index], words) if blocks is None else str(units_html(blocks, words))


def spans_html(spans: tuple[Span, ...], words: Words = ENGLISH) -> str:
    """Runs of words (a passage, a summary) marked up by what happened to each."""
    return "".join(span_html(span, words) for span in spans)


def heading_html(section: SectionDiff, words: Words = ENGLISH, was: str = _("was")) -> Markup:
    """Number and title, showing an old number and a renamed title."""
    number = escape(section.number)
    if section.old_number and section.new_number and section.old_number != section.new_number:
        number += f" ({escape(was)} {escape(section.old_number)})"
    if section.old_title and section.new_title and section.old_title != section.new_title:
        title = span_html(Span(Op.DELETE, section.old_title), words) + " " + span_html(Span(Op.INSERT, section.new_title), words)
    else:
        title = escape(section.title)
    return Markup(format_heading(number, title))
