"""Reliability: fuzzed sources, git faults, the published-version guard, reproducible and
atomic builds."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, mkdocs_build, policypress, run
from policy_repo import PolicyRepo
from policypress.errors import PolicyError
from policypress.sources import load_policy

SOURCES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "policy_src").rglob("*.yaml"))


class MemoryTree:
    """The real sources with one file replaced, without touching the disk."""

    def __init__(self, replaced: str, content: bytes) -> None:
        self.replaced, self.content = replaced, content

    def read(self, path: str) -> bytes | None:
        if path == self.replaced:
            return self.content
        full = REPO / path
        return full.read_bytes() if full.is_file() else None

    def list(self, directory: str) -> list[str]:
        return sorted(p.relative_to(REPO).as_posix() for p in (REPO / directory).iterdir() if p.is_file())

    def blob_id(self, path: str) -> str | None:
        return None


def load_or_policy_error(tree: MemoryTree) -> None:
    try:
        load_policy(tree)
    except PolicyError as error:
        assert error.problems, "a PolicyError without problems"
        for problem in error.problems:
            assert problem.location.path and problem.location.line >= 1 and problem.message


NASTY = st.sampled_from([":", "- ", "{{", "}}", "{%", "\t", '"', "'", "#", "[", "]", "{", "}", "&a", "*a", "!!python/object:os.system",
                         "\x00", "\ufeff", "2025-02-30", "null", "~", "yes", "0x1F", "\n", "  ", "---", "...", "é", "|", ">"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(SOURCES), data=st.data())
def test_mutated_sources_raise_nothing_but_policy_errors(path: str, data: st.DataObject) -> None:
    lines = (REPO / path).read_text("utf-8").splitlines(keepends=True)
    kind = data.draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "truncate", "swap"]))
    index = data.draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "insert":
        column = data.draw(st.integers(0, len(lines[index])))
        lines[index] = lines[index][:column] + data.draw(NASTY) + lines[index][column:]
    elif kind == "replace":
        lines[index] = data.draw(st.text(max_size=40)) + "\n"
    elif kind == "truncate":
        lines = lines[:index]
    else:
        other = data.draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    load_or_policy_error(MemoryTree(path, "".join(lines).encode("utf-8", "surrogatepass")))


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=100, deadline=None)
@given(path=st.sampled_from(SOURCES), value=JSONISH, data=st.data())
def test_any_value_in_any_key_raises_nothing_but_policy_errors(path: str, value: object, data: st.DataObject) -> None:
    lines = (REPO / path).read_text("utf-8").splitlines(keepends=True)
    keyed = [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]
    index = data.draw(st.sampled_from(keyed))
    key = lines[index].split(":", 1)[0]
    lines[index] = f"{key}: {json.dumps(value)}\n"  # JSON is YAML
    load_or_policy_error(MemoryTree(path, "".join(lines).encode("utf-8")))


@settings(max_examples=60, deadline=None)
@given(content=st.binary(max_size=200))
def test_random_bytes_raise_nothing_but_policy_errors(content: bytes) -> None:
    load_or_policy_error(MemoryTree("policy_src/settings.yaml", content))


# Anchors, aliases, merge keys and invisible characters anywhere in any source: refused with a
# located PolicyError before anything is expanded, never loaded, never slow.
_ANCHOR_NAME = st.text("abcxyz019_-", min_size=1, max_size=6)
_INVISIBLE = st.sampled_from([chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200C,
                                               0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x061C)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(SOURCES), data=st.data())
def test_generated_anchors_aliases_and_invisible_characters_are_refused(path: str, data: st.DataObject) -> None:
    import time

    lines = (REPO / path).read_text("utf-8").splitlines(keepends=True)
    def indent(line: str) -> int:
        return len(line) - len(line.lstrip(" -"))

    # Lines holding a whole `key: value` (the next line is not a continuation of the value).
    values = [i for i, line in enumerate(lines) if re.match(r"^\s*(?:- )?[\w-]+: \S", line) and "#" not in line
              and (i + 1 == len(lines) or not lines[i + 1].strip() or indent(lines[i + 1]) <= indent(line))]
    kind = data.draw(st.sampled_from(["anchor", "alias bomb", "merge", "invisible"]))
    name = data.draw(_ANCHOR_NAME)
    if kind == "invisible":
        index = data.draw(st.sampled_from([i for i, line in enumerate(lines) if line.strip()]))
        column = data.draw(st.integers(1 if index == 0 else 0, len(lines[index].rstrip("\n"))))
        lines[index] = lines[index][:column] + data.draw(_INVISIBLE) + lines[index][column:]
        expected = r"invisible character U\+[0-9A-F]{4} [A-Z]"
    else:
        index = data.draw(st.sampled_from(values))
        key, value = lines[index].split(": ", 1)
        if kind == "anchor":
            lines[index] = f"{key}: &{name} {value}"
            expected = "YAML anchor"
        elif kind == "alias bomb":
            levels = data.draw(st.integers(1, 12))
            bomb = [f"{' ' * indent(key)}{name}0: &{name}0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
            bomb += [f"{' ' * indent(key)}{name}{n}: &{name}{n} [{', '.join([f'*{name}{n - 1}'] * 9)}]\n" for n in range(1, levels + 1)]
            lines[index] = "".join(bomb) + f"{key}: *{name}{levels}\n"
            expected = "YAML anchor"
        else:
            lines[index] = f"{key}: {{<<: {{{name}: 1}}}}\n"
            expected = "merge key"
    # CPU time, not wall-clock time: the machine running the tests may be busy.
    start = time.process_time()
    with pytest.raises(PolicyError) as raised:
        load_policy(MemoryTree(path, "".join(lines).encode("utf-8")))
    assert time.process_time() - start < 5
    problems = raised.value.problems
    assert all(p.location.line >= 1 and len(p.message) < 2000 for p in problems)
    assert any(re.search(expected, p.message) for p in problems), [p.message for p in problems]


# --- Git faults ---------------------------------------------------------------------------

def two_releases(tmp_path: Path) -> PolicyRepo:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.sections["contact"]["blocks"] = ["Acme, 2 Test Street."]
    repo.release("2026-02-01", "New address.")
    repo.commit("Second release", "2026-02-01")
    return repo


def test_detached_head_builds(tmp_path: Path) -> None:
    repo = two_releases(tmp_path)
    repo.git("checkout", "-q", "--detach", "HEAD")
    result = mkdocs_build(repo.path, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "west" / "2026-01-10" / "index.html").is_file()


def test_missing_git_objects_are_reported(tmp_path: Path) -> None:
    repo = two_releases(tmp_path)
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    blob = repo.git("rev-parse", f"{first}:policy_src/sections/contact.yaml").strip()
    (repo.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = mkdocs_build(repo.path, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"git cannot read the files of commit {first[:12]}" in result.stderr
    assert "clone it again with its full history" in result.stderr


def test_rewritten_history_that_drops_a_release_commit(tmp_path: Path) -> None:
    """History rewritten so that no commit of main holds a release the working tree lists."""
    repo = two_releases(tmp_path)
    repo.git("reset", "-q", "--soft", "HEAD~1")  # the second release is now only staged
    result = mkdocs_build(repo.path, tmp_path / "site")
    assert result.returncode == 1
    assert "release '2026-02-01' is in no commit of this branch's history" in result.stderr


# --- Published-version guard --------------------------------------------------------------

@pytest.fixture
def deployed(tmp_path: Path) -> tuple[PolicyRepo, Path]:
    repo = two_releases(tmp_path)
    site = tmp_path / "site"
    assert mkdocs_build(repo.path, site).returncode == 0
    return repo, site / "api" / "policy.json"


def test_guard_passes_when_nothing_published_changed(deployed: tuple[PolicyRepo, Path]) -> None:
    repo, published = deployed
    result = policypress("check", "--published", str(published), cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "all 8 versions of the deployed site keep their text" in result.stdout


def test_guard_fails_when_published_text_would_change(deployed: tuple[PolicyRepo, Path]) -> None:
    repo, published = deployed
    # A template override that changes how headings read changes every published text.
    (repo.path / "policy_src" / "settings.yaml").write_text(
        (repo.path / "policy_src" / "settings.yaml").read_text().replace('"Test Policy"', '"Test Policy (v2)"'))
    repo.release("2026-03-01", "New title.")
    repo.commit("Retitle", "2026-03-01")
    data = json.loads(published.read_text())
    data["regions"][0]["versions"][0]["sha256"] = "0" * 64
    published.write_text(json.dumps(data))
    result = policypress("check", "--published", str(published), cwd=repo.path)
    assert result.returncode == 1
    assert "the text of published version 2026-01-10 of 'north' would change" in result.stderr


def test_guard_fails_when_a_published_version_vanishes(deployed: tuple[PolicyRepo, Path]) -> None:
    repo, published = deployed
    data = json.loads(published.read_text())
    data["full"]["versions"].append(dict(data["full"]["versions"][0], version="2025-06-01"))
    published.write_text(json.dumps(data))
    result = policypress("check", "--published", str(published), cwd=repo.path)
    assert result.returncode == 1
    assert "version 2025-06-01 of 'full' is published but this build does not have it" in result.stderr


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()


def test_guard_reads_the_live_site_and_tolerates_the_first_deploy(
    deployed: tuple[PolicyRepo, Path], server: tuple[str, Path]
) -> None:
    repo, published = deployed
    url, root = server
    result = policypress("check", "--published", f"{url}/api/policy.json", cwd=repo.path)
    assert result.returncode == 0, result.stderr  # 404: never deployed
    assert "Published versions unchanged" not in result.stdout
    (root / "api").mkdir()
    shutil.copy(published, root / "api" / "policy.json")
    result = policypress("check", "--published", f"{url}/api/policy.json", cwd=repo.path)
    assert result.returncode == 0 and "all 8 versions" in result.stdout
    (root / "api" / "policy.json").write_text("<html>not json</html>")
    result = policypress("check", "--published", f"{url}/api/policy.json", cwd=repo.path)
    assert result.returncode == 1 and "this is not a PolicyPress policy.json" in result.stderr


# --- Reproducible and atomic builds -------------------------------------------------------

def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_a_commit_for_one_as_of_date_are_byte_identical(tmp_path: Path) -> None:
    repo = two_releases(tmp_path)
    first, second = tmp_path / "one", tmp_path / "two"
    assert mkdocs_build(repo.path, first, POLICYPRESS_AS_OF="2026-03-01").returncode == 0
    assert mkdocs_build(repo.path, second, POLICYPRESS_AS_OF="2026-03-01", SOURCE_DATE_EPOCH="1893456000").returncode == 0
    one, two = tree_bytes(first), tree_bytes(second)
    assert one.keys() == two.keys() and "sitemap.xml" in one and "sitemap.xml.gz" in one
    assert [name for name in one if one[name] != two[name]] == []
    assert b"<lastmod>2026-03-01</lastmod>" in one["sitemap.xml"]


def test_a_failed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    repo = two_releases(tmp_path)
    site = tmp_path / "site"
    assert mkdocs_build(repo.path, site).returncode == 0
    before = tree_bytes(site)
    # Fails late: a broken link is a strict-mode warning, raised after every page was written.
    (repo.path / "docs" / "about.md").write_text("# About\n\n[missing](nowhere.md)\n")
    result = mkdocs_build(repo.path, site)
    assert result.returncode == 1 and "nowhere.md" in result.stderr
    assert tree_bytes(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []
    # And a good build replaces it whole.
    (repo.path / "docs" / "about.md").unlink()
    assert mkdocs_build(repo.path, site, POLICYPRESS_AS_OF="2026-03-01").returncode == 0
    assert tree_bytes(site) != before
