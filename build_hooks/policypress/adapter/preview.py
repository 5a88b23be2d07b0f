"""The live preview: what one `mkdocs serve` session reuses between rebuilds, and how often it
looks for saves.

A `Preview` is created by the session's first build, handed to each rebuild by the builder that
`on_serve` wraps (through `SESSION`, set only while that builder runs), and dies with the
session: nothing outlives it, and a build outside the session never sees it.

Relies on (checked with MkDocs 1.6.1): `on_serve(server, config, builder)` runs once, after the
first build, and the server calls `server.builder` for every rebuild, in the same process;
`mkdocs.livereload.LiveReloadServer` watches through a `watchdog` `PollingObserver` in
`server.observer` (not started before `serve()`), with `watch`/`unwatch` and `build_delay`.
`tests/test_preview.py` checks the watcher; `tests/test_adapter.py` the rest.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from watchdog.observers.polling import PollingObserver

from policypress.adapter.theme_speed import MemoryBytecodeCache, ThemeListing
from policypress.kept.session import BuildCache
from policypress.kept.pages import PageStore
from policypress.kept.passages import PassageCache


class Preview:
    """What one `mkdocs serve` session reuses between rebuilds: the engine's results of
    published history and the rendered pages that did not change."""

    def __init__(self, output_parent: Path) -> None:
        self.cache = BuildCache()
        self.store = PageStore.temporary(output_parent)
        # MkDocs makes a new Jinja2 environment for each build, which compiles the theme's
        # templates again; Jinja2 keys compiled templates by name and source checksum.
        self.templates = MemoryBytecodeCache()
        self.passages = PassageCache()
        self.theme_files = ThemeListing()


# The session's Preview during a rebuild, set by the builder that owns it (`serve`); unset in
# any other build, so nothing outlives the session.
SESSION: ContextVar[Preview | None] = ContextVar("policypress_preview", default=None)


def serve(server: Any, config: MkDocsConfig, builder: Callable[..., None], preview: Preview) -> Any:
    """Give every rebuild of this session `preview`, which its first build made, and look for
    saves more often."""

    def rebuild(*args: Any, **kwargs: Any) -> None:
        token = SESSION.set(preview)
        try:
            builder(*args, **kwargs)
        finally:
            SESSION.reset(token)

    server.builder = rebuild
    poll_often(server, config)
    # What the first build read and keeps for the session (published history, pages, passages)
    # is most of the process's memory and lives as long as it: frozen, the full garbage
    # collections that would otherwise walk it (a second at 100 releases, every few saves) skip
    # it. Frozen objects are still freed when nothing refers to them.
    gc.collect()
    gc.freeze()
    return server


def watch(config: MkDocsConfig, sources: Path) -> None:
    """Rebuild the live preview when the policy sources change, whether or not mkdocs.yml's
    `watch:` lists them (MkDocs watches `config.watch` as it stands after the first build)."""
    if not any(Path(path).resolve() == sources.resolve() for path in config.watch):
        config.watch.append(str(sources))


# How often the preview looks for saved files; MkDocs polls every 0.5 s, which alone added a
# quarter of a second on average to each save's preview. Looking costs a few `stat` calls.
POLL_SECONDS = 0.1
# How long the server waits for saves to stop before it rebuilds; MkDocs waits 0.1 s. The
# polling watcher reports all of a save's changes from one look at the files, together.
QUIET_SECONDS = 0.02


def poll_often(server: Any, config: MkDocsConfig) -> None:
    """Give the server a watcher that polls every `POLL_SECONDS`, watching what it watched,
    and rebuild after `QUIET_SECONDS` without changes."""
    if not isinstance(getattr(server, "observer", None), PollingObserver) or server.observer.is_alive():
        return
    watched = []
    for path in [config.docs_dir, config.config_file_path, *config.theme.dirs]:
        while path:
            try:
                server.unwatch(path)
            except KeyError:  # not (or no longer) watched
                break
            watched.append(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    server.build_delay = min(getattr(server, "build_delay", QUIET_SECONDS), QUIET_SECONDS)
    for path in watched:
        server.watch(path)
