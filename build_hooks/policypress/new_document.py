"""The command line's side of several documents: `--document`, and `new-document`, which
scaffolds `policy_src/documents/<doc>/` (settings, one section to replace, an empty release log).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from policypress.documents import PRIMARY, PRIMARY_ALIAS, DocumentPaths, document_id, paths_of, schema_line
from policypress.errors import PolicyError
from policypress.site import Site
from policypress.sources import SETTINGS
from policypress.sources.site_sources import _all_regions, document_ids, id_problems
from policypress.sources.tree import DirectoryTree
from policypress.sources.yamlfile import parse

DOCUMENT_OPTION = click.option(
    "--document",
    "document",
    default=PRIMARY_ALIAS,
    show_default=True,
    metavar="DOC",
    help=f"The document (a folder of policy_src/documents/); \"{PRIMARY_ALIAS}\" is the root of policy_src/.",
)


def document_paths(root: Path, written: str) -> DocumentPaths:
    """The paths of the document named on the command line; an unknown one is misuse (exit 2)."""
    document = document_id(written)
    known = document_ids(DirectoryTree(root))
    if document not in known:
        names = ", ".join([PRIMARY_ALIAS, *(d for d in known if d != PRIMARY)])
        raise click.BadParameter(f"no document '{written}'; documents: {names}", param_hint="--document")
    return paths_of(document)


def new_document(root: Path, written: str, title: str, regions: tuple[str, ...] | None) -> list[Path]:
    """Write the files of a new document; refuses an id that clashes, an existing document and
    unknown regions. Settings other than the title come from the primary document's."""
    tree = DirectoryTree(root)
    known_regions = _all_regions(tree)
    if problems := id_problems(written, known_regions):
        raise PolicyError(problems)
    paths = paths_of(written)
    if (root / paths.folder).exists():
        raise click.BadParameter(f"{paths.folder}/ exists already", param_hint="DOCUMENT")
    region_ids = [r.id for r in known_regions]
    for region in regions or ():
        if region not in region_ids:
            raise click.BadParameter(f"no region '{region}'; regions: {', '.join(region_ids)}", param_hint="--regions")
    primary = parse(SETTINGS, (root / SETTINGS).read_bytes()).data if (root / SETTINGS).is_file() else {}
    primary = primary if isinstance(primary, dict) else {}

    def setting(key: str, default: object) -> str:
        return json.dumps(primary.get(key, default), ensure_ascii=False)

    lines = [
        schema_line(paths.settings, "settings", root),
        f"# Settings of the {title}. Its text lives in sections/, one file per top-level section.\n",
        "format: 1\n",
        f"title: {json.dumps(title, ensure_ascii=False)}\n",
        f"controller: {setting('controller', 'Your company')}\n",
        f"notice_days: {setting('notice_days', 30)}\n",
        f"recent_days: {setting('recent_days', 30)}\n",
        f"timezone: {setting('timezone', 'UTC')}\n",
        f"locale: {setting('locale', 'en_US')}\n",
    ]
    if regions:
        lines.append(f"regions: [{', '.join(regions)}]   # the regions this document applies to\n")
    lines.append("sections:\n  - introduction\n")
    section = paths.sections + "/introduction.yaml"
    files = {
        paths.settings: "".join(lines),
        section: schema_line(section, "section", root)
        + "id: introduction\ntitle: Introduction\nblocks:\n  - Replace this paragraph with the text of the document.\n",
        paths.releases: schema_line(paths.releases, "releases", root)
        + "# The release log, oldest first: add the first entry when the text is final\n"
        + f"# (policypress release VERSION --document {written} --summary TEXT).\n[]\n",
    }
    written_paths = []
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, "utf-8")
        written_paths.append(target)
    return written_paths


def only_document(site: Site, document: str) -> Site:
    """The site with only one document's pages and files (and the landing page), for `render`.

    Links to the other documents' pages are left as they are: that output is meant to be
    published next to the other documents' own."""
    others = [d.document for d in site.documents if d.document not in (PRIMARY, document)]
    folders = [d for d in (document, *others) if d != PRIMARY]

    def mine(uri: str) -> bool:
        # Other documents' pages, data and notices are in their folders (emit/urls.py).
        owner = next((d for d in folders if uri.startswith((f"{d}/", f"api/{d}/", f"notices/{d}/"))), PRIMARY)
        return owner == document or uri == "index.md" or (uri == "feed.xml" and document == PRIMARY)

    return dataclasses.replace(
        site, pages=tuple(p for p in site.pages if mine(p.uri)), files=tuple(f for f in site.files if mine(f.uri))
    )
