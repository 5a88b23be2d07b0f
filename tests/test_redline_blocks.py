"""Redlines of format-2 blocks (`policypress.redline`): tables row by row and cell by cell,
nested list items matched like items, units that moved shown as moved.

Each case is (old blocks, new blocks, the changed lines `policypress diff` prints for them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from blocks_sources import format_2_settings, load, write_sources
from policy_repo import base_sections

from policypress.assemble import PolicyView, assemble
from policypress.emit.redline_html import units_html
from policypress.emit.terminal import redline_text
from policypress.redline import ChangeKind, Moved, Redline, redline

COOKIES = {"header": ["Cookie", "Purpose"], "rows": [["session", "Keeps you signed in"], ["prefs", "Remembers your settings"]]}


def _table(*rows: Any, header: list[str] | None = None) -> dict[str, Any]:
    return {"table": {"header": header or COOKIES["header"], "rows": [*COOKIES["rows"], *rows]}}


CASES = [
    ("table row added", [_table()], [_table(["stats", "Counts visits"])], ["   | {+stats+} | {+Counts visits+} |"]),
    (
        "table cell changed",
        [_table()],
        [{"table": {"header": COOKIES["header"], "rows": [["session", "Keeps you logged in"], COOKIES["rows"][1]]}}],
        ["   | session | Keeps you [-signed-]{+logged+} in |"],
    ),
    (
        "table header changed",
        [_table()],
        [_table(header=["Cookie", "What it does"])],
        ["   | Cookie | [-Purpose-]{+What it does+} |"],
    ),
    (
        "table row moved",
        [_table(["stats", "Counts visits"])],
        [{"table": {"header": COOKIES["header"], "rows": [["stats", "Counts visits"], *COOKIES["rows"]]}}],
        ["   | {+stats+} | {+Counts visits+} | (moved here)", "   | [-stats-] | [-Counts visits-] | (moved from here)"],
    ),
    (
        "row tagged for one region removed from every page",
        [{"table": {"header": ["a", "b"], "rows": [["x", "y"], {"cells": ["n", "north only"], "tags": ["north-law"]}]}}],
        [{"table": {"header": ["a", "b"], "rows": [["x", "y"]]}}],
        ["   | [-n-] | [-north only-] |"],
    ),
    (
        "nested item moved to another item",
        [{"items": [{"text": "Apples:", "items": ["Green.", "Red."]}, {"text": "Pears:", "items": ["Ripe."]}]}],
        [{"items": [{"text": "Apples:", "items": ["Green."]}, {"text": "Pears:", "items": ["Ripe.", "Red."]}]}],
        ["   - [-Red.-] (moved from here)", "   - {+Red.+} (moved here)"],
    ),
    (
        "nested item changed",
        [{"items": [{"text": "Apples:", "items": ["Green ones."]}]}],
        [{"items": [{"text": "Apples:", "items": ["Green and yellow ones."]}]}],
        ["   - Green{+ and yellow+} ones."],
    ),
    (
        "item moved one level down",
        [{"items": ["Apples.", "Green ones."]}],
        [{"items": [{"text": "Apples.", "items": ["Green ones."]}]}],
        [" - [-Green ones.-] (moved from here)", "   - {+Green ones.+} (moved here)"],
    ),
    (
        "numbered item added",
        [{"numbered": True, "start": 2, "items": ["Second.", "Third."]}],
        [{"numbered": True, "start": 2, "items": ["Second.", "Third.", "Fourth."]}],
        [" # {+Fourth.+}"],
    ),
    (
        "paragraph before a table changed",
        ["Cookies we use.", _table()],
        ["The cookies we use.", _table()],
        ["   [-Cookies-]{+The cookies+} we use."],
    ),
]


def _view(root: Path, blocks: list[Any], region: str | None = None, preamble: list[Any] | None = None) -> PolicyView:
    sections = base_sections()
    sections["data"]["blocks"] = blocks
    policy = load(write_sources(root, sections, format_2_settings(preamble or ["Welcome."])))
    return assemble(policy, policy.region(region) if region else None)


def _diff(tmp_path: Path, old: list[Any], new: list[Any], **kwargs: Any) -> Redline:
    return redline(_view(tmp_path / "old", old, **kwargs), _view(tmp_path / "new", new, **kwargs))


def _changed_lines(diff: Redline) -> list[str]:
    text = redline_text(diff, colour=False)
    return [line for line in text.splitlines() if line and not line.startswith("#") and "sections changed" not in line]


@pytest.mark.parametrize(("case", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_block_changes_in_the_terminal(case: str, old: list[Any], new: list[Any], expected: list[str], tmp_path: Path) -> None:
    diff = _diff(tmp_path, old, new)
    assert [s.id for s in diff.changed] == ["data"]
    assert diff.changed[0].kinds == {ChangeKind.CHANGED}
    assert _changed_lines(diff) == expected


def test_unchanged_blocks_make_no_change(tmp_path: Path) -> None:
    blocks = [_table(), {"numbered": True, "items": [{"text": "A", "items": ["B"]}]}]
    diff = _diff(tmp_path, blocks, blocks)
    assert diff.changed == ()


def test_a_row_for_one_region_changes_only_that_page(tmp_path: Path) -> None:
    old = [_table({"cells": ["n", "north only"], "tags": ["north-law"]})]
    new = [_table({"cells": ["n", "north, only"], "tags": ["north-law"]})]
    assert _diff(tmp_path / "south", old, new, region="south").changed == ()
    assert _changed_lines(_diff(tmp_path / "north", old, new, region="north")) == ["   | n | north{+,+} only |"]


def test_table_redline_html_is_a_table_with_marked_cells(tmp_path: Path) -> None:
    diff = _diff(tmp_path, [_table()], [{"table": {"header": COOKIES["header"], "rows": [["session", "Keeps you logged in"], ["stats", "Counts"]]}}])
    soup = BeautifulSoup(units_html(diff.changed[0].units), "html.parser")
    [table] = soup.select("table")
    assert [th.get_text() for th in table.select("thead th")] == ["Cookie", "Purpose"]
    rows = table.select("tbody tr")
    assert [len(row.select("td")) for row in rows] == [2, 2, 2]
    assert rows[0].select("td")[1].select_one("del").get_text() == "[deleted: signed]"
    assert rows[0].select("td")[1].select_one("ins").get_text() == "[inserted: logged]"
    assert [td.get_text() for td in rows[1].select("td del")] == ["[deleted: prefs]", "[deleted: Remembers your settings]"]
    assert [td.get_text() for td in rows[2].select("td ins")] == ["[inserted: stats]", "[inserted: Counts]"]


def test_moved_nested_item_html_nests_and_says_moved(tmp_path: Path) -> None:
    old, new, _ = CASES[5][1:]
    diff = _diff(tmp_path, old, new)
    units = diff.changed[0].units
    assert [u.moved for u in units if u.moved is not Moved.NOT] == [Moved.FROM, Moved.TO]
    soup = BeautifulSoup(units_html(units), "html.parser")
    [outer] = soup.find_all("ul", recursive=False)
    apples, pears = outer.find_all("li", recursive=False)
    assert apples.select_one("ul li.redline-moved del").get_text() == "[deleted: Red.]"
    assert "moved from here" in apples.select_one("li.redline-moved").get_text()
    assert [li.get_text(" ", strip=True) for li in pears.select("ul > li")] == ["Ripe.", "[inserted: Red. ] (moved here)"]


def test_numbered_list_html_keeps_its_start(tmp_path: Path) -> None:
    diff = _diff(tmp_path, [{"numbered": True, "start": 4, "items": ["Four."]}], [{"numbered": True, "start": 4, "items": ["Four!"]}])
    soup = BeautifulSoup(units_html(diff.changed[0].units), "html.parser")
    assert soup.select_one("ol")["start"] == "4"


def test_preamble_changes_are_shown_first(tmp_path: Path) -> None:
    blocks = ["Same."]
    diff = redline(_view(tmp_path / "a", blocks, preamble=["Welcome, reader."]), _view(tmp_path / "b", blocks, preamble=["Welcome, dear reader."]))
    [preamble] = diff.changed
    assert (preamble.heading, preamble.kinds) == ("Preamble", {ChangeKind.CHANGED})
    assert diff.sections[0] is preamble
    assert _changed_lines(diff) == ["   Welcome, {+dear +}reader."]
