"""A language's texts for the assembled view, and the translated version lists of a region.

A translation is a stage input, not a second pipeline: `assemble` takes a `Translation` and
builds the same view — numbering, references and, from the views, redlines — with each
passage's text taken from the PO file where it has an up-to-date translation.

Translations are read from git at each release's commit, like the text itself: a published
translated version never changes, and improving a translation after a release is a new
release. A region's translated versions start with the first release whose `regions.yaml`
offers the language there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from policypress.assemble import assemble
from policypress.errors import Location, PolicyError, Problem
from policypress.history import PublishedRelease
from policypress.history.versions import RegionVersion
from policypress.i18n import translations_for
from policypress.model import Policy
from policypress.plaintext import text_sha256, view_text
from policypress.sources.tree import SourceTree
from policypress.translations.catalog import Catalog, read_catalog
from policypress.sources.languages import babel_locale, offered, po_path, translations_dir
from policypress.assemble.passages import DOCUMENT_TITLE, page_passages
from policypress.translations.status import gap_kind


@dataclass(frozen=True)
class Translation:
    """The texts of one language at one moment (its PO file as of a release)."""

    language: str
    catalog: Catalog | None
    section_label: str
    """How a section reference reads, e.g. "Seção %(number)s"."""

    def text(self, key: str, source: str) -> str | None:
        """The up-to-date translation of a passage, or None (missing, empty, fuzzy, stale)."""
        entry = self.catalog.entries.get(key) if self.catalog else None
        if entry is None or entry.fuzzy or not entry.translation or entry.source != source:
            return None
        return entry.translation

    linked: Mapping[str, Catalog | None] = field(default_factory=dict)
    """The PO files of the documents the text refers to, in the same language and moment."""
    document_label: str = "Section %(number)s of the %(title)s"
    """How a reference to another document's section reads."""

    def reference(self, number: str) -> str:
        """A reference to section `number` in the language."""
        return self.section_label % {"number": number}

    def document_title(self, document: str, source: str) -> str | None:
        """Another document's title as its own translation gives it, or None."""
        catalog = self.linked.get(document)
        return Translation(self.language, catalog, self.section_label).text(DOCUMENT_TITLE, source) if catalog else None

    def document_reference(self, number: str, title: str) -> str:
        """A reference to section `number` of another document (`title`) in the language."""
        return self.document_label % {"number": number, "title": title}


def section_label(language: str) -> str:
    """"Section %(number)s" in PolicyPress's catalogue for `language`."""
    return translations_for(str(babel_locale(language))).gettext("Section %(number)s")


def document_section_label(language: str) -> str:
    """"Section %(number)s of the %(title)s" in PolicyPress's catalogue for `language`."""
    return translations_for(str(babel_locale(language))).gettext("Section %(number)s of the %(title)s")


def translation_at(tree: SourceTree, policy: Policy, language: str, catalog: Catalog | None) -> Translation:
    """`policy`'s texts in `language` at one moment (`tree`: the files of that moment), with the
    PO files of the documents its text refers to (for their titles)."""
    linked = {document: _catalog_or_none(tree, po_path(language, translations_dir(document)), language) for document in policy.linked}
    return Translation(language, catalog, section_label(language), linked, document_section_label(language))


def working_translation(tree: SourceTree, policy: Policy, language: str) -> Translation:
    """`policy`'s texts in `language` as its PO file in `tree` has them now (no file: none)."""
    path = po_path(language, translations_dir(policy.document))
    return translation_at(tree, policy, language, _catalog_or_none(tree, path, language))


@dataclass(frozen=True)
class TranslatedRegion:
    """The version list of one region's pages in one language."""

    region: str
    language: str
    versions: tuple[RegionVersion, ...]


