"""Shared fixtures: a copy of the real sources to break, the CLI as a subprocess, a built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
# The published Connic policy as written (what /full/ must show word for word), kept in the
# repository so the suite runs from a clone alone.
SEED = REPO / "tests" / "data" / "connic-privacy-policy-2025-12-19.txt"
AS_OF = "2026-11-27"
# Builds make no PDFs unless a test asks (POLICYPRESS_PDF="1", as tests/test_pdf.py does): the
# suite builds sites hundreds of times on two cores, and a build with PDFs starts Typst's worker
# processes. PDFs are made from the same view as the pages the other tests read, so they lose
# nothing but the PDF link; a developer can still run everything with POLICYPRESS_PDF=1.
os.environ.setdefault("POLICYPRESS_PDF", "0")
EXAMPLE_AS_OF = "2026-12-04"


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a command with a fixed as-of date, capturing its output as text."""
    full_env = {**os.environ, "POLICYPRESS_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(args, cwd=cwd, env=full_env, capture_output=True, text=True, check=False)


def policypress(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The `policypress` command line, run as an editor would."""
    return run([sys.executable, "-m", "policypress", *args], cwd)


def mkdocs_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project folder into `site_dir`."""
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)], project, **env)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of this repository's site sources (policy, docs, mkdocs.yml) to change freely."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("policy_src", "docs", "overrides", "build_hooks"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    # Builds read releases from git: commit the copy, dated like the real first release.
    stamp = {"GIT_AUTHOR_DATE": "2025-12-19T12:00:00Z", "GIT_COMMITTER_DATE": "2025-12-19T12:00:00Z"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                 ["-c", "user.name=Editor", "-c", "user.email=editor@example.test", "commit", "-q", "-m", "Copy"]):
        subprocess.run(["git", *args], cwd=target, env={**os.environ, **stamp}, check=True, capture_output=True)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's site, built once with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The showcase in examples/ (a subfolder of this repository), built in place with
    `mkdocs build --strict`; its releases come from this repository's history."""
    site = tmp_path_factory.mktemp("example-site")
    # The example's story runs to its tables of December 1, 2026 (see examples/README.md).
    result = mkdocs_build(REPO / "examples", site, POLICYPRESS_AS_OF=EXAMPLE_AS_OF)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def page(built_site: Path) -> Callable[[str], BeautifulSoup]:
    """Parse a built page by URL path, e.g. page("california/")."""

    def load(url: str) -> BeautifulSoup:
        path = built_site / url.strip("/") / "index.html" if not url.endswith(".html") else built_site / url
        return BeautifulSoup(path.read_text("utf-8"), "html.parser")

    return load
