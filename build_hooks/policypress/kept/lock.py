"""One build at a time in a site's folder: a lock the kernel lets go of when its build ends,
however it ends (a SIGKILL included).

The lock is `fcntl.flock` on the site's folder itself (the folder of mkdocs.yml), not on a
file: it needs nothing written, so it works when the kept folder is read-only or is a file,
and leaves nothing behind for git to see. A build that finds it taken says so and waits.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path


class BuildLock:
    """The site's build lock, held from `take` until `release` (or the process's end)."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor: int | None = descriptor

    @classmethod
    def take(cls, folder: Path, notice: Callable[[str], None]) -> BuildLock:
        """Take the lock of the site in `folder`, waiting (after saying so) while another
        build holds it."""
        descriptor = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notice(f"PolicyPress: another build of {folder} is running; waiting for it to end")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        return cls(descriptor)

    def release(self) -> None:
        """Let the next build in."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None
