"""A small fictional site whose PDFs an earlier PolicyPress published (our own invented text).

Fernhill Cycles, a bicycle repair shop, published two versions of its privacy policy with the
PolicyPress of early December 2026, whose PDFs WeasyPrint made. Their bytes and the site's
`api/policy.json` as published are checked in under `tests/fixtures/published/fernhill/`
(see the README.md there): the tests of published PDFs as records (SPEC §18) serve them as the
live site and build this same policy with today's renderer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import REPO
from policy_repo import PolicyRepo

SITE_URL = "https://fernhill.example/privacy/"
FIXTURE = REPO / "tests" / "fixtures" / "published" / "fernhill"
"""The live site as published: `api/policy.json` and the PDFs at their addresses."""
FIRST, SECOND = "2026-03-02", "2026-09-14"
"""The published versions."""
THIRD = "2026-11-20"
"""A version the tests release after the fixture was published."""


def sections() -> dict[str, dict[str, Any]]:
    """The first version's sections: paragraphs, a list and a table."""
    return {
        "about": {"id": "about", "title": "Who we are", "blocks": [
            "Fernhill Cycles repairs and rents bicycles from one workshop on Mill Lane.",
            "Write to {{ email }} about anything in this policy.",
        ]},
        "repairs": {"id": "repairs", "title": "Repair bookings", "blocks": [
            "When you book a repair we keep what the workshop needs:",
            {"items": ["your name and telephone number;", "the bicycle's make and frame number;",
                       "what was repaired, and the parts we fitted."]},
            {"table": {"header": ["Record", "Kept for"], "rows": [
                ["Booking", "Two years"],
                ["Invoice", "Seven years"],
                {"cells": ["Rental deposit", "Until it is returned"], "tags": ["rental-law"]},
            ]}},
        ]},
        "rentals": {"id": "rentals", "title": "Rentals", "tags": ["rental-law"], "blocks": [
            "Renters show an identity document; we note its number and hand it back.",
        ]},
        "contact": {"id": "contact", "title": "Contact", "blocks": ["Fernhill Cycles, 4 Mill Lane, Fernhill."]},
    }


def fernhill_repo(path: Path) -> PolicyRepo:
    """The site's repository as it was when both published versions were released."""
    repo = PolicyRepo(path)
    config = repo.path / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace("site_name: Connic Privacy Policy", "site_name: Fernhill Cycles Privacy Policy")
    config.write_text(text.replace("https://connic.github.io/privacy-policy/", SITE_URL), "utf-8")
    repo.regions = {
        "tags": {"rental-law": "Rental rules"},
        "regions": [{"id": "shop", "name": "Workshop customers", "tags": ["rental-law"]}],
    }
    repo.settings = {"format": 2, "title": "Privacy Policy", "controller": "Fernhill Cycles",
                     "placeholders": {"email": "privacy@fernhill.example"}}
    repo.sections = sections()
    repo.outline = list(repo.sections)
    repo.release(FIRST, "First version.")
    repo.commit("First release", FIRST)
    repo.sections["repairs"]["blocks"][2]["table"]["rows"][0] = ["Booking", "Eighteen months"]
    repo.release(SECOND, "Bookings are kept for eighteen months.")
    repo.commit("Second release", SECOND)
    return repo


def release_third(repo: PolicyRepo) -> None:
    """A release after the fixture was published: its PDFs are new."""
    repo.sections["contact"]["blocks"] = ["Fernhill Cycles, 6 Mill Lane, Fernhill."]
    repo.release(THIRD, "We moved next door.")
    repo.commit("Third release", THIRD)
