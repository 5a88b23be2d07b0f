"""Several documents in one site (SPEC §9), on real git repositories."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from documents_repo import DocumentsRepo, cookie_sections
from policypress.emit.urls import Scope, api_uri, changes_uri, current_uri, feed_uri, history_uri, notice_uri, upcoming_uri, version_uri
from policypress.errors import PolicyError
from policypress.site import Site, build_site

SITE_URL = "https://example.test/policy/"
NOW = datetime(2030, 1, 1, tzinfo=UTC)


def build(repo: DocumentsRepo, as_of: str = "2026-06-01") -> Site:
    return build_site(repo.path, {"POLICYPRESS_AS_OF": as_of}, NOW, site_url=SITE_URL)


def page(site: Site, uri: str) -> str:
    return next(p.markdown for p in site.pages if p.uri == uri)


def file(site: Site, uri: str) -> str:
    return next(f.render() for f in site.files if f.uri == uri)


def test_urls_of_the_grid_put_other_documents_under_their_id() -> None:
    primary, cookies = Scope("eea", "EEA"), Scope("eea", "EEA", "cookie-policy")
    assert [current_uri(primary), current_uri(cookies)] == ["eea/index.md", "cookie-policy/eea/index.md"]
    assert upcoming_uri(cookies) == "cookie-policy/eea/upcoming/index.md"
    assert history_uri(cookies) == "cookie-policy/eea/history/index.md"
    assert version_uri(cookies, "2026-01-01") == "cookie-policy/eea/2026-01-01/index.md"
    assert changes_uri(cookies, "2026-01-01") == "cookie-policy/eea/2026-01-01/changes/index.md"
    assert feed_uri(cookies) == "cookie-policy/eea/feed.xml" and feed_uri(None) == "feed.xml"
    assert api_uri(cookies, "v1") == "api/cookie-policy/eea/v1.json" and api_uri(primary, "v1") == "api/eea/v1.json"
    assert api_uri(document="cookie-policy") == "api/cookie-policy/policy.json" and api_uri() == "api/policy.json"
    assert notice_uri("v1", cookies) == "notices/cookie-policy/v1/eea.txt" and notice_uri("v1", primary) == "notices/v1/eea.txt"
    assert current_uri(Scope("full", "Complete", "cookie-policy")) == "cookie-policy/full/index.md"


def two_documents(path: Path) -> DocumentsRepo:
    """The test policy, and a cookie notice released on its own: first on February 1, then a
    material change of its North-only section published on May 27, 2026."""
    repo = DocumentsRepo(path)
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    cookies = repo.add_document("cookies", "Cookie Notice", cookie_sections())
    cookies["releases"].append({"version": "2026-02-01", "summary": "First cookie notice."})
    repo.commit("Cookie notice", "2026-02-01")
    cookies["sections"]["which"]["sections"][0]["blocks"] = ["Northern readers get no analytics or advertising cookies."]
    cookies["releases"].append({"version": "2026-05-27", "summary": "No advertising cookies in the North.", "material": True})
    repo.commit("No advertising cookies", "2026-05-27")
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> DocumentsRepo:
    return two_documents(tmp_path_factory.mktemp("documents") / "repo")


def test_independent_releases_notice_only_on_the_changed_documents_pages(repo: DocumentsRepo) -> None:
    site = build(repo)
    uris = {p.uri for p in site.pages}
    assert {"cookies/north/index.md", "cookies/north/upcoming/index.md", "cookies/north/2026-05-27/changes/index.md",
            "cookies/full/index.md", "cookies/west/history/index.md"} <= uris
    assert "cookies/south/upcoming/index.md" not in uris  # the change is not on the South's page
    assert "Upcoming change: a new version takes effect on June 26, 2026." in page(site, "cookies/north/index.md")
    for uri in ("north/index.md", "north/history/index.md", "cookies/south/index.md", "cookies/west/index.md"):
        assert "policy-notice" not in page(site, uri), uri
    # Each document has its own versions.
    documents = {d.document: d for d in site.documents}
    assert [v.version for v in documents["cookies"].scopes["north"].versions] == ["2026-02-01", "2026-05-27"]
    assert [v.version for v in documents[""].scopes["north"].versions] == ["2026-01-10"]


def test_every_file_per_document_at_its_address(repo: DocumentsRepo) -> None:
    site = build(repo)
    files = {f.uri for f in site.files}
    assert {"api/cookies/policy.json", "api/cookies/north/2026-05-27.json", "cookies/north/feed.xml",
            "notices/cookies/2026-05-27/north.txt", "api/policy.json", "notices/2026-01-10/north.txt"} <= files
    assert "notices/cookies/2026-05-27/south.txt" not in files
    data = json.loads(file(site, "api/cookies/policy.json"))
    assert data["title"] == "Cookie Notice"
    assert data["regions"][0]["url"] == SITE_URL + "cookies/north/"
    version = json.loads(file(site, "api/cookies/north/2026-05-27.json"))
    assert "advertising cookies" in version["text"] and version["url"] == SITE_URL + "cookies/north/2026-05-27/"
    notice = file(site, "notices/cookies/2026-05-27/north.txt")
    assert "Cookie Notice" in notice and SITE_URL + "cookies/north/2026-05-27/changes/" in notice


def test_site_feed_carries_every_document(repo: DocumentsRepo) -> None:
    feed = feedparser.parse(file(build(repo), "feed.xml"))
    titles = [e.title for e in feed.entries]
    assert titles == [
        "Cookie Notice: version 2026-05-27, effective June 26, 2026",
        "Cookie Notice: version 2026-02-01, effective February 1, 2026",
        "Test Policy: version 2026-01-10, effective January 10, 2026",
    ]
    ids = [e.id for e in feed.entries]
    assert ids[-1] == "tag:example.test,2026-01-10:/policy/releases/2026-01-10"  # the primary's ids stay
    assert ids[0] == "tag:example.test,2026-05-27:/policy/releases/cookies/2026-05-27"


def test_landing_lists_every_document_per_region_with_upcoming_changes(repo: DocumentsRepo) -> None:
    landing = page(build(repo), "index.md")
    north = landing.split("## The North")[1].split("## The South")[0]
    assert "[Test Policy](north/index.md) — last updated January 10, 2026" in north
    assert "[Cookie Notice](cookies/north/index.md) — last updated February 1, 2026" in north
    assert "**Upcoming material change** on June 26, 2026" in north
    south = landing.split("## The South")[1].split("## The West")[0]
    assert "Upcoming" not in south


def test_each_page_links_to_the_regions_other_documents(repo: DocumentsRepo) -> None:
    site = build(repo)
    assert "Also for The North: [Cookie Notice](../cookies/north/index.md)" in page(site, "north/index.md")
    assert "Also for The West: [Test Policy](../../west/index.md)" in page(site, "cookies/west/index.md")
    assert "[Test Policy](../../../north/index.md)" in page(site, "cookies/north/2026-02-01/index.md")
