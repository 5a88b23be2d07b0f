"""The one reader and writer of what builds keep on disk: entries verified when read.

An entry is a file (a PDF, a data file, the page digests by inputs) or a folder (a page
group's rendered pages) under a name (a digest) in a kind's folder (`pages/`, `files/`),
with a *record* beside it, `<name>.kept`: the engine that wrote it, its name, and each of its
files' size and sha256 (with the inode and modification time it had when last checked). The
record is written after the content, both under a temporary name in the same folder and then
renamed, so an interrupted write leaves either nothing or an entry without a record.

Reading an entry checks it against its record: a file is accepted as it is when its size,
inode and modification time are the ones recorded (nothing has written to it since it was
checked), and read and hashed otherwise (a cache restored from elsewhere); a record missing,
unreadable, written by another engine or for another name, a file missing, shorter, longer
or with other bytes, or a file or folder that is not a plain one discards the entry, with one
line saying so, and the caller makes it again. A discarded entry is never handed out, so its
bytes are never published nor vouched for by a sha256.

A kept folder that cannot be written (read-only, not a folder, a full disk) stops keeping for
the rest of the build with one line saying so; what was kept is still read.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

RECORD = ".kept"
"""The suffix of an entry's record (entry names are digests, so none ends with it)."""
TEMPORARY = ".tmp-"
"""The prefix of what is being written: what a killed build leaves, removed by the next."""
FORMAT = 1
"""The layout of entries and records; a change makes every kept entry foreign."""


@lru_cache(maxsize=1)
def engine() -> str:
    """Who writes entries: this PolicyPress's version and the entries' format (what an entry's
    inputs digest already covers, code included, is not repeated here)."""
    try:
        number = version("policypress")
    except PackageNotFoundError:
        number = "-"
    return f"policypress {number}, kept format {FORMAT}"


class Kept:
    """A site's kept folder (`.cache/policypress/`): its entries by kind, and whether this
    build still keeps (it stops, saying so once, when the folder cannot be written)."""

    def __init__(self, root: Path, notice: Callable[[str], None], *, tidy: bool = False) -> None:
        self.root = root
        self.notice = notice
        self.tidy = tidy
        """Whether this build holds the site's build lock, so that what an interrupted build
        left in the folders (temporary files) can be removed."""
        self.keeping = True
        self._kinds: dict[str, Entries] = {}

    def entries(self, kind: str, describe: Callable[[str], str] | None = None, remedy: str = "made again") -> Entries:
        """The entries of one kind (`pages`, `files`, `published`), in their own folder;
        `describe` names an entry in the line saying it was discarded, `remedy` says what
        happens next."""
        if kind not in self._kinds:
            self._kinds[kind] = Entries(self, kind, describe, remedy)
        return self._kinds[kind]

    def cannot_keep(self, error: OSError) -> None:
        """Stop keeping for the rest of this build, saying so the first time."""
        if self.keeping:
            reason = error.strerror or str(error)
            self.notice(f"PolicyPress: cannot write the kept files in {self.root} ({reason}); "
                        "this build goes on without keeping")
        self.keeping = False


