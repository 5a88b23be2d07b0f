"""Writing section files (for `policypress import`), and what import reuses from the sources."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from policypress.errors import Location, PolicyError
from policypress.importer import Imported
from policypress.model import walk_sections
from policypress.sources import SECTIONS, SETTINGS, load_policy
from policypress.sources.tree import DirectoryTree
from policypress.sources.yamlfile import parse

_HEADER = "# yaml-language-server: $schema=../../build_hooks/policypress/schemas/section.schema.json\n"


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    # One line per paragraph: a one-word edit then changes one line in a pull request, instead
    # of re-folding the whole paragraph (and a {{ placeholder }} is never split across lines).
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def existing_ids(root: Path) -> dict[str, str]:
    """Titles of the sections the sources have now, mapped to their ids (empty if the sources
    do not load: an import may be what repairs them)."""
    try:
        policy = load_policy(DirectoryTree(root))
    except PolicyError:
        return {}
    return {section.title: section.id for section in walk_sections(policy.sections)}


def settings_locale(root: Path) -> str:
    """The `locale` of settings.yaml, or "" if it cannot be read."""
    try:
        data = parse(SETTINGS, (root / SETTINGS).read_bytes(), rtl=True).data
    except (PolicyError, OSError):
        return ""
    return str(data.get("locale", "")) if isinstance(data, dict) else ""


def placeholders_of(root: Path) -> dict[str, str]:
    """The placeholders of settings.yaml, if it can be read."""
    path = root / SETTINGS
    if not path.is_file():
        return {}
    try:
        data = parse(SETTINGS, path.read_bytes()).data
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


def write_sections(root: Path, imported: Imported) -> list[Path]:
    """One file per top-level section in policy_src/sections/, and the outline in settings.yaml.

    Files of sections that the document no longer has are left alone: removing a published
    section is an editor's decision, which `validate` will point out (it is not in the outline).
    """
    folder = root / SECTIONS
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for section in imported.sections:
        out = io.StringIO()
        _yaml().dump(section.data(), out)
        path = folder / f"{section.id}.yaml"
        path.write_text(_HEADER + out.getvalue(), "utf-8")
        written.append(path)
    settings = root / SETTINGS
    if settings.is_file():
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.indent(mapping=2, sequence=4, offset=2)
        data = yaml.load(settings.read_text("utf-8"))
        outline = CommentedSeq(section.id for section in imported.sections)
        data["sections"] = outline
        out = io.StringIO()
        yaml.dump(data, out)
        settings.write_text(out.getvalue(), "utf-8")
    return written
