"""The check summary's redlines, one entry per distinct change (SPEC §16).

A change to an untagged passage reads the same on every page: the reviewer sees it once, with
the pages named ("European Economic Area, United Kingdom and 5 more"). Pages where it reads
differently (a tagged passage, a table row only some pages show) get entries of their own.
Section numbers are per page, so they take no part in "reads the same"; an entry says where a
section is numbered differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from policypress.emit.redline_html import kinds_sentence
from policypress.emit.redline_markdown import escape_markdown, section_markdown
from policypress.redline import Redline, SectionDiff

NAMED_PAGES = 2
"""Pages named in an entry's heading before "and N more"."""


class Detail(IntEnum):
    """How much of an entry the summary shows; lower is shorter (see `policypress.emit.summary_budget`)."""

    COUNT = 0
    """Only how many sections changed."""
    SECTIONS = 1
    """The changed sections' headings, without their words."""
    WORDS = 2
    """Every changed passage, word by word."""


@dataclass(frozen=True)
class ChangeEntry:
    """One way a release changes text, and the pages on which it reads that way."""

    pages: tuple[str, ...]
    """The pages' names, in the summary's order (regions first, the complete text last)."""
    diff: Redline
    """The first page's redline (the others' differ at most in section numbers)."""
    numbers: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]
    """For each changed section numbered differently on the entry's pages: its heading and
    each number with the pages that show it."""
    detail: Detail = Detail.WORDS
    complete: str | None = None
    """The name of the complete text's page, when the entry is for it too: the heading names
    the regions and adds "and the complete text" (every change is on that page)."""

    @property
    def heading(self) -> str:
        """"A", "A and B", "A, B and 5 more", "A, B and 5 more (and the complete text)"."""
        regions = [name for name in self.pages if name != self.complete]
        if not regions:
            return self.pages[0]
        return pages_phrase(regions) + (" (and the complete text)" if self.complete else "")


def pages_phrase(names: Sequence[str], shown: int = NAMED_PAGES) -> str:
    """Page names for a heading: all of them up to `shown` + 1, else the first `shown` and a count."""
    if len(names) <= shown + 1:
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def _reading(section: SectionDiff) -> tuple[object, ...]:
    """What a reader sees of a changed section, numbers aside."""
    return (section.id, section.kinds, section.old_title, section.new_title, section.units, section.summary)


def change_entries(pages: Sequence[tuple[str, Redline]], complete: str | None = None) -> tuple[ChangeEntry, ...]:
    """The distinct changes among pages' redlines (name, redline), in the order first met;
    `complete` names the complete text's page among them. Pages whose redlines change
    nothing are left out."""
    groups: dict[tuple[object, ...], list[tuple[str, Redline]]] = {}
    for name, diff in pages:
        if diff.changed:
            groups.setdefault(tuple(_reading(s) for s in diff.changed), []).append((name, diff))
    return tuple(_entry(members, complete) for members in groups.values())


def _entry(members: list[tuple[str, Redline]], complete: str | None) -> ChangeEntry:
    names = tuple(name for name, _ in members)
    first = members[0][1]
    differing = []
    for index, section in enumerate(first.changed):
        by_number: dict[str, list[str]] = {}
        for name, diff in members:
            by_number.setdefault(diff.changed[index].number, []).append(name)
        if len(by_number) > 1:
            differing.append((section.heading, tuple((n, tuple(p)) for n, p in by_number.items())))
    return ChangeEntry(names, first, tuple(differing), complete=complete if complete in names else None)


def entry_markdown(entry: ChangeEntry) -> str:
    """The entry's changes at its level of detail, as a Markdown list."""
    lines: list[str] = []
    if entry.detail is Detail.COUNT:
        return ""
    for section in entry.diff.changed:
        if entry.detail is Detail.WORDS:
            lines.extend(section_markdown(section))
        else:
            lines.append(f"- **{escape_markdown(section.heading)}** ({kinds_sentence(section.kinds)})")
    for heading, numbers in entry.numbers:
        where = "; ".join(f"{number or 'unnumbered'} on {', '.join(pages)}" for number, pages in numbers)
        lines.append(f"- *{escape_markdown(heading)} is numbered per page:* {escape_markdown(where)}")
    return "\n".join(lines)
