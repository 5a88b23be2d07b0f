"""PolicyPress as a package: a wheel built from this checkout holds every file the engine reads,
and installed alone into a fresh virtual environment it makes, builds and publishes a new site
(SPEC section 15).

One wheel and one environment serve the module. The wheel is built by `pip wheel` from a copy of
the package's sources, so nothing is written into the checkout; its dependencies come from the
package index (pip's cache makes a second run quick). Every command runs from a folder outside
the checkout, with the fresh environment's Python, so the checkout's `build_hooks/` is on no
path: what works, works from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import AS_OF, REPO

pytestmark = pytest.mark.slow
PACKAGE = REPO / "build_hooks" / "policypress"
# A policy of our own invention, for a company that does not exist.
POLICY = """\
# Privacy Notice

Fernhill Bakeries runs three bakeries and an online order form.

## What we collect

When you order online we keep your name, your e-mail address and what you ordered.

## Why we collect it

- To bake and deliver your order.
- To answer your questions about it.

## Your rights in the European Economic Area

You may ask us for a copy of your data, and ask us to correct or erase it.

## Contact

Write to Fernhill Bakeries, 4 Mill Lane, Fernhill.
"""
TAGS = "Your rights in the European Economic Area: [gdpr]\n"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel `pip wheel .` builds from a copy of this checkout's package sources: the files
    git tracks, as a clone has them (a file that .gitignore hides is in no clone)."""
    source = tmp_path_factory.mktemp("source")
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--", "pyproject.toml", "README.md", "build_hooks/policypress"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    for relative in filter(None, tracked):
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / relative, source / relative)
    dist = tmp_path_factory.mktemp("dist")
    result = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), "."], source)
    assert result.returncode == 0, result.stderr
    (built,) = dist.glob("policypress-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel (and its dependencies) installed; its bin/."""
    folder = tmp_path_factory.mktemp("venv")
    assert _run([sys.executable, "-m", "venv", str(folder)], folder).returncode == 0
    bin_dir = folder / "bin"
    result = _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], folder)
    assert result.returncode == 0, result.stderr
    return bin_dir


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A command with nothing of the checkout's environment that could point into it."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    full = {**clean, "POLICYPRESS_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(args, cwd=cwd, env=full, capture_output=True, text=True, check=False)


def _package_files(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield "policypress/" + path.relative_to(folder).as_posix()


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = set(_package_files(PACKAGE))
    # Every file of the package is tracked (or a clone lacks it) and in the wheel.
    assert expected - names == set()
    # What the engine reads at run time, by kind: none of it may be left behind.
    for needed in (
        "policypress/schemas/releases.schema.json",
        "policypress/templates/pages/landing.md.j2",
        "policypress/templates/pages/unpublished.md.j2",
        "policypress/templates/feeds/atom.xml.j2",
        "policypress/locale/pt_BR/LC_MESSAGES/policypress.po",
        "policypress/laws/disclosures.yaml",
        "policypress/scaffold/regions.yaml",
        "policypress/scaffold/files/mkdocs.yml.j2",
        "policypress/scaffold/files/dot-github/workflows/publish.yml",
        "policypress/scaffold/files/overrides/main.html",
    ):
        assert needed in names, needed
    assert not [n for n in names if "mkdocs_hooks" in n or n.startswith("tests/")]
    metadata = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    entry_points = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "[mkdocs.plugins]\npolicypress = policypress.adapter.plugin:PolicyPressPlugin" in entry_points
    assert "[console_scripts]\npolicypress = policypress.cli:main" in entry_points


def test_a_new_site_is_made_built_imported_released_and_built_with_the_wheel_alone(venv: Path, tmp_path: Path) -> None:
    # The engine is the wheel's, not the checkout's.
    where = _run([str(venv / "python"), "-c", "import policypress, sys; print(policypress.__file__); print(sys.path)"], tmp_path)
    assert where.returncode == 0, where.stderr
    assert where.stdout.startswith(str(venv.parent)) and str(REPO) not in where.stdout

    result = _run([str(venv / "policypress"), "new", "site", "--company", "Fernhill Bakeries", "--regions", "eea,global"], tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    _git(site, "init", "-q", "-b", "main")
    _commit(site, "A new site", "2026-01-05")

    out = tmp_path / "out"
    result = _run([str(venv / "mkdocs"), "build", "--strict", "-d", str(out)], site)
    assert result.returncode == 0, result.stderr
    landing = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    assert "Nothing is published here yet" in landing.select_one(".policy-unpublished").get_text()
    assert not (out / "eea").exists()

    (tmp_path / "policy.md").write_text(POLICY, "utf-8")
    (tmp_path / "tags.yaml").write_text(TAGS, "utf-8")
    result = _run([str(venv / "policypress"), "import", "../policy.md", "--tags", "../tags.yaml"], site)
    assert result.returncode == 0, result.stderr
    sections = sorted((site / "policy_src" / "sections").glob("*.yaml"))
    assert [path.stem for path in sections] == ["contact", "what-we-collect", "why-we-collect-it", "your-rights-in-the-european-economic-area"]
    # No build_hooks/ beside the site: the files name the schemas of the wheel's version.
    release = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    schemas = f"# yaml-language-server: $schema=https://raw.githubusercontent.com/policypress/policypress/v{release}/build_hooks/policypress/schemas/"
    assert all(path.read_text("utf-8").startswith(schemas + "section.schema.json\n") for path in sections)
    _commit(site, "Import the policy", "2026-01-10")
    result = _run([str(venv / "policypress"), "release", "2026-01-15", "--summary", "First published version.", "--published", "2026-01-15"], site)
    assert result.returncode == 0, result.stderr
    _commit(site, "First release", "2026-01-15")

    result = _run([str(venv / "mkdocs"), "build", "--strict", "-d", str(out)], site)
    assert result.returncode == 0, result.stderr
    eea = BeautifulSoup((out / "eea" / "index.html").read_text("utf-8"), "html.parser").get_text(" ", strip=True)
    world = BeautifulSoup((out / "global" / "index.html").read_text("utf-8"), "html.parser").get_text(" ", strip=True)
    assert "When you order online we keep your name" in eea and "You may ask us for a copy of your data" in eea
    assert "When you order online we keep your name" in world and "You may ask us for a copy of your data" not in world
    assert "policy-unpublished" not in (out / "index.html").read_text("utf-8")
    data = json.loads((out / "api" / "policy.json").read_text("utf-8"))
    assert [r["version"] for r in data["releases"]] == ["2026-01-15"]
    assert (out / "eea" / "2026-01-15" / "index.html").is_file()


def _git(folder: Path, *args: str, date: str = "2026-01-05") -> None:
    stamp = f"{date}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.test", *args],
        cwd=folder, env=env, check=True, capture_output=True,
    )


def _commit(folder: Path, message: str, date: str) -> None:
    _git(folder, "add", "-A", date=date)
    _git(folder, "commit", "-q", "-m", message, date=date)
