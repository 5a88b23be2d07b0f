"""References to other documents on one page: `{{ document:<doc> }}` reads as the document's
title and `{{ section:<doc>/<id> }}` as "Section N of the <title>", N being the number the
section has on the same region's page of that document, linked to it.

A document that does not apply to the page's region (or a section not on that region's page)
is linked and numbered as on that document's complete page.
"""

from __future__ import annotations

from collections.abc import Callable

from policypress.assemble.passages import PassageTexts
from policypress.documents import document_id, link_target
from policypress.model import Policy, Region

FULL_SCOPE = "full"


def other_documents(
    policy: Policy,
    region: Region | None,
    section_numbers: Callable[[Policy, Region | None], dict[str, str]],
    texts: PassageTexts | None = None,
) -> Callable[[str, str | None], str]:
    """The resolver `substitute` calls for references to other documents on `region`'s page;
    with `texts` (a translation), in that language, with the other document's translated title."""
    views: dict[tuple[str, bool], dict[str, str]] = {}

    def numbers_of(document: str, target: Policy, on_region: bool) -> dict[str, str]:
        key = (document, on_region)
        if key not in views:
            views[key] = section_numbers(target, target.region(region.id) if on_region and region else None)
        return views[key]

    def resolve(written: str, section_id: str | None) -> str:
        document = document_id(written)
        target = policy.linked[document]
        on_region = region is not None and any(r.id == region.id for r in target.regions)
        numbers = numbers_of(document, target, on_region)
        if section_id is not None and section_id not in numbers and on_region:
            on_region = False
            numbers = numbers_of(document, target, False)
        scope = region.id if on_region and region else FULL_SCOPE
        title = target.settings.title
        if texts is not None:
            title = texts.document_title(document, title) or title
        if section_id is None:
            return f"[{title}]({link_target(document, scope)})"
        label = texts.document_reference(numbers[section_id], title) if texts else f"Section {numbers[section_id]} of the {title}"
        return f"[{label}]({link_target(document, scope, section_id)})"

    return resolve
