"""Untrusted input (SPEC section 12) beyond the working tree: hostile old commits in a real git
repository, `policypress import` input, direction marks in a right-to-left policy, and the
excerpts that messages quote. The working-tree cases are in the fault catalogue (faults.py)."""

from __future__ import annotations

import os
import re
import subprocess
import resource
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, REPO, policypress
from faults.catalogue import DIRECTION_MARKS, INVISIBLE, alias_bomb
from policy_repo import PolicyRepo
from policypress.untrusted import EXCERPT_CHARS, find_invisible, is_rtl, short


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a command with a generous timeout; the result and the CPU seconds it took (which,
    unlike wall-clock time, a busy test machine does not inflate)."""
    env = {**os.environ, "POLICYPRESS_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    start = _child_cpu()
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=180, check=False)
    return result, _child_cpu() - start


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- History: a hostile old commit ---------------------------------------------------------

HOSTILE = {
    "alias bomb": (alias_bomb(9), "YAML anchor '&l0' is not allowed", "l0: &l0"),
    "merge key": ('id: data\ntitle: Data\nbase: {title: Data}\nother:\n  <<: {title: X}\n', "merge key '<<'", "<<:"),
    "right-to-left override": ('id: data\ntitle: "Da\u202eta"\nblocks: [We collect what you give us.]\n',
                               "U+202E RIGHT-TO-LEFT OVERRIDE", "title:"),
    "deep nesting": ("id: data\ntitle: Data\nblocks: " + "[" * 3000 + "]" * 3000 + "\n", "nested more than 32", "blocks:"),
}


def _history_with(tmp_path: Path, hostile: str | None) -> tuple[PolicyRepo, str | None]:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    if hostile is None:
        return repo, None
    repo.release("2026-02-01", "A change from a stranger.")
    repo.write_policy()
    (repo.path / "policy_src" / "sections" / "data.yaml").write_text(hostile, "utf-8")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Hostile", date="2026-02-01")
    sha = repo.git("rev-parse", "HEAD").strip()
    repo.release("2026-03-01", "Text restored.")
    repo.commit("Restore", "2026-03-01")  # the working tree is valid again
    return repo, sha


@pytest.fixture(scope="module")
def build_seconds(tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long a successful build of a small policy with history takes on this machine."""
    repo, _ = _history_with(tmp_path_factory.mktemp("baseline"), None)
    result, seconds = timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"], repo.path)
    assert result.returncode == 0, result.stderr
    return seconds


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_old_commit_is_refused_naming_the_commit(name: str, tmp_path: Path, build_seconds: float) -> None:
    text, message, marker = HOSTILE[name]
    repo, sha = _history_with(tmp_path, text)
    assert sha is not None
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    before = snapshot(site)
    result, seconds = timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], repo.path)
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if marker in row)
    located = (rf"^policy_src/sections/data\.yaml:{line}:\d+: error: in release '2026-02-01' "
               rf"\(commit {sha[:12]}\): .*{re.escape(message)}")
    assert re.search(located, result.stderr, re.MULTILINE), result.stderr[:2000]
    assert sum(len(row) for row in result.stderr.splitlines() if ": error: " in row) < 2000, result.stderr[:3000]
    assert seconds < build_seconds + 5, f"{seconds:.1f} s (a valid build: {build_seconds:.1f} s)"
    assert snapshot(site) == before


# --- Import ---------------------------------------------------------------------------------

IMPORT_CASES = {
    **{f"U+{code:04X}": (f"Connic{chr(code)} runs a platform.", f"U+{code:04X} {name}", "Connic")
       for code, name in {**INVISIBLE, **DIRECTION_MARKS}.items()},
    "a huge line": ("word " * 3_000, "a line of 15,000 characters", "word"),
    "a huge heading": ("## Heading" + " " * 3_000 + "{ #", "a heading of", "## Heading"),
}


@pytest.mark.parametrize("name", list(IMPORT_CASES))
def test_import_refuses_hostile_markdown(name: str, project: Path, tmp_path: Path) -> None:
    line_text, message, marker = IMPORT_CASES[name]
    markdown = tmp_path / "policy.md"
    text = f"# Privacy Policy\n\n## Who we are\n\nSome text.\n\n{line_text}\n\n## Contact\n\nWrite to us.\n"
    markdown.write_text(text, "utf-8")
    before = snapshot(project / "policy_src")
    result, seconds = timed([sys.executable, "-m", "policypress", "import", str(markdown)], project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if marker in row and n > 3)
    assert re.search(rf"^{re.escape(str(markdown))}:{line}:\d+: error: .*{re.escape(message)}", result.stderr, re.MULTILINE), result.stderr
    assert len(result.stderr) < 2000
    assert seconds < 10  # startup included; the checks themselves take milliseconds
    assert snapshot(project / "policy_src") == before


