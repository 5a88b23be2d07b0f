"""Every published version as a PDF (SPEC §14): a record readers, auditors and legal teams keep.

The PDF is made from the same assembled view as the archive page (the same Markdown, so the
same numbering, lists and tables), through PolicyPress's own HTML template and print
stylesheet (`templates/pdf/`), not the theme's screen layout. WeasyPrint lays it out as
PDF/UA-1, which tags it for screen readers.

A published PDF never changes, so its bytes depend only on what it shows: the metadata dates
are the release's, the PDF identifier is derived from the archive page's address, and the
fonts are files of Debian's `fonts-dejavu-core` named by path (not whatever a machine's
fontconfig would pick). The renderer fetches nothing: its URL fetcher hands out those font
files and refuses every other address, so an image or stylesheet named in policy text never
reaches the network or the disk.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path
from typing import Any, Protocol

import markdown
from babel import Locale

from policypress.documents import LINK_TARGET
from policypress.emit import GeneratedFile
from policypress.emit.pages import Context, ScopePages
from policypress.emit.templating import MARKDOWN_EXTENSIONS
from policypress.emit.urls import Scope, current_uri, pdf_uri, version_uri
from policypress.history.versions import RegionVersion
from policypress.errors import Location, PolicyError
from policypress.plaintext import markdown_to_text

ENV_VARIABLE = "POLICYPRESS_PDF"
""""1": make PDFs (also in the live preview); "0": make none (and link none)."""

FONT_FOLDER = Path("/usr/share/fonts/truetype/dejavu")
# (family, weight) → file of fonts-dejavu-core; italics are slanted from the regular face.
FONTS = {
    ("PolicyPress Sans", "normal"): FONT_FOLDER / "DejaVuSans.ttf",
    ("PolicyPress Sans", "bold"): FONT_FOLDER / "DejaVuSans-Bold.ttf",
    ("PolicyPress Mono", "normal"): FONT_FOLDER / "DejaVuSansMono.ttf",
    ("PolicyPress Mono", "bold"): FONT_FOLDER / "DejaVuSansMono-Bold.ttf",
}
_HTML_TEMPLATE = "pdf/version.html.j2"
_TEXT_TEMPLATE = "pdf/text.md.j2"
# The page's Markdown as the archive page converts it: PolicyPress's extensions, and attr_list
# for the sections' ids (links to sections work inside the PDF).
_MARKDOWN_EXTENSIONS = tuple(dict.fromkeys((*MARKDOWN_EXTENSIONS, "attr_list", "md_in_html")))
# Packages whose versions change the bytes of a PDF.
_RENDERING_PACKAGES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "Pyphen")


def pdfs_wanted(environ: Mapping[str, str], preview: bool) -> bool:
    """Whether a build makes PDFs: a publishing build does, the live preview does not (each
    costs WeasyPrint about a second), and `POLICYPRESS_PDF` (1 or 0) decides either way."""
    value = environ.get(ENV_VARIABLE, "").strip()
    if value in ("0", "1"):
        return value == "1"
    return not preview


def check_renderer() -> None:
    """Raise a PolicyError naming the missing Debian package (WeasyPrint's libraries or the
    font), before anything is written: never a traceback halfway through a build."""
    missing = [str(path) for path in FONTS.values() if not path.is_file()]
    if missing:
        raise PolicyError.single(
            Location("mkdocs.yml"),
            f"the PDFs need Debian's fonts-dejavu-core ({', '.join(missing)} not found): "
            f"run .ci/setup as root, or apt-get install fonts-dejavu-core; {ENV_VARIABLE}=0 builds without PDFs",
        )
    try:
        import weasyprint  # noqa: F401 (loads Pango through cffi)
    except (ImportError, OSError) as error:
        raise PolicyError.single(
            Location("mkdocs.yml"),
            f"the PDFs need WeasyPrint and its libraries ({str(error).splitlines()[0][:120]}): run .ci/setup "
            f"as root, or apt-get install libpango-1.0-0 libpangoft2-1.0-0; {ENV_VARIABLE}=0 builds without PDFs",
        ) from None


class Records(Protocol):
    """The published PDFs kept as records, by address (see `policypress.kept.records`)."""

    def digest(self, uri: str) -> str | None: ...

    def read(self, uri: str) -> bytes | None: ...


class VersionPdf:
    """One version's PDF: its file, and the sha256 of its bytes (which policy.json lists).

    A published PDF is a record (SPEC §18): when `records` hold its address, those bytes are
    published and it is never made again. Otherwise `kept` returns the bytes a publishing
    build kept for the same inputs (see `policypress.kept.files.FileStore`), so a kept PDF is
    never laid out again."""

    def __init__(self, uri: str, make: Callable[[], bytes], inputs: str | None, kept: Callable[[str], bytes | None] | None,
                 records: Records | None = None) -> None:
        self.uri = uri
        self._make, self._inputs, self._kept, self._records = make, inputs, kept, records
        self._sha256: str | None = None
        # A record is written from the records, never from the files kept by inputs (which may
        # hold what another renderer made of the same inputs).
        recorded = records is not None and records.digest(uri) is not None
        self.file = GeneratedFile(uri, self.content, None if recorded else inputs, beside_page=True)

    def content(self) -> bytes:
        found = self._records.read(self.uri) if self._records is not None else None
        if found is None and self._kept is not None and self._inputs is not None:
            found = self._kept(self._inputs)
        content = found if found is not None else self._make()
        self._sha256 = hashlib.sha256(content).hexdigest()
        return content

    def sha256(self) -> str:
        """The sha256 of the PDF's bytes (made, or read from the kept file, once)."""
        if self._sha256 is None:
            self.content()
        assert self._sha256 is not None
        return self._sha256


