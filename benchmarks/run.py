"""Build benchmark: how the build scales with the length of a policy's history.

For each size N it makes a real git repository with N releases (generate.py), builds it with
`mkdocs build` and reports the total time, the time inside the PolicyPress engine by stage
versus MkDocs/Material, the pages built and the peak memory; and, as the floor, the same
pages built by plain MkDocs from `policypress render` output. It also times reading the
history alone.

    python benchmarks/run.py --releases 25 100 200
    python benchmarks/run.py --releases 25 50 --documents 1 3     # one document, then three

Each measurement runs in a fresh Python process. The as-of date is fixed, so runs compare.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
AS_OF = "2030-01-01"
ENV = {**os.environ, "POLICYPRESS_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}

# Engine stages, by the functions policypress.site calls (wrapped with timers when measuring).
STAGES = {
    "history": ["site_history"],
    "assembly": ["version_list"],
    "redline": ["redline"],
    "notices": ["page_status"],
    "pages": ["landing_page", "current_page", "history_page", "upcoming_page", "archive_page", "changes_page"],
    "data": ["policy_json", "site_feed", "region_feed", "version_json", "notice"],
}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _mkdocs_build(project: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def measure_build(project: Path) -> dict[str, Any]:
    """In this process: build `project`, timing the engine's stages."""
    import policypress.site as site_module
    from policypress.emit import GeneratedFile

    spent = {stage: 0.0 for stage in [*STAGES, "written"]}
    engine = {"total": 0.0}

    def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - start

        return wrapper

    for stage, names in STAGES.items():
        for name in names:
            setattr(site_module, name, timed(stage, getattr(site_module, name)))
    build_site = site_module.build_site

    def timed_build_site(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            site = build_site(*args, **kwargs)
        finally:
            engine["total"] += time.perf_counter() - start
        # Data files are made when the hook writes them, after MkDocs built the pages: that
        # time is the engine's too.
        files = tuple(GeneratedFile(f.uri, timed("data", timed("written", f.render))) for f in site.files)
        return dataclasses.replace(site, files=files)

    # The hook imports build_site when MkDocs loads it, which is after this point.
    site_module.build_site = timed_build_site
    site = project / "site"
    start = time.perf_counter()
    _mkdocs_build(project, site)
    total = time.perf_counter() - start
    pages = sum(1 for _ in site.rglob("*.html"))
    written = spent.pop("written")
    return {"total": total, "engine": engine["total"] + written, "stages": spent, "pages": pages, "peak_mb": _peak_mb()}


def measure_plain(rendered: Path) -> dict[str, Any]:
    """In this process: build `policypress render` output with plain MkDocs."""
    start = time.perf_counter()
    _mkdocs_build(rendered, rendered / "site")
    total = time.perf_counter() - start
    return {"total": total, "pages": sum(1 for _ in (rendered / "site").rglob("*.html")), "peak_mb": _peak_mb()}


def measure_history(project: Path) -> dict[str, Any]:
    """In this process: read every release's text from git (what a build does first)."""
    from policypress.history import read_history
    from policypress.history.git import Repository
    from policypress.sources import load_policy
    from policypress.sources.tree import DirectoryTree

    working = load_policy(DirectoryTree(project))
    from datetime import date

    start = time.perf_counter()
    history = read_history(Repository(project), working, today=date.fromisoformat(AS_OF))
    return {"seconds": time.perf_counter() - start, "releases": len(history), "peak_mb": _peak_mb()}


def _child(mode: str, path: Path) -> dict[str, Any]:
    result = subprocess.run([sys.executable, __file__, f"--{mode}", str(path)], env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(sizes: list[int], work: Path, documents: list[int] | None = None) -> list[dict[str, Any]]:
    sys.path.insert(0, str(HERE))
    from generate import generate

    rows = []
    for size, count in [(size, count) for size in sizes for count in documents or [1]]:
        suffix = f"{size}" if count == 1 else f"{size}x{count}"
        project = work / f"repo-{suffix}"
        generate(project, size, documents=count)
        build = _child("measure-build", project)
        rendered = work / f"rendered-{suffix}"
        subprocess.run([sys.executable, "-m", "policypress", "render", "--out", str(rendered)], cwd=project, env=ENV,
                       check=True, capture_output=True)
        plain = _child("measure-plain", rendered)
        history = _child("measure-history", project)
        rows.append({"releases": size, "documents": count, "build": build, "plain": plain, "history": history})
        print(f"  measured {size} releases × {count} documents: build {build['total']:.1f} s", file=sys.stderr)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| releases | documents | pages | build s | ms per page | engine s (share) | history · assembly · redline · notices · pages · data s | MkDocs s | floor s | build ÷ floor | history read s | peak MiB |",
        "|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        b, p, h = row["build"], row["plain"], row["history"]
        stages = " · ".join(f"{b['stages'][s]:.2f}" for s in STAGES)
        lines.append(
            f"| {row['releases']} | {row.get('documents', 1)} | {b['pages']} | {b['total']:.1f} | {1000 * b['total'] / b['pages']:.1f} | {b['engine']:.2f} ({b['engine'] / b['total']:.0%}) | "
            f"{stages} | {b['total'] - b['engine']:.1f} | {p['total']:.1f} | {b['total'] / p['total']:.2f} | "
            f"{h['seconds']:.2f} | {b['peak_mb']:.0f} |"
        )
    sizes = {row["releases"]: row for row in rows if row.get("documents", 1) == 1}
    if 25 in sizes and 100 in sizes:
        growth = sizes[100]["build"]["total"] / sizes[25]["build"]["total"]
        pages = sizes[100]["build"]["pages"] / sizes[25]["build"]["pages"]
        lines.append("")
        lines.append(f"Build time from 25 to 100 releases: ×{growth:.2f} (pages ×{pages:.2f}).")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, nargs="+", default=[25, 100])
    parser.add_argument("--documents", type=int, nargs="+", default=[1],
                        help="Documents per site (each with its own release log of that many releases).")
    parser.add_argument("--work", type=Path, default=Path("/tmp/policypress-bench"))
    parser.add_argument("--json", type=Path, help="Also write the measurements here.")
    parser.add_argument("--measure-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure-plain", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure-history", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    for mode, function in (("measure_build", measure_build), ("measure_plain", measure_plain), ("measure_history", measure_history)):
        if getattr(args, mode):
            print(json.dumps(function(getattr(args, mode))))
            return
    rows = run(args.releases, args.work, args.documents)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; as-of {AS_OF}.\n")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
