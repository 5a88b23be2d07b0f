"""Meaning checks of the disclosure annotations: regions' `laws:` and `not_applicable:`, and
the `discloses:` of sections, blocks and list items, against the catalogue (`policypress.laws`).
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches
from itertools import chain

from policypress.annotations import block_refs, section_refs, shown_refs
from policypress.errors import Location, Problem
from policypress.laws import Catalogue, stands_for_extended
from policypress.model import Policy, Ref, Region, Section, walk_sections
from policypress.untrusted import short


def check(policy: Policy, catalogue: Catalogue) -> Iterator[Problem]:
    """Every unknown law or item id, and every `not_applicable` reason that is never used."""
    for region in policy.regions:
        yield from _region(policy, region, catalogue)
    for section in walk_sections(policy.sections):
        for ref in section_refs(section):
            yield from _item(ref, catalogue)
    for block in policy.preamble:
        for ref in block_refs(block):
            # Coverage names the section numbers that disclose an item; the preamble has none.
            yield Problem(ref.location, "the preamble has no section number to show in the coverage report; "
                          "put `discloses:` on the section that says it")


def disclosed_on_page(policy: Policy, region: Region) -> dict[str, Location]:
    """The items the passages on `region`'s page disclose, each with the first place saying so."""
    found: dict[str, Location] = {}

    def visit(sections: tuple[Section, ...]) -> None:
        for section in sections:
            if not region.shows(section.tags):
                continue
            for ref in chain(section.discloses, *(shown_refs(block, region.shows) for block in section.blocks)):
                found.setdefault(ref.id, ref.location)
            visit(section.subsections)

    visit(policy.sections)
    return found


def _item(ref: Ref, catalogue: Catalogue) -> Iterator[Problem]:
    item = catalogue.item(ref.id)
    if item is None:
        known = [i.id for law in catalogue.laws for i in law.items]
        close = get_close_matches(ref.id, known, n=1, cutoff=0.8)
        hint = f"did you mean '{close[0]}'?" if close else "`policypress coverage` lists the items of each region's laws"
        yield Problem(ref.location, f"unknown disclosure item {short(ref.id)}; {hint}")
        return
    law = catalogue.law(item.law)
    if law is not None and stands_for_extended(law, item):
        yield Problem(
            ref.location,
            f"'{item.id}' stands for every item of {law.extends}; name the {law.extends} items the passage discloses",
        )


def _region(policy: Policy, region: Region, catalogue: Catalogue) -> Iterator[Problem]:
    known = ", ".join(law.id for law in catalogue.laws)
    for ref in region.laws:
        if catalogue.law(ref.id) is None:
            close = get_close_matches(ref.id, [law.id for law in catalogue.laws], n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            yield Problem(ref.location, f"unknown law {short(ref.id)} in region '{region.id}'; {hint}laws in the catalogue: {known}")
    if not region.not_applicable:
        return
    asked = {item.id for item in catalogue.items_for(ref.id for ref in region.laws)}
    laws = ", ".join(ref.id for ref in region.laws) or "none"
    disclosed = disclosed_on_page(policy, region)
    for entry in region.not_applicable:
        item = catalogue.item(entry.item)
        if item is None:
            yield Problem(entry.location, f"unknown disclosure item {short(entry.item)} in the not_applicable list of region '{region.id}'")
        elif item.id not in asked:
            yield Problem(
                entry.location,
                f"region '{region.id}' marks '{item.id}' not applicable, but its laws ({laws}) do not ask for it; "
                "remove the unused reason",
            )
        elif not item.conditional:
            yield Problem(
                entry.location,
                f"'{item.id}' ({item.cite}) applies always, so it cannot be marked not applicable; "
                "disclose it on the page instead",
            )
        elif item.id in disclosed:
            yield Problem(
                entry.location,
                f"region '{region.id}' marks '{item.id}' not applicable, but a passage on its page discloses it "
                f"({disclosed[item.id]}); remove the unused reason or the passage's claim",
            )
