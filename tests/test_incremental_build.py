"""Publishing builds reuse the pages the previous build rendered (kept in .cache/policypress/)
and give exactly the output of a cold build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import mkdocs_build, run
from policy_repo import PolicyRepo
from test_preview import tree_bytes


def test_a_publish_after_one_new_release_equals_a_cold_build_byte_for_byte(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for sixty days."]
    repo.release("2026-03-01", "Shorter logs.")
    repo.commit("Second release", "2026-03-01")
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
