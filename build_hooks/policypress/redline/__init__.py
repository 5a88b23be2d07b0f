"""Stage 4: what changed between two versions of a page, as data.

Sections are matched by id, so a renamed or moved section is recognised as itself; inside a
section, paragraphs, list items (at any depth) and table rows are aligned and compared word by
word, table rows cell by cell (a row whose cells came to span other columns is shown replaced);
the paragraphs and lists inside a list item follow it as units of their own (one level deeper),
and a cell holding blocks is aligned and compared the same way, unit by unit, inside its cell;
an item or row found unchanged elsewhere in the section is shown as moved. Emitters decide how
the result looks (HTML with <ins>/<del>, terminal colours).
The preamble, if either version has one, is compared as an unnumbered first "section".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from enum import Enum
from functools import lru_cache
from itertools import zip_longest

from policypress.assemble import Numbered, PolicyView, Same, ViewBlock, ViewCell, ViewList, ViewParagraph, ViewSection, ViewTable
from policypress.plaintext import cell_text, markdown_to_text

PREAMBLE = "_preamble"
"""The redline id (and anchor) of the preamble; no section id starts with "_"."""


class ChangeKind(str, Enum):
    """How a section changed; the value is what a reader is told."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "text changed"
    MOVED = "moved"
    RENAMED = "renamed"
    SUMMARY = "summary changed"
    """Its short version (`summary:`) was added, removed or reworded."""


class Op(str, Enum):
    """What happened to a run of words."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True)
class Span:
    op: Op
    text: str


class UnitKind(str, Enum):
    """What a unit of a redline is."""

    PARAGRAPH = "paragraph"
    ITEM = "item"
    HEADER = "header"
    """A table's header row (it starts a table)."""
    ROW = "row"


class Moved(str, Enum):
    """Where a unit that moved within its section is shown."""

    NOT = ""
    FROM = "from"
    """Its old place (its words shown deleted)."""
    TO = "to"
    """Its new place (its words shown inserted)."""


@dataclass(frozen=True)
class UnitDiff:
    """One paragraph, list item or table row, as runs of kept, inserted and deleted words
    (a row: one run of spans per cell)."""

    kind: UnitKind
    spans: tuple[Span, ...] = ()
    cells: tuple[tuple[Span, ...], ...] = ()
    depth: int = 0
    """A list item's nesting level, 0 for the items of a top-level list; a paragraph's is 0
    outside lists, and one more than its item's inside one (format 4)."""
    numbered: bool = False
    """Whether a list item is in a numbered list."""
    start: int = 1
    """The first number of the numbered list a list item is in."""
    moved: Moved = Moved.NOT
    opens_list: bool = False
    """Whether a list item starts a new list rather than continuing the list of the item before
    it (two lists of the same kind one after the other stay two lists)."""
    widths: tuple[int, ...] = ()
    """How many columns each cell of a table row spans (empty: one each)."""
    blocks: tuple[tuple[UnitDiff, ...] | None, ...] = ()
    """Format 4: for each cell of a row, the diff of the blocks it holds (None for a cell of
    text, whose words are in `cells`); empty when no cell of either version holds blocks."""

    def cell_blocks(self, index: int) -> tuple[UnitDiff, ...] | None:
        """The diff of the blocks of the `index`th cell, or None if it is a cell of text."""
        return self.blocks[index] if index < len(self.blocks) else None

    @property
    def group(self) -> bool:
        """Whether this is a group row of a table: one cell spanning every column."""
        return self.kind is UnitKind.ROW and len(self.widths) == 1 and self.widths[0] > 1

    @property
    def list_item(self) -> bool:
        return self.kind is UnitKind.ITEM

    @property
    def changed(self) -> bool:
        spans = (*self.spans, *(span for cell in self.cells for span in cell))
        inner = (unit for cell in self.blocks if cell is not None for unit in cell)
        return self.moved is not Moved.NOT or any(span.op is not Op.EQUAL for span in spans) or any(u.changed for u in inner)


