"""Each section's history (SPEC §20) on real git histories: `/<region>/sections/<id>/`, its
Atom feed and its data, linked from every heading of the policy pages.

Three releases: the first; March 1 shortens the logs; May 1 shortens them again and moves the
office (material, effective June 1). A fourth (July 1) renames "Accounts", moves "Logs" out of
"Data" to a section of its own and rewords the introduction. The North has a section of its
own before "Contact", so its numbers differ from the South's, as California's do from the EEA's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, mkdocs_build, policypress, run
from policy_repo import PolicyRepo
from test_preview import tree_bytes

SCHEMA = REPO / "build_hooks" / "policypress" / "schemas" / "api-section.schema.json"
THREE = "2026-06-10"  # the third release in force
FOUR = "2026-08-01"


def three_releases(path: Path) -> PolicyRepo:
    repo = PolicyRepo(path)
    complaints = {"id": "complaints", "title": "Complaints", "tags": ["north-law"],
                  "blocks": ["Northern readers may complain to the Northern regulator."]}
    repo.sections = {**{k: v for k, v in repo.sections.items() if k != "contact"}, "complaints": complaints,
                     "contact": repo.sections["contact"]}
    repo.outline = list(repo.sections)
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for sixty days."]
    repo.release("2026-03-01", "Shorter logs.")
    repo.commit("Second release", "2026-03-01")
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for thirty days."]
    repo.sections["contact"]["blocks"] = ["Acme, 1 Harbour Street."]
    repo.release("2026-05-01", "Shorter logs again; a new address.", material=True, effective="2026-06-01")
    repo.commit("Third release", "2026-05-01")
    return repo


def fourth_release(repo: PolicyRepo) -> None:
    """Renames "Accounts", moves "Logs" to a top-level section at the end, rewords the intro."""
    data = repo.sections["data"]
    data["sections"][0]["title"] = "Your account"
    logs = data["sections"].pop(1)
    repo.sections["logs"] = logs
    repo.outline = list(repo.sections)
    repo.sections["intro"]["blocks"][0] = "Acme runs the Acme service for its customers."
    repo.release("2026-07-01", "Logs on their own; the account section renamed.")
    repo.commit("Fourth release", "2026-07-01")


def build(repo: PolicyRepo, site: Path, as_of: str) -> str:
    """A strict, verbose build (its log names every page MkDocs renders)."""
    result = run([*_MKDOCS, "build", "--strict", "-v", "-d", str(site)], repo.path, POLICYPRESS_AS_OF=as_of)
    assert result.returncode == 0, result.stderr
    return result.stderr


_MKDOCS = [str(REPO / ".venv" / "bin" / "python"), "-m", "mkdocs"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The site after three releases; then, in the same repository (its kept pages), after four."""
    folder = tmp_path_factory.mktemp("section-history")
    repo = three_releases(folder / "repo")
    build(repo, folder / "three", THREE)
    three = tree_bytes(folder / "three")
    shutil.copytree(folder / "three", folder / "three-kept")
    fourth_release(repo)
    log = build(repo, folder / "four", FOUR)
    return {"repo": repo, "three": folder / "three-kept", "four": folder / "four", "log": log, "three_bytes": three,
            "folder": folder}


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def entries(page: BeautifulSoup) -> list[str]:
    return [h2["id"] for h2 in page.select("article h2")]


def words(page: BeautifulSoup, tag: str) -> list[str]:
    return [element.get_text() for element in page.select(f".section-history-redline {tag}")]


def text(element: object) -> str:
    return " ".join(element.get_text(" ").split())  # type: ignore[attr-defined]