class Entries:
    """The entries of one kind: read verified, written atomically, forgotten when unused."""

    def __init__(self, kept: Kept, kind: str, describe: Callable[[str], str] | None = None, remedy: str = "made again") -> None:
        self.kept = kept
        self.kind = kind
        self._describe, self._remedy = describe, remedy
        self.folder = kept.root / kind
        self._where = str(self.folder)
        self._checked: dict[str, Path | None] = {}
        self._opened = False
        self._problem: OSError | None = None
        self._readable = False

    # --- reading -------------------------------------------------------------------------

    def path(self, name: str) -> Path | None:
        """The entry's file or folder, if it is kept and intact (checked once per build)."""
        if name not in self._checked:
            self._checked[name] = self._verified(name)
        return self._checked[name]

    def read(self, name: str) -> bytes | None:
        """The content of a file entry, if it is kept and intact."""
        path = self.path(name)
        if path is None:
            return None
        try:
            return path.read_bytes()
        except OSError:
            self._checked[name] = None
            return None

    def _verified(self, name: str) -> Path | None:
        self._open()
        if not self._readable:
            return None  # nothing kept (or the kept folder is a file)
        # Plain strings and `os` calls: this runs for every kept entry a build reads, and
        # pathlib's objects cost more than the checks themselves.
        content = os.path.join(self._where, name)
        try:
            with open(content + RECORD, "rb") as stream:
                record = json.loads(stream.read())
        except FileNotFoundError:
            if os.path.lexists(content):
                self._discard(name, "left without a record by an interrupted build")
            return None
        except (OSError, ValueError):
            self._discard(name, "unreadable (its record is damaged)")
            return None
        problem, seen = _check(content, name, record)
        if problem is not None:
            self._discard(name, problem)
            return None
        if seen != record["files"]:
            # Intact but touched (restored from a cache): remember how it looks now, so that
            # the next build need not read it again.
            self._write_record(name, seen)
        return self.folder / name

    # --- writing -------------------------------------------------------------------------

    def write(self, name: str, content: bytes) -> None:
        """Keep `content` as a file entry."""
        self._keep(name, lambda temporary: temporary.write_bytes(content))

    def keep_file(self, name: str, source: Path) -> None:
        """Keep a copy of the file `source` (a hard link where possible) as a file entry."""
        self._keep(name, lambda temporary: link_or_copy(str(source), str(temporary)))

    def keep_folder(self, name: str, source: Path, *, move: bool = False) -> bool:
        """Keep the folder `source` as a folder entry: its copy (hard links where possible),
        or `source` itself moved in (`move`); False if it could not be kept (then a moved
        folder is back where it was)."""
        if not move:
            return self._keep(name, lambda temporary: shutil.copytree(source, temporary, copy_function=link_or_copy))
        return self._keep(name, lambda temporary: os.rename(source, temporary), undo=lambda placed: os.rename(placed, source))

    def _keep(self, name: str, fill: Callable[[Path], object], undo: Callable[[Path], object] | None = None) -> bool:
        if not self._writable():
            return False
        placed = temporary = self.folder / f"{TEMPORARY}{os.urandom(6).hex()}"
        try:
            fill(temporary)
            files = _describe(temporary)
            _remove(self.folder / name)
            os.rename(temporary, self.folder / name)
            placed = self.folder / name
            self._write_record(name, files, strict=True)
        except OSError as error:
            if undo is not None and _exists(placed):
                try:
                    undo(placed)
                except OSError:
                    pass
            _remove(placed)
            self.kept.cannot_keep(error)
            return False
        self._checked[name] = self.folder / name
        return True

    def _write_record(self, name: str, files: dict[str, list[int | str]], *, strict: bool = False) -> None:
        """Write an entry's record (atomically); a failure stops keeping, and is raised when
        `strict` (the entry is then removed by the caller)."""
        if not self._writable():
            return
        record = {"engine": engine(), "name": name, "files": files}
        temporary = self.folder / f"{TEMPORARY}{os.urandom(6).hex()}{RECORD}"
        try:
            temporary.write_text(json.dumps(record, sort_keys=True), "utf-8")
            os.replace(temporary, self.folder / (name + RECORD))
        except OSError as error:
            _remove(temporary)
            if strict:
                raise
            self.kept.cannot_keep(error)

    # --- housekeeping --------------------------------------------------------------------

    def forget_except(self, used: Iterable[str]) -> None:
        """Delete every entry not in `used`, and anything else in the folder that is not an
        entry (nothing when this build does not keep)."""
        self._forget(set(used), park=False)

    def park_except(self, used: Iterable[str]) -> list[Path]:
        """Like `forget_except`, but folders are moved aside and returned, for the caller to
        delete off the build's path (the live preview)."""
        return self._forget(set(used), park=True)

    def _forget(self, used: set[str], *, park: bool) -> list[Path]:
        if not self._writable():
            return []
        parked: list[Path] = []
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return []
        for entry in entries:
            name = entry.name[: -len(RECORD)] if entry.name.endswith(RECORD) else entry.name
            if entry.name.startswith(TEMPORARY) or (name in used and not entry.name.startswith(".")):
                continue  # being written or deleted, or used
            self._checked.pop(name, None)
            if park and entry.is_dir() and not entry.is_symlink():
                aside = self.folder / f"{TEMPORARY}unused-{os.urandom(6).hex()}"
                try:
                    os.rename(entry, aside)
                    parked.append(aside)
                    continue
                except OSError:
                    pass
            _remove(entry)
        return parked

    def _writable(self) -> bool:
        """Whether this build (still) keeps in this folder; the first write to a folder that
        cannot be written stops keeping, saying so."""
        self._open()
        if self._problem is not None:
            self.kept.cannot_keep(self._problem)
        return self.kept.keeping

    def _open(self) -> None:
        """Make the kind's folder, and remove what an interrupted build left in it when this
        build holds the site's build lock (then no other build is writing there)."""
        if self._opened:
            return
        self._opened = True
        try:
            self._readable = self.folder.is_dir()
            # A folder made read-only (a restored cache) is never written, even by root: the
            # nearest one that exists decides.
            existing = next((folder for folder in (self.folder, *self.folder.parents) if folder.exists()), None)
            if existing is not None and existing.is_dir() and (
                    not os.access(existing, os.W_OK) or not existing.stat().st_mode & 0o222):
                raise PermissionError(errno.EACCES, "read-only")
            self.folder.mkdir(parents=True, exist_ok=True)
            self._readable = True
        except OSError as error:
            if isinstance(error, FileExistsError) or not self.folder.is_dir():
                error = OSError(errno.ENOTDIR, "not a folder")
            self._problem = error
            return
        if self.kept.tidy:
            for leftover in self.folder.glob(f"{TEMPORARY}*"):
                _remove(leftover)

    def _discard(self, name: str, reason: str) -> None:
        if self._describe is not None:
            what = self._describe(name)
        else:
            what = f"{'page folder' if (self.folder / name).is_dir() else 'file'} {self.kind}/{name[:16]}"
        self.kept.notice(f"PolicyPress: the kept {what} is {reason}: discarded, {self._remedy}")
        if self._writable():
            _remove(self.folder / (name + RECORD))
            _remove(self.folder / name)



