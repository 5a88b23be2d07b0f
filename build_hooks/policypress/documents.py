"""The documents of a site (SPEC §9): where each one's sources live, and which ids are allowed.

The root of `policy_src/` is the primary document, whose id is the empty string: its URLs have
no prefix, so every address it published before a second document existed stays the same.
Every further document lives in `policy_src/documents/<doc>/` with its own settings, sections
and release log; `regions.yaml` is shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

SOURCE_DIR = "policy_src"

PRIMARY = ""
"""The id of the primary document (the root of policy_src/): an empty URL prefix."""

DOCUMENTS_DIR = f"{SOURCE_DIR}/documents"

PRIMARY_ALIAS = "primary"
"""How references name the primary document: `{{ document:primary }}`."""

RESERVED_IDS = frozenset({"api", "notices", "full", "assets", "search", "regions", PRIMARY_ALIAS})
"""Top-level paths of the site that a document id would clash with (and the primary's alias)."""

DOCUMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class DocumentPaths:
    """Repository-relative paths of one document's source files."""

    id: str
    """The document id; PRIMARY ("") for the root of policy_src/."""

    @property
    def folder(self) -> str:
        return SOURCE_DIR if self.id == PRIMARY else f"{DOCUMENTS_DIR}/{self.id}"

    @property
    def settings(self) -> str:
        return f"{self.folder}/settings.yaml"

    @property
    def releases(self) -> str:
        return f"{self.folder}/releases.yaml"

    @property
    def sections(self) -> str:
        return f"{self.folder}/sections"

    @property
    def regions(self) -> str:
        """Shared by every document."""
        return f"{SOURCE_DIR}/regions.yaml"

    @property
    def label(self) -> str:
        """How messages name the document."""
        return "the primary document" if self.id == PRIMARY else f"document '{self.id}'"


PRIMARY_PATHS = DocumentPaths(PRIMARY)


SCHEMA_URL = "https://raw.githubusercontent.com/policypress/policypress/v{version}/build_hooks/policypress/schemas/"
"""Where a site without the engine beside it (one made by `policypress new`) points editors'
YAML tooling: the schemas of the engine version that wrote the line."""


def schema_line(path_from_root: str, schema: str, root: Path | None = None) -> str:
    """The first line of a source file at `path_from_root`: points editors' YAML tooling at its
    schema, beside the site when it keeps the engine in `build_hooks/` (as this repository
    does), else at `SCHEMA_URL` (`root`: the site's folder, when known)."""
    if root is not None and not (root / "build_hooks").is_dir():
        return f"# yaml-language-server: $schema={schema_url()}{schema}.schema.json\n"
    up = "../" * path_from_root.count("/")
    return f"# yaml-language-server: $schema={up}build_hooks/policypress/schemas/{schema}.schema.json\n"


def schema_url() -> str:
    """`SCHEMA_URL` for this version of PolicyPress."""
    return SCHEMA_URL.format(version=engine_version())


def engine_version() -> str:
    """The version of this PolicyPress ("0" when it runs from a folder without package metadata)."""
    try:
        return version("policypress")
    except PackageNotFoundError:
        return "0"


def document_id(written: str) -> str:
    """The document id a reference names: `primary` is the root of policy_src/."""
    return PRIMARY if written == PRIMARY_ALIAS else written


def paths_of(document: str) -> DocumentPaths:
    """Source paths of a document ("" or PRIMARY: the primary)."""
    return DocumentPaths(document)


# Assembled text links to another document's page by its coordinates, not by its address:
# addresses are stage 6's business (emit/urls.py), and a page's relative links depend on
# where the page itself is. The page emitter turns these targets into relative links.
LINK_SCHEME = "policypress-document:"
LINK_TARGET = re.compile(r"\]\(policypress-document:(?P<document>[a-z0-9-]*)/(?P<scope>[a-z0-9-]+)(?:#(?P<anchor>[a-z0-9-]+))?\)")


def link_target(document: str, scope: str, anchor: str | None = None) -> str:
    """The target written in assembled text for a link to `scope`'s page of `document`."""
    return f"{LINK_SCHEME}{document}/{scope}" + (f"#{anchor}" if anchor else "")
