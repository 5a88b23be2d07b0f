"""Broken sources: `policypress validate` and `mkdocs build` name the file, line and problem.

Each case breaks one file of a copy of the real policy; the expected line is where the broken
text sits in that file, so the assertion checks the reported location, not just the message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import mkdocs_build, policypress
from faults.catalogue import VALIDATE_CASES as CASES
from faults.catalogue import apply, expected_location


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_validate_reports_file_line_and_message(case: Case, project: Path) -> None:
    broken = apply(case, project)
    result = policypress("validate", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert re.search(expected_location(case, project, broken), result.stderr, re.MULTILINE), result.stderr


def test_validate_reports_every_problem_at_once(project: Path) -> None:
    for case in (CASES[1], CASES[6], CASES[11]):  # settings, a section and the release log
        apply(case, project)
    result = policypress("validate", cwd=project)
    assert result.returncode == 1
    # Renaming 'title' to 'titel' is two problems: a missing key and an unknown one.
    assert len(re.findall(r"^policy_src/\S+:\d+:\d+: error: ", result.stderr, re.MULTILINE)) == 3
    # Shape errors come first; meaning checks (the placeholder) run once the shapes are right.
    assert "unknown key 'titel'" in result.stderr and "published must be a real date" in result.stderr


def test_validate_reports_all_meaning_problems(project: Path) -> None:
    for case in (CASES[6], CASES[7], CASES[9], CASES[10]):
        apply(case, project)
    result = policypress("validate", cwd=project)
    assert result.returncode == 1
    # An unknown tag is reported once, not again as "appears on no region page".
    assert len(re.findall(r"^policy_src/\S+:\d+:\d+: error: ", result.stderr, re.MULTILINE)) == 4


def test_validate_accepts_the_real_sources(project: Path) -> None:
    result = policypress("validate", cwd=project / "policy_src" / "sections")
    assert result.returncode == 0, result.stderr
    assert "policy_src/ is valid" in result.stdout


def test_validate_outside_a_policy_repository(tmp_path: Path) -> None:
    result = policypress("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "no policy_src/ folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_misuse_of_the_command_line_exits_2(project: Path) -> None:
    result = policypress("validate", "--no-such-option", cwd=project)
    assert result.returncode == 2


def test_mkdocs_build_fails_with_the_same_messages_and_keeps_the_old_site(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    apply(CASES[6], project)
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(
        r"policy_src/sections/childrens-privacy.yaml:\d+:\d+: error: unknown placeholder", result.stderr
    ), result.stderr
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
