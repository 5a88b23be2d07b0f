"""Format-2 blocks everywhere text goes (`policypress.emit`, `render`, `diff`): region pages and
/full/, archive and upcoming pages, redline pages, data files, e-mail notices, plain Markdown.

One real git repository with two releases of our own test text, built once with MkDocs."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup, Tag

from blocks_sources import block_sections, format_2_settings
from conftest import mkdocs_build, policypress
from policy_repo import PolicyRepo

from policypress.sources.schema import load_schema

FIRST, SECOND = "2026-01-01", "2026-11-20"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> PolicyRepo:
    repo = PolicyRepo(tmp_path_factory.mktemp("blocks") / "repo")
    # A site whose mkdocs.yml does not list sane_lists: the hook adds it (numbered lists keep their start).
    config = repo.path / "mkdocs.yml"
    config.write_text(re.sub(r"^  - sane_lists.*\n", "", config.read_text(), flags=re.M))
    assert "sane_lists" not in config.read_text()
    repo.sections = block_sections()
    repo.outline = list(repo.sections)
    repo.settings = format_2_settings()
    repo.release(FIRST, "First version.")
    repo.commit("First version", FIRST)
    # The second release changes a cell, adds a row, moves a nested item; material, announced.
    sections = copy.deepcopy(repo.sections)
    table = sections["data"]["blocks"][1]["table"]
    table["rows"][0][2] = "Until you sign out or a day passes"
    table["rows"].append(["language", "Remembers your language", "1 year"])
    fourth = sections["data"]["blocks"][2]["items"][1]["items"]
    fourth.insert(0, fourth.pop(1))  # "Part two, numbered" moves above "Part one."
    repo.sections = sections
    repo.release(SECOND, "Cookies kept longer.", material=True, effective="2026-12-31")
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


def text_of(site: Path, url: str) -> Tag:
    found = soup_of(site, url).select_one(".policy-text")
    assert found is not None
    for link in found.select(".policy-section-history"):
        link.decompose()  # each heading's link to its section's history is not policy text
    return found


def test_table_is_a_real_table_with_this_pages_rows(site: Path) -> None:
    for region, rows in [("north", ["session", "north-count"]), ("south", ["session", "south-count"]), ("full", ["session", "north-count", "south-count"])]:
        [table] = text_of(site, f"{region}/{FIRST}").select("table")
        assert [th.get_text() for th in table.select("thead th")] == ["Cookie", "Purpose", "Kept for"]
        assert [tr.select_one("td").get_text() for tr in table.select("tbody tr")] == rows
    # Markdown and references inside cells, numbered for the page.
    cell = text_of(site, f"north/{FIRST}").select("tbody tr")[0].select("td")[1]
    assert cell.select_one("em").get_text() == "signed in"
    assert (cell.select_one("a").get_text(), cell.select_one("a")["href"]) == ("Section 4", "#contact")


def test_numbered_list_keeps_its_start_and_nested_lists_nest(site: Path) -> None:
    policy = text_of(site, f"south/{FIRST}")
    numbered = policy.select_one("ol[start='3']")
    assert numbered is not None
    third, fourth = numbered.find_all("li", recursive=False)
    assert third.get_text(strip=True) == "Third step."
    nested = fourth.find("ul", recursive=False)
    parts = nested.find_all("li", recursive=False)
    assert [p.contents[0].strip() for p in parts] == ["Part one.", "Part two, numbered:", "Part three, southern only."]
    assert [li.get_text() for li in parts[1].select("ol > li")] == ["Sub one.", "Sub two."]
    # The bulleted list right after it is a list of its own.
    assert numbered.find_next_sibling(["ul", "ol"]).get_text(strip=True) == "A bulleted list right after a numbered one."
    # Tagged nested items are only on their region's page.
    assert "Part three" not in text_of(site, f"north/{FIRST}").get_text()


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("south", ["2.1.1 A heading with nothing under it", "2.1.2 Level three", "2.1.2.1 Level four", "2.1.2.1.1 Level five", "2.1.2.2 Level four, everywhere"]),
        ("north", ["2.1.1 A heading with nothing under it", "2.1.2 Level three", "2.1.2.1 Level four, everywhere"]),
    ],
)
def test_deep_sections_are_numbered_per_page(region: str, expected: list[str], site: Path) -> None:
    policy = text_of(site, f"{region}/{FIRST}")
    headings = [h.get_text() for h in policy.select("h4, h5, h6")]
    assert headings == expected
    if region == "south":
        assert policy.select_one("#level-five").name == "h6"
        assert policy.select_one("#level-four-b").find_next_sibling().get_text() == "See Section 2.1.2."


@pytest.mark.parametrize("url", ["north/", "south/", "west/", "full/", f"north/{FIRST}/", f"south/{FIRST}/", "north/upcoming/", f"full/{SECOND}/"])
def test_preamble_is_on_every_policy_page_before_section_1(url: str, site: Path) -> None:
    policy = text_of(site, url)
    first = policy.find(["p", "h2"])
    assert first.name == "p" and first.get_text() == "This policy explains what Acme does with your data."
    northern = "Northern readers also have the rights of Section 2.3."
    has_northern = any(p.get_text() == northern for p in policy.find_all("p"))
    assert has_northern == url.startswith(("north", "full"))


def test_redline_page_shows_the_table_and_the_moved_item(site: Path) -> None:
    page = soup_of(site, f"north/{SECOND}/changes")
    data = page.select_one("section#data")
    assert data is not None and "(text changed)" in data.get_text()
    rows = data.select("table tbody tr")
    assert "Until you sign out[inserted:  or a day passes]" in rows[0].get_text()
    assert [td.get_text() for td in rows[-1].select("td ins")] == ["[inserted: language]", "[inserted: Remembers your language]", "[inserted: 1 year]"]
    # "Part two" and its own list moved above "Part one": the least that moved is "Part one".
    moved = data.select("li.redline-moved")
    assert [li.get_text(" ", strip=True) for li in moved] == [
        "[deleted: Part one. ] (moved from here)",
        "[inserted: Part one. ] (moved here)",
    ]
    assert [li.parent.parent.contents[0].strip() for li in moved] == ["Fourth step, in parts:"] * 2


def test_data_file_has_plain_text_preamble_and_valid_shape(site: Path) -> None:
    data = json.loads((site / "api" / "north" / f"{FIRST}.json").read_text("utf-8"))
    jsonschema.validate(data, load_schema("api-version"), format_checker=jsonschema.FormatChecker())
    assert data["preamble"] == "This policy explains what Acme does with your data.\nNorthern readers also have the rights of Section 2.3."
    data_section = data["sections"][1]
    assert data_section["text"].splitlines()[1:4] == [
        "Cookie | Purpose | Kept for",
        "session | Keeps you signed in; see Section 4 | Until you sign out",
        "north-count | Counts visits from the North | 1 year",
    ]
    assert "3. Third step.\n4. Fourth step, in parts:\n  - Part one.\n  - Part two, numbered:\n    1. Sub one." in data_section["text"]
    assert data["text"].startswith("Test Policy\nThis policy explains what Acme does with your data.\n")


def test_notice_names_the_changed_section(site: Path) -> None:
    notice = (site / "notices" / SECOND / "north.txt").read_text("utf-8")
    assert "- 2. Data (text changed)" in notice


def test_diff_command_prints_rows_and_moved_items(repo: PolicyRepo) -> None:
    result = policypress("diff", FIRST, SECOND, "--region", "north", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "   | session | Keeps you signed in; see Section 4 | Until you sign out{+ or a day passes+} |" in result.stdout
    assert "   | {+language+} | {+Remembers your language+} | {+1 year+} |" in result.stdout
    assert "   - [-Part one.-] (moved from here)\n   - {+Part one.+} (moved here)\n" in result.stdout


def test_render_writes_tables_and_lists_as_plain_markdown(repo: PolicyRepo, tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    result = policypress("render", "--out", str(out), cwd=repo.path)
    assert result.returncode == 0, result.stderr
    page = (out / "docs" / "south" / "index.md").read_text("utf-8")
    assert "| Cookie | Purpose | Kept for |\n| --- | --- | --- |\n| session |" in page
    assert "\n3. Third step.\n4. Fourth step, in parts:\n    - Part one.\n    - Part two, numbered:\n        1. Sub one.\n" in page
    assert page.index("This policy explains what Acme does") < page.index("## 1. About")
    assert "  - sane_lists\n" in (out / "mkdocs.yml").read_text("utf-8")
