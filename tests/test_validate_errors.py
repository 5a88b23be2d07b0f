"""Broken sources: `policypress validate` and `mkdocs build` name the file, line and problem.

Each case breaks one file of a copy of the real policy; the expected line is where the broken
text sits in that file, so the assertion checks the reported location, not just the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import mkdocs_build, policypress


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    old: str
    new: str
    message: str
    marker: str
    """Text on the line the problem should be reported at (in the broken file)."""
    raw: bytes | None = None
    at: str | None = None
    """The file the problem is reported in, when it is not the broken one."""
    last: bool = False
    """Whether the marker's last occurrence (not its first) is where the problem is."""


def line_of(text: str, marker: str, last: bool = False) -> int:
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert lines, f"marker {marker!r} not in file"
    return lines[-1] if last else lines[0]


CASES = [
    Case("tab indentation", "policy_src/settings.yaml", "  dpo_email:", "\tdpo_email:",
         "YAML syntax", "dpo_email:"),
    Case("unknown key", "policy_src/settings.yaml", "title: Privacy Policy", "titel: Privacy Policy",
         "unknown key 'titel'", "titel:"),
    Case("missing required key", "policy_src/sections/cookies.yaml", "title: Cookies and Tracking Technologies\n", "",
         "missing required key 'title'", "id: cookies"),
    Case("wrong type", "policy_src/settings.yaml", "notice_days: 30", "notice_days: thirty",
         "notice_days must be a whole number", "notice_days:"),
    Case("unknown tag on a region", "policy_src/regions.yaml", "tags: [gdpr, uk]", "tags: [gdpr, ukk]",
         "unknown jurisdiction tag 'ukk'", "- id: uk"),
    Case("duplicate region id", "policy_src/regions.yaml", "- id: switzerland", "- id: eea",
         "region id 'eea' is used twice", "- id: eea", last=True),
    Case("unknown placeholder", "policy_src/sections/childrens-privacy.yaml", "{{ privacy_email }}",
         "{{ privacy_mail }}", "unknown placeholder '{{ privacy_mail }}'", "please contact us at"),
    Case("unknown reference", "policy_src/sections/information-we-collect.yaml", "{{ section:cookies }}",
         "{{ section:cookie }}", "reference to unknown section 'cookie'", "See {{ section:cookie }}"),
    Case("reference to a section missing from some pages", "policy_src/sections/introduction.yaml",
         "we have noted this in the relevant sections.",
         "we have noted this in the relevant sections, e.g. {{ section:california-rights }}.",
         "not on the page of brazil, eea, global, switzerland, uk, us-states", "we have noted this"),
    Case("duplicate section id", "policy_src/sections/data-security.yaml", "id: security-measures",
         "id: retention-periods", "section id 'retention-periods' is already used", "id: retention-periods"),
    Case("unknown tag on a block", "policy_src/sections/contact.yaml", "tags: [gdpr]", "tags: [gdrp]",
         "unknown jurisdiction tag 'gdrp'", "- text: '**Right to Lodge"),
    Case("impossible date", "policy_src/releases.yaml", "published: 2025-12-19", "published: 2025-02-30",
         "published must be a real date", "published:"),
    Case("duplicate version", "policy_src/releases.yaml", "summary: First published version.\n",
         "summary: First published version.\n- version: \"2025-12-19\"\n  summary: Again.\n",
         "version '2025-12-19' is already in the release log", "- version:", last=True),
    Case("effective before published", "policy_src/releases.yaml", "  material: false",
         "  effective: 2025-12-01\n  material: false", "takes effect (2025-12-01) before it is published",
         "- version:"),
    Case("material for an unknown region", "policy_src/releases.yaml", "material: false",
         "material: [californa]", "'material' names unknown region 'californa'", "- version:"),
    Case("template syntax", "policy_src/sections/third-party-services.yaml", "This Privacy Policy does not apply",
         "This Privacy Policy {% if x %} does not apply", "'{%' is template syntax", "{% if x %}"),
    Case("section missing from the outline", "policy_src/settings.yaml", "  - childrens-privacy\n", "",
         "section 'childrens-privacy' is not in the 'sections' list", "id: childrens-privacy",
         at="policy_src/sections/childrens-privacy.yaml"),
    Case("content shown on no page", "policy_src/sections/international-transfers.yaml", "tags: [uk]",
         "tags: [ccpa]", "this list item appears on no region page", "**UK International Data Transfer"),
    Case("non-UTF-8 bytes", "policy_src/sections/introduction.yaml", "", "", "not valid UTF-8", "Connic operates",
         raw="Connic operates".encode()),
    Case("empty file", "policy_src/sections/contact.yaml", "", "", "the file is empty", "", raw=b""),
]


def apply(case: Case, project: Path) -> str:
    target = project / case.path
    if case.raw is not None:
        if case.raw:  # corrupt the line holding the marker with a Latin-1 byte
            data = target.read_bytes().replace(case.raw, case.raw + b" caf\xe9", 1)
        else:
            data = b""
        target.write_bytes(data)
        return data.decode("latin-1")
    text = target.read_text("utf-8")
    assert case.old in text, f"{case.name}: {case.old!r} not in {case.path}"
    broken = text.replace(case.old, case.new, 1)
    target.write_text(broken, "utf-8")
    return broken


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_validate_reports_file_line_and_message(case: Case, project: Path) -> None:
    broken = apply(case, project)
    result = policypress("validate", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    reported_in = case.at or case.path
    text = (project / reported_in).read_text("utf-8") if case.at else broken
    line = line_of(text, case.marker, case.last) if case.marker else 1
    pattern = rf"^{re.escape(reported_in)}:{line}:\d+: error: .*{re.escape(case.message)}"
    assert re.search(pattern, result.stderr, re.MULTILINE), result.stderr


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
