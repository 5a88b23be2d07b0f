"""E-mail-ready notices: `/notices/<version>/<region>.txt`, one per release and region it changes;
a translated region's under `/<language>/notices/`, in that language's words and dates.

Plain text with a `Subject:` first line, absolute links (from `site_url`), nothing to fill in:
a legal team can paste it into its mailing tool on the day a release is published.
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import Environment

from policypress.emit import GeneratedFile
from policypress.emit.feeds import page_locale, page_title
from policypress.emit.languages import language_name_in
from policypress.emit.pages import ScopePages
from policypress.emit.redline_html import kinds_sentence
from policypress.i18n import gettext_for
from policypress.kept.inputs import InputKeys
from policypress.emit.templating import format_long_date
from policypress.emit.urls import Urls, changes_uri, history_uri, notice_uri, version_uri
from policypress.model import Policy
from policypress.plaintext import markdown_to_text
from policypress.redline import Redline
from policypress.sources.languages import source_language


def notice(
    env: Environment, urls: Urls, policy: Policy, pages: ScopePages, index: int, diff: Callable[[], Redline] | None,
    keys: InputKeys | None = None,
) -> GeneratedFile:
    """The notice of one version of one region's page (`diff` makes its changes, when the
    notice is written; None for the first). With `keys`, the file carries its inputs' digest."""
    scope = pages.scope
    version = pages.versions[index]
    release = version.release
    locale = page_locale(policy, scope)
    _ = gettext_for(locale)
    effective = format_long_date(release.effective, locale)
    values = {"title": page_title(policy, pages, index), "scope": scope.name, "date": effective}
    subject = (
        _("%(title)s for %(scope)s: changes taking effect on %(date)s", **values)
        if index
        else _("%(title)s for %(scope)s: published, effective %(date)s", **values)
    )
    arguments = {
        "subject": subject,
        "first": index == 0,
        "title": values["title"],
        "controller": policy.settings.controller,
        "scope_name": scope.name,
        "version": version.version,
        "published": release.published,
        "effective": release.effective,
        "material": version.material,
        "summary": markdown_to_text(release.release.summary),
        # Release summaries are written once, in the source language: a translation says so.
        "summary_language": language_name_in(source_language(policy), locale) if scope.language else None,
        "links": {
            "text": urls.absolute(version_uri(scope, version.version)),
            "changes": urls.absolute(changes_uri(scope, version.version)) if index else None,
            "history": urls.absolute(history_uri(scope)),
        },
    }

    def render() -> str:
        changed = diff().changed if diff else []
        sections = [f"{s.heading} ({kinds_sentence(s.kinds, _)})" for s in changed]
        return env.get_template(_TEMPLATE).render(sections=sections, **arguments)

    uri = notice_uri(version.version, scope)
    # The changes are made from the two versions' views alone, and named in the page's locale.
    views = (pages.versions[index - 1].view, version.view) if diff else (version.view,)
    inputs = keys.key(_TEMPLATE, uri, locale, arguments, views) if keys is not None else None
    return GeneratedFile(uri, render, inputs)


_TEMPLATE = "notices/notice.txt.j2"
