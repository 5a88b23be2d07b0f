"""Pages whose rendered folder an earlier build kept (`policypress.kept.pages`, in
`.cache/policypress/pages/`): MkDocs resolves links to them but neither renders nor copies
them, and lists them in the sitemap as if it had.

Relies on (checked with MkDocs 1.6.1): a `File` subclass is honoured, `is_documentation_page()`
decides whether MkDocs makes a `Page` of it and lists it among the template's `pages`, and
`copy_file` is how a non-page is copied; `on_pre_template`/`on_post_template` run around each
static template, among them `sitemap.xml`, which reads `file.page.is_link`, `abs_url`,
`canonical_url` and `update_date` only (`mkdocs/templates/sitemap.xml`; Material uses it as is);
links with anchors to a kept page are checked after that, reading its `present_anchor_ids`
(`Page.validate_anchor_links`: None skips the check; a section's history links into kept
archive pages, `tests/test_section_history.py`).
`tests/test_incremental_build.py` compares kept builds with cold ones;
`tests/test_adapter.py` checks the sitemap template.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from policypress.kept.inputs import digest_tree
from policypress.kept.pages import PageStore, page_groups
from policypress.site import Site


class KeptPage(File):
    """A page whose rendered folder the store keeps: MkDocs resolves links to it but neither
    renders nor copies it (PageStore puts the folder into the output after the build). It is
    `listed` as a page only while MkDocs writes the sitemap."""

    listed = False

    def is_documentation_page(self) -> bool:
        return self.listed

    def copy_file(self, dirty: bool = False) -> None:
        return None

    @classmethod
    def of(cls, uri: str, config: MkDocsConfig, inclusion: InclusionLevel) -> KeptPage:
        """The kept page of the generated page at `uri` (`x.md`)."""
        return cls(uri, None, config.site_dir, config.use_directory_urls,
                   dest_uri=uri[: -len(".md")] + ".html", inclusion=inclusion)


def groups(site: Site, files: Files, config: MkDocsConfig, store: PageStore, language_navs: object = None) -> dict[str, str]:
    """The folders of generated pages the store may keep, each with its digest (`language_navs`:
    the translations' navigations, which their pages show)."""
    # Every folder that holds another file (MkDocs's or a feed, data file or notice).
    # (A PDF is written into its page's folder after the pages: that folder can still be kept.)
    others = [f.dest_uri for f in files] + [generated.uri for generated in site.files if not generated.beside_page]
    reserved = frozenset("/".join(uri.split("/")[:k]) for uri in others for k in range(1, uri.count("/") + 1))
    return page_groups(site.pages, render_signature(config, files, language_navs), reserved, store.page_digest)


def render_signature(config: MkDocsConfig, files: Files, language_navs: object = None) -> str:
    """A digest of everything besides its own content that a page's HTML depends on: the
    configuration, the theme's templates, the navigation and the other documents."""
    digest = hashlib.sha256()
    digest.update(Path(config.config_file_path).read_bytes())
    digest_tree(Path(__file__).resolve().parent, digest)  # this adapter's code
    # The theme's and the Markdown extensions' files: by the versions of their packages.
    versions = [_version(name) for name in _RENDERING_PACKAGES]
    settings = [config.site_url, config.use_directory_urls, config.nav, language_navs, config.markdown_extensions, config.mdx_configs]
    digest.update(json.dumps([*settings, versions], default=str).encode())
    # The project's own files, by content (a fresh clone has new modification times).
    own = [Path(config.docs_dir).resolve()]
    if config.theme.custom_dir:
        own.append(Path(config.theme.custom_dir).resolve())
    for folder in own:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(folder)}\0".encode() + path.read_bytes() + b"\0")
    digest.update("\0".join(f.src_uri for f in files).encode())
    return digest.hexdigest()


_RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "Pygments", "Babel")


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def list_in_sitemap(files: Files, site_url: str | None, update_date: str) -> None:
    """List the kept pages as pages while MkDocs writes `sitemap.xml`."""
    for file in files:
        if isinstance(file, KeptPage):
            file.listed = True
            file.page = SitemapEntry(file, site_url, update_date)  # type: ignore[assignment]


def unlist(files: Files) -> None:
    """Back to unlisted, so MkDocs does not render the kept pages."""
    for file in files:
        if isinstance(file, KeptPage):
            file.listed = False


class SitemapEntry:
    """What MkDocs's `sitemap.xml` reads of a page (`mkdocs.structure.pages.Page` sets the
    same addresses), for a kept page: making a whole Page for each of them cost a tenth of a
    save at 100 releases."""

    is_link = False
    present_anchor_ids = None
    """What MkDocs checks links with anchors against, after the sitemap is written: None, as
    for a page it did not render (a kept page's anchors were checked when it was rendered)."""

    def __init__(self, file: File, site_url: str | None, update_date: str) -> None:
        self.update_date = update_date
        self.canonical_url = self.abs_url = None
        if site_url:
            self.canonical_url = urljoin(site_url if site_url.endswith("/") else site_url + "/", file.url)
            self.abs_url = urlsplit(self.canonical_url).path


def put_into(site_dir: Path, store: PageStore, groups: dict[str, str], site: Site, *, preview: bool) -> None:
    """Put the kept folders into the output and keep the ones rendered now: linked in the
    live preview, copied (and remembered for the next build) otherwise."""
    rendered = [folder for folder, digest in groups.items() if not store.has(digest)]
    if preview:
        store.link_into(site_dir, groups, rendered)
    else:
        store.copy_into(site_dir, groups, rendered)
        store.remember(site.pages)
