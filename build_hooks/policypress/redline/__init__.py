"""Stage 4: what changed between two versions of a page, as data.

Sections are matched by id, so a renamed or moved section is recognised as itself; inside a
section, paragraphs and list items are aligned and compared word by word. Emitters decide how
the result looks (HTML with <ins>/<del>, terminal colours, feed text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum
from functools import lru_cache

from policypress.assemble import Numbered, PolicyView, ViewBlock, ViewSection
from policypress.plaintext import markdown_to_text


class ChangeKind(str, Enum):
    """How a section changed; the value is what a reader is told."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "text changed"
    MOVED = "moved"
    RENAMED = "renamed"


class Op(str, Enum):
    """What happened to a run of words."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Span:
    op: Op
    text: str


@dataclass(frozen=True)
class UnitDiff:
    """One paragraph or list item, as runs of kept, inserted and deleted words."""

    list_item: bool
    spans: tuple[Span, ...]

    @property
    def changed(self) -> bool:
        return any(span.op is not Op.EQUAL for span in self.spans)


@dataclass(frozen=True)
class SectionDiff(Numbered):
    """One section in both versions (or in one of them, if added or removed)."""

    id: str
    old_number: str | None
    new_number: str | None
    old_title: str | None
    new_title: str | None
    kinds: frozenset[ChangeKind]
    units: tuple[UnitDiff, ...]

    @property
    def number(self) -> str:
        return self.new_number or self.old_number or ""

    @property
    def title(self) -> str:
        return self.new_title or self.old_title or ""

    @property
    def unchanged(self) -> bool:
        return not self.kinds


@dataclass(frozen=True)
class Redline:
    """Every section of two versions of a page, in reading order of the newer one."""

    sections: tuple[SectionDiff, ...]

    def count(self, kind: ChangeKind) -> int:
        """How many sections changed in this way."""
        return sum(1 for section in self.sections if kind in section.kinds)

    @property
    def changed(self) -> tuple[SectionDiff, ...]:
        return tuple(section for section in self.sections if section.kinds)


def redline(old: PolicyView, new: PolicyView) -> Redline:
    """The changes from `old` to `new`, section by section."""
    old_sections = {s.id: s for s in old.walk()}
    new_sections = {s.id: s for s in new.walk()}
    moved = _moved(old, new)
    diffs: dict[str, SectionDiff] = {}
    for section_id, section in new_sections.items():
        before = old_sections.get(section_id)
        if before is not None and before.blocks == section.blocks:
            units = _kept_units(section.blocks)
        else:
            units = _diff_units(_units(before) if before else [], _units(section))
        kinds: set[ChangeKind] = set()
        if before is None:
            kinds.add(ChangeKind.ADDED)
        else:
            if before.title != section.title:
                kinds.add(ChangeKind.RENAMED)
            if any(unit.changed for unit in units):
                kinds.add(ChangeKind.CHANGED)
            if section_id in moved:
                kinds.add(ChangeKind.MOVED)
        diffs[section_id] = SectionDiff(
            section_id,
            before.number if before else None,
            section.number,
            markdown_to_text(before.title) if before else None,
            markdown_to_text(section.title),
            frozenset(kinds),
            units,
        )
    for section_id, section in old_sections.items():
        if section_id not in new_sections:
            diffs[section_id] = SectionDiff(
                section_id,
                section.number,
                None,
                markdown_to_text(section.title),
                None,
                frozenset({ChangeKind.REMOVED}),
                _diff_units(_units(section), []),
            )
    return Redline(tuple(diffs[i] for i in _reading_order(list(old_sections), list(new_sections))))


def _reading_order(old_ids: list[str], new_ids: list[str]) -> list[str]:
    """New order, with each removed section placed after the section that preceded it."""
    kept = set(new_ids)
    after: dict[str | None, list[str]] = {}
    previous: str | None = None
    for section_id in old_ids:
        if section_id in kept:
            previous = section_id
        else:
            after.setdefault(previous, []).append(section_id)
    order = list(after.get(None, []))
    for section_id in new_ids:
        order.append(section_id)
        order.extend(after.get(section_id, []))
    return order


def _moved(old: PolicyView, new: PolicyView) -> set[str]:
    """Sections whose parent changed, or that changed places among their siblings."""
    old_parent, old_children = _structure(old)
    new_parent, new_children = _structure(new)
    if old_children == new_children:
        return set()
    moved = {i for i in new_parent if i in old_parent and old_parent[i] != new_parent[i]}
    for parent, children in new_children.items():
        common_new = [c for c in children if old_parent.get(c, "") == parent]
        common_old = [c for c in old_children.get(parent, []) if c in set(common_new)]
        matcher = SequenceMatcher(None, common_old, common_new, autojunk=False)
        in_place = {common_new[b.b + k] for b in matcher.get_matching_blocks() for k in range(b.size)}
        moved.update(c for c in common_new if c not in in_place)
    return moved


def _structure(view: PolicyView) -> tuple[dict[str, str | None], dict[str | None, list[str]]]:
    parent: dict[str, str | None] = {}
    children: dict[str | None, list[str]] = {}

    def visit(sections: tuple[ViewSection, ...], owner: str | None) -> None:
        for section in sections:
            parent[section.id] = owner
            children.setdefault(owner, []).append(section.id)
            visit(section.subsections, section.id)

    visit(view.sections, None)
    return parent, children


@lru_cache(maxsize=8192)
def _kept_units(blocks: tuple[ViewBlock, ...]) -> tuple[UnitDiff, ...]:
    # Most sections of most versions are unchanged; their (immutable) diffs are shared.
    return tuple(
        UnitDiff(block.kind == "list", (Span(Op.EQUAL, markdown_to_text(text)),)) for block in blocks for text in block.texts
    )


def _units(section: ViewSection) -> list[tuple[bool, str]]:
    return [
        (block.kind == "list", markdown_to_text(text)) for block in section.blocks for text in block.texts
    ]


# Pairs of paragraphs less alike than this are shown as one deleted and one inserted
# paragraph: a word diff of two unrelated paragraphs is harder to read than either.
_PAIR_THRESHOLD = 0.4


def _diff_units(old: list[tuple[bool, str]], new: list[tuple[bool, str]]) -> tuple[UnitDiff, ...]:
    if old == new:  # most sections of most versions: nothing to align
        return tuple(UnitDiff(kind, (Span(Op.EQUAL, text),)) for kind, text in new)
    # autojunk=False: legal boilerplate repeats, and junk heuristics turn small edits into
    # wholesale replacements.
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    result: list[UnitDiff] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(UnitDiff(kind, (Span(Op.EQUAL, text),)) for kind, text in new[j1:j2])
            continue
        olds, news = old[i1:i2], new[j1:j2]
        while olds and news:
            (old_kind, old_text), (new_kind, new_text) = olds[0], news[0]
            if _similarity(old_text, new_text) >= _PAIR_THRESHOLD:
                result.append(UnitDiff(new_kind, word_diff(old_text, new_text)))
                olds, news = olds[1:], news[1:]
            elif len(olds) >= len(news):
                result.append(UnitDiff(old_kind, (Span(Op.DELETE, old_text),)))
                olds = olds[1:]
            else:
                result.append(UnitDiff(new_kind, (Span(Op.INSERT, new_text),)))
                news = news[1:]
        result.extend(UnitDiff(kind, (Span(Op.DELETE, text),)) for kind, text in olds)
        result.extend(UnitDiff(kind, (Span(Op.INSERT, text),)) for kind, text in news)
    return tuple(result)


_TOKENS = re.compile(r"\w+|[^\w\s]+|\s+")


def _similarity(old: str, new: str) -> float:
    """How alike two paragraphs are, word by word (0 to 1)."""
    return SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio()


def word_diff(old: str, new: str) -> tuple[Span, ...]:
    """Word-level differences between two texts; a lone space between two changes joins them,
    so that a rewritten phrase reads as one deletion and one insertion."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[tuple[str, str, str]] = []  # (tag, old text, new text)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        segments.append((tag, "".join(a[i1:i2]), "".join(b[j1:j2])))
    merged: list[tuple[str, str, str]] = []
    for index, (tag, old_text, new_text) in enumerate(segments):
        joins = (
            tag == "equal"
            and not old_text.strip()
            and 0 < index < len(segments) - 1
            and segments[index + 1][0] != "equal"
            and merged
            and merged[-1][0] != "equal"
        )
        if joins or (tag != "equal" and merged and merged[-1][0] == "change"):
            previous = merged.pop()
            merged.append(("change", previous[1] + old_text, previous[2] + new_text))
        elif tag == "equal":
            merged.append(("equal", old_text, new_text))
        else:
            merged.append(("change", old_text, new_text))
    spans: list[Span] = []
    for tag, old_text, new_text in merged:
        if tag == "equal":
            spans.append(Span(Op.EQUAL, new_text))
            continue
        if old_text:
            spans.append(Span(Op.DELETE, old_text))
        if new_text:
            spans.append(Span(Op.INSERT, new_text))
    return tuple(spans)
