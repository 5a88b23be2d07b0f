"""Per-region version lists: the releases that changed what a region's page says."""

from __future__ import annotations

from dataclasses import dataclass

from policypress.assemble import PolicyView, SectionViews, assemble
from policypress.history import PublishedRelease
from policypress.plaintext import text_sha256, view_text

FULL = "full"
"""The scope of the complete policy, which has a version list like any region."""


@dataclass(frozen=True)
class RegionVersion:
    """One version of one region's page: the release and the text it gave that page."""

    scope: str
    """Region id, or FULL."""
    release: PublishedRelease
    view: PolicyView
    sha256: str
    """Hex SHA-256 of the page's published plain text (`policypress.plaintext.view_text`)."""

    @property
    def version(self) -> str:
        return self.release.version

    @property
    def material(self) -> bool:
        """Whether the release is material for this page (for FULL: material anywhere)."""
        entry = self.release.release
        return bool(entry.material) if self.scope == FULL else entry.is_material_for(self.scope)


def version_list(
    history: tuple[PublishedRelease, ...], scope: str, views: SectionViews | None = None
) -> tuple[RegionVersion, ...]:
    """The releases that changed the text of `scope`'s page, oldest first (`views`: sections
    already assembled, see `SectionViews`)."""
    views = views if views is not None else SectionViews()
    versions: list[RegionVersion] = []
    for published in history:
        policy = published.policy
        if scope != FULL and scope not in {r.id for r in policy.regions}:
            continue  # the region did not exist yet in this release
        view = assemble(policy, None if scope == FULL else policy.region(scope), views=views)
        if versions and versions[-1].view.same_text(view):
            continue
        versions.append(RegionVersion(scope, published, view, text_sha256(view_text(view))))
    return tuple(versions)
