"""A translation's start page, `/<language>/`: the regions whose pages are offered in that
language, each with its translated name and last-updated date, in that language's words.

It mirrors the source language's `/` (and links to it, and back, through the language links
of `emit/languages.py`), but lists only what is translated. The complete text (`/full/`) is
not translated: languages are offered per region, so no offer covers the passages of every
jurisdiction; the page says where the complete text and the other regions are.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel import Locale

from policypress.emit import GeneratedPage
from policypress.emit.languages import language_name_in
from policypress.emit.pages import Context, ScopePages
from policypress.emit.urls import current_uri, landing_uri, link
from policypress.i18n import gettext_for
from policypress.model import Policy
from policypress.plaintext import markdown_to_text
from policypress.sources import REGIONS


def language_landing(
    ctx: Context, primary: Policy, language: str, translated: Sequence[ScopePages], source_language: str, documents: int
) -> GeneratedPage:
    """`/<language>/index.md` listing the `translated` page families of `language` (in
    regions.yaml order, documents in site order); `documents`: how many the site has."""
    uri = landing_uri(language)
    _ = gettext_for(ctx.locale)
    order = {region.id: index for index, region in enumerate(primary.regions)}
    by_region: dict[str, list[ScopePages]] = {}
    for pages in sorted(translated, key=lambda p: order.get(p.scope.id, len(order))):
        by_region.setdefault(pages.scope.id, []).append(pages)
    regions = []
    for family in by_region.values():
        entries = []
        for pages in family:
            shown = pages.status.in_force or pages.status.upcoming[0]
            title = markdown_to_text(shown.view.title)
            entries.append({"title": title, "link": link(uri, current_uri(pages.scope)), "last_updated": shown.release.published})
        regions.append({"id": family[0].scope.id, "name": family[0].scope.name, "documents": entries})
    if documents > 1:
        title = _("Policies of %(controller)s", controller=primary.settings.controller)
    else:
        title = regions[0]["documents"][0]["title"]
    markdown = ctx.env.get_template("pages/landing_language.md.j2").render(
        title=title,
        controller=primary.settings.controller,
        several=documents > 1,
        regions=regions,
        source_name=language_name_in(source_language, str(Locale.parse(ctx.locale))),
        source_link=link(uri, landing_uri()),
    )
    # First in its language's navigation, as `/` is in the source language's.
    return GeneratedPage.of(uri, title, markdown, REGIONS)
