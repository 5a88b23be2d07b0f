"""Typst, as PolicyPress uses it: a version's Markdown and title block in, PDF bytes out.

Each process that lays PDFs out holds one `typst.Compiler` whose fonts are loaded once: the
DejaVu fonts shipped inside this package (`policypress/fonts/`), with the machine's fonts and
the fonts built into Typst ignored, so a PDF's bytes never depend on what a machine has
installed. The PDFs are PDF/A-2a (archival, tagged) and PDF/UA-1 (accessible) at once, dated by
their release (Typst's creation timestamp, like SOURCE_DATE_EPOCH) and otherwise a function of
their inputs.

Nothing is fetched: policy text reaches Typst as one JSON value in `sys.inputs` (never as
markup, see `policypress.emit.pdf_document`), the template imports no package (`check_template`
refuses one that tries), and the compiler's root — the only folder Typst may read — is the
fonts folder.

Many PDFs are laid out by worker processes (`policypress.emit.pdf_workers`), each with its
own compiler; a few are laid out in the build's process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path
from typing import Any

FONT_FOLDER = Path(__file__).resolve().parent.parent / "fonts"
"""DejaVu Sans and Sans Mono (Debian's fonts-dejavu 2.37, with their licence in LICENSE)."""
PDF_STANDARDS = ("a-2a", "ua-1")
# A package's name in a Typst string (what `import` and `include` take): `"@namespace/name:…"`.
_IMPORT = re.compile(r'"@[a-z][a-z0-9-]*/')
# Where Typst's diagnostic places an error in the template: `┌─ <file>:LINE:COLUMN`.
_PLACE = re.compile(r"┌─ [^\n]*?:(\d+):(\d+)")


@dataclass(frozen=True)
class PdfJob:
    """Everything one PDF is made from (picklable: it is sent to a worker process)."""

    template: str
    """The Typst source that lays the data out (`templates/pdf/version.typ`, or the site's override)."""
    markdown: str
    """The version's text as its archive page's Markdown."""
    extensions: tuple[str, ...]
    """The Python-Markdown extensions the archive page is converted with."""
    address: str
    """The archive page's address (links are resolved against it)."""
    data: dict[str, Any]
    """The title block, the record and the document's metadata (see the template)."""
    published: date
    """The release's date: the PDF's creation and modification dates."""


class TypesetError(Exception):
    """Typst refused a PDF (an override of the template that does not compile), with the
    line and column of the template it names (0 when it names none)."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def typst_version() -> str:
    try:
        return package_version("typst")
    except PackageNotFoundError:
        return "-"


def check_template(source: str) -> tuple[int, int, str] | None:
    """Where and why Typst must not run `source` (it imports a package, which Typst would
    download): line, column and reason; or None."""
    found = _IMPORT.search(source)
    if found is None:
        return None
    line = source.count("\n", 0, found.start()) + 1
    column = found.start() - (source.rfind("\n", 0, found.start()) + 1) + 1
    return line, column, "it imports a Typst package (PDFs never download anything; use only Typst's own functions)"


def make_pdf(job: PdfJob) -> bytes:
    """Lay `job` out with this process's compiler."""
    from policypress.emit.pdf_document import document_blocks

    value = {**job.data, "body": document_blocks(_html(job.markdown, job.extensions), job.address)}
    import typst

    try:
        return bytes(_compiler().compile(
            input=job.template.encode(),
            format="pdf",
            sys_inputs={"policypress": json.dumps(value, ensure_ascii=False)},
            pdf_standards=list(PDF_STANDARDS),
            timestamp=datetime.combine(job.published, time(0), timezone.utc),
        ))
    except typst.TypstError as error:
        place = _PLACE.search(str(getattr(error, "diagnostic", "") or ""))
        line, column = (int(place.group(1)), int(place.group(2))) if place else (0, 0)
        raise TypesetError(_message(error), line, column) from None


@lru_cache(maxsize=16)
def _html(text: str, extensions: tuple[str, ...]) -> str:
    """The archive page's HTML of a text: versions that share their text (a release that did
    not change a page) share it, and Markdown is most of a PDF's cost outside Typst."""
    import markdown

    return markdown.markdown(text, extensions=list(extensions))


def _message(error: Any) -> str:
    message = str(getattr(error, "message", "") or error).splitlines()[0][:300]
    hints = [str(hint) for hint in getattr(error, "hints", None) or []]
    return message + (f" (hint: {hints[0][:200]})" if hints else "")


@lru_cache(maxsize=1)
def _compiler() -> Any:
    """This process's compiler, its fonts read once (what the cache holds is the compiler,
    which compiles many documents; nothing about one PDF stays in it)."""
    import typst

    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONT_FOLDER)])
    return typst.Compiler(root=str(FONT_FOLDER), font_paths=fonts, ignore_system_fonts=True)


def fonts_missing() -> Sequence[str]:
    """The font files this package should hold and does not (a broken install)."""
    return [name for name in FONT_FILES if not (FONT_FOLDER / name).is_file()]


FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf",
              "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf")
