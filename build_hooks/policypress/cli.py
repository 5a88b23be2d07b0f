"""The `policypress` command: thin over the pipeline stages.

Policy problems print as `path:line:col: error: message` and exit 1; misuse of the command
line exits 2 (click's own convention). No traceback reaches an editor.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policypress.errors import PolicyError
from policypress.model import walk_sections
from policypress.sources import load_policy
from policypress.sources.tree import SOURCE_DIR, DirectoryTree


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


@click.group()
@click.version_option(package_name="policypress")
def main() -> None:
    """PolicyPress: publish a legal policy as versioned, per-region web pages."""


@main.command()
def validate() -> None:
    """Check policy_src/ (shape and meaning) and report every problem."""
    root = find_root(Path.cwd())
    try:
        policy = load_policy(DirectoryTree(root))
    except PolicyError as error:
        report(error)
        sys.exit(1)
    sections = sum(1 for _ in walk_sections(policy.sections))
    click.echo(f"policy_src/ is valid: {sections} sections, {len(policy.regions)} regions, {len(policy.releases)} releases.")
