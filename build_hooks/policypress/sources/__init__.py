"""Stage 1: load and validate `policy_src/` — JSON Schema for shape, then meaning.

`load_policy` reads every file, reports every problem it can find in one PolicyError, and
returns a complete, validated `Policy` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from policypress.documents import PRIMARY_PATHS, DocumentPaths
from policypress.errors import Location, PolicyError, Problem
from policypress.model import CURRENT_FORMAT, Policy, Section
from policypress.sources import build, linked, meaning
from policypress.sources.fastyaml import Unsure, load_fast
from policypress.sources.schema import check_shape, conforms
from policypress.sources.tree import SOURCE_DIR, SourceTree
from policypress.sources.yamlfile import YamlDocument, locate, parse, pinpoint
from policypress.untrusted import MAX_FILE_BYTES, is_rtl

SETTINGS = f"{SOURCE_DIR}/settings.yaml"
REGIONS = f"{SOURCE_DIR}/regions.yaml"
RELEASES = f"{SOURCE_DIR}/releases.yaml"
SECTIONS = f"{SOURCE_DIR}/sections"


@dataclass
class SnapshotCache:
    """Files of earlier snapshots already read, by path and git blob id: reading a history
    parses each distinct file version once. One per build; it only ever grows."""

    documents: dict[tuple[str, str], YamlDocument] = field(default_factory=dict)
    sections: dict[tuple[str, str], Section] = field(default_factory=dict)
    references: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    """The documents each section file version refers to (see `linked`)."""


def load_policy(
    tree: SourceTree,
    cache: SnapshotCache | None = None,
    paths: DocumentPaths = PRIMARY_PATHS,
    *,
    follow: bool = True,
    parsed: dict[tuple[str, bytes, bool], YamlDocument] | None = None,
) -> Policy:
    """The validated policy in `tree`; PolicyError with every problem found otherwise.

    Files are first read by the fast reader, without positions (and, with a `cache`, once per
    git blob). Only if anything is wrong are they read again with positions, so that every
    message is located; a valid policy never pays for positions it does not need.

    With a `cache` the tree is a published snapshot from history: only its shape is checked,
    as the meaning rules of today must not make a version published under yesterday's
    unloadable (assembling still refuses what it cannot resolve), and its `releases` are left
    empty (the working tree's log is the one that counts).

    `paths` names the document (default: the primary). With `follow`, the documents its text
    refers to (`{{ document:x }}`, `{{ section:x/id }}`) are read from the same tree, so that
    references resolve against the text of the same moment.

    `parsed` keeps the files read with positions (settings, release log) by path and bytes,
    for the next reading of the same bytes (the live preview reads the working tree on every
    save; ruamel.yaml takes a third of a second for a release log of 100 entries).
    """
    snapshot = cache is not None
    try:
        return _load(tree, cache or SnapshotCache(), paths, snapshot=snapshot, follow=follow, parsed=parsed)
    except (PolicyError, Unsure):
        return _load(tree, None, paths, snapshot=snapshot, follow=follow)


def load_policy_located(tree: SourceTree, paths: DocumentPaths = PRIMARY_PATHS) -> Policy:
    """The validated policy in the working `tree`, every value located (slower than
    `load_policy`): for tools that cite lines, such as the `#:` comments of PO files."""
    return _load(tree, None, paths, snapshot=False, follow=True)


def _load(
    tree: SourceTree,
    cache: SnapshotCache | None,
    paths: DocumentPaths,
    *,
    snapshot: bool,
    follow: bool,
    parsed: dict[tuple[str, bytes, bool], YamlDocument] | None = None,
) -> Policy:
    """One reading: fast (with a cache; raises Unsure on anything odd) or with positions."""
    problems: list[Problem] = []
    texts: dict[str, bytes] = {}

    def cached_read(path: str, schema: str) -> YamlDocument | None:
        if cache is None:
            return read(path, schema)
        blob = tree.blob_id(path)
        if blob is None or (path, blob) not in cache.documents:
            raw = tree.read(path)
            if raw is None or len(raw) > MAX_FILE_BYTES:
                raise Unsure(path)
            # Settings hold numbers, where YAML 1.1 (libyaml) and 1.2 can disagree ("030"), and
            # the release log's entries are located by later checks (history, dates): both
            # are always read by ruamel.yaml, with positions.
            slow = path == paths.settings or path == paths.releases
            if not slow:
                doc = YamlDocument(path, load_fast(raw, rtl=rtl))
            elif parsed is None:
                doc = parse(path, raw, rtl=rtl, empty_list=path == paths.releases)
            elif (doc := parsed.get((path, raw, rtl))) is None:
                doc = parsed[(path, raw, rtl)] = parse(path, raw, rtl=rtl, empty_list=path == paths.releases)
            if doc.data is None or not conforms(doc, schema):
                raise Unsure(path)
            if blob is None:
                return doc
            cache.documents[(path, blob)] = doc
        return cache.documents[(path, blob)]

    def section_of(doc: YamlDocument) -> Section:
        if cache is None or (blob := tree.blob_id(doc.path)) is None:
            return build.section(doc)
        key = (doc.path, blob)
        if key not in cache.sections:
            cache.sections[key] = build.section(doc)
        return cache.sections[key]

    def references_of(section: Section) -> frozenset[str]:
        if cache is None or (blob := tree.blob_id(section.location.path)) is None:
            return linked.referenced_documents(section)
        key = (section.location.path, blob)
        if key not in cache.references:
            cache.references[key] = linked.referenced_documents(section)
        return cache.references[key]

    def read(path: str, schema: str) -> YamlDocument | None:
        try:
            raw = tree.read(path)
            if raw is None:
                problems.append(Problem(Location(path), f"missing file {path}; every policy needs one"))
                return None
            if len(raw) > MAX_FILE_BYTES:
                size = f"{len(raw) / 1_000_000:.1f} MB"
                problems.append(
                    Problem(Location(path), f"the file is {size}; source files are limited to {MAX_FILE_BYTES // 1_000_000} MB — split it into sections")
                )
                return None
            # A release log without entries (only comments, or nothing) is an empty log.
            doc = parse(path, raw, rtl=rtl, empty_list=path == paths.releases)
            texts[path] = raw
        except PolicyError as error:
            problems.extend(error.problems)
            return None
        found = check_shape(doc, schema)
        problems.extend(found)
        return None if found else doc

    # Direction marks are allowed only in a right-to-left language, so the locale is needed
    # before any file is read, settings.yaml included (a mark can break its YAML syntax).
    rtl = is_rtl(_declared_locale(tree.read(paths.settings)))
    settings_doc = cached_read(paths.settings, "settings")
    if settings_doc is not None:
        problems.extend(_format_problems(settings_doc))
    regions_doc = cached_read(paths.regions, "regions")
    # A snapshot's own release log is never used (the working tree's log is the one that
    # counts), and checking a long log once per release would make reading history quadratic.
    releases_doc = YamlDocument(paths.releases, []) if snapshot else cached_read(paths.releases, "releases")
    section_paths = [p for p in tree.list(paths.sections) if p.endswith((".yaml", ".yml"))]
    # A document that is all preamble (a policy imported without headings) has no section files.
    all_preamble = settings_doc is not None and settings_doc.data.get("sections") == [] and bool(settings_doc.data.get("preamble"))
    if not section_paths and not all_preamble:
        problems.append(Problem(Location(paths.sections), f"no section files (*.yaml) in {paths.sections}/"))
    section_docs = [cached_read(path, "section") for path in section_paths]

    if problems:
        raise PolicyError(problems)
    assert settings_doc and regions_doc and releases_doc  # no problems means all were read
    all_regions = build.regions(regions_doc)
    if problems := linked.region_limit_problems(settings_doc, all_regions):
        raise PolicyError(problems)
    policy = Policy(
        settings=build.settings(settings_doc),
        tags=build.tags(regions_doc),
        regions=linked.limited(all_regions, build.settings(settings_doc)),
        sections=_in_outline_order(
            [section_of(doc) for doc in section_docs if doc is not None],
            build.settings(settings_doc).outline,
        ),
        releases=build.releases(releases_doc),
        preamble=build.preamble(settings_doc),
        document=paths.id,
    )
    if follow:
        # Linked documents are only shape-checked here: each is validated as itself.
        wanted = linked.referenced_documents(policy.preamble).union(*(references_of(section) for section in policy.sections))
        policy = linked.with_linked(policy, wanted, tree, lambda other: load_policy(tree, cache or SnapshotCache(), other, follow=False, parsed=parsed))

    def narrow(start: Location, snippet: str) -> Location:
        # Files read by the fast reader have no positions; their problems are reported after
        # a second reading with positions (see load_policy).
        raw = texts.get(start.path)
        return start if raw is None else pinpoint(raw.decode("utf-8"), start, snippet)

    problems = [] if snapshot else meaning.check(policy, paths.settings, narrow)
    if problems:
        raise PolicyError(problems)
    return policy


def _format_problems(doc: YamlDocument) -> list[Problem]:
    written = doc.data["format"]
    if written > CURRENT_FORMAT:
        return [
            Problem(
                locate(doc, ["format"]),
                f"these sources use format {written}, newer than this PolicyPress reads "
                f"(up to {CURRENT_FORMAT}); upgrade PolicyPress",
            )
        ]
    return []


_LOCALE_LINE = re.compile(rb"^locale:[ \t]*[\"']?([A-Za-z]{2,3}(?:[_-][A-Za-z0-9]+)*)", re.MULTILINE)


def _declared_locale(raw: bytes | None) -> str:
    """The `locale:` of a settings file's top-level line, without parsing it ("" if there is
    none: the file is then read as left to right, and a mark in it is reported)."""
    found = _LOCALE_LINE.search(raw or b"")
    return found.group(1).decode("ascii") if found else ""


def _in_outline_order(sections: list, outline: tuple[str, ...]) -> tuple:
    order = {section_id: index for index, section_id in enumerate(outline)}
    return tuple(sorted(sections, key=lambda s: (order.get(s.id, len(order)), s.id)))
