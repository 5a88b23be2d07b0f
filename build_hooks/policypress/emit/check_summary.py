"""The pull request's check summary (Markdown), kept within GitHub's job-summary limit.

GitHub refuses a job summary over 1 MiB and shows none of it. A release that rewrites a long
policy can produce more redline than that, so the summary gives up detail, largest entries
first: first their word-by-word changes (the changed sections stay listed), then the list of
sections (the counts stay), and says so at the top. The redline pages of the built site always
have everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from jinja2 import Environment

from policypress.emit.change_entries import ChangeEntry, Detail, change_entries, entry_markdown
from policypress.history.versions import FULL
from policypress.redline import Redline

GITHUB_SUMMARY_LIMIT = 1024 * 1024
"""Bytes GitHub accepts in one step's job summary ($GITHUB_STEP_SUMMARY)."""

TEMPLATE = "check/summary.md.j2"


class _Scope(Protocol):
    id: str
    name: str


class _Change(Protocol):
    scope: _Scope
    diff: Redline | None


@dataclass(frozen=True)
class Shortened:
    """What the summary left out to fit the limit."""

    sections_only: int = 0
    """Entries shown as their changed sections' headings."""
    counts_only: int = 0
    """Entries shown as counts."""
    cut: bool = False
    """Whether even that was too long and the end of the summary was cut."""

    def __bool__(self) -> bool:
        return bool(self.sections_only or self.counts_only or self.cut)


def release_entries(changes: Sequence[_Change]) -> tuple[ChangeEntry, ...]:
    """A release's distinct changes over its changed pages (first versions have no redline).

    Region pages are named first, in regions.yaml's order, and the complete text last: a
    reviewer asks which regions a change reaches ("European Economic Area, United Kingdom and
    5 more (and the complete text)")."""
    ordered = sorted((c for c in changes if c.diff is not None), key=lambda c: c.scope.id == FULL)
    complete = next((c.scope.name for c in ordered if c.scope.id == FULL), None)
    return change_entries([(c.scope.name, c.diff) for c in ordered], complete)


def check_summary(env: Environment, report: Any, limit: int = GITHUB_SUMMARY_LIMIT, **values: Any) -> str:
    """The summary of `report` (a `policypress.check.CheckReport`) in at most `limit` UTF-8 bytes."""
    entries = [list(release_entries(item.regions)) for item in report.releases]
    template = env.get_template(TEMPLATE)

    def render(shortened: Shortened) -> str:
        return template.render(report=report, entries=entries, shortened=shortened, **values)

    text = render(Shortened())
    while _size(text) > limit:
        # The entry whose detail costs most gives it up first.
        candidates = [(len(entry_markdown(e)), r, i) for r, row in enumerate(entries) for i, e in enumerate(row) if e.detail]
        if not candidates:
            break
        _, r, i = max(candidates)
        entries[r][i] = replace(entries[r][i], detail=Detail(entries[r][i].detail - 1))
        text = render(_shortened(entries))
    if _size(text) > limit:
        text = _cut(render(replace(_shortened(entries), cut=True)), limit)
    return text


def _shortened(entries: list[list[ChangeEntry]]) -> Shortened:
    details = [e.detail for row in entries for e in row]
    return Shortened(details.count(Detail.SECTIONS), details.count(Detail.COUNT))


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut(text: str, limit: int) -> str:
    """`text` cut at a line boundary to fit `limit` bytes with a closing note."""
    note = "\n\n*The rest of this summary is cut to fit GitHub's limit; the built site has every page.*\n"
    budget = limit - _size(note)
    head = text.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    return head.rsplit("\n", 1)[0] + note
