"""Pages in several languages: each page links to its twins in the other languages, and says
which language it is in (the hook sets `<html lang>` from it).

A translated page's source path is its source twin's under `<language>/` (emit/urls.py), so
twins are found by path. The links are plain Markdown links: they work without JavaScript.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from babel import Locale
from jinja2 import Environment

from policypress.emit import GeneratedPage
from policypress.emit.urls import link


def language_name(code: str) -> str:
    """A language's name in itself, e.g. "Português (Brasil)" for pt-BR, "English" for en."""
    name = Locale.parse(code, sep="-").get_display_name() or code
    return name[:1].upper() + name[1:]


def language_name_in(code: str, locale: str) -> str:
    """A language's name in another language, e.g. "inglês" for en in pt_BR."""
    return Locale.parse(code, sep="-").get_display_name(locale) or code


def with_languages(envs: dict[str, Environment], pages: list[GeneratedPage], source: str) -> list[GeneratedPage]:
    """`pages` with their language in the front matter (and a translated page's in its
    `language`) and, where a page has twins in other languages, links to them. `envs` has the templates of each language (their own words),
    the source language's (`source`, e.g. "en") first; a translation's pages live under its
    lower-case folder."""
    languages = [code for code in envs if code != source]
    if not languages:
        return pages
    prefixes = {code.lower() + "/": code for code in languages}
    by_uri = {page.uri: page for page in pages}

    def source_uri(uri: str) -> tuple[str, str]:
        for prefix, code in prefixes.items():
            if uri.startswith(prefix):
                return code, uri[len(prefix):]
        return source, uri

    result = []
    for page in pages:
        language, base = source_uri(page.uri)
        twins = []
        for code in [source, *languages]:
            twin = base if code == source else code.lower() + "/" + base
            if code != language and twin in by_uri:
                twins.append({"code": code, "name": language_name(code), "link": link(page.uri, twin)})
        block = envs[language].get_template("pages/_languages.md.j2").render(language=language, twins=twins)
        page = _with_block(page, block)
        result.append(page if language == source else replace(page, language=language))
    return result


def _with_block(page: GeneratedPage, block: str) -> GeneratedPage:
    """`page` with `block` after its front matter, made when the page is."""
    inputs = None if page.inputs is None else hashlib.sha256(f"{page.inputs}\0{block}".encode()).hexdigest()
    return replace(page, make=lambda: _after_front_matter(page.markdown, block), inputs=inputs)


def _after_front_matter(markdown: str, block: str) -> str:
    """`block`'s front matter keys added to the page's, and its body lines after it."""
    keys, _, body = block.partition("\n---\n")
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 4)
        return markdown[: end + 1] + keys.strip() + "\n---\n" + body + markdown[end + 5 :]
    return "---\n" + keys.strip() + "\n---\n" + body + markdown
