"""What changed since a version (SPEC §14): `/<region>/since/<version>/` on a real git history
of three releases — one redline to the version in force for recent versions, the release-by-
release redlines for older ones, linked from the history page, translated, out of the
navigation and the search."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import mkdocs_build, policypress
from policy_repo import PolicyRepo
from policypress.history import PublishedRelease
from policypress.history.versions import RegionVersion
from policypress.kept.session import BuildCache
from policypress.emit.since import CHUNK
from policypress.errors import Location
from policypress.model import Release
from policypress.notices import since_window
from policypress.site import build_site
from test_translated_site import make_repo as translated_repo

AS_OF = "2026-06-01"


def three_releases(path: Path, **settings: Any) -> PolicyRepo:
    """Released on January 10; March 1 shortens the logs; May 1 moves the office."""
    repo = PolicyRepo(path)
    repo.settings = dict(settings)
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for sixty days."]
    repo.release("2026-03-01", "Shorter logs.")
    repo.commit("Second release", "2026-03-01")
    repo.sections["contact"]["blocks"] = ["Acme, 1 Harbour Street."]
    repo.release("2026-05-01", "New address.")
    repo.commit("Third release", "2026-05-01")
    return repo


def built(repo: PolicyRepo, site: Path, as_of: str = AS_OF) -> Path:
    result = mkdocs_build(repo.path, site, POLICYPRESS_AS_OF=as_of)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("since")
    return built(three_releases(folder / "repo"), folder / "site")


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def words(page: BeautifulSoup, tag: str) -> list[str]:
    return [element.get_text() for element in page.select(f".redline-section {tag}")]


def target(site: Path, path: str, href: str) -> Path:
    """The file a relative link of the page at `path` leads to."""
    return (site / path / href).resolve() / "index.html"


def test_the_words_of_both_later_releases_are_inserted_and_deleted(site: Path) -> None:
    page = soup(site, "north/since/2026-01-10")
    assert words(page, "del") == ["[deleted: ninety]", "[deleted: Test]"]
    assert words(page, "ins") == ["[inserted: sixty]", "[inserted: Harbour]"]
    assert [s["id"] for s in page.select("section.redline-section")] == ["logs", "contact"]
    assert page.select_one("ul.redline-summary").get_text(" ", strip=True) == (
        "2.2 Logs : text changed 4. Contact : text changed"
    )
    # Unchanged sections are collapsed, as on a release's redline.
    assert page.select("details.redline-unchanged .redline-unchanged-section")
    # A later version compares only what changed after it.
    later = soup(site, "north/since/2026-03-01")
    assert words(later, "del") == ["[deleted: Test]"] and words(later, "ins") == ["[inserted: Harbour]"]


def test_the_summary_lists_the_releases_between_with_dates_and_summaries(site: Path) -> None:
    path = "north/since/2026-01-10"
    page = soup(site, path)
    text = " ".join(page.select_one("article").get_text(" ").split())
    assert "What changed in the Test Policy since version 2026-01-10: The North" in text
    assert "Version 2026-01-10, published January 10, 2026, effective January 10, 2026." in text
    assert "Compared with version 2026-05-01, in force since May 1, 2026." in text
    releases = page.select("article ul")[0].select("li")
    assert [" ".join(li.get_text(" ").split()) for li in releases] == [
        "Changes in 2026-03-01 : published March 1, 2026, effective March 1, 2026, not a material change. Shorter logs.",
        "Changes in 2026-05-01 : published May 1, 2026, effective May 1, 2026, not a material change. New address.",
    ]
    links = [li.select_one("a")["href"] for li in releases]
    assert [target(site, path, href) for href in links] == [
        (site / "north" / version / "changes" / "index.html").resolve() for version in ("2026-03-01", "2026-05-01")
    ]
    assert page.title.get_text().startswith("Changes since 2026-01-10 · The North")


def test_only_versions_before_the_one_in_force_have_the_page(site: Path) -> None:
    for scope in ("north", "south", "west", "full"):
        assert sorted(p.name for p in (site / scope / "since").iterdir()) == ["2026-01-10", "2026-03-01"]


def test_the_history_page_links_beside_each_version(site: Path) -> None:
    history = soup(site, "north/history")
    assert history.select("thead th")[-1].get_text() == "Since this version"
    rows = {tr.select_one("td a").get_text(): tr.select("td")[-1] for tr in history.select("tbody tr")}
    assert rows["2026-05-01"].select("a") == []  # the version in force
    for version in ("2026-03-01", "2026-01-10"):
        link = rows[version].select_one("a")
        assert link.get_text() == "What changed since"
        assert target(site, "north/history", link["href"]) == (site / "north" / "since" / version / "index.html").resolve()


def test_out_of_the_navigation_and_the_search(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert locations and not [loc for loc in locations if "since" in loc]
    for path in ("north", "north/since/2026-01-10"):
        nav = soup(site, path).select_one("nav.md-nav--primary")
        hrefs = [a["href"] for a in nav.select("a[href]")]
        assert hrefs and not [h for h in hrefs if "since" in h], path


def test_an_older_version_outside_the_window_lists_the_chain_of_redlines(tmp_path: Path) -> None:
    site = built(three_releases(tmp_path / "repo", since_versions=1), tmp_path / "site")
    path = "north/since/2026-01-10"
    old = soup(site, path)
    assert old.select(".redline") == [] and old.select("ins, del") == []
    text = " ".join(old.select_one("article").get_text(" ").split())
    assert "Version 2026-01-10 is older than the 1 version before the one in force" in text
    links = [a["href"] for a in old.select("article ul li a")]
    assert [target(site, path, href) for href in links] == [
        (site / "north" / version / "changes" / "index.html").resolve() for version in ("2026-03-01", "2026-05-01")
    ]
    # The version inside the window is still one redline, and the history links only it.
    assert words(soup(site, "north/since/2026-03-01"), "ins") == ["[inserted: Harbour]"]
    rows = {tr.select_one("td a").get_text(): tr.select("td")[-1] for tr in soup(site, "north/history").select("tbody tr")}
    assert rows["2026-01-10"].select("a") == [] and rows["2026-03-01"].select_one("a").get_text() == "What changed since"


def weekly_releases(path: Path, count: int) -> tuple[PolicyRepo, list[str]]:
    """`count` releases a week apart from January 5, each with its own log period; a window of one."""
    repo = PolicyRepo(path)
    repo.settings = {"since_versions": 1}
    for n in range(count):
        add_release(repo, n)
    return repo, [r["version"] for r in repo.releases]


def add_release(repo: PolicyRepo, n: int) -> None:
    day = (date(2026, 1, 5) + timedelta(weeks=n)).isoformat()
    if n:
        repo.sections["data"]["sections"][1]["blocks"] = [f"We keep server logs for {n + 1} days."]
    repo.release(day, f"Logs kept {n + 1} days.")
    repo.commit(f"Release {n + 1}", day)


LATER = "2026-12-01"  # long after the last release: no page shows a recent change


def since_digests(repo: PolicyRepo) -> dict[str, str | None]:
    site = build_site(repo.path, {"POLICYPRESS_AS_OF": LATER}, datetime(2026, 12, 1, tzinfo=UTC),
                      site_url="https://example.test/", inputs=True)
    return {p.uri: p.inputs for p in site.pages if p.uri.startswith("north/since/")}


@pytest.mark.slow
def test_a_long_chain_lists_twelve_releases_a_page_and_links_onward(tmp_path: Path) -> None:
    repo, versions = weekly_releases(tmp_path / "repo", 15)
    site = built(repo, tmp_path / "site", as_of=LATER)
    first = f"north/since/{versions[0]}"
    page = soup(site, first)
    items = page.select("article ul li")
    assert CHUNK == 12 and len(items) == 12
    assert [target(site, first, li.select_one("a")["href"]) for li in items] == [
        (site / "north" / version / "changes" / "index.html").resolve() for version in versions[1:13]
    ]
    assert " ".join(items[-1].get_text(" ").split()).endswith("Logs kept 13 days.")
    onward = page.select_one("article .policy-continued a")
    assert onward.get_text() == f"Continued: what changed since version {versions[12]}"
    assert target(site, first, onward["href"]) == (site / "north" / "since" / versions[12] / "index.html").resolve()
    # A complete chunk names nothing after it: not the version in force.
    text = " ".join(page.select_one("article").get_text(" ").split())
    assert versions[13] not in text and versions[14] not in text and "Compared with" not in text
    # The next page goes on to today, as a chain does while its chunk is open.
    rest = soup(site, f"north/since/{versions[12]}")
    assert [" ".join(a.get_text().split()) for a in rest.select("article ul li a")] == [
        f"Changes in {versions[13]}", f"Changes in {versions[14]}"
    ]
    assert rest.select(".policy-continued") == []
    assert f"Compared with version {versions[14]}" in " ".join(rest.select_one("article").get_text(" ").split())
    # A short chain reaches today on its page (`since_versions: 1` still lists it all).
    assert len(soup(site, f"north/since/{versions[2]}").select("article ul li")) == 12


@pytest.mark.slow
def test_a_complete_chunk_keeps_its_inputs_digest_through_a_release(tmp_path: Path) -> None:
    """Publishing keeps a page by its inputs' digest: only the pages whose chunk is still open,
    the window's redline and the page leaving the window are made again."""
    repo, versions = weekly_releases(tmp_path / "repo", 15)
    before = since_digests(repo)
    add_release(repo, 15)
    after = since_digests(repo)
    uri = [f"north/since/{version}/index.md" for version in versions]
    assert list(before) == uri[:14] and list(after) == uri  # and one for the version that was in force
    assert all(before.values())
    kept = [u for u in uri[:14] if before[u] == after[u]]
    # Pages 0 and 1 were complete (12 releases and a link onward); page 2's chunk closes with
    # the 16th release (it gains its link), 3 to 12 still reach today, 13 leaves the window.
    assert kept == uri[:2]


