"""Digests of what a page or file is made from, the same in every process.

Archive pages, redlines, version data and notices of published releases never change, yet a
publishing build made every one of them again just to learn that. Each is now made lazily and
carries the digest of its inputs: the publishing build keeps what it wrote by that digest (see
`policypress.kept.pages`), and the next build takes it from there without making it again.

A digest must change whenever anything the output depends on changes. It is therefore taken
over the very values the output is rendered from (a template's arguments, the views of the
text), under a salt that covers everything else a renderer reads: PolicyPress's own code and
templates, the site's overriding templates, the locale, the site's address and the other
documents pages link to. The as-of date is not in it: what a page says because of the date
(its banner, its notice) is worked out before rendering and is one of its arguments.

Values are digested through `pickle` (fast, and complete: it sees every field), with each
dataclass reduced to its class and fields so that sets come out in a fixed order (a set of
strings iterates in a different order in each process), and with the views that many pages
share digested once each, by identity. A value that cannot be digested gets no digest: its
page is simply always made.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
import sys
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from policypress.assemble import ByIdentity, PolicyView, ViewSection

# Shared by many pages and big: digested once per object.
_SHARED = (ViewSection, PolicyView)
# Libraries whose behaviour is part of what is rendered (templates, dates, plain text).
_RENDERING_PACKAGES = ("Jinja2", "MarkupSafe", "Babel", "Markdown")


class InputKeys:
    """Input digests for one build's pages in one context (`salt` says which)."""

    def __init__(self, salt: str) -> None:
        self._salt = salt.encode()
        self._shared: ByIdentity[bytes] = ByIdentity()
        self._reducers = _Reducers(self)

    def key(self, *values: object) -> str | None:
        """The digest of `values` (None if one of them cannot be digested)."""
        try:
            return hashlib.sha256(self._salt + b"\0" + self._pickled(values)).hexdigest()
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None

    def salted(self, salt: str) -> InputKeys:
        """Keys for another context of the same build (another language's pages), sharing the
        digests of shared values."""
        keys = InputKeys(hashlib.sha256(self._salt + b"\0" + salt.encode()).hexdigest())
        keys._shared = self._shared
        return keys

    def _pickled(self, value: object) -> bytes:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.dispatch_table = self._reducers  # type: ignore[assignment]
        # No memo: how values happen to share objects must not change the digest.
        pickler.fast = True  # type: ignore[attr-defined]
        pickler.dump(value)
        return buffer.getvalue()

    def shared_digest(self, value: object) -> bytes:
        """The digest of a value shared by many pages, made once per object."""
        return self._shared.get(value, lambda shared: hashlib.sha256(self._pickled(_fields(shared))).digest())


class _Shared:
    """Stands for a shared value in a pickle: its class and digest."""

    def __init__(self, name: str, digest: bytes) -> None:
        self.name, self.digest = name, digest


class _Reducers(dict):  # type: ignore[type-arg]
    """The pickler's dispatch table: how each dataclass is reduced, made on first use."""

    def __init__(self, keys: InputKeys) -> None:
        super().__init__()
        self._keys = keys

    def __missing__(self, cls: type) -> Callable[[Any], tuple[Any, ...]]:
        if not dataclasses.is_dataclass(cls):
            raise KeyError(cls)  # pickled as usual
        if issubclass(cls, _SHARED):
            keys = self._keys

            def reduce(value: Any) -> tuple[Any, ...]:
                return _Shared, (cls.__qualname__, keys.shared_digest(value))
        else:

            def reduce(value: Any) -> tuple[Any, ...]:
                return cls, _fields(value)

        self[cls] = reduce
        return reduce


def _fields(value: Any) -> tuple[Any, ...]:
    """A dataclass's class name and fields, sets in sorted order."""
    return (type(value).__qualname__, *(_ordered(getattr(value, f.name)) for f in dataclasses.fields(value)))


def _ordered(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(value, key=repr))
    return value


def build_salt(override_dir: Path | None, *parts: object) -> str:
    """What every renderer of a build reads besides its arguments: PolicyPress's code and
    templates, the rendering libraries, the site's overriding templates and `parts` (the
    locale, the site's address, …)."""
    digest = hashlib.sha256(code_digest().encode())
    if override_dir is not None:
        digest_tree(override_dir, digest)
    digest.update(repr(parts).encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """PolicyPress's own files (code, templates, catalogues) and the versions of Python and
    the rendering libraries, as loaded by this process."""
    package = Path(__file__).resolve().parents[1]  # the whole policypress package
    digest = hashlib.sha256(sys.version.encode())
    for name in _RENDERING_PACKAGES:
        try:
            digest.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    digest_tree(package, digest)
    return digest.hexdigest()


def digest_tree(folder: Path, digest: Any) -> None:
    """Add every file under `folder` (relative path and content; compiled Python aside) to
    `digest`; nothing if there is no such folder."""
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.relative_to(folder).parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
