"""Table cells that span columns, and group rows (one cell across every column), in the
sources (format 3): the model they make, and a located message for each way to get them wrong."""

from __future__ import annotations

import re
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from blocks_sources import block_sections, format_2_settings, load, write_sources
from conftest import REPO, policypress

from policypress.assemble import ViewTable, assemble
from policypress.emit.redline_html import units_html
from policypress.emit.templating import environment
from policypress.errors import PolicyError
from policypress.model import Table
from policypress.plaintext import view_text
from policypress.redline import Op, UnitDiff, _block_units, redline


def spanning_table() -> dict[str, Any]:
    """A cookie table (invented text) with two group rows and a cell spanning two columns."""
    return {
        "table": {
            "header": ["Cookie", "Purpose", "Kept for"],
            "rows": [
                [{"text": "Strictly necessary cookies", "span": 3}],
                ["session", "Keeps you *signed in*", "Until you sign out"],
                ["basket", {"text": "Remembers your basket; see {{ section:contact }}", "span": 2}],
                {"cells": [{"text": "Analytics cookies", "span": 3}], "tags": ["north-law"]},
                {"cells": ["north-count", "Counts visits from the North", "1 year"], "tags": ["north-law"]},
            ],
        }
    }


def format_3_settings() -> dict[str, Any]:
    return {**format_2_settings(), "format": 3}


def spanning_sections(table: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    sections = block_sections()
    sections["contact"]["blocks"].append(spanning_table() if table is None else table)
    return sections


def _line_of(path: Path, marker: str) -> int:
    lines = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1) if marker in line]
    assert lines, marker
    return lines[-1]


def test_spanning_cells_and_group_rows_load_into_the_model(tmp_path: Path) -> None:
    policy = load(write_sources(tmp_path, spanning_sections(), format_3_settings()))
    contact = next(s for s in policy.sections if s.id == "contact")
    table = contact.blocks[-1]
    assert isinstance(table, Table) and table.columns == 3 and table.header_spans == ()
    assert [row.cells for row in table.rows[:3]] == [
        ("Strictly necessary cookies",),
        ("session", "Keeps you *signed in*", "Until you sign out"),
        ("basket", "Remembers your basket; see {{ section:contact }}"),
    ]
    assert [row.spans for row in table.rows] == [(3,), (), (1, 2), (3,), ()]
    assert [row.widths for row in table.rows[1:3]] == [(1, 1, 1), (1, 2)]
    assert table.rows[3].tags == {"north-law"}


def test_a_header_cell_can_span_columns(tmp_path: Path) -> None:
    table = {"table": {"header": ["Cookie", {"text": "Details", "span": 2}], "rows": [["a", "b", "c"], [{"text": "Group", "span": 3}]]}}
    policy = load(write_sources(tmp_path, spanning_sections(table), format_3_settings()))
    block = next(s for s in policy.sections if s.id == "contact").blocks[-1]
    assert isinstance(block, Table) and block.header == ("Cookie", "Details") and block.header_spans == (1, 2)
    assert block.columns == 3


def test_tables_without_spans_are_the_model_values_they_were(tmp_path: Path) -> None:
    # Rows without spanning cells carry no spans: equal (and hashing equal) to format-2 rows.
    policy = load(write_sources(tmp_path, block_sections(), format_3_settings()))
    table = policy.sections[1].blocks[1]
    assert isinstance(table, Table) and table.header_spans == () and all(row.spans == () for row in table.rows)


def _rows(rows: list[Any], header: list[Any] | None = None) -> dict[str, Any]:
    return {"table": {"header": header or ["Name", "Purpose", "Kept for"], "rows": rows}}


# (case, table added to section "contact", message, text on the reported line)
BAD_TABLES = [
    (
        "spans add up to too many",
        _rows([["a", "b", "c"], ["d", {"text": "too wide", "span": 3}]]),
        "the cells of row 2 of this table span 4 columns (1 + 3), but the header has 3; make the spans "
        "of its cells add up to 3 (a group row is one cell with span: 3)",
        "- d",
    ),
    (
        "group row too narrow",
        _rows([{"cells": [{"text": "Group", "span": 2}], "tags": ["north-law"]}]),
        "the cells of row 1 of this table span 2 columns (2), but the header has 3",
        "cells:",
    ),
    (
        "row too short under a spanning header",
        _rows([["a", "b"]], header=["Name", {"text": "Details", "span": 2}]),
        "the cells of row 1 of this table span 2 columns (1 + 1), but the header has 3",
        "- a",
    ),
    ("span of one", _rows([["a", {"text": "b", "span": 1}, "c"]]), "span must be a whole number of columns, 2 or more", "span: 1"),
    ("span not a number", _rows([["a", {"text": "b", "span": "two"}]]), "span must be a whole number of columns, 2 or more", "span: two"),
    ("spanning cell without span", _rows([["a", {"text": "b"}]]), "missing required key 'span'", "text: b"),
    ("unknown key in a spanning cell", _rows([["a", {"text": "b", "span": 2, "colspan": 2}]]), "unknown key 'colspan'; allowed keys here: span, text", "colspan:"),
    ("spanning cell's text a number", _rows([["a", {"text": 3, "span": 2}]]), "a table cell must be text", "text: 3"),
]