def _check(content: str, name: str, record: object) -> tuple[str | None, dict[str, list[int | str]]]:
    """What is wrong with an entry against its record (None if nothing), and how its files
    look now."""
    if not isinstance(record, dict) or not isinstance(record.get("files"), dict):
        return "unreadable (its record is damaged)", {}
    if record.get("engine") != engine():
        return f"foreign (written by {record.get('engine')!s:.60})", {}
    if record.get("name") != name:
        return "foreign (its record is another entry's)", {}
    expected: dict[str, list[int | str]] = record["files"]
    try:
        found = _listing(content)
    except FileNotFoundError:
        return "missing", {}
    except OSError:
        return "unreadable", {}
    if found is None:
        return "corrupted (it holds a link or a special file)", {}
    if set(found) - set(expected):
        return "corrupted (it holds files it was not written with)", {}
    seen: dict[str, list[int | str]] = {}
    for relative, wanted in expected.items():
        if relative not in found:
            return "missing a file", {}
        path, status = found[relative]
        if not (isinstance(wanted, list) and len(wanted) == 4):
            return "unreadable (its record is damaged)", {}
        size, digest, inode, mtime = wanted
        if status.st_size < int(size):
            return "truncated", {}
        if status.st_size != size:
            return "corrupted (its size changed)", {}
        if (status.st_ino, status.st_mtime_ns) != (inode, mtime):
            try:
                actual = _sha256(path)
            except OSError:
                return "unreadable", {}
            if actual != digest:
                return "corrupted", {}
        seen[relative] = [status.st_size, digest, status.st_ino, status.st_mtime_ns]
    return None, seen


def _listing(content: str) -> dict[str, tuple[str, os.stat_result]] | None:
    """Every file of an entry by its relative path (`""` for a file entry), with its status
    (one `lstat` each: this runs for every kept entry a build reads); None if the entry holds
    anything but plain files and folders."""
    top = os.lstat(content)
    if stat.S_ISREG(top.st_mode):
        return {"": (content, top)}
    if not stat.S_ISDIR(top.st_mode):
        return None
    files: dict[str, tuple[str, os.stat_result]] = {}
    folders = [("", content)]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as listing:
            for item in listing:
                status = item.stat(follow_symlinks=False)
                if stat.S_ISDIR(status.st_mode):
                    folders.append((prefix + item.name + "/", item.path))
                elif stat.S_ISREG(status.st_mode):
                    files[prefix + item.name] = (item.path, status)
                else:
                    return None  # a link or a special file
    return files


def _describe(content: Path) -> dict[str, list[int | str]]:
    """The record's description of what was just written: each file's size, sha256, inode and
    modification time."""
    listing = _listing(str(content))
    if listing is None:
        raise OSError(errno.EINVAL, "a kept entry holds only plain files and folders")
    described: dict[str, list[int | str]] = {}
    for relative, (path, status) in sorted(listing.items()):
        described[relative] = [status.st_size, _sha256(path), status.st_ino, status.st_mtime_ns]
    return described


def _sha256(path: str) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _remove(path: Path) -> None:
    """Delete a file, link or folder, if it is there and can be deleted."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def link_or_copy(source: str, target: str) -> None:
    """A hard link to `source` at `target`, or a copy where linking fails. Hard links cost
    no copying; a kept file and the output never write into an existing file (MkDocs and the
    store write each file anew), and a reader checks an entry's bytes whenever its inode or
    modification time is not the one recorded."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
