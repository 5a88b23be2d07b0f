"""The published folder (`site/`) replaced in one step, and what a killed build left beside it.

A publishing build writes into a staging folder beside its target (`.site.<random>.staging`,
locked by its build while it exists) and, once the whole build succeeded, exchanges the two
folders with one `renameat2(RENAME_EXCHANGE)` call: at every moment `site/` is the previous
site or the new one, whole. Where the call does not exist (not Linux, an old kernel, a file
system without it) the target is moved aside to `.site.<random>.previous/` first; a build
killed between the two renames leaves it there, and the next build puts it back.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_SUFFIXES = (".staging", ".previous")


def staging_folder(target: Path) -> tuple[Path, int]:
    """A new staging folder beside `target`, and the descriptor that holds its lock (closed
    by `replace`, or by the process's end)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".staging", dir=target.parent))
    descriptor = os.open(staging, os.O_RDONLY | os.O_CLOEXEC)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    return staging, descriptor


def replace(target: Path, staging: Path, descriptor: int) -> None:
    """Put the built `staging` folder at `target` in one step, and delete the previous site."""
    try:
        if target.exists():
            try:
                _exchange(staging, target)
                shutil.rmtree(staging, ignore_errors=True)
                return
            except OSError as error:
                if error.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM):
                    raise
            previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".previous", dir=target.parent))
            target.rename(previous / target.name)
            staging.rename(target)
            shutil.rmtree(previous, ignore_errors=True)
        else:
            staging.rename(target)
    finally:
        os.close(descriptor)


def remove_leftovers(target: Path) -> list[Path]:
    """Delete the staging and set-aside folders of builds of `target` that ended without
    cleaning up (killed); a previous site set aside goes back into place if `target` is
    missing. Folders a running build holds are left alone. Returns what was removed."""
    removed = []
    try:
        candidates = sorted(target.parent.glob(f".{target.name}.*"))
    except OSError:
        return []
    for folder in candidates:
        if not folder.name.endswith(_SUFFIXES) or not folder.is_dir() or folder.is_symlink() or not _abandoned(folder):
            continue
        if folder.name.endswith(".previous") and not target.exists() and (folder / target.name).is_dir():
            (folder / target.name).rename(target)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _abandoned(folder: Path) -> bool:
    """Whether no running build holds `folder` (its lock is free)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)


def _exchange(first: Path, second: Path) -> None:
    """Swap two paths atomically (Linux's renameat2 with RENAME_EXCHANGE)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
