"""Publishing builds reuse the pages the previous build rendered (kept in .cache/policypress/)
and give exactly the output of a cold build."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import REPO, mkdocs_build, run
from policy_repo import PolicyRepo, released_twice
from test_preview import tree_bytes


def test_a_publish_after_one_new_release_equals_a_cold_build_byte_for_byte(tmp_path: Path) -> None:
    repo = released_twice(PolicyRepo(tmp_path / "repo"))
    site = tmp_path / "site"
    result = mkdocs_build(repo.path, site)
    assert result.returncode == 0, result.stderr
    store = repo.path / ".cache" / "policypress" / "pages"
    first = set(os.listdir(store))
    assert first  # the cold build kept its pages

    # One new release, which changes only the North's page.
    repo.sections["data"]["sections"][2]["blocks"] = ["Northern readers may ask for a copy at any time."]
    repo.release("2026-06-01", "Copies at any time.", material=["north"])
    repo.commit("Third release", "2026-06-01")
    result = mkdocs_build(repo.path, site)
    assert result.returncode == 0, result.stderr
    second = set(os.listdir(store))
    assert first & second, "nothing was reused"
    assert second - first, "the new release's pages were not rendered"

    clone = tmp_path / "clone"
    assert run(["git", "clone", "-q", str(repo.path), str(clone)], tmp_path).returncode == 0
    assert not (clone / ".cache").exists()
    result = mkdocs_build(clone, tmp_path / "cold")
    assert result.returncode == 0, result.stderr
    incremental, cold = tree_bytes(site), tree_bytes(tmp_path / "cold")
    assert sorted(incremental) == sorted(cold)
    assert [name for name in cold if incremental[name] != cold[name]] == []
    assert b"/west/2026-01-10/" in cold["sitemap.xml"]  # kept pages are in the sitemap too
    # What changed since a version leads to the version in force: the new release made the
    # North's pages again (its words are in them); the West's, which it did not change, never name it.
    north = BeautifulSoup(incremental["north/since/2026-01-10/index.html"], "html.parser")
    assert "any time" in " ".join(ins.get_text() for ins in north.select(".redline-section ins"))
    assert b"2026-06-01" not in incremental["west/since/2026-01-10/index.html"]


def test_a_damaged_or_missing_cache_means_a_cold_build(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    assert mkdocs_build(repo.path, tmp_path / "one").returncode == 0
    store = repo.path / ".cache" / "policypress" / "pages"
    # A folder interrupted while being written has no digest name, so it is never used.
    shutil.move(next(store.iterdir()), store / ".partial-x")
    assert mkdocs_build(repo.path, tmp_path / "two").returncode == 0
    shutil.rmtree(repo.path / ".cache")
    assert mkdocs_build(repo.path, tmp_path / "three").returncode == 0
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two") == tree_bytes(tmp_path / "three")


def _cold(repo: PolicyRepo, tmp_path: Path, name: str, **env: str) -> dict[str, bytes]:
    clone = tmp_path / f"clone-{name}"
    assert run(["git", "clone", "-q", str(repo.path), str(clone)], tmp_path).returncode == 0
    result = mkdocs_build(clone, tmp_path / f"cold-{name}", **env)
    assert result.returncode == 0, result.stderr
    return tree_bytes(tmp_path / f"cold-{name}")


def test_kept_pages_and_files_follow_the_date_and_the_templates(tmp_path: Path) -> None:
    """Published versions' pages, data and notices are kept by what they are made from: a
    later as-of date (the second version takes effect, the first is archived, the notice
    period ends) and a changed template make them again, and never leave a stale one."""
    repo = released_twice(PolicyRepo(tmp_path / "repo"), material=["north"])
    site = tmp_path / "site"
    for as_of in ("2026-03-05", "2026-04-15", "2026-09-01"):
        result = mkdocs_build(repo.path, site, POLICYPRESS_AS_OF=as_of)
        assert result.returncode == 0, result.stderr
        assert tree_bytes(site) == _cold(repo, tmp_path, as_of, POLICYPRESS_AS_OF=as_of), as_of
    archive = (site / "north" / "2026-01-10" / "index.html").read_text()
    assert "an archived version" in archive

    # The site overrides PolicyPress's page template: every archive page changes.
    template = Path(__file__).resolve().parents[1] / "build_hooks" / "policypress" / "templates" / "pages" / "policy.md.j2"
    override = repo.path / "overrides" / "policypress" / "pages" / "policy.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text(template.read_text() + "\nReviewed by the legal team.\n")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Override the page template")
    result = mkdocs_build(repo.path, site, POLICYPRESS_AS_OF="2026-09-01")
    assert result.returncode == 0, result.stderr
    assert "Reviewed by the legal team." in (site / "north" / "2026-01-10" / "index.html").read_text()
    assert tree_bytes(site) == _cold(repo, tmp_path, "override", POLICYPRESS_AS_OF="2026-09-01")


def test_a_damaged_store_of_digests_or_files_means_making_them_again(tmp_path: Path) -> None:
    repo = released_twice(PolicyRepo(tmp_path / "repo"), material=["north"])
    assert mkdocs_build(repo.path, tmp_path / "one").returncode == 0
    cache = repo.path / ".cache" / "policypress"
    known = cache / "pages" / "inputs.json"
    assert json.loads(known.read_text())  # the digests of the pages by their inputs
    kept = sorted(path for path in (cache / "files").iterdir() if not path.name.endswith(".kept"))
    assert kept  # the versions' data and notices
    known.write_text("{not json")
    kept[0].unlink()
    (cache / "files" / ".partial-x").write_text("interrupted")
    result = mkdocs_build(repo.path, tmp_path / "two")
    assert result.returncode == 0, result.stderr
    assert "the kept file pages/inputs.json is truncated: discarded, made again" in result.stderr
    assert f"the kept file files/{kept[0].name[:16]} is missing: discarded, made again" in result.stderr
    assert tree_bytes(tmp_path / "one") == tree_bytes(tmp_path / "two")
    assert json.loads(known.read_text()) and kept[0].is_file()
    assert not (cache / "files" / ".partial-x").exists()


def test_the_example_with_its_cache_equals_a_cold_build_on_a_later_day(example_site: Path, tmp_path: Path) -> None:
    """Three documents linking each other and a translation: what is kept by its inputs (the
    fixture's build filled the example's cache) is what a cold build makes, on the day the
    upcoming release takes effect and its notice has ended too."""
    example = REPO / "examples"
    result = mkdocs_build(example, tmp_path / "kept", POLICYPRESS_AS_OF="2027-02-01")
    assert result.returncode == 0, result.stderr
    cache, aside = example / ".cache", tmp_path / "cache-aside"
    shutil.move(cache, aside)
    try:
        result = mkdocs_build(example, tmp_path / "cold", POLICYPRESS_AS_OF="2027-02-01")
        assert result.returncode == 0, result.stderr
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.move(aside, cache)
    kept, cold = tree_bytes(tmp_path / "kept"), tree_bytes(tmp_path / "cold")
    assert sorted(kept) == sorted(cold)
    assert [name for name in cold if kept[name] != cold[name]] == []
    assert tree_bytes(example_site) != cold  # the later day did change pages


def test_page_groups_keep_each_since_page_on_its_own() -> None:
    """A folder holding only other pages' folders (`north/since/`) is no group: one changed
    'since' page must not make every sibling render again (publishing after one release)."""
    from policypress.emit import GeneratedPage
    from policypress.kept.pages import group_of, page_groups

    def page(uri: str, markdown: str, in_nav: bool = False) -> GeneratedPage:
        return GeneratedPage.of(uri, "t", markdown, None, in_nav=in_nav)

    before = [page("north/index.md", "current", in_nav=True), page("north/v1/index.md", "v1"),
              page("north/v1/changes/index.md", "c1"), page("north/since/v1/index.md", "list"),
              page("north/since/v2/index.md", "redline to v3")]
    after = before[:4] + [page("north/since/v2/index.md", "redline to v4")]
    groups_before = page_groups(before, "s", frozenset())
    groups_after = page_groups(after, "s", frozenset())
    assert group_of("north/since/v1/index.md", groups_before) == "north/since/v1"
    assert group_of("north/v1/changes/index.md", groups_before) == "north/v1"
    assert groups_before["north/since/v1"] == groups_after["north/since/v1"]
    assert groups_before["north/since/v2"] != groups_after["north/since/v2"]
    assert "north/since" not in groups_before
