"""Two lists of the same kind one after the other stay two lists in a redline page, as on the
policy page (Markdown would join them; the redline is HTML made by `emit.redline_html`).

One real git repository with two releases of our own test text, built once with MkDocs."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from blocks_sources import format_2_settings
from conftest import mkdocs_build
from policy_repo import PolicyRepo

FIRST, SECOND = "2026-01-01", "2026-11-20"


def _top_lists(section: Tag) -> list[list[str]]:
    """The items of each top-level list of a redline section or page text, in order."""
    lists = [tag for tag in section.find_all(["ul", "ol"]) if tag.find_parent(["ul", "ol"]) is None]
    return [[li.get_text(" ", strip=True) for li in tag.find_all("li", recursive=False)] for tag in lists]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = PolicyRepo(tmp_path_factory.mktemp("list-breaks") / "repo")
    repo.settings = format_2_settings(["Acme's test policy."])
    blocks: list[Any] = [
        {"items": ["Apples.", "Pears."]},
        {"items": ["Cars.", "Bikes."]},
        {"numbered": True, "items": ["Wake up.", "Get up."]},
        {"numbered": True, "start": 5, "items": ["Fifth.", "Sixth."]},
    ]
    repo.sections["data"]["blocks"] = blocks
    repo.release(FIRST, "First version.")
    repo.commit("First version", FIRST)
    sections = copy.deepcopy(repo.sections)
    # The first item of the second bulleted list is removed and the first numbered list grows:
    # the lists stay four, in both versions.
    sections["data"]["blocks"][1]["items"] = ["Bikes."]
    sections["data"]["blocks"][2]["items"].append("Eat.")
    repo.sections = sections
    repo.release(SECOND, "Lists changed.")
    repo.commit("Second version", SECOND)
    target = repo.path.parent / "site"
    result = mkdocs_build(repo.path, target)
    assert result.returncode == 0, result.stderr
    return target


def test_consecutive_lists_stay_apart_in_the_redline(site: Path) -> None:
    page = BeautifulSoup((site / "west" / SECOND / "changes" / "index.html").read_text("utf-8"), "html.parser")
    data = page.select_one("section#data")
    assert data is not None and "(text changed)" in data.get_text()
    lists = [tag for tag in data.find_all(["ul", "ol"]) if tag.find_parent(["ul", "ol"]) is None]
    assert [tag.name for tag in lists] == ["ul", "ul", "ol", "ol"]
    assert _top_lists(data) == [
        ["Apples.", "Pears."],
        ["[deleted: Cars. ]", "Bikes."],
        ["Wake up.", "Get up.", "[inserted: Eat. ]"],
        ["Fifth.", "Sixth."],
    ]
    assert lists[3].get("start") == "5"


def test_the_policy_page_shows_the_same_lists(site: Path) -> None:
    page = BeautifulSoup((site / "west" / SECOND / "index.html").read_text("utf-8"), "html.parser")
    text = page.select_one(".policy-text")
    assert text is not None
    assert _top_lists(text)[:4] == [["Apples.", "Pears."], ["Bikes."], ["Wake up.", "Get up.", "Eat."], ["Fifth.", "Sixth."]]
