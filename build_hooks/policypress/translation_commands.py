"""`policypress translations update|status`: the translator's side of the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policypress.command import policy_command
from policypress.documents import DocumentPaths, paths_of
from policypress.errors import PolicyError
from policypress.model import Policy
from policypress.sources import load_policy_located
from policypress.sources.site_sources import document_ids, load_documents
from policypress.sources.tree import DirectoryTree
from policypress.translations.catalog import parse_po
from policypress.sources.languages import offered, po_path, translations_dir
from policypress.translations.merge import merge, po_text
from policypress.assemble.passages import translatable
from policypress.translations.status import required_problems, translation_status


@click.group()
def translations() -> None:
    """PO files of the languages regions offer (policy_src/translations/<language>.po, and
    policy_src/documents/<doc>/translations/<language>.po for further documents)."""


def _documents(root: Path) -> list[tuple[DocumentPaths, Policy]]:
    """Every document of the working tree, each read with positions (PO files cite lines)."""
    tree = DirectoryTree(root)
    load_documents(tree)  # validates every document at once, reporting all problems
    return [(paths_of(document), load_policy_located(tree, paths_of(document))) for document in document_ids(tree)]


@translations.command()
@click.option("--language", "languages", multiple=True, metavar="LANG", help="Only this language (repeatable).")
@policy_command
def update(root: Path, languages: tuple[str, ...]) -> None:
    """Extract every passage of every document and merge it into each language's PO file
    (policy_src/translations/, policy_src/documents/<doc>/translations/): changed source text
    turns its entry fuzzy, new text gets an empty entry, removed text becomes obsolete."""
    tree = DirectoryTree(root)
    documents = _documents(root)
    known_by: dict[str, list[str]] = {}
    for paths, policy in documents:
        folder = translations_dir(paths.id)
        known = list(offered(policy))
        known += [Path(path).stem for path in tree.list(folder) if path.endswith(".po") and Path(path).stem not in known]
        known_by[paths.id] = known
    every = list(dict.fromkeys(code for known in known_by.values() for code in known))
    unknown = [language for language in languages if language not in every]
    if unknown:
        raise click.UsageError(
            f"no region offers {', '.join(unknown)} and there is no PO file for it; "
            f"languages: {', '.join(every) or 'none (add languages: to a region in regions.yaml)'}"
        )
    if not every:
        click.echo("No region offers a further language; add `languages: {pt-BR: required}` to a region in regions.yaml.")
        return
    problems = []
    for paths, policy in documents:
        folder = translations_dir(paths.id)
        for language in known_by[paths.id]:
            if languages and language not in languages:
                continue
            path = po_path(language, folder)
            raw = tree.read(path)
            try:
                old = parse_po(path, raw, language) if raw is not None else None
            except PolicyError as error:
                problems.extend(error.problems)
                continue
            po = merge(translatable(policy, language, paths.settings), old, language, policy.settings.title)
            target = root / path
            text = po_text(po)
            if raw is None or raw.decode("utf-8") != text:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, "utf-8")
            live = [entry for entry in po if not entry.obsolete]
            fuzzy = sum(1 for entry in live if "fuzzy" in entry.flags)
            done = sum(1 for entry in live if entry.msgstr and "fuzzy" not in entry.flags)
            obsolete = len(po) - len(live)
            state = "created" if raw is None else "unchanged" if raw.decode("utf-8") == text else "updated"
            click.echo(
                f"{path}: {state}; {len(live)} passages: {done} translated, {fuzzy} fuzzy, "
                f"{len(live) - done - fuzzy} untranslated; {obsolete} obsolete"
            )
    if problems:
        raise PolicyError(problems)


@translations.command()
@policy_command
def status(root: Path) -> None:
    """Missing and fuzzy entries per document and language, with path:line; exit 1 when a
    language that a region requires is incomplete on that region's pages."""
    tree = DirectoryTree(root)
    statuses = [(paths, item) for paths, policy in _documents(root) for item in translation_status(tree, policy, paths)]
    if not statuses:
        click.echo("No region offers a further language.")
        return
    several = len({paths.id for paths, _ in statuses}) > 1
    for paths, item in statuses:
        offers = ", ".join(f"{region} ({'required' if required else 'fallback'})" for region, required in item.regions)
        counts: dict[str, int] = {}
        for gap in item.gaps:
            counts[gap.kind] = counts.get(gap.kind, 0) + 1
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items())) or "complete"
        # The primary's lines stay as they were; with several documents each line names its own.
        prefix = f"{paths.label}: " if several else ""
        click.echo(f"{prefix}{item.language} for {offers}: {item.passages} passages, {summary}")
        if item.catalog is None:
            click.echo(f"  {item.path}: no such file; run `policypress translations update` to create it")
            continue
        for gap in item.gaps:
            click.echo(f"  {gap.location.path}:{gap.location.line}: {gap.message()}")
    blocking = required_problems([item for _, item in statuses])
    if blocking:
        incomplete = [f"{item.language} ({paths.label})" if several else item.language for paths, item in statuses if not item.complete_where_required]
        click.echo(f"{', '.join(incomplete)}: incomplete where required.", err=True)
        sys.exit(1)
