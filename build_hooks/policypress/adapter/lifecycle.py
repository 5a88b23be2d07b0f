"""The build's life: which command this process runs, building the policy site before MkDocs
touches the output, and the publishing build's atomic site.

`mkdocs build` takes the site's build lock (a second build in the folder waits for it), writes
into a staging folder next to `site/` and puts it into place in one step only when the whole
build succeeded (strict-mode warnings included): a failed or killed build leaves the previous
site as it was, and the next build removes what a killed one left (`policypress.kept.published`).

Relies on (checked with MkDocs 1.6.1): MkDocs tells plugins the command and the outcome only
through `on_startup(command, dirty)`, `on_build_error(error)` and `on_shutdown()`, which get no
config, once per process around its builds; a plugin that defines `on_startup` is one instance
for the whole process (`config_options.Plugins.plugin_cache`) and a hook module is loaded once
per process (`Hooks._load_hook` is cached), so a `Run` held by either lives as long as the
process (`mkdocs build` is one build per process); `on_config` runs before MkDocs empties
`config.site_dir`, and the build writes wherever `site_dir` points after it.
`tests/test_reliability.py` checks the atomic site; `tests/test_adapter.py` the rest.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from policypress.kept import kept_folder
from policypress.kept.entries import Kept
from policypress.kept.lock import BuildLock
from policypress.kept.published import remove_leftovers, replace, staging_folder
from policypress.kept.session import BuildCache
from policypress.documents import SOURCE_DIR
from policypress.emit.pdf import Records, pdfs_wanted
from policypress.errors import PolicyError
from policypress.site import Site, build_site

# Live previews show unreleased text as a draft; only `mkdocs build` publishes atomically.
PREVIEW_COMMANDS = frozenset({"serve"})
STAGED_COMMANDS = frozenset({"build"})


@dataclass
class Run:
    """This process's command and, for `mkdocs build`, where its output is staged."""

    command: str | None = None
    dirty: bool = False
    target: Path | None = None
    staging: str | None = None
    failed: bool = False
    lock: BuildLock | None = None
    """The site's build lock, held by a publishing build until its site is in place."""
    _staging_lock: int | None = None

    def start(self, command: str, dirty: bool) -> None:
        """Remember which command this process runs."""
        self.command, self.dirty, self.target, self.staging, self.failed = command, dirty, None, None, False

    @property
    def previewing(self) -> bool:
        """A live preview: unreleased text shows as a draft."""
        return self.command in PREVIEW_COMMANDS

    @property
    def publishing(self) -> bool:
        """`mkdocs build`: staged output, and rendered pages kept for the next build."""
        return self.command in STAGED_COMMANDS

    def keep(self, config: MkDocsConfig, notice: Callable[[str], None]) -> Kept | None:
        """For a publishing build: take the site's build lock (waiting, after saying so, while
        another build holds it), remove what a killed build left beside its output, and open
        the kept folder."""
        if not self.publishing:
            return None
        root = Path(config.config_file_path).parent
        if self.lock is None:
            self.lock = BuildLock.take(root, notice)
        target = Path(config.site_dir)
        if target.parent.is_dir():
            remove_leftovers(target)
        return kept_folder(root, notice)

    def stage(self, config: MkDocsConfig) -> None:
        """Point a publishing build's output at a staging folder next to its target."""
        if not self.publishing:
            return
        target = Path(config.site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.target = target
        staging, self._staging_lock = staging_folder(target)
        self.staging = str(staging)
        config.site_dir = self.staging

    def fail(self) -> None:
        """Throw the staged output away; the previous site stays."""
        self.failed = True
        if self.staging:
            shutil.rmtree(self.staging, ignore_errors=True)
        self._let_go()

    def finish(self) -> None:
        """Put a successful build into place, in one step."""
        target, staging = self.target, self.staging
        if target is not None and staging is not None and not self.failed and Path(staging).is_dir():
            assert self._staging_lock is not None
            replace(target, Path(staging), self._staging_lock)
            self._staging_lock = None
        self._let_go()

    def _let_go(self) -> None:
        if self._staging_lock is not None:
            os.close(self._staging_lock)
            self._staging_lock = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def refuse_twice(config: MkDocsConfig, plugin: type) -> None:
    """Stop a site that lists PolicyPress twice (`plugins:` and the hook file): it would make
    every page twice. MkDocs 1.6.1 keeps each event's methods in `config.plugins.events`."""
    listed = [method for method in config.plugins.events["config"] if isinstance(getattr(method, "__self__", None), plugin)]
    if len(listed) > 1:
        raise PluginError("policypress is listed twice in mkdocs.yml (under plugins: and as build_hooks/mkdocs_hooks.py "
                          "under hooks:); keep one")


def sources_folder(config: MkDocsConfig, sources: str) -> Path:
    """The folder of the policy sources: the plugin's `sources`, relative to mkdocs.yml."""
    folder = Path(config.config_file_path).parent / sources
    # The engine finds every document, and each release's text in git, under this name.
    if folder.name != SOURCE_DIR:
        raise PluginError(f"policypress: the sources folder must be named {SOURCE_DIR}/ (sources: {sources})")
    return folder


def override_dir(config: MkDocsConfig) -> Path:
    """Where the project overrides PolicyPress's templates."""
    return Path(config.config_file_path).parent / "overrides" / "policypress"


def build(
    config: MkDocsConfig, run: Run, sources: Path, cache: BuildCache | None, kept: Callable[[str], bytes | None] | None = None,
    records: Records | None = None,
) -> Site:
    """The policy site of the project around `config`, from the folder `sources`; problems in
    them stop MkDocs with every one of them. `kept`: the files an earlier publishing build
    kept, by their inputs (a kept PDF's sha256 is read, not made again); `records`: the
    published PDFs, published as kept."""
    try:
        return build_site(
            sources.parent,
            os.environ,
            datetime.now(UTC),
            site_url=config.site_url,
            directory_urls=config.use_directory_urls,
            override_dir=override_dir(config),
            preview=run.previewing,
            cache=cache,
            # A publishing build keeps what it wrote by its inputs, for the next one.
            inputs=run.publishing,
            # A publishing build makes PDFs, the live preview none (unless POLICYPRESS_PDF=1).
            pdfs=pdfs_wanted(os.environ, preview=run.previewing),
            kept=kept,
            records=records,
        )
    except PolicyError as error:
        raise PluginError(f"PolicyPress found problems in the policy sources:\n{error}") from None
