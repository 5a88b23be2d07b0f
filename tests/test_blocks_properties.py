"""Properties of generated format-2 blocks, and of format-4 blocks nested inside list items
and table cells: loading raises nothing but PolicyError; whatever loads assembles, renders
and compares; a redline gives back both versions' words."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
import markdown
from bs4 import BeautifulSoup

from blocks_sources import load, write_sources
from policy_repo import base_sections

from policypress.assemble import assemble
from policypress.assemble.matrix import region_matrix
from policypress.assemble.passages import translatable
from policypress.emit.redline_markdown import redline_markdown
from policypress.emit.redline_html import units_html
from policypress.emit.templating import MARKDOWN_EXTENSIONS, environment
from policypress.emit.terminal import redline_text
from policypress.errors import PolicyError
from policypress.plaintext import section_text, view_text
from policypress.redline import Op, UnitDiff, _block_units, redline

WORDS = st.sampled_from(["Data", "we", "keep", "*for*", "a", "year", "`x|y`", "{{ email }}", "{{ section:contact }}", "|", "1.", "-", "**all**"])
TEXT = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
DAY = date(2026, 1, 1)
TAGS = st.none() | st.lists(st.sampled_from(["north-law", "south-law"]), min_size=1, max_size=2, unique=True)


def _tagged(value: dict[str, Any], tags: list[str] | None) -> dict[str, Any]:
    return {**value, "tags": tags} if tags else value


def items(depth: int) -> st.SearchStrategy[list[Any]]:
    plain = TEXT
    if depth >= 3:
        item = plain | st.builds(lambda t, g: _tagged({"text": t}, g), TEXT, TAGS)
    else:
        item = plain | st.builds(
            lambda t, g, sub, numbered: _tagged({"text": t, **({"items": sub, "numbered": numbered} if sub else {})}, g),
            TEXT, TAGS, st.none() | items(depth + 1), st.booleans(),
        )
    return st.lists(item, min_size=1, max_size=3)


ROW = st.lists(TEXT, min_size=1, max_size=3)
BLOCK = st.one_of(
    TEXT,
    st.builds(lambda t, g: _tagged({"text": t}, g), TEXT, TAGS),
    st.builds(lambda i, n, s, g: _tagged({"items": i, **({"numbered": True, "start": s} if n else {})}, g), items(0), st.booleans(), st.integers(0, 12), TAGS),
    st.builds(
        lambda header, rows, g: _tagged({"table": {"header": header, "rows": rows}}, g),
        ROW,
        st.lists(ROW | st.builds(lambda c, g: _tagged({"cells": c}, g), ROW, TAGS), min_size=1, max_size=3),
        TAGS,
    ),
)
BLOCKS = st.lists(BLOCK, max_size=4)


def _policy(root: Path, blocks: list[Any], preamble: list[Any]) -> Any:
    sections = base_sections()
    sections["data"]["blocks"] = blocks
    try:
        return load(write_sources(root, sections, {"format": 2, "preamble": preamble}))
    except PolicyError as error:
        assert all(p.location.path and p.location.line >= 1 and p.message for p in error.problems)
        return None


def _side(unit: UnitDiff, keep: Op) -> list[str]:
    """A unit's words on one side of the redline (keep: INSERT for the new side, DELETE for the old)."""
    cells = unit.cells or (unit.spans,)
    return ["".join(span.text for span in cell if span.op in (Op.EQUAL, keep)) for cell in cells]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old=BLOCKS, new=BLOCKS, old_preamble=st.lists(BLOCK, max_size=2), new_preamble=st.lists(BLOCK, max_size=2))
