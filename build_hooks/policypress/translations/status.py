"""`policypress translations status`: what each language still lacks, entry by entry.

A passage lacks a translation when its PO entry is missing, empty, fuzzy, or made for a source
text that has changed since (the update has not been run). A gap on a page of a region that
*requires* the language blocks `check`; elsewhere the page falls back to the source text.
"""

from __future__ import annotations

from dataclasses import dataclass

from policypress.documents import PRIMARY_PATHS, DocumentPaths
from policypress.errors import Location, PolicyError, Problem
from policypress.model import Policy
from policypress.sources.tree import SourceTree
from policypress.translations.catalog import Catalog, read_catalog
from policypress.sources.languages import TRANSLATIONS_DIR, offered, po_path, translations_dir
from policypress.assemble.passages import Passage, page_passages


@dataclass(frozen=True)
class Gap:
    """A passage shown on a translated page without an up-to-date translation."""

    passage: Passage
    kind: str
    """"missing", "fuzzy" or "stale" (the source changed; the update has not been run)."""
    location: Location
    """The PO entry, or the PO file when it has no entry for the passage."""
    required: bool
    """Whether a region that requires the language shows the passage."""

    def message(self) -> str:
        """What is wrong and what to do, for an editor or translator."""
        excerpt = " ".join(self.passage.text.split())
        excerpt = excerpt if len(excerpt) <= 60 else excerpt[:57] + "…"
        what = {
            "missing": "not translated",
            "fuzzy": "fuzzy: the source changed since it was translated; check the translation and clear the fuzzy flag",
            "stale": "the source changed and the PO file has not been updated; run `policypress translations update`",
            "absent": "no entry in the PO file; run `policypress translations update`",
        }[self.kind]
        return f"'{self.passage.key}' ({excerpt!r}, {self.passage.location.path}:{self.passage.location.line}): {what}"


@dataclass(frozen=True)
class LanguageStatus:
    """How complete one language is for the pages that offer it."""

    language: str
    path: str
    regions: tuple[tuple[str, bool], ...]
    """(region id, required) for every region offering the language."""
    passages: int
    """How many distinct passages those pages show."""
    gaps: tuple[Gap, ...]
    catalog: Catalog | None

    @property
    def complete_where_required(self) -> bool:
        """No gap on a page of a region that requires the language."""
        return not any(gap.required for gap in self.gaps)


def read_catalogs(tree: SourceTree, languages: list[str], folder: str = TRANSLATIONS_DIR) -> dict[str, Catalog | None]:
    """Each language's PO file from `tree` (None where there is none); PolicyError with every
    problem of every file otherwise."""
    catalogs: dict[str, Catalog | None] = {}
    problems: list[Problem] = []
    for language in languages:
        path = po_path(language, folder)
        raw = tree.read(path)
        if raw is None:
            catalogs[language] = None
            continue
        try:
            catalogs[language] = read_catalog(path, raw, language)
        except PolicyError as error:
            problems.extend(error.problems)
    if problems:
        raise PolicyError(problems)
    return catalogs


def translation_status(tree: SourceTree, policy: Policy, paths: DocumentPaths = PRIMARY_PATHS) -> list[LanguageStatus]:
    """The status of every language a region offers one document (`paths`: which) in, in the
    order regions.yaml first names them."""
    languages = offered(policy)
    folder = translations_dir(paths.id)
    catalogs = read_catalogs(tree, list(languages), folder)
    statuses = []
    for language, offers in languages.items():
        catalog = catalogs[language]
        shown: dict[str, Passage] = {}
        required: set[str] = set()
        for region_id, offer in offers:
            for passage in page_passages(policy, policy.region(region_id), paths.settings):
                shown.setdefault(passage.key, passage)
                if offer.required:
                    required.add(passage.key)
        path = po_path(language, folder)
        gaps = []
        for passage in shown.values():
            kind = gap_kind(catalog, passage)
            if kind is not None:
                entry = catalog.entries.get(passage.key) if catalog else None
                gaps.append(Gap(passage, kind, entry.location if entry else Location(path), passage.key in required))
        gaps.sort(key=lambda gap: gap.location)
        statuses.append(
            LanguageStatus(
                language, path, tuple((r, o.required) for r, o in offers), len(shown), tuple(gaps), catalog
            )
        )
    return statuses


def gap_kind(catalog: Catalog | None, passage: Passage) -> str | None:
    """"absent", "stale", "fuzzy" or "missing" for a passage lacking a translation, else None."""
    entry = catalog.entries.get(passage.key) if catalog else None
    if entry is None:
        return "absent"
    if entry.source != passage.text:
        return "stale"
    if entry.fuzzy and entry.translation:
        return "fuzzy"
    if not entry.translation:
        return "missing"
    return None


def required_problems(statuses: list[LanguageStatus]) -> list[Problem]:
    """The gaps that block `check` and a publishing build: those on required pages."""
    problems = []
    for status in statuses:
        needing = ", ".join(region for region, required in status.regions if required)
        if status.catalog is None and needing:
            problems.append(
                Problem(
                    Location(status.path),
                    f"{status.language} is required for {needing}, but there is no {status.path}; "
                    "run `policypress translations update` to create it and have it translated",
                )
            )
            continue
        for gap in status.gaps:
            if gap.required:
                problems.append(
                    Problem(gap.location, f"{status.language} is required for {needing}: {gap.message()}")
                )
    return problems
