"""PolicyPress's own words in the page's language: gettext catalogues shipped in the package.

Everything PolicyPress writes itself ("Last updated", notices, history and redline pages,
feeds, e-mail notices) is an English msgid translated by `locale/<locale>/LC_MESSAGES/
policypress.po`. The PO files are read directly with Babel and compiled in memory, so no
binary .mo file is committed or built at install time. English needs no catalogue: its
messages are the msgids.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from io import BytesIO

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "policypress"


def catalogue_locales() -> list[str]:
    """The locales PolicyPress ships its own strings in (besides English), e.g. ["pt_BR"]."""
    root = files("policypress") / "locale"
    return sorted(entry.name for entry in root.iterdir() if (entry / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


@lru_cache(maxsize=32)
def translations_for(locale: str) -> NullTranslations:
    """gettext translations of PolicyPress's strings for `locale` ("pt_BR"; "pt" serves
    "pt_PT" too), or English (the msgids) when none is shipped. Cached: the catalogue never
    changes while PolicyPress runs."""
    try:
        parsed = Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return NullTranslations()
    shipped = catalogue_locales()
    for candidate in (str(parsed), parsed.language):
        if candidate in shipped:
            return _compiled(candidate)
    for candidate in shipped:
        # Portuguese of Portugal still reads Brazilian Portuguese better than English.
        if candidate.split("_")[0] == parsed.language:
            return _compiled(candidate)
    return NullTranslations()


def _compiled(locale: str) -> Translations:
    source = files("policypress") / "locale" / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain=DOMAIN, abort_invalid=True)
    buffer = BytesIO()
    # Fuzzy entries are unfinished work of a translator: English is better than a guess.
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext_for(locale: str) -> Callable[..., str]:
    """`_(message, **values)` for `locale`: the translated message with `%(name)s` values filled
    in, as Jinja2's new-style gettext does in templates (so "%" is written "%%" in both)."""
    translations = translations_for(locale)

    def translate(message: str, **values: object) -> str:
        return translations.gettext(message) % values

    return translate


def ngettext_for(locale: str) -> Callable[..., str]:
    """`n_(singular, plural, n, **values)` for `locale`, with `%(num)s` filled in."""
    translations = translations_for(locale)

    def translate(singular: str, plural: str, n: int, **values: object) -> str:
        return translations.ngettext(singular, plural, n) % {"num": n, **values}

    return translate
