"""Markdown pages: the landing page, the complete policy and one page per region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jinja2 import Environment

from policypress.assemble import PolicyView
from policypress.emit import GeneratedPage
from policypress.model import Policy

FULL = "full"


@dataclass(frozen=True)
class RegionDates:
    """The dates a region page shows for the version in force."""

    last_updated: date
    effective: date


def policy_page(env: Environment, view: PolicyView, dates: RegionDates, settings_path: str) -> GeneratedPage:
    """The page of the version in force: `/<region>/` or, for the complete view, `/full/`."""
    slug = view.region.id if view.region else FULL
    title = view.region.name if view.region else f"Complete {view.title}"
    markdown = env.get_template("pages/policy.md.j2").render(
        view=view,
        page_title=title,
        last_updated=dates.last_updated,
        effective=dates.effective,
        landing_link="../index.md",
    )
    return GeneratedPage(uri=f"{slug}/index.md", title=title, markdown=markdown, edit_path=settings_path)


def landing_page(
    env: Environment, policy: Policy, dates: dict[str, RegionDates], regions_path: str
) -> GeneratedPage:
    """`/`: where a reader chooses a region, each with its last-updated date."""
    entries = [
        {"region": region, "link": f"{region.id}/index.md", "last_updated": dates[region.id].last_updated}
        for region in policy.regions
    ]
    markdown = env.get_template("pages/landing.md.j2").render(
        title=policy.settings.title,
        controller=policy.settings.controller,
        regions=entries,
        full_link=f"{FULL}/index.md",
    )
    return GeneratedPage(uri="index.md", title=policy.settings.title, markdown=markdown, edit_path=regions_path)
