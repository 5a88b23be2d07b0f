"""Headings written as short lines all in bold, found in documents that lack real ones.

Old sites, Google Docs exports and policy generators start each part with a bold paragraph
("**Information Collection and Use**") instead of a heading; read from any format, those
paragraphs become the section headings.
"""

from __future__ import annotations

import re

from policypress.importer.blocks import Block, Event, Heading
from policypress.importer.reading import Reading

_BOLD_LINE = re.compile(r"^\*\*([^*\n]+)\*\*$")


def promote_bold_headings(events: list[Event], reading: Reading, what: str) -> list[Event]:
    """A document without section headings (or with one only, often the page's name in a
    breadcrumb), whose sections start with a short paragraph all in bold (old sites', Google
    Docs exports' and policy generators' way of writing a heading): those paragraphs become the
    headings."""

    def bold_line(event: Event) -> re.Match[str] | None:
        match = _BOLD_LINE.match(event.data) if isinstance(event, Block) and isinstance(event.data, str) else None
        return match if match and len(match.group(1).split()) <= 12 else None

    sections = sum(1 for e in events if isinstance(e, Heading) and e.level > 1)
    bold = sum(1 for e in events if bold_line(e))
    if sections > 1 or bold < 1 + sections:
        return events
    out: list[Event] = []
    for event in events:
        if match := bold_line(event):
            line = max(event.line - 1, 0)  # type: ignore[union-attr]
            out.append(Heading(2, [], [line, line + 1], (), match.group(1).strip()))
        else:
            out.append(event)
    had = "no section headings" if not sections else "one section heading"
    reading.notes.append(f"the {what} has {had}: {bold} paragraph(s) all in bold became the headings")
    return out
