"""The files an import writes: planned in memory, checked by the real loader, then all written.

An import that would leave `policy_src/` invalid writes nothing: the plan is applied to a copy
of `policy_src/` first and loaded with `load_policy`, the same check `validate` makes.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from policypress.errors import Location, PolicyError, Problem
from policypress.importer import ImportedDocument
from policypress.documents import PRIMARY_PATHS, DocumentPaths, schema_line
from policypress.sources import load_policy
from policypress.sources.tree import SOURCE_DIR, DirectoryTree

Plan = dict[str, str | None]
"""Repository-relative path → new content, or None to remove the file."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    # One line per paragraph: a one-word edit then changes one line in a pull request, instead
    # of re-folding the whole paragraph (and a {{ placeholder }} is never split across lines).
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(data: object, yaml: YAML | None = None) -> str:
    out = io.StringIO()
    (yaml or _yaml()).dump(data, out)
    return out.getvalue()


def plan_files(
    root: Path, document: ImportedDocument, new_placeholders: Mapping[str, str], paths: DocumentPaths = PRIMARY_PATHS
) -> Plan:
    """Every file the import changes in document `paths`: one per top-level section, its
    settings.yaml, old sections removed.

    Section files the document no longer has are removed: the import replaces the whole
    document, and the pull request shows the removal for review.
    """
    settings_path = root / paths.settings
    if not settings_path.is_file():
        raise PolicyError.single(
            Location(paths.settings),
            f"missing file {paths.settings}; import needs a policy repository (settings.yaml and regions.yaml) to import into",
        )
    plan: Plan = {}
    for section in document.sections:
        relative = f"{paths.sections}/{section.id}.yaml"
        plan[relative] = schema_line(relative, "section", root) + _dump(section.data())
    folder = root / paths.sections
    if folder.is_dir():
        for old in sorted(folder.iterdir()):
            relative = f"{paths.sections}/{old.name}"
            if old.suffix in {".yaml", ".yml"} and relative not in plan:
                plan[relative] = None

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    settings = yaml.load(settings_path.read_text("utf-8"))
    if not isinstance(settings, CommentedMap):
        raise PolicyError.single(Location(paths.settings), "settings.yaml is not a mapping of settings; fix it before importing")
    settings["sections"] = CommentedSeq(section.id for section in document.sections)
    if document.title:
        settings["title"] = document.title
    if document.preamble:
        _set_after(settings, "preamble", list(document.preamble), "placeholders")
    elif "preamble" in settings:
        del settings["preamble"]
    if document.format > int(settings.get("format", 1)):
        settings["format"] = document.format
    if new_placeholders:
        placeholders = settings.get("placeholders")
        if placeholders is None:
            placeholders = CommentedMap()
            _set_after(settings, "placeholders", placeholders, "locale")
        for name, value in new_placeholders.items():
            placeholders[name] = value
    plan[paths.settings] = _dump(settings, yaml)
    return plan


def _set_after(mapping: CommentedMap, key: str, value: object, after: str) -> None:
    if key in mapping:
        mapping[key] = value
        return
    keys = list(mapping)
    position = keys.index(after) + 1 if after in keys else keys.index("sections") if "sections" in keys else len(keys)
    mapping.insert(position, key, value)


def check_plan(root: Path, plan: Plan, paths: DocumentPaths = PRIMARY_PATHS) -> None:
    """Load document `paths` as it would be after the plan; PolicyError (nothing written) if invalid."""
    with tempfile.TemporaryDirectory(prefix="policypress-import-") as scratch:
        copy = Path(scratch)
        shutil.copytree(root / SOURCE_DIR, copy / SOURCE_DIR, symlinks=False)
        _apply(copy, plan)
        try:
            load_policy(DirectoryTree(copy), None, paths)
        except PolicyError as error:
            raise PolicyError(
                Problem(p.location, f"the import would write this, which is not valid (nothing was written): {p.message}")
                for p in error.problems
            ) from None


def write_plan(root: Path, plan: Plan) -> None:
    """Write every planned file (each replaced in one step), then remove the old ones."""
    _apply(root, plan)


def _apply(root: Path, plan: Plan) -> None:
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, content in plan.items():
            if content is None:
                continue
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(content)
            staged.append((Path(temporary), target))
    except OSError:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    for relative, content in plan.items():
        if content is None:
            (root / relative).unlink(missing_ok=True)
