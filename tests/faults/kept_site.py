"""A small published site with PDFs for the fault tests of the kept files, and the checks
every such test ends with.

`Sites.warm()` is a copy of a two-release repository (three regions, eight PDFs) right after a
publishing build (`site/` and `.cache/policypress/` in place); `Sites.cold()` the same without
`.cache/`. `reference` is what a cold build of it publishes, byte for byte. The repository
ignores what a new site's `.gitignore` ignores (`policypress new`'s), so `git status` shows
anything else a build leaves behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import AS_OF, REPO
from policy_repo import PolicyRepo, released_twice

INJECT = Path(__file__).resolve().parent / "inject.py"
KEPT = Path(".cache") / "policypress"
ENV = {"POLICYPRESS_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1", "POLICYPRESS_PDF": "1"}


def build(project: Path, *inject: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of `project` into its `site/`, with PDFs; `inject`: a fault
    (ACTION, MODULE:NAME, N) for `inject.py`."""
    command = [sys.executable, str(INJECT), *inject, "--"] if inject else [sys.executable, "-m", "mkdocs"]
    return subprocess.run([*command, "build", "--strict"], cwd=project, env={**os.environ, **ENV},
                          capture_output=True, text=True, timeout=timeout, check=False)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by relative path."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def untracked(project: Path) -> list[str]:
    """What `git status --porcelain` lists (nothing, when every leftover is ignored or gone)."""
    return subprocess.run(["git", "status", "--porcelain", "--ignored=no"], cwd=project, capture_output=True,
                          text=True, check=True).stdout.splitlines()


def leftovers(project: Path) -> list[str]:
    """Staging and set-aside folders beside `site/`, and temporary files in the kept folder."""
    beside = [path.name for path in project.iterdir() if path.name.startswith(".site.")]
    kept = project / KEPT
    inside = [path.name for path in kept.rglob(".tmp-*")] if kept.is_dir() else []
    return beside + inside


@dataclass
class Sites:
    template: Path
    reference: dict[str, bytes]
    workspace: Path

    def warm(self, name: str) -> Path:
        """A copy of the published repository, its kept folder filled by the last build."""
        target = self.workspace / name
        shutil.copytree(self.template, target, symlinks=True)
        return target

    def cold(self, name: str) -> Path:
        """A copy of the published repository without its kept folder (`site/` in place)."""
        target = self.warm(name)
        shutil.rmtree(target / ".cache")
        return target

    def check(self, project: Path, result: subprocess.CompletedProcess[str]) -> None:
        """The build succeeded, printed no traceback, published what a cold build does, and
        left nothing behind."""
        assert result.returncode == 0, result.stderr[-3000:]
        assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
        built = tree(project / "site")
        assert sorted(built) == sorted(self.reference)
        assert [name for name in built if built[name] != self.reference[name]] == []
        assert untracked(project) == []
        assert leftovers(project) == []


def make_sites(workspace: Path) -> Sites:
    """Build the template repository cold and keep its output as the reference."""
    repo = released_twice(PolicyRepo(workspace / "template"), material=["north"])
    gitignore = (REPO / "build_hooks" / "policypress" / "scaffold" / "files" / "dot-gitignore.j2").read_text()
    (repo.path / ".gitignore").write_text(gitignore)
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Ignore what a new site ignores", date="2026-03-02")
    result = build(repo.path)
    assert result.returncode == 0, result.stderr
    assert list((repo.path / "site").rglob("*.pdf")), "the fault tests need a site with PDFs"
    return Sites(repo.path, tree(repo.path / "site"), workspace)