def test_zero_turns_the_pages_off(tmp_path: Path) -> None:
    site = built(three_releases(tmp_path / "repo", since_versions=0), tmp_path / "site")
    assert not (site / "north" / "since").exists()
    assert [th.get_text() for th in soup(site, "north/history").select("thead th")][-1] == "Changes"


def test_a_translated_region_has_them_in_its_language(tmp_path: Path) -> None:
    # pt-BR pages for the North; the second release took effect on February 9.
    repo = translated_repo(tmp_path / "repo")
    site = built(repo, tmp_path / "site", as_of="2026-03-15")
    path = "pt-br/north/since/2026-01-01"
    page = soup(site, path)
    assert page.html["lang"] == "pt-BR"
    assert page.select_one("h1").get_text() == "O que mudou em [pt] Test Policy desde a versão 2026-01-01: [pt] The North"
    assert words(page, "del") == ["[removido: ninety]"] and words(page, "ins") == ["[inserido: thirty]"]
    # Release summaries are written once, in the source language, and marked so.
    assert page.select_one("article ul li span[lang='en']").get_text() == "Shorter logs."
    # Its twin in English, and the Portuguese history links it.
    assert page.select_one("nav.policy-languages a")["hreflang"] == "en"
    assert words(soup(site, "north/since/2026-01-01"), "ins") == ["[inserted: thirty]"]
    history = soup(site, "pt-br/north/history")
    link = next(a for a in history.select("tbody a") if a.get_text() == "O que mudou desde então")
    assert target(site, "pt-br/north/history", link["href"]) == (site / path / "index.html").resolve()


