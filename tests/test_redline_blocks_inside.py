"""Redlines of blocks inside list items and table cells (source format 4): word by word inside
an item's paragraphs and a cell's paragraphs and lists, in the terminal (`diff`), the check
summary and the HTML redline.

Each case is (old blocks, new blocks, the changed lines `policypress diff` prints, the changed
passages of the check summary)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from blocks_sources import format_4_settings, load, write_sources
from policy_repo import base_sections

from policypress.assemble import PolicyView, assemble
from policypress.emit.redline_html import units_html
from policypress.emit.redline_markdown import redline_markdown
from policypress.emit.terminal import redline_text
from policypress.redline import ChangeKind, Redline, redline


def _item(*blocks: Any) -> dict[str, Any]:
    return {"items": ["First item.", {"text": "Second item, which may include:", "blocks": list(blocks)}]}


def _cells(*cells: Any) -> dict[str, Any]:
    return {"table": {"header": ["Right", "How"], "rows": [["Access", cell] for cell in cells]}}


WAYS = {"blocks": ["Either:", {"items": ["use the tool;", "or write to us."]}]}

CASES = [
    (
        "word inserted in an item's paragraph",
        [_item({"items": ["a;", "b."]}, "Please note we answer.")],
        [_item({"items": ["a;", "b."]}, "Please note we always answer.")],
        ["     Please note we {+always +}answer."],
        ["  - Please note we **always** answer."],
    ),
    (
        "a paragraph added after a format-2 sublist",
        [{"items": ["First item.", {"text": "Second item, which may include:", "items": ["a;", "b."]}]}],
        [_item({"items": ["a;", "b."]}, "Please note.")],
        ["     {+Please note.+}"],
        ["  - **Please note.**"],
    ),
    (
        "word changed in a cell's list",
        [_cells(WAYS)],
        [_cells({"blocks": ["Either:", {"items": ["use the new tool;", "or write to us."]}]})],
        ["   | Access | Either: - use the {+new +}tool; - or write to us. |"],
        ["  - \\| Access \\| Either: \\- use the **new** tool; \\- or write to us. \\|"],
    ),
    (
        "a cell of text that came to hold a list",
        [_cells("Ask us.")],
        [_cells({"blocks": ["Ask us.", {"items": ["by mail"]}]})],
        ["   | Access | Ask us. - {+by mail+} |"],
        ["  - \\| Access \\| Ask us. \\- **by mail** \\|"],
    ),
    (
        "items swapped inside a cell",
        [_cells(WAYS)],
        [_cells({"blocks": ["Either:", {"items": ["or write to us.", "use the tool;"]}]})],
        ["   | Access | Either: - {+or write to us.+} (moved here) - use the tool; - [-or write to us.-] (moved from here) |"],
        ["  - \\| Access \\| Either: \\- **or write to us.** *(moved here)* \\- use the tool; \\- ~~or write to us.~~ *(moved from here)* \\|"],
    ),
]


def _view(root: Path, blocks: list[Any]) -> PolicyView:
    sections = base_sections()
    sections["data"]["blocks"] = blocks
    policy = load(write_sources(root, sections, format_4_settings(["Welcome."])))
    return assemble(policy, None)


def _diff(tmp_path: Path, old: list[Any], new: list[Any]) -> Redline:
    return redline(_view(tmp_path / "old", old), _view(tmp_path / "new", new))


@pytest.mark.parametrize(("case", "old", "new", "terminal", "summary"), CASES, ids=[c[0] for c in CASES])
def test_changes_inside_items_and_cells(case: str, old: list[Any], new: list[Any], terminal: list[str], summary: list[str], tmp_path: Path) -> None:
    diff = _diff(tmp_path, old, new)
    assert [s.id for s in diff.changed] == ["data"] and diff.changed[0].kinds == {ChangeKind.CHANGED}
    text = redline_text(diff, colour=False)
    assert [line for line in text.splitlines() if line and not line.startswith("#") and "sections changed" not in line] == terminal
    assert redline_markdown(diff).splitlines()[1:] == summary


def test_the_same_blocks_make_no_change(tmp_path: Path) -> None:
    blocks = [_item({"items": ["a;", "b."]}, "Note."), _cells(WAYS, "Ask us.")]
    assert _diff(tmp_path, blocks, blocks).changed == ()


def test_html_redline_keeps_the_cell_s_and_the_item_s_blocks(tmp_path: Path) -> None:
    old = [_item({"items": ["a;", "b."]}, "Please note we answer."), _cells(WAYS)]
    new = [_item({"items": ["a;", "b."]}, "Please note we always answer."), _cells({"blocks": ["Either:", {"items": ["use the tool;", "or write to us.", "or call us."]}]})]
    soup = BeautifulSoup(units_html(_diff(tmp_path, old, new).changed[0].units), "html.parser")
    item = soup.select_one("ul").find_all("li", recursive=False)[1]
    assert [child.name for child in item.find_all(recursive=False)] == ["ul", "p"]
    assert item.select_one("p ins").get_text().split() == ["[inserted:", "always", "]"]
    cell = soup.select("table tbody tr td")[1]
    assert [child.name for child in cell.find_all(recursive=False)] == ["p", "ul"]
    assert [li.get_text() for li in cell.select("ul > li")] == ["use the tool;", "or write to us.", "[inserted: or call us.]"]
