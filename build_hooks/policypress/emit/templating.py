"""The Jinja2 environment for emitted pages; templates can be overridden from the site's
`overrides/policypress/` folder, like Material's own templates."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape

from policypress.assemble import ByIdentity
from policypress.emit import change_entries, redline_html, redline_markdown
from policypress.i18n import gettext_for, translations_for
from policypress.plaintext import markdown_to_text

# Python-Markdown extensions the pages need: `tables` for table blocks, `sane_lists` so that a
# numbered list keeps its `start` and never merges with a bulleted list next to it, `md_in_html`
# for the cells of tables with spanning cells (written as HTML). The MkDocs plugin adds them to a
# site's own configuration; `render` writes them into its mkdocs.yml.
MARKDOWN_EXTENSIONS = ("tables", "sane_lists", "md_in_html")


def environment(locale: str, override_dir: Path | None = None) -> Environment:
    """The Jinja2 environment for everything emitted.

    Markdown and text templates are not autoescaped (MkDocs renders the Markdown; HTML inside
    it is escaped where it is built); XML templates are. Policy text is inserted as data and
    never evaluated as a template."""
    loaders = [PackageLoader("policypress", "templates")]
    if override_dir is not None and override_dir.is_dir():
        loaders.insert(0, FileSystemLoader(override_dir))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("xml.j2", "html.j2"), default_for_string=False, default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    # PolicyPress's own words in the page's language (`_("Last updated")` in templates).
    env.install_gettext_translations(translations_for(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["long_date"] = lambda value: format_long_date(value, locale)
    env.filters["yaml_string"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.filters["indent_continuation"] = lambda text, width=2: text.replace("\n", "\n" + " " * width)
    env.filters["table_cell"] = lambda text: " ".join(str(text).split()).replace("|", "\\|")
    env.filters["html_cell"] = lambda text: " ".join(str(text).split())
    env.filters["kinds_sentence"] = lambda kinds: redline_html.kinds_sentence(kinds, gettext_for(locale))
    _ = gettext_for(locale)
    words = (_(redline_html.ENGLISH[0]), _(redline_html.ENGLISH[1]))
    # Unchanged sections' units are the same objects in every redline of a page.
    env.filters["units_html"] = _kept_by_identity(lambda units: redline_html.units_html(units, words))
    env.filters["spans_html"] = lambda spans: redline_html.spans_html(spans, words)
    env.filters["heading_html"] = lambda section: redline_html.heading_html(section, words, _("was"))
    env.filters["section_counts"] = redline_html.section_counts
    env.filters["redline_markdown"] = redline_markdown.redline_markdown
    env.tests["long_redline"] = redline_markdown.is_long
    env.filters["entry_markdown"] = change_entries.entry_markdown
    env.filters["grade"] = lambda value: f"{value:.1f}"
    env.filters["plain_text"] = markdown_to_text
    env.filters["blocks_markdown"] = _blocks_markdown(env)
    env.filters["sections_markdown"] = _sections_markdown(env)
    # A section unchanged in a redline is one object in every redline it appears in.
    unchanged = _kept_by_identity(_macro(env, "unchanged_section", "pages/_redline.md.j2"))
    env.filters["unchanged_sections_html"] = lambda sections: "".join(unchanged(section) for section in sections)
    return env


def _macro(env: Environment, name: str, template: str = "pages/_blocks.md.j2") -> Callable[..., str]:
    """A macro of `template`, loaded when first called, returning text."""
    loaded: list[Callable[..., object]] = []

    def call(*args: object) -> str:
        if not loaded:
            loaded.append(getattr(env.get_template(template).module, name))
        return str(loaded[0](*args))

    return call


def _blocks_markdown(env: Environment) -> Callable[..., str]:
    """The `blocks` macro as a filter that writes each run of source-language blocks once per
    environment: a history's unchanged sections are the same objects from version to version
    (see `policypress.assemble.SectionViews`), on hundreds of archive pages, and writing them
    was most of a long history's page time."""
    write = _macro(env, "blocks")
    source = _kept_by_identity(write)

    def blocks_markdown(blocks: tuple[object, ...], language: str = "") -> str:
        # A translated page's blocks are not kept: their "untranslated" marks are not part
        # of their equality, and their texts vary with the catalogue.
        return write(blocks, language) if language else source(blocks)

    return blocks_markdown


def _sections_markdown(env: Environment) -> Callable[..., str]:
    """The `section_markdown` macro over a page's sections, each source-language section
    written once per environment (as `_blocks_markdown`). With `linked`, each heading is
    followed by the link to its section's history (the pages'; a PDF has none)."""
    write = _macro(env, "section_markdown")
    sources = {linked: _kept_by_identity(lambda section, linked=linked: write(section, "", "", linked)) for linked in (False, True)}

    def sections_markdown(sections: list[object], language: str = "", untranslated_label: str = "", linked: bool = False) -> str:
        if language:
            return "".join(write(section, language, untranslated_label, linked) for section in sections)
        source = sources[linked]
        return "".join(source(section) for section in sections)

    return sections_markdown


def _kept_by_identity(render: Callable[[Any], str]) -> Callable[[Any], str]:
    """`render`, remembering its result for each object it was given for the environment's
    life: immutable values shared by many pages are written once (see `ByIdentity`)."""
    kept: ByIdentity[str] = ByIdentity()
    return lambda value: kept.get(value, render)


@lru_cache(maxsize=4096)
def format_long_date(value: date, locale: str) -> str:
    """A date as the policy writes it, e.g. "December 19, 2025" for en_US (Babel is slow, and
    the same few dates appear on thousands of pages)."""
    return format_date(value, format="long", locale=locale)
