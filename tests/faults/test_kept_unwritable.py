"""A kept folder that cannot be written (SPEC §19): read-only, a file instead of a folder, a
full disk (an OSError injected at the first write). The build goes on without keeping, says
so once, and publishes what a cold build does."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from faults.kept_site import KEPT, Sites, build

SAID = "this build goes on without keeping"


def _read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir():
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def test_a_read_only_kept_folder_is_read_but_not_written(sites: Sites) -> None:
    project = sites.warm("read-only")
    _read_only(project / ".cache")
    before = sorted(p.name for p in (project / KEPT / "files").iterdir())
    try:
        result = build(project)
    finally:
        for path in [project / ".cache", *(project / ".cache").rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
    sites.check(project, result)
    assert sorted(p.name for p in (project / KEPT / "files").iterdir()) == before


def test_a_read_only_kept_folder_that_needs_writing_says_so_once(sites: Sites) -> None:
    project = sites.cold("read-only-cold")
    (project / KEPT).mkdir(parents=True)
    _read_only(project / ".cache")
    try:
        result = build(project)
    finally:
        (project / ".cache").chmod(0o755)
        (project / KEPT).chmod(0o755)
    sites.check(project, result)
    assert result.stderr.count(SAID) == 1, result.stderr[-2000:]
    assert os.listdir(project / KEPT) == []


def test_a_file_where_the_kept_folder_should_be(sites: Sites) -> None:
    project = sites.cold("not-a-folder")
    (project / ".cache").mkdir()
    (project / KEPT).write_text("not a folder\n")
    result = build(project)
    sites.check(project, result)
    assert result.stderr.count(SAID) == 1, result.stderr[-2000:]
    assert "(not a folder)" in result.stderr
    assert (project / KEPT).read_text() == "not a folder\n"


def test_a_full_disk_while_keeping(sites: Sites) -> None:
    project = sites.cold("disk-full")
    # The third file the build keeps cannot be written: ENOSPC, as from a full disk.
    result = build(project, "enospc", "policypress.kept.entries:link_or_copy", "3")
    sites.check(project, result)
    assert result.stderr.count(SAID) == 1, result.stderr[-2000:]
    assert "No space left on device" in result.stderr
    # What was kept before the disk filled up is intact; the next build completes the rest.
    shutil.rmtree(project / "site")
    again = build(project)
    assert "PolicyPress: the kept" not in again.stderr
    sites.check(project, again)