def test_a_section_changed_twice_lists_its_two_changes_and_its_first_version(sites: dict) -> None:
    page = soup(sites["three"], "north/sections/logs")
    assert entries(page) == ["version-2026-05-01", "version-2026-03-01", "version-2026-01-10"]
    # Only the section's own words are marked, change by change.
    assert words(page, "ins") == ["[inserted: thirty]", "[inserted: sixty]"]
    assert words(page, "del") == ["[deleted: sixty]", "[deleted: ninety]"]
    article = text(page.select_one("article"))
    assert "History of “Logs”: The North" in article
    assert ("Version 2026-05-01, published May 1, 2026, effective June 1, 2026, a material change. "
            "Section 2.2 on this version’s page.") in article
    assert "Version 2026-03-01, published March 1, 2026, effective March 1, 2026, not a material change." in article
    assert "The section first appeared on the page in this version, as section 2.2." in article
    assert [p.get_text() for p in page.select(".redline-release-summary")] == [
        "Shorter logs again; a new address.", "Shorter logs.", "First version."]
    # The first version has no redline: it is where the section starts.
    assert len(page.select(".section-history-redline")) == 2
    # Sections that changed once, or never, list just that.
    contact = soup(sites["three"], "north/sections/contact")
    assert entries(contact) == ["version-2026-05-01", "version-2026-01-10"]
    assert words(contact, "ins") == ["[inserted: Harbour]"] and words(contact, "del") == ["[deleted: Test]"]
    assert entries(soup(sites["three"], "north/sections/accounts")) == ["version-2026-01-10"]
    # A parent's history is its own text: its subsections' changes are not its changes.
    assert entries(soup(sites["three"], "north/sections/data")) == ["version-2026-01-10"]


def test_each_entry_links_to_its_version_and_redline_at_the_section(sites: dict) -> None:
    site = sites["three"]
    page = soup(site, "north/sections/logs")
    links = {a.get_text(): a["href"] for a in page.select("article a:not([rel=edit])")}
    assert links["Read version 2026-03-01"] == "../../2026-03-01/#logs"
    assert links["Changes in 2026-03-01"] == "../../2026-03-01/changes/#logs"
    assert links["Read this section in the version in force"] == "../../#logs"
    assert links["Follow this section (Atom feed)"] == "feed.xml"
    for href in links.values():
        target = (site / "north" / "sections" / "logs" / href.split("#")[0]).resolve()
        assert (target / "index.html").is_file() or target.is_file(), href
    changes = soup(site, "north/2026-03-01/changes")
    assert changes.select_one("#logs") is not None


def test_every_heading_links_to_its_history_outside_the_heading(sites: dict) -> None:
    site = sites["three"]
    for path, prefix in (("north", ""), ("north/2026-01-10", "../"), ("full", "")):
        page = soup(site, path)
        heading = page.select_one(".policy-text #logs")
        assert heading.get_text() == "2.2 Logs"  # the heading's text is the policy's
        link = heading.find_next_sibling()
        assert link["class"] == ["policy-section-history"]
        anchor = link.select_one("a")
        assert anchor.get_text() == "History"
        assert anchor["aria-label"] == "History of section 2.2 Logs"
        assert anchor["href"] == f"{prefix}sections/logs/"
        assert (site / path / anchor["href"] / "index.html").is_file()
        headings = page.select(".policy-text h2, .policy-text h3")
        assert len(page.select(".policy-text .policy-section-history a")) == len(headings)


def test_a_region_page_shows_its_own_numbers(sites: dict) -> None:
    site = sites["three"]
    assert "Section 5 on this version’s page." in text(soup(site, "north/sections/contact").select_one("article"))
    assert "Section 4 on this version’s page." in text(soup(site, "south/sections/contact").select_one("article"))
    north = json.loads((site / "api" / "north" / "sections" / "contact.json").read_text())
    south = json.loads((site / "api" / "south" / "sections" / "contact.json").read_text())
    assert [c["number"] for c in north["changes"]] == ["5", "5"]
    assert [c["number"] for c in south["changes"]] == ["4", "4"]
    # A section only one region shows has a history on that region's page alone.
    assert (site / "north" / "sections" / "complaints" / "index.html").is_file()
    assert not (site / "south" / "sections" / "complaints").exists()
    assert soup(site, "south").select_one('a[href="sections/contact/"]')["aria-label"] == "History of section 4. Contact"


