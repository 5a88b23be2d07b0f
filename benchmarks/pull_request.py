"""The pull-request check with the last publish's kept files restored (SPEC §18).

    python benchmarks/pull_request.py --releases 25

For each size N: a repository with N releases (generate.py); the last publish is the history
before the last release — a cold build (which fills .cache/policypress/), its site served on
127.0.0.1 as the live site, and `policypress check --published URL` keeping every published
PDF's live bytes as a record, as the publish workflow's guard does — and its kept folder is
saved, as actions/cache saves it. The pull request adds the last release: the saved folder is
restored (a copy; the check never saves one), then the steps of .github/workflows/check.yml
that build are timed: `policypress validate`, `policypress check --base`, `mkdocs build`.
Each runs in a fresh process; PDFs written and laid out are counted.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402 (beside this file)
from run import ENV, _child, _progress  # noqa: E402


def _timed(args: list[str], project: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=project, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def _keep_records(project: Path) -> float:
    """`check --published` against the last publish's site, served on 127.0.0.1."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(project / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/api/policy.json"
        return _timed([sys.executable, "-m", "policypress", "check", "--base", "HEAD", "--published", url], project)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def measure(size: int, work: Path) -> dict[str, Any]:
    project = generate(work / f"pull-request-{size}", size)
    git = ["git", "-C", str(project)]
    subprocess.run([*git, "branch", "-q", "before-last", "HEAD~1"], check=True)
    subprocess.run([*git, "checkout", "-q", "before-last"], check=True)
    publish = _child("measure-build", project)
    _progress(f"{size} releases, the last publish (cold, before the last release)", publish)
    records = _keep_records(project)
    print(f"  keeping the published PDFs as records: {records:.1f} s", file=sys.stderr, flush=True)
    saved = work / f"saved-cache-{size}"
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(project / ".cache" / "policypress", saved)
    # The pull request: the last release, on a fresh checkout with the saved folder restored.
    subprocess.run([*git, "checkout", "-q", "main"], check=True)
    shutil.rmtree(project / ".cache")
    shutil.rmtree(project / "site")
    start = time.perf_counter()
    shutil.copytree(saved, project / ".cache" / "policypress")
    restore = time.perf_counter() - start
    validate = _timed([sys.executable, "-m", "policypress", "validate"], project)
    check = _timed([sys.executable, "-m", "policypress", "check", "--base", "before-last"], project)
    build = _child("measure-build", project)
    _progress(f"{size} releases, the pull request's build on the restored folder", build)
    return {"releases": size, "publish": publish, "records": records, "restore": restore,
            "validate": validate, "check": check, "build": build}


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| releases | PDFs | last publish, cold s | records kept s | PR: restore · validate · check · build s | PR total s | PDFs laid out by the PR |",
        "|---:|---:|---:|---:|---|---:|---:|",
    ]
    for row in rows:
        build = row["build"]
        total = row["restore"] + row["validate"] + row["check"] + build["total"]
        lines.append(
            f"| {row['releases']} | {build['pdfs']} | {row['publish']['total']:.1f} | {row['records']:.1f} | "
            f"{row['restore']:.1f} · {row['validate']:.1f} · {row['check']:.1f} · {build['total']:.1f} | {total:.1f} | "
            f"{build['pdfs_laid_out']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, nargs="+", default=[25])
    parser.add_argument("--work", type=Path, default=Path("/tmp/policypress-bench"))
    args = parser.parse_args()
    rows = [measure(size, args.work) for size in args.releases]
    load = " ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; load average {load}.\n")
    print(table(rows))


if __name__ == "__main__":
    main()
