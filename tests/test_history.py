"""Versions from real git histories: release commits, version lists, archives and redlines."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import mkdocs_build, policypress, run
from policy_repo import PolicyRepo
from policypress.site import Site, build_site

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def build(repo: PolicyRepo, preview: bool = False) -> Site:
    return build_site(repo.path, {"POLICYPRESS_AS_OF": "2026-06-01"}, NOW, site_url="https://example.test/policy/", preview=preview)


def page(site: Site, uri: str) -> str:
    return next(p.markdown for p in site.pages if p.uri == uri)


def make_history(tmp_path: Path) -> PolicyRepo:
    """Four releases on main: the first, a north-only change (squash-merged), a move and a
    rename (merge commit of a two-commit branch), and a removed plus an added section."""
    repo = PolicyRepo(tmp_path / "repo")
    repo.commit("Draft the policy", "2026-01-05")
    repo.release("2026-01-10", "First version.")
    repo.commit("Release 2026-01-10", "2026-01-10")

    # A squash merge: one commit on main changes the north-only text and adds the release.
    data = repo.sections["data"]["sections"][2]
    data["blocks"] = ["Northern readers may ask for a copy of their data, free of charge."]
    repo.release("2026-02-01", "Copies are free in the North.")
    repo.commit("Free copies in the North (#2)", "2026-02-01")

    # A merge commit: a branch whose first commit moves and renames, whose second adds the entry.
    repo.git("checkout", "-q", "-b", "reorganise")
    subs = repo.sections["data"]["sections"]
    subs[0], subs[1] = subs[1], subs[0]  # "logs" now comes before "accounts"
    repo.sections["contact"]["title"] = "How to reach us"
    repo.commit("Reorganise", "2026-02-20")
    repo.release("2026-03-01", "Logs first; contact section renamed.")
    repo.commit("Release 2026-03-01", "2026-02-21")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "reorganise", "-m", "Merge reorganise", date="2026-03-01")

    # Remove one section, add another.
    del repo.sections["rights"]
    repo.outline.remove("rights")
    repo.sections["security"] = {"id": "security", "title": "Security", "blocks": ["We encrypt data at rest."]}
    repo.outline.insert(2, "security")
    repo.sections["intro"]["blocks"][1] = "Write to {{ email }}."
    repo.release("2026-04-01", "Rights section removed; security section added.", material=True,
                 published="2026-03-01", effective="2026-04-01")
    repo.commit("Release 2026-04-01", "2026-03-01")
    return repo


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory: pytest.TempPathFactory) -> PolicyRepo:
    return make_history(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def site(history_repo: PolicyRepo) -> Site:
    return build(history_repo)


def test_release_commits_are_on_the_first_parent_history(site: Site, history_repo: PolicyRepo) -> None:
    commits = {p.version: p.commit for p in site.history}
    merge = history_repo.git("log", "-1", "--format=%H", "--merges").strip()
    assert commits["2026-03-01"] == merge  # the merge commit, not the branch commit
    published = {p.version: p.published.isoformat() for p in site.history}
    # Without a `published` date the entry's commit date counts.
    assert published == {"2026-01-10": "2026-01-10", "2026-02-01": "2026-02-01", "2026-03-01": "2026-03-01",
                         "2026-04-01": "2026-03-01"}


def test_version_lists_hold_only_releases_that_changed_the_page(site: Site) -> None:
    versions = {scope: [v.version for v in pages.versions] for scope, pages in site.scopes.items()}
    assert versions["north"] == ["2026-01-10", "2026-02-01", "2026-03-01", "2026-04-01"]
    assert versions["south"] == ["2026-01-10", "2026-03-01", "2026-04-01"]
    assert versions["west"] == ["2026-01-10", "2026-03-01", "2026-04-01"]
    assert versions["full"] == ["2026-01-10", "2026-02-01", "2026-03-01", "2026-04-01"]


def test_archives_keep_their_old_words(site: Site) -> None:
    first = page(site, "north/2026-01-10/index.md")
    assert "Northern readers may ask for a copy of their data." in first
    assert "free of charge" not in first
    assert "## 3. Your rights" in first and "Security" not in first
    latest = page(site, "north/index.md")
    assert "free of charge" in latest and "Your rights" not in latest and "## 3. Security" in latest
    assert "an archived version. It was in force from January 10, 2026 until a newer version took effect on February 1, 2026" in first
    assert "in force since April 1, 2026. It is the current version." in page(site, "north/2026-04-01/index.md")


def test_history_page_lists_versions_newest_first(site: Site) -> None:
    history = page(site, "south/history/index.md")
    rows = re.findall(r"^\| \[(\S+)\]", history, re.MULTILINE)
    assert rows == ["2026-04-01", "2026-03-01", "2026-01-10"]
    assert "[2026-04-01](../2026-04-01/index.md) (in force)" in history
    assert "[Changes](../2026-03-01/changes/index.md)" in history
    assert "| Yes |" in history and "First version" in history


def soup_of(site: Site, uri: str) -> BeautifulSoup:
    return BeautifulSoup(page(site, uri), "html.parser")


def test_redline_word_level_change_confined_to_one_section(site: Site) -> None:
    soup = soup_of(site, "north/2026-02-01/changes/index.md")
    changed = soup.select("section.redline-section")
    assert [s["id"] for s in changed] == ["north-rules"]
    assert [i.get_text() for i in changed[0].select("ins")] == ["[inserted: , free of charge]"]
    assert changed[0].select("del") == []
    assert len(soup.select(".redline-unchanged-section")) == 6  # in two collapsed groups
    assert [len(d.select(".redline-unchanged-section")) for d in soup.select("details.redline-unchanged")] == [4, 2]
    summary = soup.select_one("ul.redline-summary").get_text(" ", strip=True)
    assert summary == "2.3 Northern rules : text changed"


def test_redline_moved_and_renamed_sections(site: Site) -> None:
    soup = soup_of(site, "west/2026-03-01/changes/index.md")
    kinds = {s["id"]: s.select_one(".redline-kind").get_text() for s in soup.select("section.redline-section")}
    assert kinds == {"logs": "(moved)", "contact": "(renamed)"}
    heading = soup.select_one("#contact-heading")
    assert heading.select_one("del").get_text() == "[deleted: Contact]"
    assert heading.select_one("ins").get_text() == "[inserted: How to reach us]"


def test_redline_removed_and_added_sections(site: Site) -> None:
    soup = soup_of(site, "south/2026-04-01/changes/index.md")
    kinds = {s["id"]: s.select_one(".redline-kind").get_text() for s in soup.select("section.redline-section")}
    assert kinds == {"security": "(added)", "rights": "(removed)"}
    removed = soup.select_one("#rights")
    assert "[deleted: Object to processing.]" in removed.get_text()  # the south-only item
    assert "[inserted: We encrypt data at rest.]" in soup.select_one("#security").get_text()
    assert "a material change" in page(site, "south/2026-04-01/changes/index.md")


def test_built_site_keeps_archives_out_of_nav_and_search(history_repo: PolicyRepo, tmp_path: Path) -> None:
    result = mkdocs_build(history_repo.path, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not [loc for loc in locations if "history" in loc or "2026" in loc]
    html = (tmp_path / "site" / "north" / "index.html").read_text()
    nav = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.select("a[href]")]
    assert hrefs and not [h for h in hrefs if "history" in h or "2026" in h]
    changes = (tmp_path / "site" / "north" / "2026-02-01" / "changes" / "index.html").read_text()
    assert "<ins><span class=\"visually-hidden\">[inserted: </span>, free of charge" in changes


def test_unreleased_text_is_a_draft_in_the_preview(tmp_path: Path) -> None:
    repo = make_history(tmp_path)
    repo.sections["contact"]["blocks"] = ["Acme, 2 Test Street."]
    repo.write_policy()
    site = build(repo, preview=True)
    current = page(site, "west/index.md")
    assert "**Draft preview.**" in current and "2 Test Street" in current
    changes = soup_of(site, "west/draft/changes/index.md").select_one("#contact")
    assert [d.get_text() for d in changes.select("del")] == ["[deleted: 1]"]
    assert [i.get_text() for i in changes.select("ins")] == ["[inserted: 2]"]
    # The draft has no archive page (it would repeat the current page): its history entry and
    # its redline lead to the current page, which shows it.
    uris = {p.uri for p in site.pages}
    assert "west/draft/index.md" not in uris and "west/2026-03-01/index.md" in uris
    assert "[draft](../index.md)" in page(site, "west/history/index.md")
    assert "[Read version draft](../../index.md)" in page(site, "west/draft/changes/index.md")


def test_unchanged_sections_are_assembled_once_for_a_whole_history(tmp_path: Path) -> None:
    from policypress.assemble import SectionViews
    from policypress.history import read_history
    from policypress.history.git import Repository
    from policypress.history.versions import FULL, version_list
    from policypress.sources import load_policy
    from policypress.sources.tree import DirectoryTree

    repo = make_history(tmp_path)
    history = read_history(Repository(repo.path), load_policy(DirectoryTree(repo.path)), today=NOW.date())
    views = SectionViews()
    for scope in (FULL, "north", "west"):
        shared, alone = version_list(history, scope, views), version_list(history, scope, SectionViews())
        assert [(v.version, v.sha256, v.view) for v in shared] == [(v.version, v.sha256, v.view) for v in alone]
    # 2026-02-01 changed only the data section: the others are the same views as before.
    first, second = (v.view.walk() for v in version_list(history, "north", views)[:2])
    kept = [b.id for b in second if any(a is b for a in first)]
    assert "contact" in kept and "data" not in kept


def test_the_repository_builds_its_own_history(built_site: Path) -> None:
    for uri in ("uk/history/index.html", "uk/2025-12-19/index.html", "full/history/index.html"):
        assert (built_site / uri).is_file(), uri
    soup = BeautifulSoup((built_site / "uk" / "2025-12-19" / "index.html").read_text(), "html.parser")
    assert "in force since December 19, 2025" in soup.select_one(".policy-banner").get_text()


# --- Errors: each stops a publishing build with a message that says what to do. -------------

def publish(repo_path: Path, tmp_path: Path) -> str:
    result = mkdocs_build(repo_path, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    return result.stderr


def test_error_not_a_git_repository(tmp_path: Path) -> None:
    repo = make_history(tmp_path)
    shutil.rmtree(repo.path / ".git")
    assert "is not a git repository; PolicyPress reads every published version from git" in publish(repo.path, tmp_path)


def test_error_shallow_clone(tmp_path: Path) -> None:
    repo = make_history(tmp_path)
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], tmp_path)
    assert "this is a shallow clone" in (err := publish(clone, tmp_path)) and "fetch-depth: 0" in err


def test_error_release_not_committed(tmp_path: Path) -> None:
    repo = make_history(tmp_path)
    repo.release("2026-05-01", "Not committed.")
    repo.sections["contact"]["blocks"] = ["Acme, 2 Test Street."]
    repo.write_policy()
    err = publish(repo.path, tmp_path)
    assert re.search(r"policy_src/releases.yaml:\d+:\d+: error: release '2026-05-01' is in no commit", err)


def test_error_text_changed_without_release(tmp_path: Path) -> None:
    repo = make_history(tmp_path)
    repo.sections["contact"]["blocks"] = ["Acme, 2 Test Street."]
    repo.commit("Move office", "2026-05-01")
    err = publish(repo.path, tmp_path)
    assert "differs from the latest release '2026-04-01', but releases.yaml has no new entry" in err
    assert "the text of full, north, south, west" in err


def test_error_published_release_removed(tmp_path: Path) -> None:
    repo = make_history(tmp_path)
    repo.releases = [r for r in repo.releases if r["version"] != "2026-02-01"]
    repo.commit("Drop a release", "2026-05-01")
    err = publish(repo.path, tmp_path)
    assert "release '2026-02-01' was published" in err and "has been removed from releases.yaml" in err


def test_error_published_release_reordered(tmp_path: Path) -> None:
    repo = make_history(tmp_path)
    repo.releases[1], repo.releases[2] = repo.releases[2], repo.releases[1]
    repo.commit("Reorder", "2026-05-01")
    err = publish(repo.path, tmp_path)
    assert "release '2026-03-01' is out of place" in err


def test_diff_command_in_the_terminal(history_repo: PolicyRepo) -> None:
    result = policypress("diff", "2026-01-10", "2026-02-01", "--region", "north", cwd=history_repo.path)
    assert result.returncode == 0, result.stderr
    assert "### 2.3 Northern rules (text changed)" in result.stdout
    assert "of their data{+, free of charge+}." in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal
    result = policypress("diff", "2026-01-10", "HEAD", "--region", "south", cwd=history_repo.path)
    assert "## 3. Your rights (removed)" in result.stdout and "[-Object to processing.-]" in result.stdout
    result = policypress("diff", "--region", "nowhere", cwd=history_repo.path)
    assert result.returncode == 2 and "no region 'nowhere'" in result.stderr