def test_a_further_document_has_them_under_its_folder(example_site: Path) -> None:
    """The example's Cookie Policy changed its wording on June 15 (and more since)."""
    path = "cookie-policy/eea/since/2026-03-01"
    page = soup(example_site, path)
    assert page.select_one("h1").get_text() == "What changed in the Cookie Policy since version 2026-03-01: European Economic Area"
    assert "your-choices" in [s["id"] for s in page.select("section.redline-section")]  # the wording change
    assert words(page, "ins")
    history = soup(example_site, "cookie-policy/eea/history")
    link = next(a for a in history.select("tbody a") if a.get_text() == "What changed since" and "2026-03-01" in a["href"])
    assert target(example_site, "cookie-policy/eea/history", link["href"]) == (example_site / path / "index.html").resolve()


def test_the_preview_leads_them_to_the_latest_release_not_the_draft(tmp_path: Path) -> None:
    repo = three_releases(tmp_path / "repo")
    repo.sections["intro"]["blocks"] = ["Acme runs the Acme draft service.", "Write to {{ email }}."]
    repo.write_policy()
    now = datetime(2026, 6, 1, tzinfo=UTC)
    site = build_site(repo.path, {"POLICYPRESS_AS_OF": AS_OF}, now, site_url="https://example.test/", preview=True)
    pages = {p.uri: p.markdown for p in site.pages}
    since = pages["north/since/2026-01-10/index.md"]
    assert "Harbour<span" in since and "draft service" not in since
    # The current page shows the draft: the version in force is read at its own address.
    assert "[Read version 2026-05-01](../../2026-05-01/index.md)" in since
    assert "north/since/2026-05-01/index.md" not in pages


