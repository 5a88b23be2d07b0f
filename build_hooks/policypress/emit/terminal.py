"""Redlines for the terminal: colour on a TTY, `[-deleted-]{+inserted+}` markers otherwise."""

from __future__ import annotations

import click

from policypress.emit.redline_html import kinds_sentence
from policypress.redline import PREAMBLE, Moved, Op, Redline, Span, UnitDiff, UnitKind


def _span(span: Span, colour: bool) -> str:
    if span.op is Op.EQUAL:
        return span.text
    if colour:
        if span.op is Op.INSERT:
            return click.style(span.text, fg="green", underline=True)
        return click.style(span.text, fg="red", strikethrough=True)
    return f"{{+{span.text}+}}" if span.op is Op.INSERT else f"[-{span.text}-]"


_MOVED = {Moved.FROM: " (moved from here)", Moved.TO: " (moved here)", Moved.NOT: ""}


def _unit(unit: UnitDiff, colour: bool) -> str:
    """One changed paragraph, list item (indented by depth) or table row (cells between bars)."""
    def words(spans: tuple[Span, ...]) -> str:
        return "".join(_span(span, colour) for span in spans)

    def cell(index: int) -> str:
        # A cell holding blocks: their units on the row's line, items with their markers.
        blocks = unit.cell_blocks(index)
        return words(unit.cells[index]) if blocks is None else " ".join(_unit(inner, colour).strip() for inner in blocks)

    match unit.kind:
        case UnitKind.ITEM:
            line = " " + "  " * unit.depth + ("# " if unit.numbered else "- ") + words(unit.spans)
        case UnitKind.HEADER | UnitKind.ROW:
            # A cell spanning columns ends with a bar for each (MultiMarkdown's `||`).
            widths = unit.widths or (1,) * len(unit.cells)
            line = "   |" + "".join(f" {cell(index)} " + "|" * width for index, width in enumerate(widths))
        case _:
            line = "   " + "  " * unit.depth + words(unit.spans)  # a paragraph inside an item is indented with it
    return line + _MOVED[unit.moved]


def redline_text(diff: Redline, colour: bool) -> str:
    """The changed sections with their changed paragraphs; unchanged ones are only counted."""
    lines: list[str] = []
    for section in diff.changed:
        heading = f"{'#' * (section.depth + 1)} {section.heading} ({kinds_sentence(section.kinds)})"
        lines.append(click.style(heading, bold=True) if colour else heading)
        if section.old_title and section.new_title and section.old_title != section.new_title:
            lines.append(f"   title: {_span(Span(Op.DELETE, section.old_title), colour)} {_span(Span(Op.INSERT, section.new_title), colour)}")
        if section.summary_changed:
            lines.append("   summary: " + "".join(_span(span, colour) for span in section.summary))
        for unit in section.units:
            if unit.changed:
                lines.append(_unit(unit, colour))
        lines.append("")
    # The preamble is shown like a section but is not counted as one (as on pages and in `check`).
    sections = [s for s in diff.sections if s.id != PREAMBLE]
    changed = [s for s in diff.changed if s.id != PREAMBLE]
    preamble_changed = len(changed) != len(diff.changed)
    if diff.changed:
        counted = f"{len(changed)} of {len(sections)} sections changed"
        lines.append(f"The preamble and {counted}." if preamble_changed else f"{counted}.")
    else:
        lines.append(f"No changes ({len(sections)} sections compared).")
    return "\n".join(lines)
