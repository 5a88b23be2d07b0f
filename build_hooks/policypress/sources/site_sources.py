"""Every document of a site, loaded and validated together (SPEC §9).

The primary document is the root of `policy_src/`; each folder of `policy_src/documents/` is
another. Problems of every document are collected and reported at once, like those of one.
"""

from __future__ import annotations

from policypress.documents import DOCUMENT_ID, DOCUMENTS_DIR, PRIMARY, PRIMARY_ALIAS, RESERVED_IDS, paths_of
from policypress.errors import Location, PolicyError, Problem
from policypress.model import Policy, Region
from policypress.sources import REGIONS, build, load_policy
from policypress.sources.schema import conforms
from policypress.sources.tree import SourceTree
from policypress.sources.yamlfile import YamlDocument, parse


def document_ids(tree: SourceTree) -> list[str]:
    """The ids of the documents in `tree`, the primary ("") first, then by folder name."""
    return [PRIMARY, *(folder.rsplit("/", 1)[1] for folder in tree.folders(DOCUMENTS_DIR))]


def _all_regions(tree: SourceTree) -> tuple[Region, ...]:
    # Read on its own: the primary document may itself be limited to some regions, and a
    # broken regions.yaml is reported by the primary's loading.
    raw = tree.read(REGIONS)
    if raw is None:
        return ()
    try:
        doc = parse(REGIONS, raw)
    except PolicyError:
        return ()
    return build.regions(doc) if conforms(doc, "regions") else ()


def id_problems(document: str, regions: tuple[Region, ...]) -> list[Problem]:
    """Why `document` cannot be a document id (its URLs would clash), if it cannot."""
    where = Location(f"{DOCUMENTS_DIR}/{document}")
    if not DOCUMENT_ID.match(document):
        return [Problem(where, f"'{document}' is not a document id; use lowercase letters, digits and hyphens, e.g. cookie-policy")]
    if document in RESERVED_IDS:
        what = "how references name the primary document" if document == PRIMARY_ALIAS else f"the site's own /{document}/ path"
        return [Problem(where, f"document id '{document}' clashes with {what}; rename the folder, e.g. to {document}-policy")]
    for region in regions:
        if region.id == document:
            return [
                Problem(
                    where,
                    f"document id '{document}' clashes with the region '{document}' ({region.location}): both "
                    f"would live at /{document}/; rename the folder, e.g. to {document}-policy",
                )
            ]
    return []


def load_documents(tree: SourceTree, parsed: dict[tuple[str, bytes, bool], YamlDocument] | None = None) -> dict[str, Policy]:
    """Every document of the working tree, validated; PolicyError with every problem otherwise.
    (`parsed`: see `load_policy`.)"""
    problems: list[Problem] = []
    policies: dict[str, Policy] = {}
    regions = _all_regions(tree)
    for document in document_ids(tree):
        if document != PRIMARY and (found := id_problems(document, regions)):
            problems.extend(found)
            continue
        try:
            policies[document] = load_policy(tree, None, paths_of(document), parsed=parsed)
        except PolicyError as error:
            problems.extend(error.problems)
    if problems:
        raise PolicyError(problems)
    return policies
