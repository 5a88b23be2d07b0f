"""The showcase in examples/: a fictional company's site with three documents, built in place
from a subfolder of this repository, its releases read from this repository's history."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from conftest import REPO


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def article(site: Path, url: str) -> str:
    return " ".join(soup(site, url).select_one("article").get_text(" ").split())


def test_the_example_has_three_documents_with_their_own_addresses(example_site: Path) -> None:
    for url in ("eea/", "cookie-policy/eea/", "subprocessors/eea/", "subprocessors/uk/", "cookie-policy/full/",
                "cookie-policy/eea/history/", "cookie-policy/eea/2026-06-15/changes/", "subprocessors/eea/2026-09-01/changes/"):
        assert (example_site / url / "index.html").is_file(), url
    # The sub-processor list is limited to two regions.
    assert not (example_site / "subprocessors/california").exists()
    assert sorted(p.name for p in (example_site / "notices/subprocessors/2026-09-01").iterdir()) == ["eea.txt", "uk.txt"]


def test_the_examples_releases_come_from_git_with_their_dates(example_site: Path) -> None:
    data = json.loads((example_site / "api/subprocessors/policy.json").read_text())
    assert [(r["version"], r["published"], r["effective"], r["material"]) for r in data["releases"]] == [
        ("2026-03-01", "2026-03-01", "2026-03-01", False),
        ("2026-09-01", "2026-09-01", "2026-10-01", True),
    ]
    privacy = json.loads((example_site / "api/policy.json").read_text())
    assert privacy["regions"][0]["upcoming"] == ["2026-11-20"]  # the material change is announced


def test_the_example_landing_lists_each_regions_documents(example_site: Path) -> None:
    text = article(example_site, "")
    california = text.split("California")[1].split("Rest of the world")[0]
    assert "Privacy Policy — last updated March 1, 2026" in california
    assert "Upcoming material change on December 20, 2026" in california
    assert "Cookie Policy — last updated June 15, 2026" in california
    assert "Sub-processor List" not in california


def test_the_example_links_documents_with_per_page_numbers(example_site: Path) -> None:
    eea = soup(example_site, "eea/")
    link = next(a for a in eea.select("article a") if a.get_text() == "Section 2 of the Cookie Policy")
    assert link["href"] == "../cookie-policy/eea/#cookies-we-use"
    others = eea.select_one(".policy-documents")
    assert [a.get_text() for a in others.select("a")] == ["Cookie Policy", "Sub-processor List"]
    cookie = soup(example_site, "cookie-policy/california/")
    assert [a["href"] for a in cookie.select("article a") if a.get_text() == "Privacy Policy"][-1] == "../../california/"
    # A document that does not apply to the region is linked as its complete text.
    california = soup(example_site, "california/")
    assert [a["href"] for a in california.select("article a") if a.get_text() == "Sub-processor List"] == ["../subprocessors/full/"]


def test_the_example_feed_carries_every_documents_releases(example_site: Path) -> None:
    feed = feedparser.parse((example_site / "feed.xml").read_text())
    titles = [e.title for e in feed.entries]
    assert titles[0] == "Privacy Policy: version 2026-11-20, effective December 20, 2026"
    assert "Sub-processor List: version 2026-09-01, effective October 1, 2026" in titles
    assert "Cookie Policy: version 2026-06-15, effective June 15, 2026" in titles
    assert len(titles) == 6


def test_the_example_says_it_is_fictional() -> None:
    assert "company that does not exist" in " ".join((REPO / "examples/README.md").read_text().split())
    assert "fictional" in (REPO / "examples/policy_src/sections/introduction.yaml").read_text()
