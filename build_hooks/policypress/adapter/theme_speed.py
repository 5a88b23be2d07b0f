"""What makes the theme cheaper to rebuild under `mkdocs serve`: compiled templates and the
listing of the installed themes' files, kept for a session.

Relies on (checked with MkDocs 1.6.1, Material 9.8.2): MkDocs calls `config.theme.get_env()` once
per build (`mkdocs.commands.build`), which makes a new Jinja2 environment over `theme.dirs` and
compiles the theme's templates again; `Files.add_files_from_theme` lists the theme's files to
copy through `env.list_templates(filter_func=…)`, with a filter that depends only on its code
and `theme.static_templates`. `tests/test_adapter.py` checks these.
"""

from __future__ import annotations

import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from jinja2.bccache import Bucket, BytecodeCache


class ThemeListing:
    """The theme folders' files as MkDocs lists them for copying, kept for a session: Material's
    folder holds some 14,000 files (its icons), and listing and filtering them took a tenth of
    every rebuild. Folders of installed packages do not change under a running server; any
    other folder (the project's `overrides/`) is listed afresh on every rebuild."""

    _INSTALLED = tuple(Path(sysconfig.get_paths()[name]).resolve() for name in ("purelib", "platlib"))

    def __init__(self) -> None:
        self._listed: dict[tuple[Any, ...], set[str]] = {}

    def names(self, dirs: list[str], static_templates: tuple[str, ...], extensions: Any, filter_func: Any) -> list[str]:
        """What `jinja2.Environment.list_templates` returns for a loader over `dirs`."""
        # MkDocs's filter is a closure made anew for each build; what it keeps depends only on
        # its code and the theme's static templates.
        rule = (getattr(filter_func, "__code__", filter_func), tuple(extensions or ()), static_templates)
        names: set[str] = set()
        for folder in dirs:
            if self._installed(folder):
                key = (folder, *rule)
                if key not in self._listed:
                    self._listed[key] = set(_list_templates(folder, extensions, filter_func))
                names |= self._listed[key]
            else:
                names.update(_list_templates(folder, extensions, filter_func))
        return sorted(names)

    def _installed(self, folder: str) -> bool:
        return any(Path(folder).resolve().is_relative_to(root) for root in self._INSTALLED)


def _list_templates(folder: str, extensions: Any, filter_func: Any) -> list[str]:
    return Environment(loader=FileSystemLoader(folder)).list_templates(extensions, filter_func)


class MemoryBytecodeCache(BytecodeCache):
    """Compiled Jinja2 templates, kept for the session (Jinja2 keys them by name and source
    checksum, so a changed template is compiled again)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def speed_up(theme: Any, templates: MemoryBytecodeCache, listing: ThemeListing) -> None:
    """Make `theme.get_env` (this build's `mkdocs.theme.Theme`) return environments that reuse
    the session's compiled `templates` and `listing` of the installed themes' files."""
    make: Callable[[], Environment] = theme.get_env

    def get_env() -> Environment:
        env = make()
        env.bytecode_cache = templates
        static = tuple(sorted(theme.static_templates))
        env.list_templates = lambda extensions=None, filter_func=None: listing.names(  # type: ignore[method-assign]
            theme.dirs, static, extensions, filter_func
        )
        return env

    theme.get_env = get_env
