"""Every published version as a PDF (SPEC §14, §18): a record readers, auditors and legal teams keep.

The PDF is made from the same assembled view as the archive page (the same Markdown, so the
same numbering, lists and tables) and laid out by Typst (`policypress.emit.typeset`) with
PolicyPress's own template (`templates/pdf/version.typ`), not the theme's screen layout. It is
PDF/A-2a and PDF/UA-1 at once: archival, and tagged for screen readers.

A published PDF never changes, so its bytes depend only on what it shows: its dates are the
release's, and its fonts are files shipped inside this package. The text reaches Typst as data,
never as markup, and nothing is fetched: no image, no font, no package.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from babel import Locale

from policypress.documents import LINK_TARGET
from policypress.emit import GeneratedFile
from policypress.emit.pages import Context, ScopePages
from policypress.emit.templating import MARKDOWN_EXTENSIONS
from policypress.emit.pdf_workers import Typesetter
from policypress.emit.typeset import PdfJob, TypesetError, check_template, fonts_missing, typst_version
from policypress.emit.urls import Scope, current_uri, pdf_uri, version_uri
from policypress.history.versions import RegionVersion
from policypress.errors import Location, PolicyError
from policypress.plaintext import markdown_to_text

ENV_VARIABLE = "POLICYPRESS_PDF"
""""1": make PDFs (also in the live preview); "0": make none (and link none)."""

_TYPST_TEMPLATE = "pdf/version.typ"
_WORDS_TEMPLATE = "pdf/version.json.j2"
_TEXT_TEMPLATE = "pdf/text.md.j2"
# The page's Markdown as the archive page converts it: PolicyPress's extensions, and attr_list
# for the sections' ids (links to sections work inside the PDF).
_MARKDOWN_EXTENSIONS = tuple(dict.fromkeys((*MARKDOWN_EXTENSIONS, "attr_list", "md_in_html")))
# PDFs laid out ahead of the one being written: enough to keep every worker busy.
_AHEAD = 24


def pdfs_wanted(environ: Mapping[str, str], preview: bool) -> bool:
    """Whether a build makes PDFs: a publishing build does, the live preview does not, and
    `POLICYPRESS_PDF` (1 or 0) decides either way."""
    value = environ.get(ENV_VARIABLE, "").strip()
    if value in ("0", "1"):
        return value == "1"
    return not preview


def check_renderer() -> None:
    """Raise a PolicyError if Typst or the fonts this package ships are missing, before
    anything is written: never a traceback halfway through a build."""
    try:
        import typst  # noqa: F401
    except ImportError as error:
        raise PolicyError.single(
            Location("mkdocs.yml"),
            f"the PDFs need the typst package ({str(error).splitlines()[0][:120]}): reinstall PolicyPress "
            f"(pip install policypress); {ENV_VARIABLE}=0 builds without PDFs",
        ) from None
    missing = fonts_missing()
    if missing:
        raise PolicyError.single(
            Location("mkdocs.yml"),
            f"the PDFs need the fonts PolicyPress ships ({', '.join(missing)} missing from its fonts folder): "
            f"reinstall PolicyPress; {ENV_VARIABLE}=0 builds without PDFs",
        )


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

    def __init__(self, uri: str, job: Callable[[], PdfJob], inputs: str | None,
                 kept: Callable[[str], bytes | None] | None, records: Records | None = None,
                 typesetter: Typesetter | None = None, template_file: str = _TYPST_TEMPLATE) -> None:
        self.uri, self.template_file = uri, template_file
        self.typesetter = typesetter if typesetter is not None else Typesetter()
        self._job, self._inputs, self._kept, self._records = job, inputs, kept, records
        self._sha256: str | None = None
        self._ahead: Future[Path] | None = None
        # A record is written from the records, never from the files kept by inputs (which may
        # hold what another renderer made of the same inputs).
        recorded = records is not None and records.digest(uri) is not None
        self.file = GeneratedFile(uri, self.content, None if recorded else inputs, beside_page=True)

    def _found(self) -> bytes | None:
        found = self._records.read(self.uri) if self._records is not None else None
        if found is None and self._kept is not None and self._inputs is not None:
            found = self._kept(self._inputs)
        return found

    def start(self) -> None:
        """Have a worker lay this PDF out while the build goes on, unless it is kept (whose
        sha256 is then read now)."""
        if self._ahead is not None or self._sha256 is not None:
            return
        found = self._found()
        if found is not None:
            self._sha256 = hashlib.sha256(found).hexdigest()
        else:
            self._ahead = self.typesetter.submit(self._job())

    def content(self) -> bytes:
        self.typesetter.fed()
        if self._ahead is not None:
            ahead, self._ahead = self._ahead, None
            content = self._result(ahead)
        else:
            found = self._found()
            content = found if found is not None else self._made()
        self._sha256 = hashlib.sha256(content).hexdigest()
        return content

    def sha256(self) -> str:
        """The sha256 of the PDF's bytes (made, or read from the kept file, once)."""
        if self._sha256 is None:
            self.content()
        assert self._sha256 is not None
        return self._sha256

    def _made(self) -> bytes:
        try:
            return self.typesetter.make(self._job())
        except TypesetError as error:
            raise self._failure(error) from None

    def _result(self, future: Future[Path]) -> bytes:
        try:
            staged = future.result()
        except TypesetError as error:
            raise self._failure(error) from None
        content = staged.read_bytes()
        staged.unlink()
        return content

    def _failure(self, error: TypesetError) -> PolicyError:
        return PolicyError.single(Location(self.template_file, error.line or 1, error.column or 1),
                                  f"Typst could not lay out {self.uri}: {error.message}")



