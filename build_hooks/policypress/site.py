"""The whole pipeline, run once per build: sources → views → dates → pages.

Both adapters call `build_site`: the MkDocs hook (`build_hooks/mkdocs_hooks.py`) and the
`policypress render` command. It reads the clock nowhere: the as-of date is passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from policypress.asof import as_of_date
from policypress.assemble import assemble
from policypress.emit import GeneratedPage
from policypress.emit.pages import RegionDates, landing_page, policy_page
from policypress.emit.templating import environment
from policypress.errors import Location, PolicyError
from policypress.model import Policy, Release
from policypress.sources import REGIONS, RELEASES, SETTINGS, load_policy
from policypress.sources.tree import DirectoryTree


@dataclass(frozen=True)
class Site:
    """Everything a build publishes."""

    policy: Policy
    as_of: date
    pages: tuple[GeneratedPage, ...]


def build_site(
    root: Path, environ: Mapping[str, str], now: datetime, override_dir: Path | None = None
) -> Site:
    """Validate the sources under `root` and generate every page.

    `environ` and `now` decide the as-of date (see `policypress.asof`); templates in
    `override_dir` replace the packaged ones of the same name.
    """
    policy = load_policy(DirectoryTree(root))
    as_of = as_of_date(environ, policy.settings.timezone, now)
    env = environment(policy.settings.locale, override_dir)
    dates = _dates_in_force(policy, as_of)
    pages = [landing_page(env, policy, {r.id: dates for r in policy.regions}, REGIONS)]
    pages.append(policy_page(env, assemble(policy, None), dates, SETTINGS))
    pages.extend(policy_page(env, assemble(policy, region), dates, SETTINGS) for region in policy.regions)
    return Site(policy=policy, as_of=as_of, pages=tuple(pages))


def _effective(release: Release, notice_days: int) -> date:
    assert release.published is not None
    if release.effective is not None:
        return release.effective
    if release.material:
        return release.published + timedelta(days=notice_days)
    return release.published


def _dates_in_force(policy: Policy, as_of: date) -> RegionDates:
    in_force = None
    for release in policy.releases:
        if release.published is None:
            raise PolicyError.single(release.location, f"release '{release.version}' needs a 'published' date")
        effective = _effective(release, policy.settings.notice_days)
        if effective <= as_of:
            in_force = RegionDates(release.published, effective)
    if in_force is None:
        raise PolicyError.single(
            Location(RELEASES),
            f"no release is in force on {as_of.isoformat()}; add a release entry to publish the policy",
        )
    return in_force
