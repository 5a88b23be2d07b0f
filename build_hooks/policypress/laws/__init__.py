"""The disclosure catalogue: what each law asks a privacy notice to disclose.

`disclosures.yaml` (package data, checked against `schemas/disclosures.schema.json`) lists per
law the items a notice must disclose, each with its citation and the condition under which it
applies. It is guidance for editors, not legal advice; items marked `uncertain` were not
confirmed in a primary text and are shown as such wherever they appear.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml
from jsonschema import Draft202012Validator

DISCLAIMER = "Guidance for editors, not legal advice."
"""Said once wherever coverage is shown (the command's output, the README)."""


@dataclass(frozen=True)
class DisclosureItem:
    """One thing a law asks a notice to say, e.g. `gdpr.complaint_to_authority`."""

    id: str
    law: str
    """The id of the law whose catalogue lists the item (its id prefix may differ: `caloppa.*`
    items belong to `ca_caloppa`)."""
    cite: str
    requires: str
    when: str
    uncertain: bool

    @property
    def conditional(self) -> bool:
        """Whether the item applies only under a condition: only then may a region mark it
        not applicable. `when` is "always", sometimes with a remark in brackets."""
        return not self.when.startswith("always")


@dataclass(frozen=True)
class Law:
    """A law of the catalogue and its items, in the catalogue's order."""

    id: str
    name: str
    extends: str | None
    """A law whose items this law asks for too (UK GDPR extends GDPR)."""
    items: tuple[DisclosureItem, ...]


@dataclass(frozen=True)
class Catalogue:
    """Every law and item of the catalogue."""

    laws: tuple[Law, ...]

    def law(self, law_id: str) -> Law | None:
        """The law with this id, if the catalogue has it."""
        return next((law for law in self.laws if law.id == law_id), None)

    def item(self, item_id: str) -> DisclosureItem | None:
        """The item with this id, if any law lists it."""
        return next((item for law in self.laws for item in law.items if item.id == item_id), None)

    def items_for(self, law_ids: Iterable[str]) -> tuple[DisclosureItem, ...]:
        """The items a page answering to `law_ids` must disclose: an extended law's items first,
        each item once, unknown laws ignored (validation reports them)."""
        found: dict[str, DisclosureItem] = {}

        def add(law_id: str, seen: tuple[str, ...]) -> None:
            law = self.law(law_id)
            if law is None or law_id in seen:
                return
            if law.extends:
                add(law.extends, (*seen, law_id))
            for item in law.items:
                if not stands_for_extended(law, item):
                    found.setdefault(item.id, item)

        for law_id in law_ids:
            add(law_id, ())
        return tuple(found.values())


def stands_for_extended(law: Law, item: DisclosureItem) -> bool:
    """Whether `item` only says "all items of the extended law" (`uk_gdpr.all_gdpr_items`):
    coverage lists the extended law's items themselves instead, so no passage has to claim it."""
    return law.extends is not None and item.id == f"{law.id}.all_{law.extends}_items"


@cache
def catalogue() -> Catalogue:
    """The catalogue shipped with PolicyPress (read and checked once per process; it is
    package data, so a problem in it is a bug in PolicyPress, not in the policy)."""
    package = resources.files("policypress")
    # libyaml when present: the catalogue is read by every command, and it is plain data.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(package.joinpath("laws/disclosures.yaml").read_text("utf-8"), Loader=loader)  # noqa: S506
    schema = json.loads(package.joinpath("schemas/disclosures.schema.json").read_text("utf-8"))
    Draft202012Validator(schema).validate(data)
    return Catalogue(
        tuple(
            Law(
                id=law_id,
                name=law["name"],
                extends=law.get("extends"),
                items=tuple(
                    DisclosureItem(
                        id=item["id"],
                        law=law_id,
                        cite=item["cite"],
                        requires=item["requires"],
                        when=item["when"],
                        uncertain=bool(item.get("uncertain", False)),
                    )
                    for item in law["items"]
                ),
            )
            for law_id, law in data["laws"].items()
        )
    )
