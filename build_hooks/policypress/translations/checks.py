"""What `check` refuses about one document's translations (SPEC §10): an incomplete language
that a region requires, and a translation changed since the latest release without a release
entry (a published translated version never changes)."""

from __future__ import annotations

from collections.abc import Callable

from policypress.documents import paths_of
from policypress.errors import Problem
from policypress.history import PublishedRelease
from policypress.model import Policy
from policypress.sources import load_policy_located
from policypress.sources.tree import SourceTree
from policypress.sources.languages import offered, translations_dir
from policypress.translations.status import required_problems, translation_status
from policypress.translations.texts import translated_regions, unreleased_translations


def translation_problems(
    working: Policy,
    history: tuple[PublishedRelease, ...],
    tree_at: Callable[[str | None], SourceTree],
) -> list[Problem]:
    """Problems of the translations of `working` (one document) against its `history`;
    `tree_at(None)` is the working tree, `tree_at(commit)` a release's."""
    if not offered(working):
        return []
    paths = paths_of(working.document)
    # The messages cite source lines, so the sources are read again with positions.
    located = load_policy_located(tree_at(None), paths)
    problems = required_problems(translation_status(tree_at(None), located, paths))
    return problems or unreleased_translations(working, history, tree_at, translations_dir(working.document))


def translated_versions(
    working: Policy,
    history: tuple[PublishedRelease, ...],
    tree_at: Callable[[str | None], SourceTree],
) -> dict[str, dict[str, str]]:
    """{"<language>/<region>": {version: sha256}} of every translated version this build
    would publish, for the published-version guard (keys as `guard.published_scopes`)."""
    folder = translations_dir(working.document)
    return {
        f"{item.language}/{item.region}": {v.version: v.sha256 for v in item.versions}
        for item in translated_regions(working, history, tree_at, folder, enforce_required=False)
    }
