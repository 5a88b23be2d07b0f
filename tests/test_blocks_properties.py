"""Properties of generated format-2 blocks: loading raises nothing but PolicyError; whatever
loads assembles, renders and compares; a redline gives back both versions' words."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from blocks_sources import load, write_sources
from policy_repo import base_sections

from policypress.assemble import assemble
from policypress.emit.redline_html import units_html
from policypress.emit.templating import environment
from policypress.emit.terminal import redline_text
from policypress.errors import PolicyError
from policypress.plaintext import view_text
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
