"""Build benchmark: how the build scales with the length of a policy's history.

For each size N it makes a real git repository with N releases (generate.py), builds it with
`mkdocs build` and reports the total time, the time inside the PolicyPress engine by stage
versus MkDocs/Material, the pages built and the peak memory; and, as the floor, the same
pages built by plain MkDocs from `policypress render` output. It also times reading the
history alone.

    python benchmarks/run.py --releases 25 100 200
    python benchmarks/run.py --releases 25 50 --documents 1 3     # one document, then three

Each measurement runs in a fresh Python process. The as-of date is fixed, so runs compare.

    python benchmarks/run.py --preview --releases 25 100 [--runs 6] [--engine CHECKOUT]

The live preview: starts `mkdocs serve` on a free 127.0.0.1 port, then saves one section file
again and again (one word changed each time) and times each save until the served page shows
the new word. `--engine` runs another checkout's PolicyPress (its .venv and hook), e.g. the
main branch, for a before/after comparison.

    python benchmarks/run.py --incremental --releases 100

Publishing after one new release: a cold build of the history before it (which fills
.cache/policypress/), then the build with that release added (incremental), then a cold build
of the same commit without the cache; the two outputs must be byte-identical. Each build's PDFs
are counted (written, and laid out by Typst rather than taken from the cache) and timed;
POLICYPRESS_PDF=0 measures without them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the PDF workers):
    on a shared machine, what the wall time would be on an idle core."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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

    spent = {stage: 0.0 for stage in [*STAGES, "written"]}
    engine = {"total": 0.0}

    def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        return _timed(spent, stage, function)

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
        # Pages are made when the hook first reads them, data files when it writes them (after
        # MkDocs built the pages): that time is the engine's too.
        pages = tuple(dataclasses.replace(p, make=timed("pages", timed("written", p.make))) for p in site.pages)
        files = tuple(dataclasses.replace(f, render=timed("data", timed("written", f.render))) for f in site.files)
        return dataclasses.replace(site, pages=pages, files=files)

    # The hook imports build_site when MkDocs loads it, which is after this point.
    site_module.build_site = timed_build_site
    pdf = _time_pdfs()
    kept = _time_kept()
    site = project / "site"
    start, cpu = time.perf_counter(), _cpu()
    _mkdocs_build(project, site)
    total = time.perf_counter() - start
    cpu = _cpu() - cpu
    pages = sum(1 for _ in site.rglob("*.html"))
    written = spent.pop("written")
    return {"total": total, "cpu": cpu, "engine": engine["total"] + written, "stages": spent, "pages": pages, "peak_mb": _peak_mb(),
            "pdfs": sum(1 for _ in site.rglob("*.pdf")), **pdf, **kept}


def _time_kept() -> dict[str, float]:
    """Time the kept files' checks: `verify`, seconds spent checking kept entries when read
    (their records, each file's size, inode and modification time, the sha256 of a file that
    changed); `keep`, seconds spent writing and recording new ones."""
    from policypress.kept.entries import Entries

    measured = {"verify": 0.0, "keep": 0.0}
    Entries._verified = _timed(measured, "verify", Entries._verified)  # type: ignore[method-assign]
    Entries._keep = _timed(measured, "keep", Entries._keep)  # type: ignore[method-assign]
    return measured


def _timed(spent: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, adding the seconds each call takes to `spent[name]`."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start

    return wrapper


def _time_pdfs() -> dict[str, Any]:
    """Time the versions' PDFs, wherever they are first asked for (policy.json reads their
    sha256 before the files are written, so the engine's stages do not isolate them): `pdf`,
    seconds this process spent making PDFs, reading kept ones or waiting for Typst's workers
    (inside the engine's time; the workers lay PDFs out while the build goes on);
    `pdfs_laid_out`, how many Typst laid out (a PDF kept by an earlier build is read, not laid
    out); `pdf_layout_started`/`pdf_layout_ended`, when the first was asked for and the last
    one done (seconds since the epoch), for PDFs per second."""
    import policypress.emit.pdf as pdf_module
    from policypress.emit.pdf_workers import Typesetter

    measured: dict[str, Any] = {"pdf": 0.0, "pdfs_laid_out": 0, "pdf_layout_started": None, "pdf_layout_ended": None}
    content, submit, make = pdf_module.VersionPdf.content, Typesetter.submit, Typesetter.make

    def timed_content(self: Any) -> bytes:
        start = time.perf_counter()
        try:
            return content(self)
        finally:
            measured["pdf"] += time.perf_counter() - start
            measured["pdf_layout_ended"] = time.time()

    def counted(function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            measured["pdfs_laid_out"] += 1
            measured["pdf_layout_started"] = measured["pdf_layout_started"] or time.time()
            return function(*args, **kwargs)

        return wrapper

    pdf_module.VersionPdf.content = timed_content  # type: ignore[method-assign]
    Typesetter.submit, Typesetter.make = counted(submit), counted(make)  # type: ignore[method-assign]
    return measured


def measure_plain(rendered: Path) -> dict[str, Any]:
    """In this process: build `policypress render` output with plain MkDocs."""
    start, cpu = time.perf_counter(), _cpu()
    _mkdocs_build(rendered, rendered / "site")
    total = time.perf_counter() - start
    return {"total": total, "cpu": _cpu() - cpu, "pages": sum(1 for _ in (rendered / "site").rglob("*.html")), "peak_mb": _peak_mb()}


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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, word: str, deadline: float) -> float:
    """Poll `url` until it shows `word`; the time it did. (The server holds each request
    while it rebuilds, so a poll returns as soon as the rebuilt page is there.)"""
    while time.perf_counter() < deadline:
        page = _fetch(url)
        if page is not None and word in page:
            return time.perf_counter()
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show {word!r} in time")


def _cpu_seconds(pid: int) -> float:
    """CPU time of a process and of its finished children (git), from /proc: on a shared
    machine, what a save would take on an idle one."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def measure_preview(project: Path, runs: int, engine: Path) -> dict[str, Any]:
    """`mkdocs serve` of `project` with `engine`'s PolicyPress: seconds from each save of a
    section file to the served page showing the change."""
    shutil.copy(engine / "build_hooks" / "mkdocs_hooks.py", project / "build_hooks" / "mkdocs_hooks.py")
    python = engine / ".venv" / "bin" / "python"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/privacy-policy/full/"
    section = sorted((project / "policy_src" / "sections").glob("*.yaml"))[0]
    original = section.read_text("utf-8")
    marker = original.split("blocks:\n  - ", 1)[1].split()[0]
    server = subprocess.Popen([str(python), "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        start = time.perf_counter()
        _wait_for(url, "</html>", start + 1800)
        startup = time.perf_counter() - start
        saves, cpu = [], []
        for run in range(runs):
            word = f"Previewedit{run}"
            before = _cpu_seconds(server.pid)
            section.write_text(original.replace(f"blocks:\n  - {marker}", f"blocks:\n  - {word}", 1), "utf-8")
            saved = time.perf_counter()
            saves.append(_wait_for(url, word, saved + 1800) - saved)
            cpu.append(_cpu_seconds(server.pid) - before)
            time.sleep(0.5)  # let the watcher settle before the next save
    finally:
        server.terminate()
        server.wait(timeout=60)
        section.write_text(original, "utf-8")
    return {"startup": startup, "saves": saves, "cpu": cpu}


def preview_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| releases | engine | start s | first save s | later saves s: median (min–max) | later saves, server CPU s: median (min–max) | runs |",
        "|---:|---|---:|---:|---|---|---:|",
    ]
    for row in rows:
        saves, cpu = row["preview"]["saves"], row["preview"]["cpu"]
        later, later_cpu = saves[1:] or saves, cpu[1:] or cpu
        lines.append(
            f"| {row['releases']} | {row['engine']} | {row['preview']['startup']:.1f} | {saves[0]:.2f} | "
            f"{statistics.median(later):.2f} ({min(later):.2f}–{max(later):.2f}) | "
            f"{statistics.median(later_cpu):.2f} ({min(later_cpu):.2f}–{max(later_cpu):.2f}) | {len(saves)} |"
        )
    return "\n".join(lines)


def run_preview(sizes: list[int], work: Path, runs: int, engine: Path) -> list[dict[str, Any]]:
    sys.path.insert(0, str(HERE))
    from generate import generate

    rows = []
    for size in sizes:
        project = generate(work / f"preview-{size}", size)
        preview = measure_preview(project, runs, engine)
        rows.append({"releases": size, "engine": engine.name, "preview": preview})
        print(f"  preview at {size} releases: saves {[round(s, 2) for s in preview['saves']]}", file=sys.stderr)
    return rows


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run_incremental(sizes: list[int], work: Path) -> list[dict[str, Any]]:
    sys.path.insert(0, str(HERE))
    from generate import generate

    rows = []
    for size in sizes:
        project = generate(work / f"incremental-{size}", size)
        git = ["git", "-C", str(project)]
        subprocess.run([*git, "branch", "-q", "before-last", "HEAD~1"], check=True)
        subprocess.run([*git, "checkout", "-q", "before-last"], check=True)
        previous = _child("measure-build", project)  # cold, fills the cache
        _progress(f"{size} releases, cold build before the last release", previous)
        subprocess.run([*git, "checkout", "-q", "main"], check=True)
        # The cache the cold build filled (pages and files, PDFs among them) is still there:
        # untracked, so the checkout leaves it.
        incremental = _child("measure-build", project)
        _progress(f"{size} releases, incremental build", incremental)
        kept = _tree(project / "site")
        shutil.rmtree(project / ".cache")
        cold = _child("measure-build", project)
        _progress(f"{size} releases, cold build", cold)
        identical = kept == _tree(project / "site")
        rows.append({"releases": size, "previous": previous, "incremental": incremental, "cold": cold, "identical": identical})
        print(f"  incremental at {size} releases: {incremental['total']:.1f} s, cold {cold['total']:.1f} s, "
              f"byte-identical: {'yes' if identical else 'NO'}", file=sys.stderr, flush=True)
    return rows


def _progress(what: str, build: dict[str, Any]) -> None:
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"  {what}: {build['total']:.1f} s, PDFs {build['pdfs']} ({build['pdfs_laid_out']} laid out, "
          f"{build['pdf']:.1f} s), verifying kept files {build['verify']:.3f} s, keeping {build['keep']:.2f} s; "
          f"load average {load}", file=sys.stderr, flush=True)


def incremental_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| releases | pages | PDFs | cold build s (PDFs s, share) | incremental build s (PDFs laid out, s) | incremental ÷ cold "
        "| verifying kept files s (share of incremental) | keeping s (cold) | byte-identical |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        cold, incremental = row["cold"], row["incremental"]
        lines.append(
            f"| {row['releases']} | {cold['pages']} | {cold['pdfs']} | {cold['total']:.1f} ({cold['pdf']:.1f}, "
            f"{cold['pdf'] / cold['total']:.0%}) | {incremental['total']:.1f} ({incremental['pdfs_laid_out']}, "
            f"{incremental['pdf']:.1f}) | {incremental['total'] / cold['total']:.0%} | "
            f"{incremental['verify']:.3f} ({incremental['verify'] / incremental['total']:.1%}) | {cold['keep']:.2f} | "
            f"{'yes' if row['identical'] else 'NO'} |"
        )
    return "\n".join(lines)


def _pdf_rate(build: dict[str, Any]) -> str:
    """PDFs laid out per second, from the first asked for to the last one done."""
    started, ended = build.get("pdf_layout_started"), build.get("pdf_layout_ended")
    if not build.get("pdfs_laid_out") or not started or not ended or ended <= started:
        return "–"
    return f"{build['pdfs_laid_out'] / (ended - started):.0f}"


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| releases | documents | pages | PDFs | PDFs per s | build s | ms per page | engine s (share) | history · assembly · redline · notices · pages · data s | MkDocs s | floor s | build ÷ floor | CPU s: build ÷ floor | history read s | peak MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|",
    ]
    for row in rows:
        b, p, h = row["build"], row["plain"], row["history"]
        stages = " · ".join(f"{b['stages'][s]:.2f}" for s in STAGES)
        lines.append(
            f"| {row['releases']} | {row.get('documents', 1)} | {b['pages']} | {b['pdfs']} | {_pdf_rate(b)} | {b['total']:.1f} | {1000 * b['total'] / b['pages']:.1f} | {b['engine']:.2f} ({b['engine'] / b['total']:.0%}) | "
            f"{stages} | {b['total'] - b['engine']:.1f} | {p['total']:.1f} | {b['total'] / p['total']:.2f} | "
            f"{b.get('cpu', 0):.1f} ÷ {p.get('cpu', 0):.1f} | "
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
    parser.add_argument("--preview", action="store_true", help="Time the live preview instead of builds.")
    parser.add_argument("--runs", type=int, default=6, help="Saves per size with --preview.")
    parser.add_argument("--incremental", action="store_true", help="Time a publish after one new release.")
    parser.add_argument("--as-of", default=AS_OF, help="As-of date of the builds (default: after every release, "
                        "so no notice shows; the day of the last release shows its notices).")
    parser.add_argument("--engine", type=Path, default=HERE.parent, help="Checkout whose PolicyPress runs the preview.")
    parser.add_argument("--measure-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure-plain", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure-history", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    for mode, function in (("measure_build", measure_build), ("measure_plain", measure_plain), ("measure_history", measure_history)):
        if getattr(args, mode):
            print(json.dumps(function(getattr(args, mode))))
            return
    ENV["POLICYPRESS_AS_OF"] = args.as_of
    machine = f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; as-of {args.as_of}; load average {os.getloadavg()[0]:.1f}.\n"
    if args.incremental:
        rows = run_incremental(args.releases, args.work)
        print(machine)
        print(incremental_table(rows))
    elif args.preview:
        rows = run_preview(args.releases, args.work, args.runs, args.engine.resolve())
        print(machine)
        print(preview_table(rows))
    else:
        rows = run(args.releases, args.work, args.documents)
        print(machine)
        print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
