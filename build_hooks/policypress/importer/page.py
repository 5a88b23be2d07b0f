"""`policypress import page.html`: the main content of a saved web page (or a fragment).

lxml (libxml2's HTML parser) reads the page as a browser would close its elements (`<p>` and
`<li>` without end tags, `<font>` soup), keeps every word, gives each element its line and each
parse error its line and column, and stops at a depth no reader needs; cssselect turns
`--select CSS` into a query. Of a whole page only the main content is read: `--select`, else
`<main>`, else `<article>`, else `[role=main]`, else `<body>`; what lies outside it, and
scripts, styles, forms and hidden elements inside it, are left out and reported with their words.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Mapping
from typing import Any

import lxml.html
from lxml import etree

from policypress.errors import Location, PolicyError
from policypress.importer import ImportedDocument, build_document, fill_templates
from policypress.importer.html_blocks import HtmlReader, element_words, tag_of
from policypress.importer.html_text import element_source
from policypress.importer.order import SourceWords
from policypress.importer.reading import Reading

MAX_HTML_BYTES = 10_000_000
_INVISIBLE_TAGS = {
    "script": "a script", "style": "a style sheet", "template": "a template", "noscript": "text for browsers without scripts",
    "form": "a form", "button": "a button", "select": "a form field", "textarea": "a form field", "input": "a form field",
    "iframe": "an embedded page", "object": "an embedded object", "embed": "an embedded object", "canvas": "a drawing",
    "svg": "a drawing", "video": "a video", "audio": "a sound", "nav": "navigation", "head": "the page's head",
    "title": "the page's title in the browser tab", "meta": "page data", "link": "page data",
}
_CHROME = {"header": "the page header", "nav": "navigation", "footer": "the page footer", "aside": "a sidebar"}
_CHROME_ROLES = {"banner": "the page header", "contentinfo": "the page footer", "complementary": "a sidebar", "navigation": "navigation"}


def _hidden(element: Any) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return (
        element.get("hidden") is not None
        or (element.get("aria-hidden") or "").lower() == "true"
        or "display:none" in style
        or "visibility:hidden" in style
        or (tag_of(element) == "input" and (element.get("type") or "").lower() == "hidden")
    )


def parse_page(text: str, path: str) -> Any:
    """The page's document tree, or PolicyError at the first place the parser gave up."""
    size = len(text.encode("utf-8"))
    if size > MAX_HTML_BYTES:
        raise PolicyError.single(
            Location(path, 0, 0), f"the page is {size / 1_000_000:.1f} MB; HTML imports are limited to {MAX_HTML_BYTES // 1_000_000} MB "
            "(save only the policy's page, or cut the page down to the policy)",
        )
    parser = lxml.html.HTMLParser(remove_blank_text=False, huge_tree=False, no_network=True)
    try:
        document = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise PolicyError.single(Location(path, 0, 0), f"this is not an HTML page lxml can read: {error}") from None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "depth" in entry.message.lower():
            raise PolicyError.single(
                Location(path, entry.line, max(entry.column, 1)),
                "the HTML nests elements deeper than any policy needs (256 levels); the page is broken or hostile",
            )
    return document


def _main(document: Any, select: str | None, path: str) -> Any:
    if select:
        from cssselect import SelectorError

        try:
            found = document.cssselect(select)
        except SelectorError as error:
            raise PolicyError.single(Location(path, 0, 0), f"--select '{select}' is not a CSS selector: {error}") from None
        if not found:
            raise PolicyError.single(Location(path, 0, 0), f"--select '{select}' matches no element of the page")
        return found[0]
    for query in ("//main", "//article", "//*[@role='main']", "//body"):
        found = document.xpath(query)
        if found:
            return found[0]
    return document