def test_generated_blocks_load_render_and_compare(old: list[Any], new: list[Any], old_preamble: list[Any], new_preamble: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        before = _policy(Path(folder) / "old", old, old_preamble)
        after = _policy(Path(folder) / "new", new, new_preamble)
    event("both load" if before is not None and after is not None else "refused")
    if before is None or after is None:
        return
    template = environment("en_US").get_template("pages/policy.md.j2")
    for region in (None, *after.regions):
        a = assemble(before, before.region(region.id) if region else None)
        b = assemble(after, region)
        assert view_text(b).startswith("Test Policy\n")
        page = template.render(view=b, page_title="t", published=DAY, effective=DAY, banner=None, notice=None, searchable=True, links={"landing": "l", "history": "h"}, documents=[], pdf=None)
        assert page.count("\n#") >= len(b.walk())
        assert redline(b, b).changed == ()
        diff = redline(a, b)
        redline_text(diff, colour=False)
        for section in diff.sections:
            units_html(section.units)
            new_side = [w for u in section.units if any(s.op is not Op.DELETE for c in (u.cells or (u.spans,)) for s in c) for w in _side(u, Op.INSERT)]
            old_side = [w for u in section.units if any(s.op is not Op.INSERT for c in (u.cells or (u.spans,)) for s in c) for w in _side(u, Op.DELETE)]
            assert " ".join(new_side).split() == " ".join(_texts(b, section.id)).split()
            assert " ".join(old_side).split() == " ".join(_texts(a, section.id)).split()


def _texts(view: Any, section_id: str) -> list[str]:
    """The words of a section's units, as the redline aligns them."""
    if section_id == "_preamble":
        blocks = view.preamble
    else:
        found = [s for s in view.walk() if s.id == section_id]
        blocks = found[0].blocks if found else ()
    return [text for unit in _block_units(blocks) for text in unit.texts]


# Source format 4: list items and table cells holding blocks (paragraphs and lists, nested).
# A text that starts like a list marker ("- -", "1. a") is a list of its own to Markdown in
# any format; the words of such pages are checked by the test above, not compared here.
INNER_TEXT = TEXT.filter(lambda text: text.split()[0] not in ("-", "1."))


def inner_blocks(depth: int) -> st.SearchStrategy[list[Any]]:
    paragraph = INNER_TEXT | st.builds(lambda t, g: _tagged({"text": t}, g), INNER_TEXT, TAGS)
    if depth >= 3:
        return st.lists(paragraph, min_size=1, max_size=2)
    listed = st.builds(
        lambda i, n, g: _tagged({"items": i, **({"numbered": True} if n else {})}, g), nested_items(depth + 1), st.booleans(), TAGS
    )
    return st.lists(paragraph | listed, min_size=1, max_size=3)


def nested_items(depth: int) -> st.SearchStrategy[list[Any]]:
    item = INNER_TEXT | st.builds(
        lambda t, g, blocks: _tagged({"text": t, **({"blocks": blocks} if blocks else {})}, g),
        INNER_TEXT, TAGS, st.none() | st.deferred(lambda: inner_blocks(depth)),
    )
    return st.lists(item, min_size=1, max_size=3)


CELL = INNER_TEXT | st.builds(lambda b: {"blocks": b}, inner_blocks(1))
NESTED_BLOCK = st.one_of(
    INNER_TEXT,
    st.builds(lambda i, g: _tagged({"items": i}, g), nested_items(0), TAGS),
    st.builds(
        lambda header, rows: {"table": {"header": header, "rows": [row[: len(header)] + [""] * (len(header) - len(row)) for row in rows]}},
        ROW,
        st.lists(st.lists(CELL, min_size=1, max_size=3), min_size=1, max_size=3),
    ),
)


def _words(text: str) -> list[str]:
    # Numbers aside: a list marker is one in the plain text, and not a word of the page.
    return [word for word in re.findall(r"\w+", text) if not word.isdigit()]


def _inner_side(units: tuple[UnitDiff, ...], keep: Op) -> list[str]:
    """The words of one side of a cell's blocks' diff (rows inside cells cannot occur)."""
    return [w for unit in units for text in _side(unit, keep) for w in _words(text)]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old=st.lists(NESTED_BLOCK, max_size=3), new=st.lists(NESTED_BLOCK, max_size=3))
def test_generated_nested_blocks_go_through_every_stage(old: list[Any], new: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            before = _load_format_4(Path(folder) / "old", old)
            after = _load_format_4(Path(folder) / "new", new)
        except PolicyError as error:
            assert all(p.location.path and p.location.line >= 1 and p.message for p in error.problems)
            event("refused")
            return
    event("nested" if any(isinstance(b, dict) and ("table" in b or "items" in b) for b in new) else "plain")
    env = environment("en_US")
    assert len({p.key for p in translatable(after, "pt-BR")}) == len(translatable(after, "pt-BR"))
    region_matrix(after)
    for region in (None, *after.regions):
        a = assemble(before, before.region(region.id) if region else None)
        b = assemble(after, region)
        data = next(s for s in b.walk() if s.id == "data")
        # The page shows every word of the plain text, in order (cells' lists inside <td>).
        html = markdown.markdown(env.filters["blocks_markdown"](data.blocks), extensions=list(MARKDOWN_EXTENSIONS))
        assert _words(BeautifulSoup(html, "html.parser").get_text(" ")) == _words(section_text(data))
        assert redline(b, b).changed == ()
        diff = redline(a, b)
        redline_text(diff, colour=False)
        redline_markdown(diff)
        for section in diff.sections:
            units_html(section.units)
            for unit in section.units:
                for cell in unit.blocks:
                    if cell is not None:  # a cell's blocks' diff holds the cell's words on each side
                        column = unit.blocks.index(cell)
                        assert _inner_side(cell, Op.INSERT) == _words(_side(unit, Op.INSERT)[column])
                        assert _inner_side(cell, Op.DELETE) == _words(_side(unit, Op.DELETE)[column])
            new_side = [w for u in section.units if any(s.op is not Op.DELETE for c in (u.cells or (u.spans,)) for s in c) for w in _side(u, Op.INSERT)]
            assert " ".join(new_side).split() == " ".join(_texts(b, section.id)).split()


def _load_format_4(root: Path, blocks: list[Any]) -> Any:
    sections = base_sections()
    sections["data"]["blocks"] = blocks
    return load(write_sources(root, sections, {"format": 4}))
