"""Redlines as GitHub-flavoured Markdown, for the pull request's check summary.

Removed words are ~~struck through~~ and added words **bold**, so the change reads without
colour; each changed passage keeps a few words of context on either side of each change.
Policy text is escaped: a passage can never turn into a link, HTML or formatting.
"""

from __future__ import annotations

import re

from policypress.emit.redline_html import kinds_sentence
from policypress.redline import Moved, Op, Redline, SectionDiff, Span, UnitDiff, UnitKind

CONTEXT_WORDS = 8
"""Unchanged words kept on each side of a change; longer unchanged runs are cut to "…"."""

COLLAPSE_LINES = 12
"""A region's redline longer than this many lines is shown collapsed (<details>)."""

# Backslash-escapes every ASCII punctuation GitHub could read as markup in running text.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def escape_markdown(text: str) -> str:
    """`text` shown literally in GitHub Markdown (one line)."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _edges(text: str) -> tuple[str, str, str]:
    """Leading space, words, trailing space (each space at most one)."""
    core = " ".join(text.split())
    lead = " " if text[:1].isspace() and core else ""
    trail = " " if text[-1:].isspace() and core else ""
    return lead, core, trail if core else (" " if text else "")


def _context(text: str, change_before: bool, change_after: bool) -> str:
    """An unchanged run, cut to the words next to the changes it separates."""
    lead, core, trail = _edges(text)
    words = core.split()
    if len(words) <= 2 * CONTEXT_WORDS:
        return lead + escape_markdown(core) + trail
    head = escape_markdown(" ".join(words[:CONTEXT_WORDS])) if change_before else ""
    tail = escape_markdown(" ".join(words[-CONTEXT_WORDS:])) if change_after else ""
    if head and tail:
        body = f"{head} … {tail}"
    else:
        body = f"{head} …" if head else f"… {tail}"
    return lead + body + trail


def _marked(text: str, marker: str) -> str:
    # Emphasis must touch the words: " old " becomes " ~~old~~ ", never "~~ old ~~".
    lead, core, trail = _edges(text)
    return f"{lead}{marker}{escape_markdown(core)}{marker}{trail}" if core else text


def passage_markdown(spans: tuple[Span, ...]) -> str:
    """One paragraph or list item: ~~removed~~ **added**, in context."""
    out: list[str] = []
    for index, span in enumerate(spans):
        if span.op is Op.EQUAL:
            out.append(_context(span.text, change_before=index > 0, change_after=index < len(spans) - 1))
            continue
        marked = _marked(span.text, "~~" if span.op is Op.DELETE else "**")
        if index and span.op is Op.INSERT and spans[index - 1].op is Op.DELETE:
            marked = " " + marked  # "~~old~~ **new**", not "~~old~~**new**"
        out.append(marked)
    return re.sub(r" {2,}", " ", "".join(out)).strip()


_MOVED = {Moved.FROM: " *(moved from here)*", Moved.TO: " *(moved here)*", Moved.NOT: ""}


def unit_markdown(unit: UnitDiff) -> str:
    """A changed paragraph or list item, or a table row with its cells between bars."""
    if unit.kind in (UnitKind.HEADER, UnitKind.ROW):
        # A cell spanning columns ends with a bar for each (MultiMarkdown's `||`).
        widths = unit.widths or (1,) * len(unit.cells)
        text = "\\|" + "".join(f" {_cell_markdown(unit, index)} " + "\\|" * width for index, width in enumerate(widths))
    else:
        text = passage_markdown(unit.spans)
    return text + _MOVED[unit.moved]


def _cell_markdown(unit: UnitDiff, index: int) -> str:
    """A cell's words in context, or (format 4) those of its blocks, items with their markers."""
    blocks = unit.cell_blocks(index)
    if blocks is None:
        return passage_markdown(unit.cells[index])
    return " ".join(("\\- " if inner.list_item else "") + unit_markdown(inner) for inner in blocks)


def section_markdown(section: SectionDiff) -> list[str]:
    """The lines for one changed section: its heading and kinds, then each changed passage."""
    heading = f"**{escape_markdown(section.heading)}** ({kinds_sentence(section.kinds)})"
    lines = [f"- {heading}"]
    if section.old_title and section.new_title and section.old_title != section.new_title:
        lines.append(f"  - title: ~~{escape_markdown(section.old_title)}~~ **{escape_markdown(section.new_title)}**")
    if section.summary_changed:
        lines.append(f"  - summary (at a glance): {passage_markdown(section.summary)}")
    for unit in section.units:
        if unit.changed:
            lines.append(f"  - {unit_markdown(unit)}")
    return lines


def redline_markdown(diff: Redline) -> str:
    """Every changed section of a page with its changed passages, one Markdown list."""
    lines: list[str] = []
    for section in diff.changed:
        lines.extend(section_markdown(section))
    return "\n".join(lines)


def is_long(markdown: str) -> bool:
    """Whether a region's redline should be collapsed."""
    return markdown.count("\n") + 1 > COLLAPSE_LINES
