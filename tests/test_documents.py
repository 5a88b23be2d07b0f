"""Several documents in one site (SPEC §9), on real git repositories."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from conftest import mkdocs_build, policypress
from documents_repo import DocumentsRepo, cookie_sections, linked_documents
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


def test_cross_document_references_use_the_numbers_of_the_same_regions_page(tmp_path: Path) -> None:
    repo = DocumentsRepo(tmp_path / "repo")
    repo.sections["rights"]["blocks"].append("Cookies: {{ document:cookies }}, and {{ section:cookies/consent }} on consent.")
    cookies = repo.add_document("cookies", "Cookie Notice", cookie_sections())
    cookies["sections"]["what"]["blocks"].append("Our {{ document:primary }} says more in {{ section:primary/logs }}.")
    repo.release("2026-01-10", "First version.")
    cookies["releases"].append({"version": "2026-01-10", "summary": "First cookie notice."})
    repo.commit("Both documents", "2026-01-10")
    site = build(repo)
    # The North shows the Northern cookies (2.1), so consent is 2.2 there; the West has no 2.1.
    assert ("Cookies: [Cookie Notice](../cookies/north/index.md), and [Section 2.2 of the Cookie Notice]"
            "(../cookies/north/index.md#consent) on consent.") in page(site, "north/index.md")
    assert "[Section 2.1 of the Cookie Notice](../cookies/west/index.md#consent)" in page(site, "west/index.md")
    assert "[Section 2.2 of the Cookie Notice](../cookies/full/index.md#consent)" in page(site, "full/index.md")
    assert "says more in [Section 2.2 of the Test Policy](../../west/index.md#logs)." in page(site, "cookies/west/index.md")
    # Archived pages link from their own depth; the data files carry the text without targets.
    assert "(../../cookies/north/index.md#consent)" in page(site, "north/2026-01-10/index.md")
    text = json.loads(file(site, "api/north/2026-01-10.json"))["text"]
    assert "Cookies: Cookie Notice, and Section 2.2 of the Cookie Notice on consent." in text


def test_unknown_document_and_section_references_are_located_errors(tmp_path: Path) -> None:
    repo = DocumentsRepo(tmp_path / "repo")
    repo.sections["contact"]["blocks"] = ["See {{ document:terms }}.", "And {{ section:cookies/nothing }}."]
    repo.add_document("cookies", "Cookie Notice", cookie_sections())
    repo.write_policy()
    with pytest.raises(PolicyError) as caught:
        build(repo)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith("policy_src/sections/contact.yaml:") and "unknown document 'terms'" in m for m in messages), messages
    assert any("unknown section 'nothing' of document 'cookies'" in m for m in messages), messages
    line = next(p for p in caught.value.problems if "terms" in p.message).location.line
    assert "document:terms" in (repo.path / "policy_src/sections/contact.yaml").read_text().splitlines()[line - 1]


def test_a_document_limited_to_two_regions(tmp_path: Path) -> None:
    repo = DocumentsRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    cookies = repo.add_document("cookies", "Cookie Notice", cookie_sections(), regions=["north", "west"])
    cookies["releases"].append({"version": "2026-01-10", "summary": "First cookie notice."})
    repo.commit("Both", "2026-01-10")
    site = build(repo)
    uris = {p.uri for p in site.pages}
    assert {"cookies/north/index.md", "cookies/west/index.md", "cookies/full/index.md"} <= uris
    assert not any(uri.startswith("cookies/south/") for uri in uris)
    assert not any(f.uri.startswith(("api/cookies/south/", "notices/cookies/2026-01-10/south")) for f in site.files)
    assert [r["id"] for r in json.loads(file(site, "api/cookies/policy.json"))["regions"]] == ["north", "west"]
    landing = page(site, "index.md")
    assert "Cookie Notice" not in landing.split("## The South")[1].split("## The West")[0]
    assert "Also for" not in page(site, "south/index.md")


def test_a_limit_naming_an_unknown_region_is_a_located_error(tmp_path: Path) -> None:
    repo = DocumentsRepo(tmp_path / "repo")
    repo.add_document("cookies", "Cookie Notice", cookie_sections(), regions=["north", "east"])
    repo.write_policy()
    with pytest.raises(PolicyError) as caught:
        build(repo)
    [problem] = [p for p in caught.value.problems if "east" in p.message]
    assert problem.location.path == "policy_src/documents/cookies/settings.yaml" and problem.location.line > 1
    assert "'regions' names unknown region 'east'" in problem.message


@pytest.mark.parametrize(
    ("doc", "expected"),
    [("north", "document id 'north' clashes with the region 'north' (policy_src/regions.yaml:"),
     ("api", "document id 'api' clashes with the site's own /api/ path"),
     ("full", "clashes with the site's own /full/ path"),
     ("primary", "clashes with how references name the primary document")],
)
def test_a_document_id_clashing_with_a_region_or_reserved_path_is_refused(tmp_path: Path, doc: str, expected: str) -> None:
    repo = DocumentsRepo(tmp_path / "repo")
    repo.add_document(doc, "Clash", cookie_sections())
    repo.write_policy()
    with pytest.raises(PolicyError) as caught:
        build(repo)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"policy_src/documents/{doc}:1:1: error: ")
    assert expected in problem.message


def _primary_outputs(site: Site) -> dict[str, str]:
    others = [d.document for d in site.documents if d.document]
    outputs = {p.uri: p.markdown for p in site.pages} | {f.uri: f.render() for f in site.files}
    return {
        uri: re.sub(r"\nAlso for [^\n]*\n\{: \.policy-documents \}\n", "", content)
        for uri, content in outputs.items()
        if not any(uri.startswith((f"{d}/", f"api/{d}/", f"notices/{d}/")) for d in others)
        and uri not in ("index.md", "feed.xml", "regions/index.md")  # site-wide: they list every document
    }


def test_the_primary_documents_output_stays_the_same_when_a_second_document_is_added(tmp_path: Path) -> None:
    repo = DocumentsRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First", "2026-01-10")
    repo.sections["data"]["sections"][2]["blocks"] = ["Northern readers may ask for a copy at any time."]
    repo.release("2026-05-27", "Copies at any time.", material=True)
    repo.commit("Second", "2026-05-27")
    before = build(repo)
    cookies = repo.add_document("cookies", "Cookie Notice", cookie_sections())
    cookies["releases"].append({"version": "2026-05-28", "summary": "First cookie notice."})
    repo.commit("Cookie notice", "2026-05-28")
    after = build(repo)
    old, new = _primary_outputs(before), _primary_outputs(after)
    assert sorted(old) == sorted(new)  # the same addresses
    for uri in old:
        assert old[uri] == new[uri], uri  # byte for byte: data, notices, feeds and page text
    assert "Also for The North: [Cookie Notice](../cookies/north/index.md)" in page(after, "north/index.md")


# --- Guard, reproducible and atomic builds cover every document --------------------------

def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_builds_of_several_documents_are_reproducible_and_atomic(tmp_path: Path) -> None:
    repo = two_documents(tmp_path / "repo")
    first, second = tmp_path / "one", tmp_path / "two"
    assert mkdocs_build(repo.path, first, POLICYPRESS_AS_OF="2026-06-01").returncode == 0
    assert mkdocs_build(repo.path, second, POLICYPRESS_AS_OF="2026-06-01").returncode == 0
    one, two = tree_bytes(first), tree_bytes(second)
    assert "cookies/north/2026-05-27/changes/index.html" in one and "api/cookies/north/2026-05-27.json" in one
    assert one.keys() == two.keys() and [name for name in one if one[name] != two[name]] == []
    # Text changed in the second document without a release: the build fails, the site stays.
    repo.documents["cookies"]["sections"]["what"]["blocks"] = ["Cookies are small text files."]
    repo.write_policy()
    result = mkdocs_build(repo.path, first, POLICYPRESS_AS_OF="2026-06-01")
    assert result.returncode == 1 and "policy_src/documents/cookies/releases.yaml:1:1: error: the text of" in result.stderr
    assert tree_bytes(first) == one


def test_the_guard_covers_every_documents_published_versions(tmp_path: Path) -> None:
    repo = two_documents(tmp_path / "repo")
    site = tmp_path / "site"
    assert mkdocs_build(repo.path, site, POLICYPRESS_AS_OF="2026-06-01").returncode == 0
    published = site / "api" / "policy.json"
    result = policypress("check", "--published", str(published), cwd=repo.path)
    assert result.returncode == 0, result.stderr
    # The Test Policy: 1 version of 4 pages; the Cookie Notice: 2 of full and north, 1 of south and west.
    assert "all 10 versions" in result.stdout
    cookies = site / "api" / "cookies" / "policy.json"
    data = json.loads(cookies.read_text())
    data["regions"][0]["versions"][0]["sha256"] = "0" * 64
    cookies.write_text(json.dumps(data))
    result = policypress("check", "--published", str(published), cwd=repo.path)
    assert result.returncode == 1
    assert f"{cookies}:1:1: error: the text of published version 2026-02-01 of 'north' would change" in result.stderr


def test_the_live_preview_shows_a_documents_unreleased_text_as_a_draft(tmp_path: Path) -> None:
    repo = two_documents(tmp_path / "repo")
    repo.documents["cookies"]["sections"]["what"]["blocks"] = ["Cookies are small text files."]
    repo.write_policy()
    site = build_site(repo.path, {"POLICYPRESS_AS_OF": "2026-06-01"}, NOW, site_url=SITE_URL, preview=True)
    assert "**Draft preview.**" in page(site, "cookies/west/index.md")
    assert "Cookies are small text files." in page(site, "cookies/west/index.md")
    assert "**Draft preview.**" not in page(site, "west/index.md")
    assert site.files == ()  # feeds, data and notices describe releases only


def test_an_archived_link_to_a_section_another_document_removed_stays_valid(tmp_path: Path) -> None:
    repo, cookies = linked_documents(tmp_path / "repo")
    del cookies["sections"]["which"]["sections"][1]
    cookies["releases"].append({"version": "2026-02-01", "summary": "No consent section."})
    repo.sections["contact"]["blocks"] = ["Cookies: {{ document:cookies }}."]
    repo.release("2026-02-01", "No link to the consent section.")
    repo.commit("Consent section removed", "2026-02-01")
    site = build(repo)
    # The old version keeps its words, and links to the page, which has no such section now.
    archived = page(site, "west/2026-01-10/index.md")
    assert "Cookies: [Section 2.1 of the Cookie Notice](../../cookies/west/index.md)." in archived
    result = mkdocs_build(repo.path, tmp_path / "site", POLICYPRESS_AS_OF="2026-06-01")
    assert result.returncode == 0, result.stderr