@pytest.mark.parametrize(("case", "table", "message", "marker"), BAD_TABLES, ids=[c[0] for c in BAD_TABLES])
def test_bad_spans_are_reported_where_they_are(case: str, table: dict[str, Any], message: str, marker: str, tmp_path: Path) -> None:
    write_sources(tmp_path, spanning_sections(table), format_3_settings())
    with pytest.raises(PolicyError) as raised:
        load(tmp_path)
    problems = [p for p in raised.value.problems if message in p.message]
    assert problems, str(raised.value)
    assert problems[0].location.path == "policy_src/sections/contact.yaml"
    path = tmp_path / problems[0].location.path
    assert problems[0].location.line == _line_of(path, marker), str(raised.value)


def test_format_2_sources_cannot_span_columns(tmp_path: Path) -> None:
    write_sources(tmp_path, spanning_sections(), format_2_settings())
    with pytest.raises(PolicyError) as raised:
        load(tmp_path)
    messages = [p.message for p in raised.value.problems]
    assert messages == [
        f"a cell of row {n} of this table spans columns, which needs source format 3; set 'format: 3' in "
        "settings.yaml (older PolicyPress versions cannot read it)"
        for n in (1, 3, 4)
    ]


def test_validate_command_locates_a_row_whose_spans_do_not_add_up(tmp_path: Path) -> None:
    write_sources(tmp_path, spanning_sections(_rows([["a", "b", "c"], ["d", {"text": "e", "span": 3}]])), format_3_settings())
    result = policypress("validate", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = _line_of(tmp_path / "policy_src/sections/contact.yaml", "- d")
    assert re.search(
        rf"^policy_src/sections/contact.yaml:{line}:\d+: error: the cells of row 2 of this table span 4 columns",
        result.stderr,
        re.M,
    ), result.stderr


# Generated tables whose rows always cover the header's columns: each row is a split of the
# columns into cells, so that every example loads and goes through every stage.
WORDS = st.sampled_from(["Data", "we", "keep", "*for*", "a", "year", "`x|y`", "{{ email }}", "{{ section:contact }}", "|", "1.", "**all**", "5 < 6"])
TEXT = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)


@st.composite
def split_row(draw: st.DrawFn, columns: int) -> list[Any]:
    cells: list[Any] = []
    left = columns
    while left:
        span = draw(st.integers(1, left))
        text = draw(TEXT | st.just(""))
        cells.append(text if span == 1 else {"text": text, "span": span})
        left -= span
    return cells


@st.composite
def spanning_tables(draw: st.DrawFn) -> dict[str, Any]:
    columns = draw(st.integers(2, 4))
    header = draw(split_row(columns))
    rows = draw(st.lists(split_row(columns), min_size=1, max_size=4))
    tags = draw(st.lists(st.none() | st.sampled_from([["north-law"], ["south-law"]]), min_size=len(rows), max_size=len(rows)))
    return {"table": {"header": header, "rows": [{"cells": row, "tags": list(tag)} if tag else row for row, tag in zip(rows, tags, strict=True)]}}


def _words(unit: UnitDiff, keep: Op) -> list[str]:
    return ["".join(span.text for span in cell if span.op in (Op.EQUAL, keep)) for cell in unit.cells]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(old=spanning_tables(), new=spanning_tables())
def test_generated_spanning_tables_render_and_compare(old: dict[str, Any], new: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        before = load(write_sources(Path(folder) / "old", spanning_sections(old), format_3_settings()))
        after = load(write_sources(Path(folder) / "new", spanning_sections(new), format_3_settings()))
    env = environment("en_US")
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "sane_lists", "toc"])
    for region in (None, *after.regions):
        a, b = assemble(before, before.region(region.id) if region else None), assemble(after, region)
        contact = next(s for s in b.walk() if s.id == "contact")
        table = contact.blocks[-1]
        if not isinstance(table, ViewTable):  # no row of the table is on this page
            continue
        html = BeautifulSoup(md.reset().convert(env.filters["blocks_markdown"](contact.blocks)), "html.parser")
        [rendered] = html.select("table")
        # Every row covers the columns; the cells hold the plain text's words, in order.
        rows = rendered.select("tr")
        assert [sum(int(cell.get("colspan", "1")) for cell in tr.find_all(["th", "td"])) for tr in rows] == [table.columns] * len(rows)
        text = view_text(b)
        lines = text.split("\n")
        # (A Markdown table, written when nothing spans, keeps its own long-standing escaping of
        # "|" in code; this checks the HTML tables written for spanning cells.)
        for tr in rows if table.spanning else ():
            line = " | ".join(" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"]))
            assert " ".join(line.split()) in [" ".join(x.split()) for x in lines], (line, text)
        assert redline(b, b).changed == ()
        for section in redline(a, b).sections:
            if section.id != "contact":
                continue
            units_html(section.units)
            rows_units = [u for u in section.units if u.cells]
            new_side = [w for u in rows_units if any(s.op is not Op.DELETE for c in u.cells for s in c) for w in _words(u, Op.INSERT)]
            assert " ".join(new_side).split() == " ".join(t for u in _block_units((table,)) for t in u.texts).split()
            for unit in rows_units:
                assert not unit.widths or len(unit.widths) == len(unit.cells)


def test_the_manuals_spanning_table_example_loads(tmp_path: Path) -> None:
    page = (REPO / "manual/docs/reference/blocks.md").read_text("utf-8")
    [example] = [block for block in re.findall(r"```yaml\n(.*?)```", page, re.S) if "span:" in block]
    blocks = YAML(typ="safe").load(textwrap.dedent(example).replace("[ccpa]", "[north-law]"))
    [table] = blocks
    policy = load(write_sources(tmp_path, spanning_sections(table), format_3_settings()))
    block = next(s for s in policy.sections if s.id == "contact").blocks[-1]
    assert isinstance(block, Table) and [row.spans for row in block.rows] == [(3,), (), (1, 2), (3,), ()]
