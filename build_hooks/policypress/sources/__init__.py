"""Stage 1: load and validate `policy_src/` — JSON Schema for shape, then meaning.

`load_policy` reads every file, reports every problem it can find in one PolicyError, and
returns a complete, validated `Policy` otherwise.
"""

from __future__ import annotations

from policypress.errors import Location, PolicyError, Problem
from policypress.model import CURRENT_FORMAT, Policy
from policypress.sources import build, meaning
from policypress.sources.schema import check_shape
from policypress.sources.tree import SOURCE_DIR, SourceTree
from policypress.sources.yamlfile import YamlDocument, locate, parse, pinpoint

SETTINGS = f"{SOURCE_DIR}/settings.yaml"
REGIONS = f"{SOURCE_DIR}/regions.yaml"
RELEASES = f"{SOURCE_DIR}/releases.yaml"
SECTIONS = f"{SOURCE_DIR}/sections"

# The whole seed policy is 35 kB; a source file 50 times that is a mistake (a pasted export,
# a binary), and refusing it keeps a build from crawling through it.
MAX_FILE_BYTES = 2_000_000


def load_policy(tree: SourceTree) -> Policy:
    """The validated policy in `tree`; PolicyError with every problem found otherwise."""
    problems: list[Problem] = []
    texts: dict[str, str] = {}

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
            doc = parse(path, raw)
            texts[path] = raw.decode("utf-8")
        except PolicyError as error:
            problems.extend(error.problems)
            return None
        found = check_shape(doc, schema)
        problems.extend(found)
        return None if found else doc

    settings_doc = read(SETTINGS, "settings")
    if settings_doc is not None:
        problems.extend(_format_problems(settings_doc))
    regions_doc = read(REGIONS, "regions")
    releases_doc = read(RELEASES, "releases")
    section_paths = [p for p in tree.list(SECTIONS) if p.endswith((".yaml", ".yml"))]
    if not section_paths:
        problems.append(Problem(Location(SECTIONS), "no section files (*.yaml) in policy_src/sections/"))
    section_docs = [read(path, "section") for path in section_paths]

    if problems:
        raise PolicyError(problems)
    assert settings_doc and regions_doc and releases_doc  # no problems means all were read
    policy = Policy(
        settings=build.settings(settings_doc),
        tags=build.tags(regions_doc),
        regions=build.regions(regions_doc),
        sections=_in_outline_order(
            [build.section(doc) for doc in section_docs if doc is not None],
            build.settings(settings_doc).outline,
        ),
        releases=build.releases(releases_doc),
    )
    problems = meaning.check(
        policy, SETTINGS, lambda start, snippet: pinpoint(texts[start.path], start, snippet)
    )
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


def _in_outline_order(sections: list, outline: tuple[str, ...]) -> tuple:
    order = {section_id: index for index, section_id in enumerate(outline)}
    return tuple(sorted(sections, key=lambda s: (order.get(s.id, len(order)), s.id)))
