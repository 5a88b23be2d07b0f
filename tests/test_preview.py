"""The live preview: rebuilds of one `mkdocs serve` session reuse what did not change and never
show a stale page.

`ServeSession` drives MkDocs the way `mkdocs serve` does (one process, a fresh config per
rebuild, the builder wrapped by the plugin's `on_serve`). After every step the session's output
is compared, file by file, with a cold build of the same state in a new session.
"""

from __future__ import annotations

import os
import tempfile
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import AS_OF
from documents_repo import linked_documents
from policy_repo import PolicyRepo, released_twice

SERVE_URL = "http://127.0.0.1:8000/privacy-policy/"


class ServeSession:
    """What `mkdocs.commands.serve.serve` does, without the HTTP server."""

    def __init__(self, project: Path, site_dir: Path) -> None:
        self.project, self.site_dir = project, site_dir
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=False)
        self._builder(config)
        server = config.plugins.on_serve(types.SimpleNamespace(builder=self._builder), config=config, builder=self._builder)
        self.rebuild: Callable[[], None] = server.builder
        self._first = config

    def _config(self):  # noqa: ANN202 - MkDocsConfig
        config = load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site_dir))
        config.site_url = SERVE_URL
        return config

    def _builder(self, config=None) -> None:  # noqa: ANN001
        build(config or self._config(), serve_url=SERVE_URL)

    def close(self) -> None:
        self._first.plugins.on_shutdown()

    def page(self, url: str) -> str:
        return (self.site_dir / url / "index.html").read_text("utf-8")

    def output(self) -> dict[str, bytes]:
        """Every file of the output (through the links to kept folders)."""
        return tree_bytes(self.site_dir)


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under `root` (following links), by relative path."""
    files = {}
    for folder, _, names in os.walk(root, followlinks=True):
        for name in names:
            path = Path(folder) / name
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


@pytest.fixture(autouse=True)
def _as_of(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYPRESS_AS_OF", AS_OF)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")


def released(tmp_path: Path) -> PolicyRepo:
    return released_twice(PolicyRepo(tmp_path / "repo"))


def assert_same_as_cold(session: ServeSession, tmp_path: Path) -> None:
    """The session's output equals a cold build of the same state."""
    cold = ServeSession(session.project, Path(tempfile.mkdtemp(dir=tmp_path)))
    try:
        expected, actual = cold.output(), session.output()
    finally:
        cold.close()
    assert sorted(actual) == sorted(expected)
    stale = [name for name in expected if actual[name] != expected[name]]
    assert not stale, f"pages differing from a cold build: {stale[:10]}"


def edit_logs(repo: PolicyRepo, text: str) -> None:
    path = repo.path / "policy_src" / "sections" / "data.yaml"
    source = path.read_text("utf-8")
    start = source.index("We keep server logs for")
    end = source.index('"', start)
    path.write_text(source[:start] + text + source[end:], "utf-8")


def test_an_edit_shows_in_the_next_rebuild_and_unchanged_pages_are_kept(tmp_path: Path) -> None:
    repo = released(tmp_path)
    session = ServeSession(repo.path, tmp_path / "serve")
    try:
        assert "sixty days" in session.page("west")
        edit_logs(repo, "We keep server logs for thirty days.")
        session.rebuild()
        assert "thirty days" in session.page("west") and "sixty days" not in session.page("west")
        assert "thirty" in session.page("west/draft/changes")
        edit_logs(repo, "We keep server logs for ten days.")
        session.rebuild()
        assert "ten days" in session.page("west") and "thirty days" not in session.page("west")
        assert not (session.site_dir / "west" / "draft" / "index.html").exists()  # the current page shows it
        # A file added to the project's theme folder is copied by the next rebuild (the
        # installed theme's files are listed once per session, the project's every time).
        (repo.path / "overrides" / "extra.txt").write_text("added while serving", "utf-8")
        session.rebuild()
        assert (session.site_dir / "extra.txt").read_text("utf-8") == "added while serving"
        # Published pages were not rendered again: their folders are the kept ones.
        assert (session.site_dir / "west" / "2026-01-10").is_symlink()
        assert "ninety days" in session.page("west/2026-01-10")
        assert_same_as_cold(session, tmp_path)
        edit_logs(repo, "We keep server logs for sixty days.")  # back to the released text: no draft
        session.rebuild()
        assert not (session.site_dir / "west" / "draft").exists()
        assert_same_as_cold(session, tmp_path)
    finally:
        session.close()


