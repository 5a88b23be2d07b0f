"""Table cells that span columns and group rows everywhere text goes: region pages (HTML
`colspan`, group rows as row-group headers), the published plain text and data files, redline
pages, `diff`, notices, PO files and translated pages, `render`.

One real git repository with two releases of our own test text, built once with
`mkdocs build --strict`."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import polib
import pytest
from bs4 import BeautifulSoup, Tag

from blocks_sources import block_sections
from conftest import mkdocs_build, policypress
from policy_repo import PolicyRepo, update_translations

from policypress.emit.redline_markdown import unit_markdown
from policypress.redline import Op, Span, UnitDiff, UnitKind
from policypress.sources.schema import load_schema

FIRST, SECOND = "2026-01-01", "2026-11-20"
PO = "policy_src/translations/pt-BR.po"
# Passages a translator left untranslated: the basket's spanning cell and the last group row.
UNTRANSLATED = frozenset({"contact/block-2/row-3/cell-2", "contact/block-2/row-5/cell-1"})


def cookie_table() -> dict[str, Any]:
    """A cookie table with two group rows, a cell spanning two columns and a tagged group."""
    return {
        "table": {
            "header": ["Cookie", "Purpose", "Kept for"],
            "rows": [
                [{"text": "Strictly necessary cookies", "span": 3}],
                ["session", "Keeps you *signed in*", "Until you sign out"],
                ["basket", {"text": "Remembers your basket; see {{ section:data }}", "span": 2}],
                ["prefs", "Remembers your settings", "6 months"],
                {"cells": [{"text": "Analytics cookies", "span": 3}], "tags": ["north-law"]},
                {"cells": ["north-count", "Counts visits from the North", "1 year"], "tags": ["north-law"]},
            ],
        }
    }


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> PolicyRepo:
    repo = PolicyRepo(tmp_path_factory.mktemp("spans") / "repo")
    repo.sections = block_sections()  # its data table has no spans: it stays a Markdown table
    repo.sections["contact"]["blocks"].append(cookie_table())
    repo.outline = list(repo.sections)
    repo.settings = {"format": 3}
    repo.regions["regions"][0]["languages"] = {"pt-BR": "fallback"}
    update_translations(repo, PO, UNTRANSLATED)
    repo.release(FIRST, "First version.")
    repo.commit("First version", FIRST)
    # The second release changes the words of the spanning cell, and makes the prefs row's
    # purpose span two columns; material, announced.
    sections = copy.deepcopy(repo.sections)
    rows = sections["contact"]["blocks"][1]["table"]["rows"]
    rows[2][1]["text"] = "Remembers your basket for a week; see {{ section:data }}"
    rows[3] = ["prefs", {"text": "Remembers your settings for 6 months", "span": 2}]
    repo.sections = sections
    update_translations(repo, PO, UNTRANSLATED)
    repo.release(SECOND, "Cookies explained better.", material=True, effective="2026-12-31")
    repo.commit("Second version", SECOND)
    return repo


@pytest.fixture(scope="module")
def site(repo: PolicyRepo) -> Path:
    target = repo.path.parent / "site"
    result = mkdocs_build(repo.path, target)
    assert result.returncode == 0, result.stderr
    return target


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def cookie_table_of(site: Path, url: str) -> Tag:
    section = soup_of(site, url).select_one(".policy-text")
    assert section is not None
    heading = section.select_one("#contact")
    table = heading.find_next("table")
    assert table is not None
    return table


def rows_of(table: Tag) -> list[list[tuple[str, str, str]]]:
    """Each row as (element, colspan, words) per cell."""
    return [
        [(cell.name, cell.get("colspan", "1"), " ".join(cell.get_text(" ").split())) for cell in tr.find_all(["th", "td"])]
        for tr in table.select("tr")
    ]


def test_page_has_colspans_and_group_rows_as_row_group_headers(site: Path) -> None:
    table = cookie_table_of(site, f"north/{FIRST}")
    assert rows_of(table) == [
        [("th", "1", "Cookie"), ("th", "1", "Purpose"), ("th", "1", "Kept for")],
        [("th", "3", "Strictly necessary cookies")],
        [("td", "1", "session"), ("td", "1", "Keeps you signed in"), ("td", "1", "Until you sign out")],
        [("td", "1", "basket"), ("td", "2", "Remembers your basket; see Section 2")],
        [("td", "1", "prefs"), ("td", "1", "Remembers your settings"), ("td", "1", "6 months")],
        [("th", "3", "Analytics cookies")],
        [("td", "1", "north-count"), ("td", "1", "Counts visits from the North"), ("td", "1", "1 year")],
    ]
    # Each group row heads a row group of its own; Markdown in cells is converted, references resolved.
    bodies = table.find_all("tbody", recursive=False)
    assert [body.select_one("tr th[scope='rowgroup']").get_text() for body in bodies] == ["Strictly necessary cookies", "Analytics cookies"]
    assert table.select_one("td em").get_text() == "signed in"
    link = table.select("tr")[3].select_one("td[colspan='2'] a")
    assert (link.get_text(), link["href"]) == ("Section 2", "#data")
    # The South does not show the tagged group: its table has one row group.
    south = cookie_table_of(site, f"south/{FIRST}")
    assert [tr.get_text(" ", strip=True) for tr in south.select("th[scope='rowgroup']")] == ["Strictly necessary cookies"]


def test_tables_without_spans_stay_markdown_tables(repo: PolicyRepo, site: Path, tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    result = policypress("render", "--out", str(out), cwd=repo.path)
    assert result.returncode == 0, result.stderr
    page = (out / "docs" / "north" / "index.md").read_text("utf-8")
    assert "| Cookie | Purpose | Kept for |\n| --- | --- | --- |\n| session |" in page
    assert '<table markdown="1">\n<thead markdown="1">\n<tr markdown="1"><th markdown="1">Cookie</th>' in page
    assert '<tr markdown="1"><th scope="rowgroup" colspan="3" markdown="1">Strictly necessary cookies</th></tr>' in page
    assert "  - md_in_html\n" in (out / "mkdocs.yml").read_text("utf-8")
    data_table = soup_of(site, f"north/{FIRST}").select_one(".policy-text table")
    assert data_table is not None and not data_table.select("[colspan]")


def test_plain_text_holds_every_word_in_order_and_data_file_is_valid(site: Path) -> None:
    data = json.loads((site / "api" / "north" / f"{FIRST}.json").read_text("utf-8"))
    jsonschema.validate(data, load_schema("api-version"), format_checker=jsonschema.FormatChecker())
    contact = next(section for section in data["sections"] if section["id"] == "contact")
    lines = contact["text"].splitlines()[1:]
    assert lines == [
        "Cookie | Purpose | Kept for",
        "Strictly necessary cookies",
        "session | Keeps you signed in | Until you sign out",
        "basket | Remembers your basket; see Section 2",
        "prefs | Remembers your settings | 6 months",
        "Analytics cookies",
        "north-count | Counts visits from the North | 1 year",
    ]
    # The same words, in the same order, as the page's cells.
    table = cookie_table_of(site, f"north/{FIRST}")
    assert lines == [" | ".join(words for _, _, words in row) for row in rows_of(table)]
    assert "\n".join(lines) in data["text"]


def test_redline_shows_a_changed_spanning_cell_word_by_word(site: Path) -> None:
    page = soup_of(site, f"north/{SECOND}/changes")
    contact = page.select_one("section#contact")
    assert contact is not None and "(text changed)" in contact.get_text()
    table = contact.select_one("table")
    basket = next(tr for tr in table.select("tr") if "basket" in tr.get_text())
    cell = basket.select_one("td[colspan='2']")
    assert [ins.get_text() for ins in cell.select("ins")] == ["[inserted:  for a week]"]
    assert not cell.select("del")
    # A row whose cells came to span other columns: the old row struck, the new one inserted.
    prefs = [tr for tr in table.select("tr") if "prefs" in tr.get_text()]
    assert [[(td.get("colspan", "1"), td.get_text()) for td in tr.select("td")] for tr in prefs] == [
        [("1", "[deleted: prefs]"), ("1", "[deleted: Remembers your settings]"), ("1", "[deleted: 6 months]")],
        [("1", "[inserted: prefs]"), ("2", "[inserted: Remembers your settings for 6 months]")],
    ]
    assert [th.get_text() for th in table.select("th[scope='rowgroup'][colspan='3']")] == ["Strictly necessary cookies", "Analytics cookies"]
    assert len(table.find_all("tbody", recursive=False)) == 2


def test_diff_command_and_notice(repo: PolicyRepo, site: Path) -> None:
    result = policypress("diff", FIRST, SECOND, "--region", "north", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "   | basket | Remembers your basket{+ for a week+}; see Section 2 ||\n" in result.stdout
    assert "   | [-prefs-] | [-Remembers your settings-] | [-6 months-] |\n   | {+prefs+} | {+Remembers your settings for 6 months+} ||\n" in result.stdout
    notice = (site / "notices" / SECOND / "north.txt").read_text("utf-8")
    assert "- 4. Contact (text changed)" in notice


def test_check_summary_marks_spanning_cells_with_a_bar_per_column() -> None:
    group = UnitDiff(UnitKind.ROW, (), ((Span(Op.DELETE, "Analytics"), Span(Op.INSERT, "Statistics"), Span(Op.EQUAL, " cookies")),), widths=(3,))
    assert unit_markdown(group) == "\\| ~~Analytics~~ **Statistics** cookies \\|\\|\\|"
    assert group.group and group.changed


def test_po_entries_are_one_per_cell_and_translated_pages_keep_the_spans(repo: PolicyRepo, site: Path) -> None:
    keys = [entry.msgctxt for entry in polib.pofile(str(repo.path / PO)) if entry.msgctxt.startswith("contact/block-2/") and not entry.obsolete]
    assert keys == [
        "contact/block-2/header/cell-1", "contact/block-2/header/cell-2", "contact/block-2/header/cell-3",
        "contact/block-2/row-1/cell-1",
        "contact/block-2/row-2/cell-1", "contact/block-2/row-2/cell-2", "contact/block-2/row-2/cell-3",
        "contact/block-2/row-3/cell-1", "contact/block-2/row-3/cell-2",
        "contact/block-2/row-4/cell-1", "contact/block-2/row-4/cell-2",
        "contact/block-2/row-5/cell-1",
        "contact/block-2/row-6/cell-1", "contact/block-2/row-6/cell-2", "contact/block-2/row-6/cell-3",
    ]
    table = cookie_table_of(site, f"pt-br/north/{FIRST}")
    rows = rows_of(table)
    assert rows[1] == [("th", "3", "[pt] Strictly necessary cookies")]
    assert rows[3][0] == ("td", "1", "[pt] basket")
    # Untranslated passages fall back to the source, marked, in their spanning cells.
    [(_, span, words)] = rows[3][1:]
    assert span == "2" and "Remembers your basket; see" in words, words
    assert table.select("tr")[3].select_one("td[colspan='2'] .policy-untranslated")["lang"] == "en"
    group = table.select("th[scope='rowgroup']")[1]
    assert group["colspan"] == "3" and group.select_one(".policy-untranslated") is not None
    assert "Analytics cookies" in group.get_text()
