"""Append an entry to `policy_src/releases.yaml` without disturbing the editors' file.

ruamel.yaml's round trip keeps comments, quoting and order; the new entry copies the
indentation the file already uses.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from policypress.errors import Location, PolicyError
from policypress.sources.yamlfile import parse

_VERSION = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


@dataclass(frozen=True)
class NewRelease:
    """What `policypress release` was asked to add."""

    version: str
    summary: str
    published: date | None = None
    effective: date | None = None
    material: bool | tuple[str, ...] = False


def _yaml_for(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    match = re.search(r"^( *)- +\w", text, re.MULTILINE)
    offset = len(match.group(1)) if match else 0
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def append_release(path: Path, relative: str, new: NewRelease) -> str:
    """Append `new` to the release log at `path`; returns the new file text.

    Refuses (PolicyError) a malformed version or one that is already in the log.
    """
    location = Location(relative)
    if not _VERSION.match(new.version):
        raise PolicyError.single(
            location, f"'{new.version}' is not a valid version: use lowercase letters, digits, dots and hyphens, e.g. 2026-01-15"
        )
    text = path.read_text("utf-8") if path.exists() else ""
    # Located syntax errors before anything else; a log without entries reads as empty.
    parse(relative, text.encode("utf-8"), empty_list=True)
    yaml = _yaml_for(text)
    data = yaml.load(text)
    head = ""
    if data is None or (isinstance(data, CommentedSeq) and not data):
        # No entry yet (`[]`, only comments, or nothing): ruamel.yaml would drop or move the
        # comments, so the new list is written after them, in place of the `[]`.
        head = "".join(f"{line}\n" for line in map(_without_empty_list, text.splitlines()) if line is not None)
        head = head.rstrip() + "\n" if head.strip() else ""
        data = CommentedSeq()
    if not isinstance(data, CommentedSeq):
        raise PolicyError.single(location, "the release log must be a list of entries")
    for index, entry in enumerate(data):
        if isinstance(entry, dict) and str(entry.get("version")) == new.version:
            line = data.lc.item(index)[0] + 1
            raise PolicyError.single(
                Location(relative, line), f"version '{new.version}' is already in the release log; choose another version"
            )
    entry = CommentedMap()
    entry["version"] = DoubleQuotedScalarString(new.version)
    if new.published:
        entry["published"] = new.published
    if new.effective:
        entry["effective"] = new.effective
    if isinstance(new.material, tuple):
        material = CommentedSeq(new.material)
        material.fa.set_flow_style()
        entry["material"] = material
    else:
        entry["material"] = new.material
    entry["summary"] = new.summary
    data.fa.set_block_style()
    data.append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    return head + out.getvalue()


_EMPTY_LIST = re.compile(r"^\s*\[\s*\]\s*")


def _without_empty_list(line: str) -> str | None:
    """A line of a log without entries, with its `[]` taken out (None if nothing is left)."""
    kept = _EMPTY_LIST.sub("", line) if _EMPTY_LIST.match(line) else line
    return kept if kept.strip() or not line.strip() else None
