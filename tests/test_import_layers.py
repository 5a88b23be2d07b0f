"""The stage order is enforced: `lint-imports` (import-linter, configured in pyproject.toml)
keeps the package's layers, and fails on an upward import or a cycle planted in a copy of it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

from conftest import REPO

PACKAGE = REPO / "build_hooks" / "policypress"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path, source_root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the repository's contracts, over the package under `source_root`."""
    env = {**os.environ, "PYTHONPATH": str(source_root)}  # ahead of the installed package
    return subprocess.run([str(LINT_IMPORTS), str(cwd / "pyproject.toml"), "--no-cache"],
                          cwd=cwd, env=env, capture_output=True, text=True, check=False)


def planted(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of the package and its contracts with `line` added to `module` (a path in it)."""
    source_root = tmp_path / "src"
    shutil.copytree(PACKAGE, source_root / "policypress", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = source_root / "policypress" / module
    target.write_text(target.read_text("utf-8") + f"\n{line}  # planted\n", "utf-8")
    return source_root


def test_the_package_keeps_every_contract() -> None:
    result = lint_imports(REPO, REPO / "build_hooks")
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in ("Stages: each imports only from earlier ones KEPT", "No cycles between the modules of a package KEPT",
                     "Only the adapter imports MkDocs KEPT"):
        assert contract in result.stdout
    assert "0 broken" in result.stdout


def test_an_import_from_a_later_stage_breaks_the_stages(tmp_path: Path) -> None:
    source_root = planted(tmp_path, "sources/tree.py", "from policypress.emit.urls import SiteUrls")
    result = lint_imports(tmp_path, source_root)
    assert result.returncode == 1
    assert "Stages: each imports only from earlier ones BROKEN" in result.stdout
    assert "policypress.sources.tree -> policypress.emit.urls" in result.stdout


def test_a_cycle_between_the_modules_of_a_package_breaks_a_contract(tmp_path: Path) -> None:
    source_root = planted(tmp_path, "emit/urls.py", "import policypress.emit.pages")
    result = lint_imports(tmp_path, source_root)
    assert result.returncode == 1
    assert "No cycles between the modules of a package BROKEN" in result.stdout
    assert "policypress.emit" in result.stdout and "- .urls -> .pages (1 import)" in result.stdout


def test_mkdocs_outside_the_adapter_breaks_a_contract(tmp_path: Path) -> None:
    source_root = planted(tmp_path, "emit/urls.py", "import mkdocs")
    result = lint_imports(tmp_path, source_root)
    assert result.returncode == 1
    assert "Only the adapter imports MkDocs BROKEN" in result.stdout
    assert "policypress.emit.urls -> mkdocs" in result.stdout


def test_no_module_imports_itself_through_others() -> None:
    """No cycle at all, a package's own `__init__` included (which the contracts, comparing
    siblings, do not see): the strongly connected parts of the import graph are single modules."""
    graph = grimp.build_graph("policypress", cache_dir=None)
    cycles = [
        chain for module in sorted(graph.modules)
        for imported in graph.find_modules_directly_imported_by(module)
        if (chain := graph.find_shortest_chain(importer=imported, imported=module))
    ]
    assert not cycles, cycles[:5]


def test_the_manual_writes_the_stage_order_the_contract_enforces() -> None:
    page = (REPO / "manual/docs/explanation/how-it-is-built.md").read_text("utf-8")
    block = page.split("## The stage order", 1)[1].split("```\n", 2)[1]
    written = [re.split(r"\s{2,}", line, maxsplit=1)[0] for line in block.splitlines()]
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    (stages,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    assert written == list(reversed(stages["layers"]))