def translated_regions(
    working: Policy,
    history: tuple[PublishedRelease, ...],
    tree_at: Callable[[str | None], SourceTree],
    translations_dir: str,
    *,
    enforce_required: bool,
) -> list[TranslatedRegion]:
    """Every (language, region) the working sources offer, with its translated versions.

    `tree_at(commit)` gives the files of a release's commit (None: the working tree). With
    `enforce_required`, a version whose region requires the language must be completely
    translated: PolicyError naming every missing or fuzzy PO entry otherwise.
    """
    problems: list[Problem] = []
    catalogs: dict[tuple[str | None, str], Catalog | None] = {}

    def catalog_at(release: PublishedRelease, language: str) -> Catalog | None:
        key = (release.commit, language)
        if key not in catalogs:
            path = f"{translations_dir}/{language}.po"
            raw = tree_at(release.commit).read(path)
            try:
                catalogs[key] = read_catalog(path, raw, language) if raw is not None else None
            except PolicyError as error:
                problems.extend(error.problems)
                catalogs[key] = None
        return catalogs[key]

    found = []
    for language, offers in offered(working).items():
        for region_id, _ in offers:
            versions: list[RegionVersion] = []
            for release in history:
                snapshot = release.policy
                region = next((r for r in snapshot.regions if r.id == region_id), None)
                offer = next((o for o in region.languages if o.code == language), None) if region else None
                if region is None or offer is None:
                    continue  # the region did not offer the language at this release
                catalog = catalog_at(release, language)
                view = assemble(snapshot, region, translation_at(tree_at(release.commit), snapshot, language, catalog))
                if enforce_required and offer.required and not release.draft:
                    problems.extend(_required(snapshot, region_id, language, catalog, release, translations_dir))
                if versions and versions[-1].view.same_text(view):
                    continue
                versions.append(RegionVersion(region_id, release, view, text_sha256(view_text(view))))
            if versions:
                found.append(TranslatedRegion(region_id, language, tuple(versions)))
    if problems:
        raise PolicyError(problems)
    return found


def _required(
    snapshot: Policy, region_id: str, language: str, catalog: Catalog | None, release: PublishedRelease, folder: str
) -> list[Problem]:
    """The passages of a required translation that a release's pages lack."""
    path = f"{folder}/{language}.po"
    at = f"release '{release.version}'"
    if catalog is None:
        return [Problem(Location(path), f"{language} is required for {region_id}, but {at} has no {path}; translate it before publishing")]
    problems = []
    for passage in page_passages(snapshot, snapshot.region(region_id)):
        kind = gap_kind(catalog, passage)
        if kind is not None:
            entry = catalog.entries.get(passage.key)
            where = entry.location if entry else Location(path)
            problems.append(
                Problem(where, f"{language} is required for {region_id}, but in {at} '{passage.key}' is {kind.replace('absent', 'missing')}; complete the translation (policypress translations status)")
            )
    return problems


def unreleased_translations(
    working: Policy,
    history: tuple[PublishedRelease, ...],
    tree_at: Callable[[str | None], SourceTree],
    translations_dir: str,
) -> list[Problem]:
    """Translations changed since the latest release without a new release entry.

    A published translated version never changes: like a correction of the text, an improved
    translation reaches readers with the next release. So, as for the text, a translation of
    the working tree that would change a page needs a release entry.
    """
    if not history:
        return []
    latest = history[-1]
    problems = []
    for language, offers in offered(working).items():
        path = f"{translations_dir}/{language}.po"
        raw = tree_at(None).read(path)
        try:
            catalog = read_catalog(path, raw, language) if raw is not None else None
        except PolicyError as error:
            problems.extend(error.problems)
            continue
        before = _catalog_or_none(tree_at(latest.commit), path, language)
        changed = []
        for region_id, _ in offers:
            now = assemble(working, working.region(region_id), translation_at(tree_at(None), working, language, catalog))
            region = next((r for r in latest.policy.regions if r.id == region_id), None)
            if region is None or not any(o.code == language for o in region.languages):
                then = None
            else:
                then = assemble(latest.policy, region, translation_at(tree_at(latest.commit), latest.policy, language, before))
            if then is None or not then.same_text(now):
                changed.append(region_id)
        if changed:
            problems.append(
                Problem(
                    Location(path),
                    f"the {language} text of {', '.join(changed)} differs from the latest release "
                    f"'{latest.version}', but releases.yaml has no new entry; a published translation never "
                    "changes, so add a release entry to publish it (policypress release VERSION --summary TEXT)",
                )
            )
    return problems


def _catalog_or_none(tree: SourceTree, path: str, language: str) -> Catalog | None:
    raw = tree.read(path)
    try:
        return read_catalog(path, raw, language) if raw is not None else None
    except PolicyError:
        return None  # a release's broken file is reported when its versions are read