@dataclass(frozen=True)
class Unit:
    """One paragraph, list item or table row of a version, as plain text: what is aligned."""

    kind: UnitKind
    texts: tuple[str, ...]
    """The words: one text, or one per cell."""
    depth: int = 0
    numbered: bool = False
    start: int = 1
    opens_list: bool = field(default=False, compare=False)
    """Whether a list item is the first of its list. Not compared: removing a list's first item
    must not make the next item a different unit to the alignment."""
    spans: tuple[int, ...] = ()
    """How many columns each cell of a table row spans (empty: one each). Compared: a row
    whose cells span other columns is another row, even with the same words."""
    blocks: tuple[tuple[Unit, ...] | None, ...] = ()
    """Format 4: for each cell of a row, the units of the blocks it holds (None for a cell of
    text); empty when no cell holds blocks. `texts` has every cell's words either way."""

    @property
    def key(self) -> tuple[UnitKind, tuple[str, ...], tuple[int, ...], tuple[tuple[Unit, ...] | None, ...]]:
        """What stays the same when the unit only moves (its place in a list aside)."""
        return (self.kind, self.texts, self.spans, self.blocks)

    @property
    def text(self) -> str:
        return " | ".join(self.texts)


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
    summary: tuple[Span, ...] = ()
    """The section's summary, word by word from the old version's to the new one's (all
    kept when it did not change); empty when neither version has one."""

    @property
    def summary_changed(self) -> bool:
        """Whether the summary was added, removed or reworded (with its section, too)."""
        return any(span.op is not Op.EQUAL for span in self.summary)

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
        """How many sections changed in this way (the preamble is not a section)."""
        return sum(1 for section in self.sections if kind in section.kinds and section.id != PREAMBLE)

    @property
    def preamble(self) -> SectionDiff | None:
        """The preamble, if either version has one."""
        return next((section for section in self.sections if section.id == PREAMBLE), None)

    @property
    def changed(self) -> tuple[SectionDiff, ...]:
        return tuple(section for section in self.sections if section.kinds)


def redline(old: PolicyView, new: PolicyView) -> Redline:
    """The changes from `old` to `new`, section by section."""
    diff = _sections_redline(old, new)
    if not old.preamble and not new.preamble:
        return diff
    units = _diff_units(_block_units(old.preamble), _block_units(new.preamble))
    kinds = frozenset({ChangeKind.ADDED} if not old.preamble else {ChangeKind.REMOVED} if not new.preamble else set())
    kinds |= {ChangeKind.CHANGED} if not kinds and any(unit.changed for unit in units) else set()
    preamble = SectionDiff(
        PREAMBLE, "" if old.preamble else None, "" if new.preamble else None,
        "Preamble" if old.preamble else None, "Preamble" if new.preamble else None, kinds, units,
    )
    return Redline((preamble, *diff.sections))


