"""Two builds at once in one folder (SPEC §19): the later waits with a message, both end
correctly, and `site/` is never a mix; a live preview running beside a build changes nothing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from faults.kept_site import ENV, Sites, build, tree
from policypress.kept.lock import BuildLock


def _start(project: Path, log: Path, *arguments: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "mkdocs", *arguments], cwd=project, env={**os.environ, **ENV},
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))


def _wait_for(predicate: object, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_a_build_waits_with_a_message_while_another_holds_the_folder(sites: Sites, tmp_path: Path) -> None:
    project = sites.cold("waiting")
    lock = BuildLock.take(project, print)  # stands for a build that is running
    log = tmp_path / "later.log"
    later = _start(project, log, "build", "--strict")
    try:
        _wait_for(lambda: b"waiting for it to end" in log.read_bytes())
        time.sleep(1)
        assert later.poll() is None  # it waits
        assert not (project / ".cache").exists()  # and has touched nothing yet
    finally:
        lock.release()
    assert later.wait(timeout=300) == 0, log.read_text()
    stderr = log.read_text()
    assert stderr.count("another build of") == 1
    sites.check(project, subprocess.CompletedProcess([], 0, "", stderr))


def test_two_cold_builds_at_once_both_end_correctly(sites: Sites, tmp_path: Path) -> None:
    """Before the lock: one of them ended in a traceback from the page store."""
    project = sites.cold("together")
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    builds = [_start(project, log, "build", "--strict") for log in logs]
    codes = [process.wait(timeout=600) for process in builds]
    stderr = "\n".join(log.read_text() for log in logs)
    assert codes == [0, 0], stderr[-3000:]
    assert "waiting for it to end" in stderr
    sites.check(project, subprocess.CompletedProcess([], 0, "", stderr))
    # And the one that ran second used what the first kept: a third build is warm and silent.
    result = build(project)
    sites.check(project, result)
    assert "PolicyPress: the kept" not in result.stderr


def test_a_live_preview_beside_a_build_changes_nothing(sites: Sites, tmp_path: Path) -> None:
    project = sites.warm("preview")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    serve = _start(project, log, "serve", "-a", f"127.0.0.1:{port}")
    try:
        # The preview serves under the path of mkdocs.yml's site_url.
        base = f"http://127.0.0.1:{port}{urllib.parse.urlsplit(_site_url(project)).path}"
        _wait_for(lambda: _answers(base))
        # A save (the same bytes, a new time) makes the preview rebuild while the build runs.
        settings = project / "policy_src" / "settings.yaml"
        os.utime(settings)
        result = build(project)
        sites.check(project, result)
        os.utime(settings)
        sites.check(project, build(project))
        _wait_for(lambda: _answers(base + "north/"))  # the preview still serves, after its rebuilds
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(timeout=60)
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
    assert tree(project / "site") == sites.reference


def _site_url(project: Path) -> str:
    line = next(line for line in (project / "mkdocs.yml").read_text().splitlines() if line.startswith("site_url:"))
    return line.split(":", 1)[1].strip()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False
