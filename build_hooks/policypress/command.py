"""What every `policypress` command shares: finding the policy repository, and reporting
problems as `path:line:col: error: message` with exit 1 (misuse exits 2, click's own way).

Commands of several modules (`cli`, `translation_commands`) use it, so it lives below them all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

import click

from policypress.errors import PolicyError
from policypress.sources.tree import SOURCE_DIR


def find_root(start: Path) -> Path:
    """The repository holding `start`: the nearest folder upwards that has a policy_src/."""
    for folder in (start, *start.parents):
        if (folder / SOURCE_DIR).is_dir():
            return folder
    raise click.ClickException(
        f"no {SOURCE_DIR}/ folder in {start} or any folder above it; run policypress inside the policy repository"
    )


def report(error: PolicyError) -> None:
    """Print every problem, one per line, then a count."""
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)


@contextmanager
def problems_exit() -> Iterator[None]:
    """Inside it, policy problems are reported and I/O errors named, each exiting 1."""
    try:
        yield
    except PolicyError as error:
        report(error)
        sys.exit(1)
    except OSError as error:
        click.echo(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "), err=True)
        sys.exit(1)


def policy_command(function: Callable[..., None]) -> Callable[..., None]:
    """Run a command in the policy repository; policy problems and I/O errors exit 1."""

    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        with problems_exit():
            function(find_root(Path.cwd()), *args, **kwargs)

    return run