def _sections_redline(old: PolicyView, new: PolicyView) -> Redline:
    old_sections = {s.id: s for s in old.walk()}
    new_sections = {s.id: s for s in new.walk()}
    moved = _moved(old, new)
    diffs: dict[str, SectionDiff] = {}
    for section_id, section in new_sections.items():
        before = old_sections.get(section_id)
        if before is section and section_id not in moved:
            diffs[section_id] = _kept_section(Same(section))
            continue
        # Kept units never change, and most sections of most versions are kept.
        text_changed = False
        if before is not None and before.blocks == section.blocks:
            units = _kept_units(section.blocks)
        else:
            units = _diff_units(_block_units(before.blocks) if before else (), _block_units(section.blocks))
            text_changed = any(unit.changed for unit in units)
        kinds: set[ChangeKind] = set()
        if before is None:
            kinds.add(ChangeKind.ADDED)
        else:
            if before.title != section.title:
                kinds.add(ChangeKind.RENAMED)
            if text_changed:
                kinds.add(ChangeKind.CHANGED)
            if section_id in moved:
                kinds.add(ChangeKind.MOVED)
        summary = _summary_spans(before, section)
        if before is not None and _summary_text(before) != _summary_text(section):
            kinds.add(ChangeKind.SUMMARY)
        diffs[section_id] = SectionDiff(
            section_id,
            before.number if before else None,
            section.number,
            markdown_to_text(before.title) if before else None,
            markdown_to_text(section.title),
            frozenset(kinds),
            units,
            summary,
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
                _diff_units(_block_units(section.blocks), ()),
                _summary_spans(section, None),
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
def _kept_section(same: Same) -> SectionDiff:
    """The diff of a section that is the same view in both versions (see
    `policypress.assemble.SectionViews`): one object for every redline it appears in."""
    section: ViewSection = same.value  # type: ignore[assignment]
    title = markdown_to_text(section.title)
    return SectionDiff(
        section.id, section.number, section.number, title, title, frozenset(), _kept_units(section.blocks),
        _summary_spans(section, section),
    )


def _summary_text(section: ViewSection | None) -> str:
    """A section's summary as plain words ("" for none)."""
    return markdown_to_text(section.summary.text) if section is not None and section.summary is not None else ""


def _summary_spans(old: ViewSection | None, new: ViewSection | None) -> tuple[Span, ...]:
    """The summary from `old` to `new` (either may be missing), word by word."""
    before, after = _summary_text(old), _summary_text(new)
    if before == after:
        return (Span(Op.EQUAL, after),) if after else ()
    if not before or not after:
        return (Span(Op.INSERT, after),) if after else (Span(Op.DELETE, before),)
    return word_diff(before, after)


@lru_cache(maxsize=8192)
def _kept_units(blocks: tuple[ViewBlock, ...]) -> tuple[UnitDiff, ...]:
    # Most sections of most versions are unchanged; their (immutable) diffs are shared.
    return tuple(_same(unit) for unit in _block_units(blocks))


@lru_cache(maxsize=8192)
def _block_units(blocks: tuple[ViewBlock, ...]) -> tuple[Unit, ...]:
    return tuple(unit for block in blocks for unit in _units(block))


def _units(block: ViewBlock, depth: int = 0) -> list[Unit]:
    """The units of one block, in reading order (what an item holds after the item, one level
    deeper; a list `depth` levels deep, or a paragraph inside an item of level `depth - 1`)."""
    match block:
        case ViewParagraph():
            return [Unit(UnitKind.PARAGRAPH, (markdown_to_text(block.text),), depth)]
        case ViewList():
            units = []
            for index, item in enumerate(block.items):
                text = (markdown_to_text(item.text),)
                units.append(Unit(UnitKind.ITEM, text, depth, block.numbered, block.start, opens_list=index == 0))
                for inner in item.content:
                    units.extend(_units(inner, depth + 1))
            return units
        case ViewTable():
            spans = block.rows_spans or ((),) * len(block.rows)
            header = Unit(UnitKind.HEADER, tuple(markdown_to_text(cell) for cell in block.header), spans=block.header_spans)
            rows = (
                Unit(UnitKind.ROW, tuple(cell_text(cell) for cell in row), spans=widths, blocks=_cells_units(row))
                for row, widths in zip(block.rows, spans, strict=True)
            )
            return [header, *rows]
    raise TypeError(f"unknown block {block!r}")


def _cells_units(row: tuple[object, ...]) -> tuple[tuple[Unit, ...] | None, ...]:
    """The units of each cell of a row that holds blocks (None for a cell of text); () when
    none does, so that rows of text are the units they always were."""
    if not any(isinstance(cell, ViewCell) for cell in row):
        return ()
    return tuple(_block_units(cell.blocks) if isinstance(cell, ViewCell) else None for cell in row)


def _whole(unit: Unit, op: Op, moved: Moved = Moved.NOT) -> UnitDiff:
    """A unit whose words are all kept, all inserted or all deleted."""
    if unit.kind in (UnitKind.HEADER, UnitKind.ROW):
        cells = tuple((Span(op, text),) if text else () for text in unit.texts)
        blocks = tuple(None if cell is None else tuple(_whole(inner, op) for inner in cell) for cell in unit.blocks)
        return UnitDiff(unit.kind, (), cells, moved=moved, widths=unit.spans, blocks=blocks)
    return UnitDiff(
        unit.kind, (Span(op, unit.texts[0]),), (), unit.depth, unit.numbered, unit.start, moved, unit.opens_list
    )


def _same(unit: Unit) -> UnitDiff:
    return _whole(unit, Op.EQUAL)


def _paired(old: Unit, new: Unit) -> UnitDiff:
    """A unit changed in place: word by word, a row cell by cell."""
    if new.kind in (UnitKind.HEADER, UnitKind.ROW):
        cells = tuple(word_diff(a, b) for a, b in zip_longest(old.texts, new.texts, fillvalue=""))
        return UnitDiff(new.kind, (), cells, widths=new.spans, blocks=_paired_blocks(old, new))
    return UnitDiff(
        new.kind, word_diff(old.texts[0], new.texts[0]), (), new.depth, new.numbered, new.start,
        opens_list=new.opens_list,
    )


def _paired_blocks(old: Unit, new: Unit) -> tuple[tuple[UnitDiff, ...] | None, ...]:
    """Cell by cell, the diff of the blocks of the cells that hold blocks in either version (a
    cell of text compared with a cell of blocks is one paragraph)."""
    if not old.blocks and not new.blocks:
        return ()

    def units(unit: Unit, column: int) -> tuple[Unit, ...] | None:
        return unit.blocks[column] if column < len(unit.blocks) else None

    def as_blocks(unit: Unit, column: int) -> tuple[Unit, ...]:
        found = units(unit, column)
        if found is not None:
            return found
        text = unit.texts[column] if column < len(unit.texts) else ""
        return (Unit(UnitKind.PARAGRAPH, (text,)),) if text else ()

    columns = range(max(len(old.texts), len(new.texts)))
    return tuple(
        None if units(old, c) is None and units(new, c) is None else _diff_units(as_blocks(old, c), as_blocks(new, c))
        for c in columns
    )


def _pairable(old: Unit, new: Unit) -> bool:
    # A paragraph that became a list item (or back) is still the same words; rows pair with
    # rows whose cells span the same columns (else the old row is shown struck, the new one added:
    # cell by cell, cells of other widths would compare words of different columns).
    prose = (UnitKind.PARAGRAPH, UnitKind.ITEM)
    same_family = old.kind == new.kind or (old.kind in prose and new.kind in prose)
    same_columns = old.kind in prose or old.spans == new.spans
    return same_family and same_columns and _similarity(old.text, new.text) >= _PAIR_THRESHOLD


# Pairs of paragraphs less alike than this are shown as one deleted and one inserted
# paragraph: a word diff of two unrelated paragraphs is harder to read than either.
_PAIR_THRESHOLD = 0.4


def _diff_units(old: tuple[Unit, ...], new: tuple[Unit, ...]) -> tuple[UnitDiff, ...]:
    if old == new:  # most sections of most versions: nothing to align
        return tuple(_same(unit) for unit in new)
    # autojunk=False: legal boilerplate repeats, and junk heuristics turn small edits into
    # wholesale replacements.
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    # Units that left one place and arrived at another, unchanged, moved (an item moved to
    # another item's nested list, or a row to another place in its table).
    gone = Counter(unit.key for tag, i1, i2, _, _ in opcodes if tag != "equal" for unit in old[i1:i2])
    came = Counter(unit.key for tag, _, _, j1, j2 in opcodes if tag != "equal" for unit in new[j1:j2])
    moved_from, moved_to = gone & came, gone & came
    result: list[UnitDiff] = []
    sides: list[tuple[Unit | None, Unit | None]] = []  # each result unit as it is in (old, new)
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            result.extend(_same(unit) for unit in new[j1:j2])
            sides.extend(zip(old[i1:i2], new[j1:j2]))
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        while olds or news:
            if olds and moved_from[olds[0].key] > 0:
                moved_from[olds[0].key] -= 1
                sides.append((olds[0], None))
                result.append(_whole(olds.pop(0), Op.DELETE, Moved.FROM))
            elif news and moved_to[news[0].key] > 0:
                moved_to[news[0].key] -= 1
                sides.append((None, news[0]))
                result.append(_whole(news.pop(0), Op.INSERT, Moved.TO))
            elif olds and news and _pairable(olds[0], news[0]):
                sides.append((olds[0], news[0]))
                result.append(_paired(olds.pop(0), news.pop(0)))
            elif olds and len(olds) >= len(news):
                sides.append((olds[0], None))
                result.append(_whole(olds.pop(0), Op.DELETE))
            else:
                sides.append((None, news[0]))
                result.append(_whole(news.pop(0), Op.INSERT))
    return _list_breaks(result, sides)


def _list_breaks(units: list[UnitDiff], sides: list[tuple[Unit | None, Unit | None]]) -> tuple[UnitDiff, ...]:
    """Where one list ends and the next begins, among list items of both versions: between two
    units, as in the newer version if both are in it, else as in the older one if both are in
    that; an item only deleted next to one only inserted continues the list (a replaced item)."""
    marked = list(units)
    for index in range(1, len(units)):
        (old_before, new_before), (old, new) = sides[index - 1], sides[index]
        if new_before is not None and new is not None:
            opens = new.opens_list
        elif old_before is not None and old is not None:
            opens = old.opens_list
        else:
            opens = False
        if units[index].opens_list != opens:
            marked[index] = replace(units[index], opens_list=opens)
    return tuple(marked)


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