def test_import_refuses_too_many_headings(project: Path, tmp_path: Path) -> None:
    markdown = tmp_path / "policy.md"
    markdown.write_text("# Policy\n" + "## Same heading\n\nText.\n\n" * 1_200, "utf-8")
    result, _ = timed([sys.executable, "-m", "policypress", "import", str(markdown)], project)
    assert result.returncode == 1 and "more than 1,000 headings" in result.stderr and len(result.stderr) < 2000


# --- Right-to-left policies -----------------------------------------------------------------

def _to_arabic(project: Path) -> None:
    settings = project / "policy_src" / "settings.yaml"
    settings.write_text(settings.read_text("utf-8").replace("locale: en_US", "locale: ar"), "utf-8")


def test_direction_marks_are_allowed_in_a_right_to_left_policy(project: Path) -> None:
    _to_arabic(project)
    intro = project / "policy_src" / "sections" / "introduction.yaml"
    intro.write_text(intro.read_text("utf-8").replace("Connic operates", "Connic\u200f operates\u200e\u061c"), "utf-8")
    result = policypress("validate", cwd=project)
    assert result.returncode == 0, result.stderr


def test_a_right_to_left_policy_still_refuses_overrides(project: Path) -> None:
    _to_arabic(project)
    intro = project / "policy_src" / "sections" / "introduction.yaml"
    intro.write_text(intro.read_text("utf-8").replace("Connic operates", "Connic\u202e operates"), "utf-8")
    result = policypress("validate", cwd=project)
    assert result.returncode == 1
    assert re.search(r"introduction\.yaml:\d+:\d+: error: invisible character U\+202E RIGHT-TO-LEFT OVERRIDE", result.stderr)


def test_direction_marks_in_english_settings_are_refused(project: Path) -> None:
    settings = project / "policy_src" / "settings.yaml"
    settings.write_text(settings.read_text("utf-8").replace("title: Privacy Policy", "title: Privacy\u200f Policy"), "utf-8")
    result = policypress("validate", cwd=project)
    assert result.returncode == 1
    assert re.search(r"^policy_src/settings\.yaml:4:15: error: invisible character U\+200F RIGHT-TO-LEFT MARK", result.stderr, re.MULTILINE), result.stderr


def test_a_direction_mark_that_breaks_the_settings_syntax_is_named(project: Path) -> None:
    # A mark before a key makes the line unparseable; the message names the mark, not only YAML.
    settings = project / "policy_src" / "settings.yaml"
    settings.write_text(settings.read_text("utf-8").replace("\nformat:", "\n\u200eformat:", 1), "utf-8")
    result = policypress("validate", cwd=project)
    assert result.returncode == 1
    assert re.search(r"^policy_src/settings\.yaml:3:1: error: invisible character U\+200E LEFT-TO-RIGHT MARK", result.stderr, re.MULTILINE), result.stderr
    assert "Traceback" not in result.stderr


# --- Excerpts and the checker's interface (for the PO loader of issue 13) --------------------

def test_a_huge_bad_value_is_quoted_as_an_excerpt(project: Path) -> None:
    regions = project / "policy_src" / "regions.yaml"
    regions.write_text(regions.read_text("utf-8").replace("- id: eea", "- id: " + "EEA" * 3_000, 1), "utf-8")
    result = policypress("validate", cwd=project)
    assert result.returncode == 1 and "9,000 characters" in result.stderr, result.stderr[:2000]
    assert len(result.stderr) < 2000


def test_short_quotes_at_most_the_excerpt() -> None:
    assert short("gdpr") == "'gdpr'"
    long = short("x" * 50_000)
    assert long.startswith("'" + "x" * EXCERPT_CHARS + "…'") and "(50,000 characters)" in long
    assert short({"a": 1, "b": 2}) == "a mapping of 2 keys"


def test_find_invisible_reports_line_column_and_name() -> None:
    text = "\ufefffirst line\nsecond \u202eline\u200b\n"
    assert [(i.line, i.column, i.describe()) for i in find_invisible(text)] == [
        (2, 8, "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (2, 13, "U+200B ZERO WIDTH SPACE"),
    ]
    assert find_invisible("a\u200fb", rtl=True) == [] and len(find_invisible("a\u200fb")) == 1
    assert is_rtl("ar") and is_rtl("he_IL") and is_rtl("fa") and not is_rtl("en_US") and not is_rtl("xx_YY")


def test_the_real_policy_has_no_invisible_characters() -> None:
    for path in sorted((REPO / "policy_src").rglob("*.yaml")):
        assert find_invisible(path.read_text("utf-8")) == [], path
