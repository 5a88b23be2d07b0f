"""Loading and validating format-2 blocks (`policypress.sources`): the model they make, and a
located message for each way to get them wrong."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from blocks_sources import block_sections, format_2_settings, load, write_sources
from conftest import policypress

from policypress.errors import PolicyError
from policypress.model import ItemList, Paragraph, Table, walk_sections


def test_format_2_sources_load_into_the_model(tmp_path: Path) -> None:
    policy = load(write_sources(tmp_path, block_sections(), format_2_settings()))
    assert policy.settings.format == 2
    assert [type(b) for b in policy.preamble] == [Paragraph, Paragraph]
    assert policy.preamble[1].tags == {"north-law"}
    data = policy.sections[1]
    table, numbered, bulleted = data.blocks[1:]
    assert isinstance(table, Table) and table.header == ("Cookie", "Purpose", "Kept for")
    assert [row.tags for row in table.rows] == [frozenset(), {"north-law"}, {"south-law"}]
    assert table.rows[2].cells == ("south-count", "Counts visits from the South", "")
    assert isinstance(numbered, ItemList) and (numbered.numbered, numbered.start) == (True, 3)
    nested = numbered.items[1].sublist
    assert nested is not None and not nested.numbered and len(nested.items) == 3
    assert nested.items[1].sublist is not None and nested.items[1].sublist.numbered
    assert isinstance(bulleted, ItemList) and not bulleted.numbered
    ids = [s.id for s in walk_sections(policy.sections)]
    assert ids.index("level-five") == ids.index("level-four") + 1
    empty = next(s for s in walk_sections(policy.sections) if s.id == "heading-only")
    assert empty.blocks == () and empty.subsections == ()


def _table(rows: list[Any], **extra: Any) -> dict[str, Any]:
    return {"table": {"header": ["Name", "Purpose"], "rows": rows}, **extra}


# (case, block added to section "contact", message, text on the reported line)
BAD_BLOCKS = [
    ("row too short", _table([["a", "b"], {"cells": ["only one"]}]), "row 2 of this table has 1 cell, but the header has 2", "cells:"),
    ("row too long", _table([{"cells": ["a", "b", "c"], "tags": ["north-law"]}]), "row 1 of this table has 3 cells", "cells:"),
    ("unknown key in a table", {"table": {"header": ["a"], "rows": [["b"]], "colums": 2}}, "unknown key 'colums'; allowed keys here: header, rows", "colums:"),
    ("unknown key in a row", _table([{"cells": ["a", "b"], "tag": ["north-law"]}]), "unknown key 'tag'", "tag:"),
    ("table without rows", {"table": {"header": ["a"]}}, "missing required key 'rows'", "header:"),
    ("cell that is a number", _table([["a", 3]]), "a table cell must be text; put numbers and dates in quotes", "3"),
    ("unknown tag on a row", _table([{"cells": ["a", "b"], "tags": ["east-law"]}]), "unknown jurisdiction tag 'east-law'", "cells:"),
    ("row shown nowhere", _table([{"cells": ["a", "b"], "tags": ["north-law"]}], tags=["south-law"]), "this table row appears on no region page", "cells:"),
    ("unknown key in a list item", {"items": [{"text": "a", "item": ["b"]}]}, "unknown key 'item'", "item:"),
    ("start without numbered", {"items": ["a"], "start": 3}, "missing required key 'numbered'", "items:"),
    ("numbered item without items", {"items": [{"text": "a", "numbered": True}]}, "missing required key 'items'", "text: a"),
    ("numbered not a boolean", {"numbered": "yes", "items": ["a"]}, "numbered must be true or false", "numbered:"),
    ("empty nested list", {"items": [{"text": "a", "items": []}]}, "'items' must not be empty", "items: []"),
    ("unknown placeholder in a nested item", {"items": [{"text": "a", "items": ["Mail {{ mail }}."]}]}, "unknown placeholder '{{ mail }}'", "Mail {{ mail }}"),
    ("raw HTML in a cell", _table([["a", "<b>bold</b>"]]), "raw HTML ('<b>') is not allowed", "<b>bold</b>"),
    ("reference in a cell to a section not on every page", _table([["a", "See {{ section:north-rules }}"]]), "reference to section 'north-rules', which is not on the page of south, west", "See {{ section:north-rules }}"),
]


def _line_of(path: Path, marker: str) -> int:
    lines = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1) if marker in line]
    assert lines, marker
    return lines[-1]


@pytest.mark.parametrize(("case", "block", "message", "marker"), BAD_BLOCKS, ids=[c[0] for c in BAD_BLOCKS])
def test_bad_blocks_are_reported_where_they_are(case: str, block: dict[str, Any], message: str, marker: str, tmp_path: Path) -> None:
    sections = block_sections()
    sections["contact"]["blocks"].append(block)
    write_sources(tmp_path, sections, format_2_settings())
    with pytest.raises(PolicyError) as raised:
        load(tmp_path)
    problems = [p for p in raised.value.problems if message in p.message]
    assert problems, str(raised.value)
    path = tmp_path / problems[0].location.path
    assert problems[0].location.path == "policy_src/sections/contact.yaml"
    assert problems[0].location.line == _line_of(path, marker), str(raised.value)


@pytest.mark.parametrize(
    ("case", "change", "message"),
    [
        ("table", lambda s: s["contact"]["blocks"].append(_table([["a", "b"]])), "this is a table, which needs source format 2"),
        ("numbered list", lambda s: s["contact"]["blocks"].append({"numbered": True, "items": ["a"]}), "this is a numbered list, which needs source format 2"),
        ("nested list", lambda s: s["contact"]["blocks"].append({"items": [{"text": "a", "items": ["b"]}]}), "this list item holds a nested list, which needs source format 2"),
        ("empty section", lambda s: s["contact"].pop("blocks"), "section 'contact' has no blocks and no subsections, which needs source format 2"),
    ],
)
def test_format_1_sources_cannot_use_format_2_blocks(case: str, change: Any, message: str, tmp_path: Path) -> None:
    sections = block_sections()
    sections["data"] = {"id": "data", "title": "Data", "blocks": ["Plain."]}
    change(sections)
    with pytest.raises(PolicyError, match=re.escape(message)):
        load(write_sources(tmp_path, sections, {"format": 1}))


def test_a_preamble_needs_format_2(tmp_path: Path) -> None:
    sections = block_sections()
    sections["data"] = {"id": "data", "title": "Data", "blocks": ["Plain."]}
    with pytest.raises(PolicyError, match="settings.yaml has a preamble, which needs source format 2") as raised:
        load(write_sources(tmp_path, sections, {"format": 1, "preamble": ["Hello."]}))
    [problem] = raised.value.problems
    assert problem.location.line == _line_of(tmp_path / "policy_src/settings.yaml", "- Hello.")


def test_a_bad_preamble_block_is_located_in_settings(tmp_path: Path) -> None:
    write_sources(tmp_path, block_sections(), format_2_settings(["Fine.", {"txt": "Typo."}]))
    with pytest.raises(PolicyError) as raised:
        load(tmp_path)
    [problem] = [p for p in raised.value.problems if "unknown key" in p.message]
    assert problem.location.path == "policy_src/settings.yaml"
    assert problem.location.line == _line_of(tmp_path / "policy_src/settings.yaml", "txt:")
    assert "unknown key 'txt'" in problem.message


def test_validate_command_reports_a_bad_row(tmp_path: Path) -> None:
    sections = block_sections()
    sections["contact"]["blocks"].append(_table([["a", "b"], {"cells": ["c"]}]))
    write_sources(tmp_path, sections, format_2_settings())
    result = policypress("validate", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = _line_of(tmp_path / "policy_src/sections/contact.yaml", "cells:")
    assert re.search(rf"^policy_src/sections/contact.yaml:{line}:\d+: error: row 2 of this table has 1 cell", result.stderr, re.M), result.stderr
