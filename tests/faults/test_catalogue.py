"""Every fault of the catalogue stops `mkdocs build`: located message, exit 1, no traceback,
and the previously built site/ exactly as it was."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import mkdocs_build
from faults.catalogue import CATALOGUE, MORE_VALIDATE_CASES, UNTRUSTED_CASES, Case, apply, expected_location


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_catalogue_is_large_and_distinct() -> None:
    assert len(CATALOGUE) >= 40
    assert len({case.name for case in CATALOGUE}) == len(CATALOGUE)
    assert {case.path.split("/")[1] if "/" in case.path else case.path for case in CATALOGUE} >= {
        "settings.yaml", "regions.yaml", "releases.yaml", "sections"
    }


@pytest.mark.parametrize("case", CATALOGUE, ids=[case.name for case in CATALOGUE])
def test_fault_stops_the_build_and_keeps_the_site(case: Case, project: Path, built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    before = snapshot(site)
    broken = apply(case, project)
    result = mkdocs_build(project, site)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert re.search(expected_location(case, project, broken), result.stderr, re.MULTILINE), result.stderr
    assert snapshot(site) == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


@pytest.mark.parametrize("case", MORE_VALIDATE_CASES, ids=[case.name for case in MORE_VALIDATE_CASES])
def test_validate_reports_the_fault_too(case: Case, project: Path) -> None:
    from conftest import policypress

    broken = apply(case, project)
    result = policypress("validate", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(expected_location(case, project, broken), result.stderr, re.MULTILINE), result.stderr


@pytest.fixture(scope="module")
def validate_seconds() -> float:
    """The CPU seconds `policypress validate` of the intact policy takes (startup included)."""
    from conftest import REPO, policypress

    start = _child_cpu()
    assert policypress("validate", cwd=REPO).returncode == 0
    return _child_cpu() - start


def _child_cpu() -> float:
    """CPU seconds used by finished child processes: unlike wall-clock time, not inflated when
    the machine running the tests is busy, and a bomb being expanded would still burn it."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.mark.parametrize("case", UNTRUSTED_CASES, ids=[case.name for case in UNTRUSTED_CASES])
def test_untrusted_input_is_refused_quickly_and_briefly(case: Case, project: Path, validate_seconds: float) -> None:
    from conftest import AS_OF

    broken = apply(case, project)
    start = _child_cpu()
    # A generous timeout: before the limits, the nine-level bomb ran for minutes, growing.
    result = subprocess.run([sys.executable, "-m", "policypress", "validate"], cwd=project, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "POLICYPRESS_AS_OF": AS_OF}, check=False)
    elapsed = _child_cpu() - start
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(expected_location(case, project, broken), result.stderr, re.MULTILINE), result.stderr[:2000]
    assert len(result.stderr) < 2000, result.stderr[:2000]
    # Refusing costs at most 5 seconds (of CPU) more than validating the intact policy.
    assert elapsed < validate_seconds + 5, f"{elapsed:.1f} s (intact: {validate_seconds:.1f} s)"