def _leave_out_outside(main: Any, reading: Reading) -> None:
    """Everything of the page beside the path from <body> down to the main content."""
    body = next(iter(main.getroottree().getroot().xpath("//body")), None)
    if body is None or main is body:
        return
    ancestors = [a for a in main.iterancestors()]
    if body not in ancestors:
        return
    path = [main, *ancestors[: ancestors.index(body) + 1]]
    for element in path[1:]:
        for text in (element.text, *(child.tail for child in element)):
            if text and text.split():
                reading.leave_out([max((element.sourceline or 1) - 1, 0), element.sourceline or 1], "text outside the main content",
                                  "not part of the policy's main content", text)
        for child in element:
            if child in path:
                continue
            _leave_out(child, reading, _CHROME.get(tag_of(child), f"<{tag_of(child)}>") + " outside the main content",
                       "not part of the policy's main content (--select CSS names another element)")


def _leave_out(element: Any, reading: Reading, what: str, why: str) -> None:
    words = element_words(element)
    if tag_of(element) == "#comment":
        words = (element.text or "").split()
    elif not words and tag_of(element) in {"script", "style", "template", "noscript"}:
        words = (element.text_content() or "").split()
    line = max((element.sourceline or 1) - 1, 0)
    reading.leave_out([line, line + 1], what, why, " ".join(words))


def _leave_out_inside(main: Any, reading: Reading, chrome: bool) -> None:
    """Scripts, styles, forms, navigation and hidden elements inside the main content; with
    `chrome` (the main content is the whole body) the site's header, footer and sidebars too."""
    dropped: set[Any] = set()
    for element in list(main.iter()):
        if element is main or any(a in dropped for a in element.iterancestors()):
            continue  # inside an element already left out
        tag = tag_of(element)
        if tag in {"#other"}:
            dropped.add(element)
        elif chrome and (tag in _CHROME or (element.get("role") or "").lower() in _CHROME_ROLES):
            # No <main> or <article>: the site's own header, menus and footer are not the policy.
            words = element_words(element)
            line = max((element.sourceline or 1) - 1, 0)
            what = _CHROME.get(tag) or _CHROME_ROLES[(element.get("role") or "").lower()]
            reading.leave_out([line, line + 1], f"{what} (<{tag}>)", "not part of the policy's main content (--select CSS names another element)", " ".join(words))
            dropped.add(element)
        elif tag in _INVISIBLE_TAGS or (tag != "#comment" and _hidden(element)) or (element.get("role") or "").lower() == "navigation":
            what = "a hidden element" if tag not in _INVISIBLE_TAGS else _INVISIBLE_TAGS[tag]
            words = element_words(element) if tag not in {"script", "style", "template", "noscript"} else (element.text_content() or "").split()
            line = max((element.sourceline or 1) - 1, 0)
            reading.leave_out([line, line + 1], f"{what} (<{tag}>)", "not shown to readers as policy text", " ".join(words))
            dropped.add(element)
    for element in dropped:
        element.drop_tree()


def import_html(
    text: str,
    path: str,
    *,
    select: str | None = None,
    base_url: str | None = None,
    known_ids: Mapping[str, str] | None = None,
    placeholders: Mapping[str, str] | None = None,
    tags: Mapping[str, list[str]] | None = None,
    rtl: bool = False,
    reading: Reading | None = None,
    defines: Mapping[str, str] | None = None,
) -> ImportedDocument:
    """The document in an HTML page or fragment (`path` for messages), or PolicyError;
    `defines` gives values for the page's `{{ NAME }}` variables."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reading = reading or Reading(path, text.split("\n"))
    text, used = fill_templates(text, defines or {}, lambda value: html_lib.escape(value, quote=False))
    reading.lines = text.split("\n")
    document = parse_page(text, path)
    main = _main(document, select, path)
    _leave_out_outside(main, reading)
    _leave_out_inside(main, reading, chrome=tag_of(main) == "body" and not select)
    found = element_source(main)
    source = SourceWords(found.words, found.lines, len(reading.left_out))
    events = HtmlReader(reading, base_url=base_url, rtl=rtl).read(main)
    return build_document(events, reading, source, known_ids=known_ids, placeholders=placeholders, tags=tags, defined=used)
