"""The `policypress` command: thin over the pipeline stages.

Policy problems print as `path:line:col: error: message` and exit 1; misuse of the command
line exits 2 (click's own convention). No traceback reaches an editor.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import wraps
from pathlib import Path
from typing import Any

import click

from policypress.assemble import assemble
from policypress.check import check_change
from policypress.emit.terminal import redline_text
from policypress.emit.templating import environment
from policypress.errors import Location, PolicyError
from policypress.history import read_history
from policypress.history.git import Repository
from policypress.importer import parse_markdown
from policypress.model import Policy, walk_sections
from policypress.redline import redline
from policypress.release_log import NewRelease, append_release
from policypress.render import render_site
from policypress.section_files import existing_ids, placeholders_of, read_tags, settings_locale, write_sections
from policypress.site import build_site
from policypress.sources import RELEASES, SECTIONS, SETTINGS, load_policy
from policypress.sources.tree import SOURCE_DIR, DirectoryTree
from policypress.untrusted import is_rtl

WORKTREE = "worktree"
LIVE = "live"


def find_root(start: Path) -> Path:
    """The repository holding `start`: the nearest folder upwards that has a policy_src/."""
    for folder in (start, *start.parents):
        if (folder / SOURCE_DIR).is_dir():
            return folder
    raise click.ClickException(
        f"no {SOURCE_DIR}/ folder in {start} or any folder above it; run policypress inside the policy repository"
    )


def mkdocs_setting(root: Path, key: str) -> str | None:
    """A top-level scalar of mkdocs.yml (read as text: MkDocs' own loader needs its plugins)."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return None
    match = re.search(rf"^{key}:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", config.read_text("utf-8"), re.MULTILINE)
    return match.group(1).strip() if match else None


def report(error: PolicyError) -> None:
    """Print every problem, one per line, then a count."""
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found.", err=True)


def policy_command(function: Callable[..., None]) -> Callable[..., None]:
    """Run a command in the policy repository; policy problems and I/O errors exit 1."""

    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            function(find_root(Path.cwd()), *args, **kwargs)
        except PolicyError as error:
            report(error)
            sys.exit(1)
        except OSError as error:
            click.echo(f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": "), err=True)
            sys.exit(1)

    return run


@click.group()
@click.version_option(package_name="policypress")
def main() -> None:
    """PolicyPress: publish a legal policy as versioned, per-region web pages."""


@main.command()
@policy_command
def validate(root: Path) -> None:
    """Check policy_src/ (shape and meaning) and report every problem."""
    policy = load_policy(DirectoryTree(root))
    sections = sum(1 for _ in walk_sections(policy.sections))
    click.echo(f"policy_src/ is valid: {sections} sections, {len(policy.regions)} regions, {len(policy.releases)} releases.")


@main.command()
@click.option("--base", default="HEAD", show_default=True, help="Git revision the change is compared with.")
@click.option(
    "--published",
    metavar="FILE|URL|live",
    help="A deployed api/policy.json (\"live\": the one at mkdocs.yml's site_url); fail if a published "
    "version would change or vanish. A site never deployed (HTTP 404) passes.",
)
@policy_command
def check(root: Path, base: str, published: str | None) -> None:
    """Validate, check the release rules for the change since BASE, print a Markdown summary."""
    site_url = mkdocs_setting(root, "site_url")
    if published == LIVE:
        if not site_url:
            raise click.UsageError("--published live needs site_url in mkdocs.yml")
        published = site_url.rstrip("/") + "/api/policy.json"
    result = check_change(root, base, os.environ, datetime.now(UTC), site_url, published)
    locale = load_policy(DirectoryTree(root)).settings.locale
    click.echo(environment(locale).get_template("check/summary.md.j2").render(report=result), nl=False)


@main.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--region", "region_id", help="Region id; default: the complete policy.")
@policy_command
def diff(root: Path, old: str | None, new: str | None, region_id: str | None) -> None:
    """Show what changed between two versions, word by word.

    OLD and NEW are each a release version (e.g. 2025-12-19), a git revision (HEAD, a branch,
    a commit) or "worktree" for the files as they are now. By default OLD is the latest
    release and NEW the working tree.
    """
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
    colour = sys.stdout.isatty()
    click.echo(redline_text(redline(*views), colour=colour), color=colour)


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; write YYYY-MM-DD", param_hint=name) from None


@main.command()
@click.argument("version")
@click.option("--summary", required=True, help="One short Markdown paragraph: what changed, for readers.")
@click.option("--published", help="Publication date (YYYY-MM-DD); default: the date of the commit.")
@click.option("--effective", help="Date it takes effect; default: published (+ notice_days if material).")
@click.option(
    "--material",
    is_flag=False,
    flag_value="*",
    default=None,
    metavar="[REGION,...]",
    help="A material change: for every region, or for the regions listed.",
)
@policy_command
def release(root: Path, version: str, summary: str, published: str | None, effective: str | None, material: str | None) -> None:
    """Append a release entry to policy_src/releases.yaml, keeping its comments and layout."""
    regions: bool | tuple[str, ...] = False
    if material == "*":
        regions = True
    elif material:
        regions = tuple(part.strip() for part in material.split(",") if part.strip())
    new = NewRelease(version, summary, _date(published, "--published"), _date(effective, "--effective"), regions)
    path = root / RELEASES
    before = path.read_text("utf-8") if path.exists() else None
    path.write_text(append_release(path, RELEASES, new), "utf-8")
    try:
        load_policy(DirectoryTree(root))
    except PolicyError:
        # The entry would make the sources invalid (an unknown region, too little notice, …).
        if before is None:
            path.unlink()
        else:
            path.write_text(before, "utf-8")
        raise
    click.echo(f"Added release {version} to {RELEASES}.")


@main.command(name="import")
@click.argument("markdown_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tags", "tags_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML mapping of heading titles or ids to lists of jurisdiction tags.")
@policy_command
def import_(root: Path, markdown_file: Path, tags_file: Path | None) -> None:
    """Turn a Markdown policy into section files (one per top-level heading)."""
    tags = read_tags(tags_file) if tags_file else {}
    imported = parse_markdown(
        markdown_file.read_text("utf-8"), existing_ids(root), placeholders_of(root), tags,
        path=str(markdown_file), rtl=is_rtl(settings_locale(root)),
    )
    if not imported.sections:
        raise PolicyError.single(Location(str(markdown_file)), "no sections found: the file needs ## headings")
    written = write_sections(root, imported)
    for name in imported.unmatched_tags:
        click.echo(f"warning: no heading '{name}' for the tags in {tags_file}", err=True)
    click.echo(f"Wrote {len(written)} section files to {SECTIONS}/ and the outline of {SETTINGS}.")


@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write into.")
@click.option("--theme", default="material", show_default=True, help="Theme named in the written mkdocs.yml.")
@policy_command
def render(root: Path, out_dir: Path, theme: str) -> None:
    """Write the site's pages as plain Markdown that MkDocs builds without PolicyPress."""
    site_url = mkdocs_setting(root, "site_url")
    site = build_site(root, os.environ, datetime.now(UTC), site_url=site_url)
    docs = root / (mkdocs_setting(root, "docs_dir") or "docs")
    count = render_site(
        site, out_dir, site_name=mkdocs_setting(root, "site_name") or site.policy.settings.title,
        site_url=site_url or "", docs_dir=docs, theme=theme,
    )
    click.echo(f"Wrote {count} files to {out_dir}.")


# The translator's commands live with the translations and register themselves on `main`;
# imported last, as they use the helpers above.
import policypress.translations.commands  # noqa: E402,F401
