"""Run `mkdocs` with one fault injected at a chosen moment, deterministically:

    python inject.py ACTION MODULE:NAME N -- MKDOCS-ARGUMENTS

wraps the function `NAME` of `MODULE` (`Class.method` too) so that its `N`-th call does
`ACTION`: `kill-before` / `kill-after` (SIGKILL this process before the call or once it
returned), or `enospc` (raise the OSError of a full disk instead of running it). The
function must be looked up through its module when called (a global of that module, or a
method), which is the case for every point the fault tests use.
"""

from __future__ import annotations

import errno
import importlib
import os
import signal
import sys
from typing import Any


def inject(action: str, target: str, nth: int) -> None:
    module_name, _, attribute = target.partition(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, name)
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == nth and action == "kill-before":
            os.kill(os.getpid(), signal.SIGKILL)
        if calls == nth and action == "enospc":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        result = original(*args, **kwargs)
        if calls == nth and action == "kill-after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, name, wrapper)


def main() -> None:
    action, target, nth, separator, *arguments = sys.argv[1:]
    assert separator == "--" and action in ("kill-before", "kill-after", "enospc"), sys.argv
    inject(action, target, int(nth))
    from mkdocs.__main__ import cli

    sys.argv = ["mkdocs", *arguments]
    cli()


if __name__ == "__main__":
    main()