def feed(site: Path, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / path / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_the_feed_has_an_entry_per_change_with_ids_that_never_change(sites: dict) -> None:
    three, four = feed(sites["three"], "north/sections/logs"), feed(sites["four"], "north/sections/logs")
    assert [e.id for e in three.entries] == [
        "tag:connic.github.io,2026-05-01:/privacy-policy/north/sections/logs/2026-05-01",
        "tag:connic.github.io,2026-03-01:/privacy-policy/north/sections/logs/2026-03-01",
        "tag:connic.github.io,2026-01-10:/privacy-policy/north/sections/logs/2026-01-10",
    ]
    assert three.feed.title == "Logs: changes to this section of the Test Policy of Acme (The North)"
    assert three.entries[0].title == "Logs (The North): version 2026-05-01, effective June 1, 2026"
    assert three.entries[0].link == "https://connic.github.io/privacy-policy/north/sections/logs/#version-2026-05-01"
    content = BeautifulSoup(three.entries[1].content[0].value, "html.parser")
    assert [e.get_text() for e in content.select("ins")] == ["[inserted: sixty]"]
    assert [e.get_text() for e in content.select("del")] == ["[deleted: ninety]"]
    # The fourth release moved the section without changing its words: the same feed.
    assert [(e.id, e.title, e.updated) for e in four.entries] == [(e.id, e.title, e.updated) for e in three.entries]
    assert (sites["four"] / "north/sections/logs/feed.xml").read_bytes() == sites["three_bytes"]["north/sections/logs/feed.xml"]
    # A section that the fourth release changed gets one more entry; its others stay.
    intro_three, intro_four = feed(sites["three"], "north/sections/intro"), feed(sites["four"], "north/sections/intro")
    assert [e.id for e in intro_four.entries][1:] == [e.id for e in intro_three.entries]
    assert intro_four.entries[0].id.endswith("/north/sections/intro/2026-07-01")


def test_a_renamed_and_a_moved_section_keep_their_history(sites: dict) -> None:
    site = sites["four"]
    accounts = soup(site, "north/sections/accounts")
    assert entries(accounts) == ["version-2026-07-01", "version-2026-01-10"]
    heading = accounts.select_one(".section-history-redline .redline-heading")
    assert text(heading) == "2.1 [deleted: Accounts ] [inserted: Your account ] (renamed)"
    assert "History of “Your account”: The North" in text(accounts.select_one("article"))
    # Logs moved from 2.2 to 6 (5 in the South): the same history, each change with its number then.
    logs = soup(site, "north/sections/logs")
    assert entries(logs) == ["version-2026-05-01", "version-2026-03-01", "version-2026-01-10"]
    assert words(logs, "ins") == ["[inserted: thirty]", "[inserted: sixty]"]
    current = soup(site, "north")
    assert current.select_one(".policy-text #logs").get_text() == "6. Logs"
    link = current.select_one('a[href="sections/logs/"]')
    assert link["aria-label"] == "History of section 6. Logs"
    data = json.loads((site / "api" / "north" / "sections" / "logs.json").read_text())
    assert [c["version"] for c in data["changes"]] == ["2026-01-10", "2026-03-01", "2026-05-01"]
    assert data["on_page"] is True and data["first_version"] == "2026-01-10"


def test_a_publish_keeps_the_pages_of_sections_the_release_did_not_change(sites: dict, tmp_path: Path) -> None:
    rendered = {line.split("Building page ", 1)[1].strip() for line in sites["log"].splitlines() if "Building page " in line}
    assert {"north/sections/intro/index.md", "north/sections/accounts/index.md", "south/sections/intro/index.md"} <= rendered
    # Unchanged sections' pages were copied as the last build rendered them.
    assert not {"north/sections/contact/index.md", "north/sections/logs/index.md", "north/sections/rights/index.md",
                "full/sections/logs/index.md", "west/sections/contact/index.md"} & rendered
    # And the publish equals a cold build of the same commit, byte for byte.
    clone = tmp_path / "clone"
    assert run(["git", "clone", "-q", str(sites["repo"].path), str(clone)], tmp_path).returncode == 0
    result = mkdocs_build(clone, tmp_path / "cold", POLICYPRESS_AS_OF=FOUR)
    assert result.returncode == 0, result.stderr
    kept, cold = tree_bytes(sites["four"]), tree_bytes(tmp_path / "cold")
    assert sorted(kept) == sorted(cold)
    assert [name for name in cold if kept[name] != cold[name]] == []


def test_the_data_validates_against_its_schema(sites: dict) -> None:
    schema = json.loads(SCHEMA.read_text())
    checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    files = sorted(sites["four"].glob("api/**/sections/*.json"))
    assert len(files) > 20
    for path in files:
        errors = list(checker.iter_errors(json.loads(path.read_text())))
        assert errors == [], (path, errors[:1])
    logs = json.loads((sites["four"] / "api" / "north" / "sections" / "logs.json").read_text())
    second = logs["changes"][1]
    assert second["kinds"] == ["changed"]
    assert (second["previous_text"], second["text"]) == ("We keep server logs for ninety days.", "We keep server logs for sixty days.")
    accounts = json.loads((sites["four"] / "api" / "north" / "sections" / "accounts.json").read_text())
    assert accounts["changes"][-1]["kinds"] == ["renamed"]
    assert (accounts["changes"][-1]["previous_title"], accounts["title"]) == ("Accounts", "Your account")


def test_out_of_the_navigation_and_the_search(sites: dict) -> None:
    site = sites["three"]
    index = json.loads((site / "search" / "search_index.json").read_text())
    assert not [doc["location"] for doc in index["docs"] if "sections/" in doc["location"]]
    # The heading's link is not part of the section's searchable text either.
    logs = next(doc for doc in index["docs"] if doc["location"] == "north/#logs")
    assert "History" not in logs["text"]
    nav = soup(site, "north").select("nav.md-nav a")
    assert nav and not [a["href"] for a in nav if "sections/" in a["href"]]


def test_sections_is_a_reserved_version(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("sections", "First version.")
    repo.write_policy()
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 1
    assert "version 'sections' is reserved for the site's own pages" in result.stderr


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_translated_site import make_repo

    folder = tmp_path_factory.mktemp("section-history-translated")
    repo = make_repo(folder / "repo")
    result = mkdocs_build(repo.path, folder / "site", POLICYPRESS_AS_OF="2026-03-10")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_a_translated_history_page_is_in_its_language(translated: Path) -> None:
    page = soup(translated, "pt-br/north/sections/logs")
    assert page.html["lang"] == "pt-BR"
    article = text(page.select_one("article"))
    assert "Histórico de “[pt] Logs”" in article
    assert "Todas as versões de" in article and "Acompanhe esta seção (feed Atom)" in article
    assert "Seção 2.2 na página desta versão." in article
    assert "A seção apareceu pela primeira vez na página nesta versão, como seção 2.2." in article
    assert entries(page) == ["version-2026-03-01", "version-2026-01-01"]
    assert words(page, "ins") == ["[inserido: thirty]"] and words(page, "del") == ["[removido: ninety]"]
    # Release summaries are written once, in the source language, and say so.
    assert [(p.get_text(), p["lang"]) for p in page.select(".redline-release-summary")] == [
        ("Shorter logs.", "en"), ("First version.", "en")]
    assert page.title.get_text().startswith("Histórico de “[pt] Logs” ·")
    # Its headings link there in the language's words.
    current = soup(translated, "pt-br/north")
    link = current.select_one('a[href="sections/logs/"]')
    assert (link.get_text(), link["aria-label"]) == ("Histórico", "Histórico da seção 2.2 [pt] Logs")
    raw = (translated / "pt-br/north/sections/logs/feed.xml").read_bytes()
    assert b'xml:lang="pt-BR"' in raw
    parsed = feedparser.parse(raw)
    assert parsed.entries[0].id.endswith("/pt-br/north/sections/logs/2026-03-01")
    assert "versão 2026-03-01" in parsed.entries[0].title
    data = json.loads((translated / "api/pt-br/north/sections/logs.json").read_text())
    assert data["language"] == "pt-BR" and data["changes"][-1]["text"] == "[pt] We keep server logs for thirty days."
