"""The site before its first release: a landing page saying that nothing is published yet.

A new site (`policypress new`) builds strictly from its first commit; until the release log
has an entry, a publishing build shows readers only this page, in the site's language. The
live preview shows the draft instead, as it does for any unreleased text.
"""

from __future__ import annotations

from jinja2 import Environment

from policypress.emit import GeneratedPage
from policypress.model import Policy
from policypress.sources import RELEASES


def unpublished_landing(env: Environment, policy: Policy) -> GeneratedPage:
    """`/` of a site whose release log has no entry; its edit link opens the release log."""
    markdown = env.get_template("pages/unpublished.md.j2").render(
        title=policy.settings.title, controller=policy.settings.controller
    )
    return GeneratedPage.of("index.md", policy.settings.title, markdown, RELEASES)
