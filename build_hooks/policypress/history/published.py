"""A release as history found it: its resolved dates and the policy text it published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from policypress.model import Policy, Release


@dataclass(frozen=True)
class PublishedRelease:
    """A release with its resolved dates and the policy text it published."""

    release: Release
    """The entry as the current release log writes it."""
    commit: str | None
    """The first commit holding the entry; None while it is only in the working tree."""
    published: date
    effective: date
    policy: Policy
    draft: bool = False
    """True for the live preview's unreleased text, which is never published."""

    @property
    def version(self) -> str:
        return self.release.version
