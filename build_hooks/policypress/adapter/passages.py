"""Generated pages handed to MkDocs as skeletons, their plain passages converted once per text
(`policypress.kept.passages`) and put back; the HTML is the same as converting the whole page.

Relies on (checked with MkDocs 1.6.1): what `on_page_markdown` returns is what MkDocs converts,
and `on_page_content` gets that HTML; MkDocs converts with `config.markdown_extensions` and
`config.mdx_configs` as they stand after `on_config` (`Page.render`), and `page.render(config,
files)` converts `page.markdown` again. `tests/test_passage_cache.py` compares builds with and
without splitting.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policypress.kept.passages import PassageCache, join_passages, split_passages

# Passages are converted apart from their page only with these extensions, none of which lets
# one part of a page change how another converts (as abbreviations or footnotes would).
# (MkDocs always adds toc, tables and fenced_code.)
SPLITTABLE_EXTENSIONS = frozenset({"attr_list", "fenced_code", "md_in_html", "sane_lists", "tables", "toc"})


class Split:
    """One build's pages handed to MkDocs as skeletons."""

    def __init__(self, generated: frozenset[str], cache: PassageCache) -> None:
        self.generated = generated
        self.cache = cache
        self.pending: dict[str, tuple[str, dict[str, str]]] = {}
        self.pages = self.passages = 0

    def skeleton(self, markdown_text: str, page: Page) -> str:
        """The Markdown MkDocs converts for `page`: a generated page's skeleton."""
        if page.file.src_uri not in self.generated:
            return markdown_text
        skeleton, passages = split_passages(markdown_text)
        if passages:
            self.pending[page.file.src_uri] = (markdown_text, passages)
        return skeleton

    def join(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the passages' HTML back into a page converted from its skeleton."""
        if page.file.src_uri not in self.pending:
            return html
        original, passages = self.pending.pop(page.file.src_uri)
        signature = json.dumps([config.markdown_extensions, config.mdx_configs], default=repr, sort_keys=True)
        joined = join_passages(html, passages, self.cache.converter(signature, lambda: _converter(config)))
        if joined is None:  # a placeholder did not stay a paragraph of its own: convert it whole
            page.markdown = original
            page.render(config, files)
            return page.content or ""
        self.pages += 1
        self.passages += len(passages)
        return joined


def splittable(config: MkDocsConfig) -> bool:
    """Whether every Markdown extension of `config` converts a passage alone as in its page."""
    names = {str(name).removeprefix("markdown.extensions.") for name in config.markdown_extensions}
    return names <= SPLITTABLE_EXTENSIONS


def _converter(config: MkDocsConfig) -> Callable[[str], str]:
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert
