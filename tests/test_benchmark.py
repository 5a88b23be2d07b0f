"""The benchmark works (at a tiny size; timings belong in benchmarks/README.md, not in tests)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import REPO, run


def test_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    result = run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--releases", "3", "--work", str(tmp_path)], REPO)
    assert result.returncode == 0, result.stderr[-2000:]
    row = re.search(r"^\| 3 \| 1 \| (\d+) \| (\d+) \| (\d+|–) \| ([\d.]+) \| [\d.]+ \| ([\d.]+) \(\d+%\) \|", result.stdout, re.MULTILINE)
    assert row, result.stdout
    assert int(row.group(1)) > 30  # pages: landing, 8 current pages, histories, archives, redlines
    assert (tmp_path / "repo-3" / ".git").is_dir()
    log = run(["git", "log", "--oneline"], tmp_path / "repo-3").stdout.splitlines()
    assert len(log) == 3


def test_benchmark_makes_a_three_document_site(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    project = generate(tmp_path / "repo", 2, documents=3)
    assert sorted(p.name for p in (project / "policy_src" / "documents").iterdir()) == ["doc-2", "doc-3"]
    result = run([sys.executable, "-m", "policypress", "validate"], project)
    assert result.returncode == 0, result.stderr
    assert "policy_src/documents/doc-3/ (Document 3): " in result.stdout and "2 releases" in result.stdout


def test_preview_benchmark_times_saves_under_a_real_mkdocs_serve(tmp_path: Path) -> None:
    # A real `mkdocs serve` on a free port: each save must show in the served page.
    result = run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--preview", "--releases", "3", "--runs", "3",
                  "--work", str(tmp_path)], REPO)
    assert result.returncode == 0, result.stderr[-2000:]
    row = re.search(r"^\| 3 \| [^|]+ \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \(", result.stdout, re.MULTILINE)
    assert row, result.stdout
    assert all(float(value) > 0 for value in row.groups())
    # The section file is restored after the measurement.
    assert run(["git", "status", "--porcelain", "policy_src"], tmp_path / "preview-3").stdout == ""


@pytest.mark.slow
def test_incremental_benchmark_builds_the_same_bytes_as_a_cold_build(tmp_path: Path) -> None:
    # With PDFs, as a publishing build makes them: the incremental build must take the PDFs the
    # cold build before it kept, and lay out only the new release's.
    result = run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--incremental", "--releases", "3",
                  "--work", str(tmp_path)], REPO, POLICYPRESS_PDF="1")
    assert result.returncode == 0, result.stderr[-2000:]
    row = re.search(r"^\| 3 \| \d+ \| (\d+) \| [\d.]+ \([\d.]+, \d+%\) \| [\d.]+ \((\d+), [\d.]+\) \| \d+% \| "
                    r"[\d.]+ \([\d.]+%\) \| [\d.]+ \| yes \|$",
                    result.stdout, re.MULTILINE)
    assert row, result.stdout
    pdfs, laid_out = int(row.group(1)), int(row.group(2))
    assert pdfs >= 16  # at least one per page and published version
    assert 0 < laid_out <= pdfs // 3  # the last release's PDFs only
    progress = result.stderr
    assert re.search(r"3 releases, cold build: .*PDFs (\d+) \(\1 laid out", progress), progress


@pytest.mark.slow
def test_pull_request_benchmark_lays_out_only_the_new_release_s_pdfs(tmp_path: Path) -> None:
    # The last publish's kept folder (its published PDFs kept as records) restored for the
    # pull request: its build lays out only the PDFs of the release it adds.
    result = run([sys.executable, str(REPO / "benchmarks" / "pull_request.py"), "--releases", "3", "--work", str(tmp_path)],
                 REPO, POLICYPRESS_PDF="1")
    assert result.returncode == 0, result.stderr[-2000:]
    row = re.search(r"^\| 3 \| (\d+) \| [\d.]+ \| [\d.]+ \| [\d. ·]+ \| [\d.]+ \| (\d+) \|$", result.stdout, re.MULTILINE)
    assert row, result.stdout
    pdfs, laid_out = int(row.group(1)), int(row.group(2))
    assert pdfs >= 16 and 0 < laid_out <= pdfs // 3
    assert "keeping the published PDFs as records" in result.stderr
