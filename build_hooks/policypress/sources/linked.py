"""What one document needs of the others: the regions it is limited to, and the documents its
text refers to (`{{ document:<doc> }}`, `{{ section:<doc>/<id> }}`).

Referenced documents are read from the same snapshot as the referring one, so a published
version's "Section 3 of the Cookie Policy" keeps the number it had when it was published.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from policypress.documents import PRIMARY_ALIAS, DocumentPaths, document_id, paths_of
from policypress.errors import PolicyError, Problem
from policypress.inline import DocumentReference, Reference, scan
from policypress.model import Policy, Region, Settings, walk_sections
from policypress.sources.tree import SourceTree
from policypress.sources.yamlfile import YamlDocument, locate


def region_limit_problems(settings_doc: YamlDocument, regions: tuple[Region, ...]) -> list[Problem]:
    """Unknown region ids in a document's `regions:` limit."""
    limit = settings_doc.data.get("regions") if isinstance(settings_doc.data, dict) else None
    known = [r.id for r in regions]
    return [
        Problem(
            locate(settings_doc, ["regions", index]),
            f"'regions' names unknown region '{region}'; regions in regions.yaml: {', '.join(known)}",
        )
        for index, region in enumerate(limit or [])
        if str(region) not in known
    ]


def limited(regions: tuple[Region, ...], settings: Settings) -> tuple[Region, ...]:
    """The regions a document applies to, in the order of regions.yaml."""
    if settings.regions is None:
        return regions
    return tuple(r for r in regions if r.id in settings.regions)


def _strings(value: Any) -> Iterator[str]:
    # Every string of a section, whatever its block kinds: new kinds need no change here.
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name not in ("subsections", "location", "tags"):
                yield from _strings(getattr(value, field.name))


def referenced_documents(policy: Policy) -> set[str]:
    """Ids of the documents the text of `policy` refers to."""
    found: set[str] = set()
    for section in walk_sections(policy.sections):
        for text in _strings(section):
            if "{{" not in text:
                continue
            for token in scan(text):
                if isinstance(token, DocumentReference) or (isinstance(token, Reference) and token.document is not None):
                    found.add(document_id(token.document or ""))
    return found


def with_linked(policy: Policy, tree: SourceTree, load: Callable[[DocumentPaths], Policy]) -> Policy:
    """`policy` with the documents its text refers to, read from `tree` (those that cannot be
    read are left out: the reference is then reported as unknown)."""
    linked: dict[str, Policy] = {}
    for document in sorted(referenced_documents(policy)):
        if document == policy.document:
            linked[document] = policy
            continue
        paths = paths_of(document)
        if tree.read(paths.settings) is None:
            continue
        try:
            linked[document] = load(paths)
        except PolicyError:
            continue
    return dataclasses.replace(policy, linked=linked) if linked else policy


def document_reference_problem(policy: Policy, written: str | None, section_id: str | None) -> str | None:
    """What is wrong with a reference to another document (None: nothing)."""
    document = document_id(written or "")
    target = policy.linked.get(document)
    if target is None:
        return (
            f"reference to unknown document '{written}'; use the id of a folder in policy_src/documents/, "
            f"or '{PRIMARY_ALIAS}' for the primary document, e.g. {{{{ document:cookie-policy }}}}"
        )
    if section_id is not None and section_id not in {s.id for s in walk_sections(target.sections)}:
        return f"reference to unknown section '{section_id}' of document '{written}'; use the id of one of its sections"
    return None