def test_a_save_in_the_preview_makes_none_of_them_again(tmp_path: Path) -> None:
    repo = three_releases(tmp_path / "repo")
    cache = BuildCache()
    made = []
    for text in ("Acme runs the Acme draft service.", "Acme runs the Acme second draft service."):
        repo.sections["intro"]["blocks"] = [text, "Write to {{ email }}."]
        repo.write_policy()
        site = build_site(repo.path, {"POLICYPRESS_AS_OF": AS_OF}, datetime(2026, 6, 1, tzinfo=UTC),
                          site_url="https://example.test/", preview=True, cache=cache)
        made.append({p.uri: p for p in site.pages if "/since/" in p.uri})
    assert len(made[0]) == 8 and made[0].keys() == made[1].keys()
    assert all(made[1][uri] is page for uri, page in made[0].items())  # kept, Markdown and all


def test_their_inputs_digest_follows_the_version_in_force(tmp_path: Path) -> None:
    """A publishing build keeps a page by its inputs' digest: a since page's must change when
    the version it leads to does, and only then."""
    repo = three_releases(tmp_path / "repo")

    def digests(as_of: str) -> dict[str, str | None]:
        site = build_site(repo.path, {"POLICYPRESS_AS_OF": as_of}, datetime(2026, 6, 1, tzinfo=UTC),
                          site_url="https://example.test/", inputs=True)
        return {p.uri: p.inputs for p in site.pages if "/since/" in p.uri}

    april, next_day, june = digests("2026-04-01"), digests("2026-04-02"), digests("2026-06-15")
    assert april == next_day and all(april.values())
    assert list(april) == ["full/since/2026-01-10/index.md", "north/since/2026-01-10/index.md",
                           "south/since/2026-01-10/index.md", "west/since/2026-01-10/index.md"]
    assert all(june[uri] != digest for uri, digest in april.items())


def test_since_is_a_reserved_version(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("since", "First version.")
    repo.write_policy()
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 1
    assert "version 'since' is reserved for the site's own pages" in result.stderr


@pytest.mark.parametrize("value", [-1, "twelve"])
def test_a_bad_setting_is_located(tmp_path: Path, value: object) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.settings = {"since_versions": value}
    repo.write_policy()
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 1
    assert "policy_src/settings.yaml:" in result.stderr and "since_versions" in result.stderr


def _version(name: str, effective: str, draft: bool = False) -> RegionVersion:
    day = date.fromisoformat(effective)
    release = Release(name, "Summary.", False, day, day, Location("policy_src/releases.yaml"))
    return RegionVersion("north", PublishedRelease(release, None, day, day, None, draft=draft), None, "")  # type: ignore[arg-type]


HISTORY = tuple(_version(f"v{i}", f"2026-0{i}-01") for i in range(1, 7))  # v6 takes effect on June 1


@pytest.mark.parametrize(
    ("versions", "as_of", "count", "pages", "redlines"),
    [
        (HISTORY, "2026-06-15", 12, 5, [0, 1, 2, 3, 4]),
        (HISTORY, "2026-06-15", 2, 5, [3, 4]),  # v1 to v3 list the releases since
        (HISTORY, "2026-05-15", 2, 4, [2, 3]),  # v6 is upcoming: v5 is in force, and has no page
        (HISTORY, "2026-06-15", 0, 0, []),
        (HISTORY, "2025-12-01", 12, 0, []),  # nothing in force yet
        ((*HISTORY, _version("draft", "2026-06-15", draft=True)), "2026-06-15", 2, 5, [3, 4]),  # the preview's draft
    ],
)
def test_the_window(versions: tuple[RegionVersion, ...], as_of: str, count: int, pages: int, redlines: list[int]) -> None:
    window = since_window(versions, date.fromisoformat(as_of), count)
    assert len(window.indexes) == pages
    assert [i for i in window.indexes if window.redline(i)] == redlines
