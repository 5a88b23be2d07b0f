"""`policypress import` of one file, and what import reuses from the sources (ids, placeholders)."""

from __future__ import annotations

import re
from pathlib import Path

from policypress.errors import Location, PolicyError
from policypress.importer import import_markdown
from policypress.importer.docx import import_docx
from policypress.importer.page import import_html
from policypress.importer.source_file import decode
from policypress.importer.files import Plan, check_plan, plan_files, write_plan
from policypress.importer.report import report_lines
from policypress.model import walk_sections
from policypress.documents import PRIMARY_PATHS, DocumentPaths
from policypress.sources import load_policy
from policypress.sources.tree import DirectoryTree
from policypress.sources.yamlfile import parse
from policypress.untrusted import is_rtl

_PLACEHOLDER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def existing_ids(root: Path, paths: DocumentPaths = PRIMARY_PATHS) -> dict[str, str]:
    """Titles of the sections the sources have now, mapped to their ids (empty if the sources
    do not load: an import may be what repairs them)."""
    try:
        policy = load_policy(DirectoryTree(root), None, paths)
    except PolicyError:
        return {}
    return {section.title: section.id for section in walk_sections(policy.sections)}


def settings_locale(root: Path, paths: DocumentPaths = PRIMARY_PATHS) -> str:
    """The `locale` of settings.yaml, or "" if it cannot be read."""
    try:
        data = parse(paths.settings, (root / paths.settings).read_bytes(), rtl=True).data
    except (PolicyError, OSError):
        return ""
    return str(data.get("locale", "")) if isinstance(data, dict) else ""


def placeholders_of(root: Path, paths: DocumentPaths = PRIMARY_PATHS) -> dict[str, str]:
    """The placeholders of settings.yaml, if it can be read."""
    path = root / paths.settings
    if not path.is_file():
        return {}
    try:
        data = parse(paths.settings, path.read_bytes()).data
    except PolicyError:
        return {}
    values = data.get("placeholders") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in (values or {}).items()}


def read_tags(path: Path) -> dict[str, list[str]]:
    """A YAML mapping of heading titles or ids to lists of tags."""
    data = parse(str(path), path.read_bytes()).data
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise PolicyError.single(Location(str(path)), "the tags file must map headings to lists of tags, e.g. 'Rights Under GDPR: [gdpr]'")
    return {str(k): [str(t) for t in v] for k, v in data.items()}


def prepare_import(
    root: Path, text: str | bytes, name: str, tags_file: Path | None, defines: dict[str, str],
    paths: DocumentPaths = PRIMARY_PATHS, *, form: str = "md", select: str | None = None, base_url: str | None = None,
) -> tuple[Plan, list[str]]:
    """The files importing one file (Markdown text, or the bytes of a Markdown, HTML or Word
    file, `form` "md", "html" or "docx") into document `paths` of `root` would write, already
    checked by the loader, and the lines of the report (nothing is written)."""
    tags = read_tags(tags_file) if tags_file else {}
    # A --define whose name can be a placeholder becomes one, so the value stays in one place.
    new_placeholders = {k: v for k, v in defines.items() if _PLACEHOLDER_NAME.match(k) and v}
    common = dict(
        known_ids=existing_ids(root, paths), placeholders=placeholders_of(root, paths) | new_placeholders,
        tags=tags, rtl=is_rtl(settings_locale(root, paths)),
    )
    try:
        if form == "docx":
            document = import_docx(text if isinstance(text, bytes) else text.encode("utf-8"), name, defines=defines, **common)  # type: ignore[arg-type]
        else:
            if isinstance(text, bytes):
                text = decode(text, name, form)
            if form == "html":
                document = import_html(text, name, select=select, base_url=base_url, defines=defines, **common)  # type: ignore[arg-type]
            else:
                document = import_markdown(text, name, defines=defines, **common)  # type: ignore[arg-type]
    except PolicyError:
        raise
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        # A file shaped like nothing the tests met: refused with its name, never a traceback.
        raise PolicyError.single(
            Location(name, 0, 0), f"this file could not be imported ({type(error).__name__}: {str(error)[:100]}); nothing was written. "
            "Save it again from the program that made it (or as Markdown) and import that",
        ) from None
    used = {k: v for k, v in new_placeholders.items() if k in document.defined}
    plan = plan_files(root, document, used, paths)
    check_plan(root, plan, paths)
    lines = report_lines(name, document, plan, paths)
    lines.extend(f"warning: no heading '{n}' for the tags in {tags_file}" for n in document.unmatched_tags)
    return plan, lines


def run_import(
    root: Path, text: str | bytes, name: str, tags_file: Path | None, defines: dict[str, str],
    paths: DocumentPaths = PRIMARY_PATHS, *, form: str = "md", select: str | None = None, base_url: str | None = None,
) -> list[str]:
    """Import one file into document `paths` of `root` (all files or none); the report's lines."""
    plan, lines = prepare_import(root, text, name, tags_file, defines, paths, form=form, select=select, base_url=base_url)
    write_plan(root, plan)
    return lines
