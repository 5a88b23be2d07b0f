"""The `policypress` command: thin over the pipeline stages.

Policy problems print as `path:line:col: error: message` and exit 1; misuse of the command
line exits 2 (click's own convention). No traceback reaches an editor.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import UTC, date, datetime
from collections.abc import Callable
from functools import partial
from pathlib import Path

import click

from policypress.assemble import assemble
from policypress.assemble.matrix import region_matrix
from policypress.check import SiteRecords, check_change
from policypress.command import policy_command, problems_exit
from policypress.coverage import Status, policy_coverage
from policypress.emit.check_summary import check_summary
from policypress.emit.coverage import coverage_json, coverage_text
from policypress.emit.readability import DocumentLevels, readability_json, readability_text
from policypress.emit.region_matrix import matrix_json, matrix_text
from policypress.emit.terminal import redline_text
from policypress.emit.templating import environment
from policypress.errors import Location, PolicyError
from policypress.history import read_history
from policypress.history.git import Repository
from policypress.laws import DISCLAIMER, catalogue
from policypress.model import Policy, walk_sections
from policypress.readability import GUIDANCE, document_pages
from policypress.redline import redline
from policypress.release_log import NewRelease, append_release
from policypress.render import render_site
from policypress.importer.section_files import run_import
from policypress.scaffold import DEFAULT_LANGUAGE, DEFAULT_SITE_URL, DEFAULT_TITLE, FolderRefused, new_site, options, presets
from policypress.site import build_site
from policypress.emit.pdf import VersionPdf
from policypress.emit.urls import Urls
from policypress.kept import file_store, kept_folder
from policypress.kept.lock import BuildLock
from policypress.kept.records import RECORDS_FOLDER, PdfRecords
from policypress.documents import PRIMARY, paths_of
from policypress.new_document import DOCUMENT_OPTION, document_paths, new_document, only_document
from policypress.sources import load_policy
from policypress.sources.site_sources import load_documents
from policypress.sources.tree import DirectoryTree
from policypress.translation_commands import translations

WORKTREE = "worktree"
LIVE = "live"


def mkdocs_setting(root: Path, key: str) -> str | None:
    """A top-level scalar of mkdocs.yml (read as text: MkDocs' own loader needs its plugins)."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return None
    match = re.search(rf"^{key}:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", config.read_text("utf-8"), re.MULTILINE)
    return match.group(1).strip() if match else None


@click.group()
@click.version_option(package_name="policypress")
def main() -> None:
    """PolicyPress: publish a legal policy as versioned, per-region web pages."""


main.add_command(translations)  # the translator's commands (translation_commands.py)


@main.command()
@policy_command
def validate(root: Path) -> None:
    """Check policy_src/ (shape and meaning) of every document and report every problem."""
    documents = load_documents(DirectoryTree(root))
    policy = documents[PRIMARY]
    sections = sum(1 for _ in walk_sections(policy.sections))
    click.echo(f"policy_src/ is valid: {sections} sections, {len(policy.regions)} regions, {len(policy.releases)} releases.")
    for document, other in documents.items():
        if document != PRIMARY:
            count = sum(1 for _ in walk_sections(other.sections))
            click.echo(f"{paths_of(document).folder}/ ({other.settings.title}): {count} sections, {len(other.regions)} regions, {len(other.releases)} releases.")


@main.command()
@click.option("--base", default="HEAD", show_default=True, help="Git revision the change is compared with.")
@click.option(
    "--published",
    metavar="FILE|URL|live",
    help="A deployed api/policy.json (\"live\": the one at mkdocs.yml's site_url); fail if a published "
    "version would change or vanish. Keeps the live bytes of each published PDF not kept yet (checked "
    "against its pdf_sha256), which the build then publishes. A site never deployed (HTTP 404) passes.",
)
@policy_command
def check(root: Path, base: str, published: str | None) -> None:
    """Validate, check the release rules for the change since BASE, print a Markdown summary."""
    site_url = mkdocs_setting(root, "site_url")
    if published == LIVE:
        if not site_url:
            raise click.UsageError("--published live needs site_url in mkdocs.yml")
        published = site_url.rstrip("/") + "/api/policy.json"
    now = datetime.now(UTC)
    if published is not None:
        # The guard writes kept files and records: one build (or guard) at a time in the
        # site's folder, until this process ends.
        BuildLock.take(root, lambda line: click.echo(line, err=True))
    records = _records(root) if published is not None and site_url else None
    kept = SiteRecords(records, site_url if site_url.endswith("/") else site_url + "/") if records and site_url else None
    result = check_change(root, base, os.environ, now, published, lambda: _pdf_digests(root, now, site_url, records), kept)
    locale = load_policy(DirectoryTree(root)).settings.locale
    click.echo(check_summary(environment(locale), result, disclaimer=DISCLAIMER, Status=Status, guidance=GUIDANCE), nl=False)
    for item in result.releases:
        for level in item.above_goal:
            # A warning, never a failure: a formula is no judge of clear language (SPEC §16).
            click.echo(f"warning: {item.title}, release {item.release.version}: {level.heading} reads at grade {level.after:.1f}, "
                       f"above plain_language max_grade {item.max_grade:g}", err=True)
    if result.disclosures:
        for warning in result.disclosures.stale:
            click.echo(f"warning: {warning.region.name} (/{warning.region.id}/): the page was last updated {warning.last_updated}, "
                       f"more than 12 months ago ({warning.item.cite})", err=True)


def _records(root: Path) -> PdfRecords:
    """The site's published PDFs kept as records (`.cache/policypress/published/`)."""
    return PdfRecords(root / RECORDS_FOLDER, note=lambda line: click.echo(line, err=True))


def _pdf_digests(root: Path, now: datetime, site_url: str | None, records: PdfRecords | None) -> dict[str, Callable[[], str]]:
    """Every PDF the site's build would publish: its address → the sha256 of its bytes: a
    published PDF's record, else read from the files a publishing build kept
    (`.cache/policypress/files/`), else made and kept there for the build that follows."""
    if not site_url:
        raise click.UsageError("guarding published PDFs needs site_url in mkdocs.yml")
    directory_urls = (mkdocs_setting(root, "use_directory_urls") or "true").lower() not in ("false", "no", "off")
    store = file_store(kept_folder(root, lambda line: click.echo(line, err=True)))
    site = build_site(root, os.environ, now, site_url=site_url, directory_urls=directory_urls,
                      override_dir=root / "overrides" / "policypress", inputs=True, pdfs=True, kept=store.read,
                      records=records)
    urls = Urls(site_url if site_url.endswith("/") else site_url + "/", directory_urls)

    def sha256(pdf: VersionPdf) -> str:
        inputs = pdf.file.inputs
        if inputs is not None and store.read(inputs) is None:
            store.keep(inputs, pdf.content())
        return pdf.sha256()

    return {urls.absolute(uri): partial(sha256, pdf) for uri, pdf in site.pdfs.items()}


@main.command()
@click.option("--region", "region_id", help="Region id; default: every region.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@policy_command
def coverage(root: Path, region_id: str | None, output: str) -> None:
    """Show, for each region page, which disclosures its laws ask for and which sections make them."""
    policy = load_policy(DirectoryTree(root))
    if region_id and region_id not in {r.id for r in policy.regions}:
        raise click.UsageError(f"no region '{region_id}'; regions: {', '.join(r.id for r in policy.regions)}")
    found = policy_coverage(policy, catalogue(), [region_id] if region_id else None)
    if output == "json":
        click.echo(coverage_json(found), nl=False)
    else:
        click.echo(coverage_text(environment(policy.settings.locale), found), nl=False)


@main.command()
@click.option("--document", "document", default=None, metavar="DOC",
              help="Only this document (\"primary\": the root of policy_src/); default: every document.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@policy_command
def regions(root: Path, document: str | None, output: str) -> None:
    """Show which tagged passages each region's page has, and their section numbers there."""
    documents = load_documents(DirectoryTree(root))
    if document is not None:
        documents = {key: documents[key] for key in (document_paths(root, document).id,)}
    matrices = [region_matrix(policy) for policy in documents.values()]
    if output == "json":
        click.echo(matrix_json(matrices), nl=False)
    else:
        click.echo(matrix_text(environment(documents[next(iter(documents))].settings.locale), matrices), nl=False)


@main.command()
@click.option("--region", "region_id", help="Region id; default: every region and the complete text.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@policy_command
def readability(root: Path, region_id: str | None, output: str) -> None:
    """Show the reading level of each page and section (guidance for editors, not a verdict)."""
    tree = DirectoryTree(root)
    documents = load_documents(tree)
    primary = documents[PRIMARY]
    if region_id and region_id not in {r.id for r in primary.regions}:
        raise click.UsageError(f"no region '{region_id}'; regions: {', '.join(r.id for r in primary.regions)}")
    found = [DocumentLevels(p.document, p.settings.title, document_pages(p, tree, region_id)) for p in documents.values()]
    found = [levels for levels in found if levels.pages]  # a document limited to other regions
    if output == "json":
        click.echo(readability_json(found), nl=False)
    else:
        click.echo(readability_text(environment(primary.settings.locale), found), nl=False)


@main.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--region", "region_id", help="Region id; default: the complete policy.")
@DOCUMENT_OPTION
@policy_command
def diff(root: Path, old: str | None, new: str | None, region_id: str | None, document: str) -> None:
    """Show what changed between two versions, word by word.

    OLD and NEW are each a release version (e.g. 2025-12-19), a git revision (HEAD, a branch,
    a commit) or "worktree" for the files as they are now. By default OLD is the latest
    release and NEW the working tree.
    """
    paths = document_paths(root, document)
    working = load_policy(DirectoryTree(root), None, paths)
    repo = Repository(root)
    history = {p.version: p for p in read_history(repo, working, today=date.today(), drafts_allowed=True, paths=paths)}

    def resolve(spec: str | None, default: Policy) -> Policy:
        if spec is None:
            return default
        if spec == WORKTREE:
            return working
        if spec in history:
            return history[spec].policy
        return load_policy(repo.tree(spec), None, paths)

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
@DOCUMENT_OPTION
@policy_command
def release(
    root: Path, version: str, summary: str, published: str | None, effective: str | None, material: str | None, document: str
) -> None:
    """Append a release entry to the document's releases.yaml, keeping its comments and layout."""
    regions: bool | tuple[str, ...] = False
    if material == "*":
        regions = True
    elif material:
        regions = tuple(part.strip() for part in material.split(",") if part.strip())
    new = NewRelease(version, summary, _date(published, "--published"), _date(effective, "--effective"), regions)
    paths = document_paths(root, document)
    path = root / paths.releases
    before = path.read_text("utf-8") if path.exists() else None
    path.write_text(append_release(path, paths.releases, new), "utf-8")
    try:
        load_policy(DirectoryTree(root), None, paths)
    except PolicyError:
        # The entry would make the sources invalid (an unknown region, too little notice, …).
        if before is None:
            path.unlink()
        else:
            path.write_text(before, "utf-8")
        raise
    click.echo(f"Added release {version} to {paths.releases}.")


@main.command(name="import")
@click.argument("markdown_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--tags", "tags_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML mapping of heading titles or ids to lists of jurisdiction tags.")
@click.option("--define", "defines", multiple=True, metavar="NAME=VALUE",
              help="Value for a template variable {{ NAME }} in the file (repeatable).")
@click.option("--from-git", "git_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A git repository whose history of --path becomes releases, one per commit.")
@click.option("--path", "git_path", help="With --from-git: the file's path in that repository.")
@click.option("--since", "since", metavar="REV", help="With --from-git: start at this commit (older versions are not imported).")
@click.option("--format", "form", type=click.Choice(["md", "html", "docx"]), default=None,
              help="The file's format (default: by its extension: .md, .html/.htm, .docx).")
@click.option("--select", "select", metavar="CSS", help="HTML: the element holding the policy (default: main, article, [role=main], body).")
@click.option("--base-url", "base_url", metavar="URL", help="HTML: the page's address, to make its relative links full addresses.")
@DOCUMENT_OPTION
@policy_command
def import_(root: Path, markdown_file: Path | None, tags_file: Path | None, defines: tuple[str, ...],
            git_dir: Path | None, git_path: str | None, since: str | None, form: str | None, select: str | None,
            base_url: str | None, document: str) -> None:
    """Turn a Markdown, HTML or Word policy into policy sources, every word kept (SPEC sections 8 and 13)."""
    paths = document_paths(root, document)
    values = {}
    for item in defines:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--define")
        values[name.strip()] = value
    if git_dir is not None:
        if markdown_file is not None or not git_path:
            raise click.UsageError("--from-git DIR takes --path FILE.md (the file's path in DIR) and no MARKDOWN_FILE")
        from policypress.importer.history import import_history

        for line in import_history(root, git_dir, git_path, tags_file, values, paths, since=since, form=form,
                                   select=select, base_url=base_url):
            click.echo(line)
        return
    if markdown_file is None:
        raise click.UsageError("give the file to import (or --from-git DIR --path FILE)")
    if not markdown_file.is_file():
        raise click.UsageError(f"no file {markdown_file}")
    from policypress.importer.source_file import format_of, read_bytes

    name = str(markdown_file)
    lines = run_import(root, read_bytes(markdown_file), name, tags_file, values, paths, form=format_of(name, form),
                       select=select, base_url=base_url)
    for line in lines:
        click.echo(line)


@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write into.")
@click.option("--theme", default="material", show_default=True, help="Theme named in the written mkdocs.yml.")
@click.option("--document", "document", default=None, metavar="DOC",
              help="Write only this document's pages and files (\"primary\": the root of policy_src/); default: every document.")
@policy_command
def render(root: Path, out_dir: Path, theme: str, document: str | None) -> None:
    """Write the site's pages as plain Markdown that MkDocs builds without PolicyPress."""
    site_url = mkdocs_setting(root, "site_url")
    site = build_site(root, os.environ, datetime.now(UTC), site_url=site_url)
    if document is not None:
        site = only_document(site, document_paths(root, document).id)
    docs = root / (mkdocs_setting(root, "docs_dir") or "docs")
    count = render_site(
        site, out_dir, site_name=mkdocs_setting(root, "site_name") or site.policy.settings.title,
        site_url=site_url or "", docs_dir=docs, theme=theme,
    )
    click.echo(f"Wrote {count} files to {out_dir}.")


@main.command(name="new-document")
@click.argument("document")
@click.option("--title", required=True, help="The document's title, e.g. Cookie Policy.")
@click.option("--regions", "regions", default=None, metavar="REGION,...", help="Limit the document to these regions; default: every region.")
@policy_command
def new_document_(root: Path, document: str, title: str, regions: str | None) -> None:
    """Scaffold a further document in policy_src/documents/DOCUMENT/."""
    limit = tuple(part.strip() for part in regions.split(",") if part.strip()) if regions else None
    written = new_document(root, document, title, limit)
    for path in written:
        click.echo(f"Wrote {path.relative_to(root).as_posix()}")
    click.echo(
        f"Next: write its sections, then its first release: policypress release VERSION --document {document} --summary TEXT"
    )


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--company", required=True, help="The company that publishes the policy (its controller).")
@click.option("--title", default=DEFAULT_TITLE, show_default=True, help="The document's title.")
@click.option("--regions", default=None, metavar="REGION,...",
              help=f"Region pages, from the presets: {', '.join(r['id'] for r in presets()['regions'])}; default: all of them.")
@click.option("--language", default=DEFAULT_LANGUAGE, show_default=True, help="The language of the text (a locale), e.g. de or pt_BR.")
@click.option("--site-url", default=DEFAULT_SITE_URL, show_default=True, help="The site's address (set it later in mkdocs.yml).")
@click.option("--engine", default=None, metavar="REQUIREMENT",
              help="The pip requirement the site installs PolicyPress by; default: this version, policypress==VERSION.")
def new(directory: Path, company: str, title: str, regions: str | None, language: str, site_url: str, engine: str | None) -> None:
    """Write a new policy site into DIRECTORY (new or empty): sources, mkdocs.yml, workflows."""
    site = options(company, title, regions, language, site_url, engine)
    try:
        with problems_exit():
            written = new_site(directory, site)
    except FolderRefused as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"Wrote {len(written)} files to {directory}/ for {site.company}'s {site.title} ({site.engine}).")
    # Releases are read from git history, so the site must be a repository; a fresh clone already is.
    init = "" if (directory / ".git").exists() else " && git init"
    click.echo(f"Next: cd {directory}{init} && mkdocs serve  (README.md says what comes after)")