def test_a_new_commit_a_branch_checkout_and_a_regions_edit_show_no_stale_page(tmp_path: Path) -> None:
    repo = released(tmp_path)
    session = ServeSession(repo.path, tmp_path / "serve")
    try:
        # A new commit with a release: the draft becomes a published version.
        edit_logs(repo, "We keep server logs for thirty days.")
        session.rebuild()
        repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for thirty days."]
        repo.release("2026-05-01", "Even shorter logs.")
        repo.commit("Third release", "2026-05-01")
        session.rebuild()
        assert "2026-05-01" in session.page("west/history") and "draft" not in session.page("west/history")
        assert "thirty days" in session.page("west/2026-05-01")
        assert_same_as_cold(session, tmp_path)

        # Another branch, with other published history.
        repo.git("checkout", "-q", "-b", "other", "HEAD~1")
        session.rebuild()
        assert "2026-05-01" not in session.page("west/history")
        assert not (session.site_dir / "west" / "2026-05-01").exists()
        assert_same_as_cold(session, tmp_path)
        repo.git("checkout", "-q", "main")
        session.rebuild()
        assert "2026-05-01" in session.page("west/history")
        assert_same_as_cold(session, tmp_path)

        # regions.yaml renamed a region: every page of it, archives included, says so.
        regions = repo.path / "policy_src" / "regions.yaml"
        regions.write_text(regions.read_text("utf-8").replace('"The West"', '"The Far West"'), "utf-8")
        session.rebuild()
        assert "The Far West" in session.page("west/2026-01-10")
        assert "The Far West" in session.page("west/history")
        assert_same_as_cold(session, tmp_path)
    finally:
        session.close()


def test_an_edit_in_another_document_shows_no_stale_page(tmp_path: Path) -> None:
    # The primary's pages link into the cookie notice by its section numbers and title: an edit
    # of the cookie notice's text, settings or release log must reach them, and the two
    # documents' pages of one region never share what the session keeps.
    repo, cookies = linked_documents(tmp_path / "repo")
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for sixty days."]
    repo.release("2026-03-01", "Shorter logs.")
    repo.commit("Second release", "2026-03-01")
    session = ServeSession(repo.path, tmp_path / "serve")
    try:
        assert "Section 2.1 of the Cookie Notice" in session.page("west/2026-01-10")
        assert_same_as_cold(session, tmp_path)

        # A draft in the cookie notice renumbers the section the primary links to.
        del cookies["sections"]["what"]
        repo.write_policy()
        session.rebuild()
        assert "Section 1.1 of the Cookie Notice" in session.page("west")
        assert_same_as_cold(session, tmp_path)

        # The cookie notice's settings: its title, shown in the primary's links.
        settings = repo.path / "policy_src" / "documents" / "cookies" / "settings.yaml"
        settings.write_text(settings.read_text("utf-8").replace("Cookie Notice", "Cookie Policy"), "utf-8")
        session.rebuild()
        assert "Cookie Policy" in session.page("west/2026-01-10")
        assert_same_as_cold(session, tmp_path)

        # A release of it not committed yet, then committed.
        repo.write_policy()
        cookies["releases"].append({"version": "2026-04-01", "summary": "One cookie section fewer."})
        repo.write_policy()
        session.rebuild()
        assert_same_as_cold(session, tmp_path)
        repo.commit("Cookie release", "2026-04-01")
        session.rebuild()
        assert "2026-04-01" in session.page("cookies/west/history")
        assert_same_as_cold(session, tmp_path)
    finally:
        session.close()


def test_the_preview_looks_for_saves_five_times_as_often_rebuilds_sooner_and_keeps_watching_the_same_paths(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    from policypress.adapter.preview import poll_often

    repo = released(tmp_path)
    config = load_config(config_file=str(repo.path / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    assert server.observer.timeout == 0.5  # MkDocs's own
    assert server.build_delay == 0.1
    before = sorted((emitter.watch.path, emitter.watch.is_recursive) for emitter in server.observer.emitters)
    poll_often(server, config)
    assert server.observer.timeout == 0.1
    assert server.build_delay == 0.02  # a save's changes arrive from one look at the files
    assert sorted((emitter.watch.path, emitter.watch.is_recursive) for emitter in server.observer.emitters) == before
    assert len(before) == 2
    server.watch(str(repo.path / "policy_src"))  # mkdocs.yml's `watch:` comes after on_serve
    assert len(server.observer.emitters) == 3