class SitePdfs:
    """The PDFs one build makes, by address (policy.json lists their sha256)."""

    def __init__(self, source_language: str, kept: Callable[[str], bytes | None] | None, records: Records | None = None) -> None:
        self.source_language, self.kept, self.records = source_language, kept, records
        self.by_uri: dict[str, VersionPdf] = {}

    def add(self, ctx: Context, pages: ScopePages, index: int, controller: str) -> GeneratedFile:
        """Make (lazily) the PDF of `pages.versions[index]`; its file, to write."""
        pdf = version_pdf(ctx, pages, index, controller, self.source_language, self.kept, self.records)
        self.by_uri[pdf.uri] = pdf
        return pdf.file


def version_pdf(
    ctx: Context,
    pages: ScopePages,
    index: int,
    controller: str,
    source_language: str,
    kept: Callable[[str], bytes | None] | None = None,
    records: Records | None = None,
) -> VersionPdf:
    """The PDF of `pages.versions[index]`, in its archive page's folder."""
    version: RegionVersion = pages.versions[index]
    scope = pages.scope
    view = version.view
    address = ctx.urls.absolute(version_uri(scope, version.version))
    language = view.language or source_language
    values = {
        "title": markdown_to_text(view.title),
        "controller": controller,
        "scope_name": scope.name,
        "version": version.version,
        "published": version.release.published,
        "effective": version.release.effective,
        "language": language,
        "language_name": _language_name(language, ctx.locale),
        "sha256": version.sha256,
        "address": address,
    }
    uri = pdf_uri(scope, version.version)

    def make() -> bytes:
        text = ctx.env.get_template(_TEXT_TEMPLATE).render(view=view)
        body = _markdown_html(_absolute_document_links(ctx, text))
        html = ctx.env.get_template(_HTML_TEMPLATE).render(view=view, body=body, fonts=_font_faces(), **values)
        return html_to_pdf(html, base_url=address, identifier=hashlib.sha256(address.encode()).hexdigest()[:32])

    inputs = ctx.keys.key("version pdf", uri, values, view, renderer_digest()) if ctx.keys is not None else None
    return VersionPdf(uri, make, inputs, kept, records)


def _language_name(code: str, locale: str) -> str:
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(locale) or code
    except (ValueError, TypeError):
        return code


def _absolute_document_links(ctx: Context, text: str) -> str:
    """Links to another document's page as absolute addresses built from its coordinates
    alone: a PDF never changes, whatever happens to the other document later."""

    def target(match: Any) -> str:
        scope = Scope(match.group("scope"), "", match.group("document"))
        anchor = match.group("anchor")
        return f"]({ctx.urls.absolute(current_uri(scope))}{'#' + anchor if anchor else ''})"

    return LINK_TARGET.sub(target, text)


def _markdown_html(text: str) -> str:
    return markdown.markdown(text, extensions=list(_MARKDOWN_EXTENSIONS))


def _font_faces() -> list[dict[str, str]]:
    return [{"family": family, "weight": weight, "url": path.as_uri()} for (family, weight), path in FONTS.items()]


def html_to_pdf(html: str, *, base_url: str, identifier: str) -> bytes:
    """Lay `html` out as a tagged PDF (PDF/UA-1), fetching nothing but the fonts."""
    from weasyprint import HTML  # loading WeasyPrint (and Pango) costs a build without PDFs nothing

    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode()
    )


def _fetcher() -> Any:
    """A URL fetcher for one PDF: the font files, and nothing else."""
    return _fetcher_class()()


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    # WeasyPrint 70 documents a URLFetcher subclass with its own `fetch` as the way to control
    # what it loads; everything (stylesheets, images, fonts) goes through it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = {path.as_uri(): path for path in FONTS.values()}

    class FontsOnly(URLFetcher):  # type: ignore[misc]
        """Hands out the stylesheet's font files; refuses every other address (network,
        file or data), so that nothing named in policy text is ever fetched."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = allowed.get(url)
            if path is None:
                raise ValueError(f"PolicyPress's PDFs fetch nothing from outside the site: {url[:80]} refused")
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": "font/ttf"})

    return FontsOnly


@lru_cache(maxsize=1)
def renderer_digest() -> str:
    """The versions of the libraries that lay a PDF out and the font files it embeds: part of
    every PDF's inputs, so that a kept PDF is never reused after they change."""
    digest = hashlib.sha256()
    for name in _RENDERING_PACKAGES:
        try:
            digest.update(f"{name}={package_version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    for path in FONTS.values():
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()

