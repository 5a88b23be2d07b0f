"""`policypress check` names a changed preamble as the preamble: it is not a section."""

from __future__ import annotations

from pathlib import Path

from blocks_sources import format_2_settings
from conftest import policypress
from policy_repo import PolicyRepo


def _sections_cell(summary: str, page: str) -> str:
    """The "Sections" cell of a page's row in the summary's table."""
    header = next(line for line in summary.splitlines() if line.startswith("| Page |"))
    column = [cell.strip() for cell in header.split("|")].index("Sections")
    row = next(line for line in summary.splitlines() if line.startswith(f"| {page} |"))
    return [cell.strip() for cell in row.split("|")][column]


def _repo(tmp_path: Path) -> PolicyRepo:
    """main with one format-2 release that has a preamble; a branch to change it on."""
    repo = PolicyRepo(tmp_path / "repo")
    repo.settings = format_2_settings(["Acme explains here what it does with your data."])
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.git("checkout", "-q", "-b", "change")
    return repo


def test_check_names_a_changed_preamble_and_counts_only_sections(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.settings = format_2_settings(["Acme explains here what it does with the data you give it."])
    repo.release("2026-02-01", "Clearer preamble.")
    repo.commit("Change the preamble", "2026-01-20")
    result = policypress("check", "--base", "main", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for page in ("The North", "The South", "The West"):
        assert _sections_cell(out, page) == "preamble changed"
    # The change reads the same on every page: one redline, headed "<pages>: <counts>".
    assert out.count("#### The North, The South and The West (and the complete text): preamble changed\n") == 1
    assert "1 changed" not in out and "no section changed" not in out


def test_check_counts_sections_besides_the_preamble(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.settings = format_2_settings(["Acme explains here what it does with the data you give it."])
    repo.sections["contact"]["blocks"] = ["Acme, 2 Test Street."]
    repo.release("2026-02-01", "Clearer preamble, new address.")
    repo.commit("Change the preamble and the address", "2026-01-20")
    out = policypress("check", "--base", "main", cwd=repo.path).stdout
    assert _sections_cell(out, "The West") == "preamble changed, 1 changed"
    assert "#### The North, The South and The West (and the complete text): preamble changed, 1 changed\n" in out


def test_check_names_an_added_preamble(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.git("checkout", "-q", "-b", "change")
    repo.settings = format_2_settings(["Acme explains here what it does with your data."])
    repo.release("2026-02-01", "A preamble.")
    repo.commit("Add a preamble", "2026-01-20")
    out = policypress("check", "--base", "main", cwd=repo.path).stdout
    assert _sections_cell(out, "The West") == "preamble added"
    assert "1 added" not in out


def test_diff_in_the_terminal_names_the_preamble_and_counts_only_sections(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    repo.settings = format_2_settings(["Acme explains here what it does with the data you give it."])
    repo.commit("Change the preamble", "2026-01-20")
    result = policypress("diff", "2026-01-10", "worktree", "--region", "west", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "The preamble and 0 of " in result.stdout
    sections = policypress("diff", "2026-01-10", "2026-01-10", "--region", "west", cwd=repo.path).stdout
    compared = int(sections.rsplit("(", 1)[1].split()[0])
    assert f"The preamble and 0 of {compared} sections changed." in result.stdout