class SitePdfs:
    """The PDFs one build makes, by address (policy.json lists their sha256), and the
    typesetter that lays them out."""

    def __init__(self, source_language: str, kept: Callable[[str], bytes | None] | None, records: Records | None = None) -> None:
        self.source_language, self.kept, self.records = source_language, kept, records
        self.by_uri: dict[str, VersionPdf] = {}
        self.typesetter = Typesetter()

    def add(self, ctx: Context, pages: ScopePages, index: int, controller: str) -> GeneratedFile:
        """Make (lazily) the PDF of `pages.versions[index]`; its file, to write."""
        pdf = version_pdf(ctx, pages, index, controller, self.source_language, self.typesetter, self.kept, self.records)
        self.by_uri[pdf.uri] = pdf
        return pdf.file


def start_all(pdfs: Mapping[str, VersionPdf]) -> None:
    """Hand every PDF not kept to the workers now, from a thread of its own, so that they lay
    them out on the other cores while MkDocs renders the pages."""
    by_typesetter: dict[int, list[VersionPdf]] = {}
    for pdf in pdfs.values():
        by_typesetter.setdefault(id(pdf.typesetter), []).append(pdf)
    for group in by_typesetter.values():
        group[0].typesetter.feed(lambda group=group: [pdf.start() for pdf in group])  # type: ignore[misc]


def made_ahead(files: Iterable[GeneratedFile], pdfs: Mapping[str, VersionPdf]) -> Iterator[GeneratedFile]:
    """`files` in their order, each PDF among them laid out ahead by the workers (if
    `start_all` did not hand it to them already) while the ones before it are written; the
    workers stop at the end."""
    waiting: deque[GeneratedFile] = deque()
    typesetters = {id(pdf.typesetter): pdf.typesetter for pdf in pdfs.values()}
    try:
        for typesetter in typesetters.values():
            typesetter.fed()
        for generated in files:
            pdf = pdfs.get(generated.uri) if generated.beside_page else None
            if pdf is not None:
                pdf.start()
            waiting.append(generated)
            if len(waiting) > _AHEAD:
                yield waiting.popleft()
        yield from waiting
    finally:
        for typesetter in typesetters.values():
            typesetter.close()


def version_pdf(
    ctx: Context,
    pages: ScopePages,
    index: int,
    controller: str,
    source_language: str,
    typesetter: Typesetter,
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
    template, template_file = _typst_template(ctx)

    def job() -> PdfJob:
        text = ctx.env.get_template(_TEXT_TEMPLATE).render(view=view)
        data = json.loads(ctx.env.get_template(_WORDS_TEMPLATE).render(**values))
        return PdfJob(template, _absolute_document_links(ctx, text), _MARKDOWN_EXTENSIONS, address, data,
                      version.release.published)

    inputs = ctx.keys.key("version pdf", uri, values, view, renderer_digest()) if ctx.keys is not None else None
    return VersionPdf(uri, job, inputs, kept, records, typesetter, template_file)


def _typst_template(ctx: Context) -> tuple[str, str]:
    """The Typst template (the site's override, if any) and its file, refused if it would
    fetch something."""
    assert ctx.env.loader is not None
    source, filename, _ = ctx.env.loader.get_source(ctx.env, _TYPST_TEMPLATE)
    shown = _shown_path(filename)
    problem = check_template(source)
    if problem is not None:
        line, column, reason = problem
        raise PolicyError.single(Location(shown, line, column), f"the PDF template is refused: {reason}")
    return source, shown


def _shown_path(filename: str | None) -> str:
    """The template's file as an editor knows it: relative to the site when it is an override."""
    if filename is None:
        return _TYPST_TEMPLATE
    path = Path(filename)
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


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


@lru_cache(maxsize=1)
def renderer_digest() -> str:
    """The version of Typst, which lays a PDF out: part of every PDF's inputs, so that a kept
    PDF is never reused after it changes (the fonts and templates are PolicyPress's own files,
    which every input digest covers)."""
    return hashlib.sha256(f"typst={typst_version()}".encode()).hexdigest()
