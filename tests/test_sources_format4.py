"""Source format 4: list items and table cells holding blocks (paragraphs and lists) in the
sources: the model they make, and a located message for each way to get them wrong."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from blocks_sources import (
    block_sections,
    format_2_settings,
    format_4_settings,
    load,
    nested_block_sections,
    rights_list,
    rights_table,
    write_sources,
)
from conftest import policypress

from policypress.errors import PolicyError
from policypress.model import BlockCell, ItemList, Paragraph, Table


def _contact(tmp_path: Path, sections: dict[str, dict[str, Any]] | None = None) -> tuple[Any, ...]:
    policy = load(write_sources(tmp_path, nested_block_sections() if sections is None else sections, format_4_settings()))
    return next(s for s in policy.sections if s.id == "contact").blocks


def test_an_item_holds_a_paragraph_a_list_and_a_paragraph_in_order(tmp_path: Path) -> None:
    rights = _contact(tmp_path)[-2]
    assert isinstance(rights, ItemList)
    plain, nested = rights.items
    assert plain.blocks == () and plain.sublist is None
    assert nested.text == "You can ask us to correct it, which may include:" and nested.sublist is None
    kinds = [type(block) for block in nested.blocks]
    assert kinds == [ItemList, Paragraph, ItemList]
    sub, note, steps = nested.blocks
    assert [item.text for item in sub.items] == ["your postal address;", "your *display name*."]
    assert sub.items[1].tags == {"north-law"}
    assert note.text == "Please note that we answer within {{ section:contact }}'s deadlines."
    assert steps.numbered and steps.start == 1


def test_a_cell_holds_paragraphs_and_lists(tmp_path: Path) -> None:
    table = _contact(tmp_path)[-1]
    assert isinstance(table, Table) and table.header == ("Right", "How to use it")
    access, erasure, objection, portability = table.rows
    assert access.cells[0] == "Access" and isinstance(access.cells[1], BlockCell)
    either, ways = access.cells[1].blocks
    assert either == Paragraph("Either:", frozenset(), either.location)
    assert isinstance(ways, ItemList) and [i.text for i in ways.items] == ["use the download tool;", "or write to {{ email }}."]
    assert [b.text for b in erasure.cells[1].blocks] == ["Delete your account.", "We erase backups within a month."]
    assert objection.cells[1].blocks[0].tags == {"north-law"}
    assert portability.cells == ("Portability", "Ask us for a copy.") and portability.widths == (1, 1)


def test_a_cell_of_blocks_can_span_columns(tmp_path: Path) -> None:
    sections = block_sections()
    table = {"table": {"header": ["A", "B"], "rows": [[{"blocks": ["One.", "Two."], "span": 2}], ["x", "y"]]}}
    sections["contact"]["blocks"].append(table)
    [row, _] = _contact(tmp_path, sections)[-1].rows
    assert row.spans == (2,) and isinstance(row.cells[0], BlockCell)


def _line_of(path: Path, marker: str) -> int:
    lines = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1) if marker in line]
    assert lines, marker
    return lines[-1]


def _item(**extra: Any) -> dict[str, Any]:
    return {"items": [{"text": "An item.", **extra}]}


def _cell(blocks: Any, **extra: Any) -> dict[str, Any]:
    return {"table": {"header": ["Name", "Purpose"], "rows": [["a", {"blocks": blocks, **extra}]]}}


# (case, block added to section "contact", message, text on the reported line)
BAD_NESTING = [
    ("table in an item", _item(blocks=["Fine.", {"table": {"header": ["a"], "rows": [["b"]]}}]), "a table cannot be inside a list item or a table cell", "table:"),
    ("table in a cell", _cell([{"table": {"header": ["a"], "rows": [["b"]]}}]), "a table cannot be inside a list item or a table cell", "table:"),
    ("items and blocks on one item", _item(items=["b"], blocks=["c"]), "an item holds either a nested list (items) or blocks, not both", "text: An item."),
    ("empty blocks of an item", _item(blocks=[]), "'blocks' must not be empty", "blocks: []"),
    ("empty blocks of a cell", _cell([]), "'blocks' must not be empty", "blocks: []"),
    ("number in a cell's blocks", _cell(["Fine.", 3]), "text must be a non-empty string", "- 3"),
    ("unknown key in a cell of blocks", _cell(["Fine."], tags=["north-law"]), "unknown key 'tags'; allowed keys here: blocks, span", "tags:"),
    ("unknown key in an inner paragraph", _item(blocks=[{"txt": "typo"}]), "unknown key 'txt'", "txt:"),
    ("heading-like key in an inner list item", _item(blocks=[{"items": [{"text": "a", "title": "b"}]}]), "unknown key 'title'", "title:"),
    ("unknown tag on an inner paragraph", _cell([{"text": "Tagged.", "tags": ["east-law"]}]), "unknown jurisdiction tag 'east-law'", "text: Tagged."),
    ("inner paragraph shown nowhere", {"items": [{"text": "North.", "tags": ["north-law"], "blocks": [{"text": "South.", "tags": ["south-law"]}]}]}, "this block appears on no region page", "text: South."),
    ("unknown placeholder deep inside", _item(blocks=[{"items": [{"text": "a", "blocks": ["Mail {{ mail }}."]}]}]), "unknown placeholder '{{ mail }}'", "Mail {{ mail }}"),
    ("reference in a cell to a section not on every page", _cell(["See {{ section:north-rules }}."]), "reference to section 'north-rules', which is not on the page of south, west", "See {{ section:north-rules }}"),
    ("raw HTML in an item's paragraph", _item(blocks=["<b>bold</b>"]), "raw HTML ('<b>') is not allowed", "<b>bold</b>"),
]


@pytest.mark.parametrize(("case", "block", "message", "marker"), BAD_NESTING, ids=[c[0] for c in BAD_NESTING])
def test_bad_nesting_is_reported_where_it_is(case: str, block: dict[str, Any], message: str, marker: str, tmp_path: Path) -> None:
    sections = block_sections()
    sections["contact"]["blocks"].append(block)
    write_sources(tmp_path, sections, format_4_settings())
    with pytest.raises(PolicyError) as raised:
        load(tmp_path)
    problems = [p for p in raised.value.problems if message in p.message]
    assert problems, str(raised.value)
    assert problems[0].location.path == "policy_src/sections/contact.yaml"
    assert problems[0].location.line == _line_of(tmp_path / problems[0].location.path, marker), str(raised.value)


@pytest.mark.parametrize(
    ("case", "block", "message", "marker"),
    [
        ("item", rights_list(), "this list item holds blocks, which needs source format 4", "You can ask us to correct it"),
        ("cell", rights_table(), "this table cell holds blocks, which needs source format 4", "- blocks:"),
    ],
)
def test_blocks_inside_need_format_4(case: str, block: dict[str, Any], message: str, marker: str, tmp_path: Path) -> None:
    sections = block_sections()
    sections["contact"]["blocks"].append(block)
    write_sources(tmp_path, sections, {**format_2_settings(), "format": 3})
    with pytest.raises(PolicyError, match=re.escape(message)) as raised:
        load(tmp_path)
    problem = next(p for p in raised.value.problems if message in p.message)
    text = (tmp_path / "policy_src/sections/contact.yaml").read_text("utf-8").splitlines()
    assert marker in text[problem.location.line - 1], str(raised.value)


def test_validate_reports_a_table_in_a_cell_at_file_line_column(tmp_path: Path) -> None:
    sections = block_sections()
    sections["contact"]["blocks"].append(_cell(["Fine.", {"table": {"header": ["a"], "rows": [["b"]]}}]))
    write_sources(tmp_path, sections, format_4_settings())
    result = policypress("validate", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = _line_of(tmp_path / "policy_src/sections/contact.yaml", "table:")
    assert re.search(
        rf"^policy_src/sections/contact.yaml:{line}:\d+: error: .*a table cannot be inside a list item or a table cell", result.stderr, re.M
    ), result.stderr
