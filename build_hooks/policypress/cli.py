"""The `policypress` command: thin over the pipeline stages.

Policy problems print as `path:line:col: error: message` and exit 1; misuse of the command
line exits 2 (click's own convention). No traceback reaches an editor.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from policypress.assemble import assemble
from policypress.emit.terminal import redline_text
from policypress.errors import PolicyError
from policypress.history import read_history
from policypress.history.git import Repository
from policypress.model import Policy, walk_sections
from policypress.redline import redline
from policypress.sources import load_policy
from policypress.sources.tree import SOURCE_DIR, DirectoryTree

WORKTREE = "worktree"


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


@main.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--region", "region_id", help="Region id; default: the complete policy.")
def diff(old: str | None, new: str | None, region_id: str | None) -> None:
    """Show what changed between two versions, word by word.

    OLD and NEW are each a release version (e.g. 2025-12-19), a git revision (HEAD, a branch,
    a commit) or "worktree" for the files as they are now. By default OLD is the latest
    release and NEW the working tree.
    """
    root = find_root(Path.cwd())
    try:
        working = load_policy(DirectoryTree(root))
        repo = Repository(root)
        history = {p.version: p for p in read_history(repo, working, today=date.today(), drafts_allowed=True)}

        def resolve(spec: str | None, default: Policy) -> Policy:
            if spec is None:
                return default
            if spec == WORKTREE:
                return working
            if spec in history:
                return history[spec].policy
            return load_policy(repo.tree(spec))

        latest = list(history.values())[-1].policy if history else working
        old_policy, new_policy = resolve(old, latest), resolve(new, working)
        for policy in (old_policy, new_policy):
            if region_id and region_id not in {r.id for r in policy.regions}:
                raise click.UsageError(f"no region '{region_id}'; regions: {', '.join(r.id for r in working.regions)}")
        views = [assemble(p, p.region(region_id) if region_id else None) for p in (old_policy, new_policy)]
    except PolicyError as error:
        report(error)
        sys.exit(1)
    click.echo(redline_text(redline(*views), colour=sys.stdout.isatty()), color=sys.stdout.isatty())
