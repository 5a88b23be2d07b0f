"""Languages regions offer (`languages: {pt-BR: required}` in regions.yaml): codes and checks."""

from __future__ import annotations

from collections.abc import Iterator

from babel import Locale, UnknownLocaleError

from policypress.documents import paths_of
from policypress.errors import Problem
from policypress.model import LanguageOffer, Policy

TRANSLATIONS_DIR = "policy_src/translations"


def url_segment(code: str) -> str:
    """The language's URL folder: BCP 47 tags are lower-case in URLs (pt-BR → pt-br)."""
    return code.lower()


def babel_locale(code: str) -> Locale:
    """Babel's locale for a BCP 47 tag (pt-BR → pt_BR); ValueError/UnknownLocaleError if unknown."""
    return Locale.parse(code, sep="-")


def source_language(policy: Policy) -> str:
    """The language the policy is written in, from its locale (en_US → en), as `lang` takes it."""
    try:
        return Locale.parse(policy.settings.locale).language
    except (UnknownLocaleError, ValueError):
        return "en"


def translations_dir(document: str) -> str:
    """Where a document's PO files live: policy_src/translations for the primary,
    policy_src/documents/<doc>/translations for another (SPEC §10)."""
    return f"{paths_of(document).folder}/translations"


def po_path(code: str, translations_dir: str = TRANSLATIONS_DIR) -> str:
    """Repository-relative path of a language's PO file, e.g. policy_src/translations/pt-BR.po."""
    return f"{translations_dir}/{code}.po"


def offered(policy: Policy) -> dict[str, list[tuple[str, LanguageOffer]]]:
    """Each language any region offers → the (region id, offer) pairs, in regions.yaml order."""
    found: dict[str, list[tuple[str, LanguageOffer]]] = {}
    for region in policy.regions:
        for offer in region.languages:
            found.setdefault(offer.code, []).append((region.id, offer))
    return found


def language_problems(policy: Policy, reserved: frozenset[str]) -> Iterator[Problem]:
    """What is wrong with the languages regions offer: unknown codes, the source language
    itself, two spellings of one language, a URL folder that clashes with a region or the site."""
    try:
        source = Locale.parse(policy.settings.locale)
    except (UnknownLocaleError, ValueError):
        source = None  # reported by the settings check
    region_ids = {region.id for region in policy.regions}
    spellings: dict[str, str] = {}
    for region in policy.regions:
        for offer in region.languages:
            where = f"region '{region.id}' offers language '{offer.code}'"
            try:
                locale = babel_locale(offer.code)
            except (UnknownLocaleError, ValueError):
                yield Problem(
                    offer.location,
                    f"{where}, which is not a language PolicyPress knows; use a BCP 47 tag such as pt-BR or fr-CA",
                )
                continue
            if source is not None and str(locale) == str(source):
                yield Problem(
                    offer.location,
                    f"{where}, which is the language the policy is written in (locale {policy.settings.locale} "
                    "in settings.yaml); list only further languages",
                )
            segment = url_segment(offer.code)
            first = spellings.setdefault(segment, offer.code)
            if first != offer.code:
                yield Problem(
                    offer.location,
                    f"{where}, but another region spells it '{first}'; write a language the same way everywhere "
                    "(it names the PO file)",
                )
            if segment in region_ids or segment in reserved:
                yield Problem(
                    offer.location,
                    f"{where}, whose pages would live under /{segment}/, which is already a region's or the "
                    "site's own address; the region ids and language codes must differ",
                )
