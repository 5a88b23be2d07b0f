"""The file given to `policypress import`: its format, and its bytes as text, or a located refusal.

Markdown and HTML must be text: a binary file, or one not in UTF-8 (an HTML page may name
another encoding in `<meta charset>`), is refused before anything is parsed. Word files are zip
archives and go to `policypress.importer.docx` as bytes.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from policypress.errors import Location, PolicyError

FORMATS = ("md", "html", "docx")
_BY_SUFFIX = {".md": "md", ".markdown": "md", ".txt": "md", ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
MAX_READ_BYTES = 25_000_000


def format_of(name: str, given: str | None) -> str:
    """`md`, `html` or `docx`: the one given (--format), else by the file name's extension."""
    if given:
        return given
    suffix = Path(name).suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    raise PolicyError.single(
        Location(name, 0, 0), f"cannot tell the format of '{Path(name).name}' from its name; give --format md, html or docx"
    )


def read_bytes(path: Path) -> bytes:
    """The file's bytes (never more than a little over the largest file any format accepts)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_READ_BYTES + 1)
    except OSError as error:
        raise PolicyError.single(Location(str(path)), f"cannot read the file: {error.strerror}") from None
    if len(data) > MAX_READ_BYTES:
        raise PolicyError.single(
            Location(str(path), 0, 0), f"the file is over {MAX_READ_BYTES // 1_000_000} MB; no policy is this large (import the policy's own page or file)"
        )
    return data


def decode(data: bytes, name: str, kind: str) -> str:
    """Text of a Markdown or HTML file, or PolicyError located at the first byte that is wrong."""
    if data.startswith(b"PK\x03\x04"):
        raise PolicyError.single(Location(name, 0, 0), "this is a zip archive (a Word file?), not text; import it as a .docx file (--format docx)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PolicyError.single(Location(name, 0, 0), "the file is in UTF-16; save it as UTF-8 (\"Save with encoding\" → UTF-8) and import it again")
    head = data[:8192]
    if b"\x00" in head or data.startswith((b"%PDF", b"\x89PNG", b"\xd0\xcf\x11\xe0", b"GIF8", b"\xff\xd8")):
        where = _where(data, data.find(b"\x00") if b"\x00" in head else 0)
        raise PolicyError.single(
            Location(name, *where), "this is a binary file, not text; save the policy as Markdown, HTML or Word (.docx) and import that"
        )
    encoding = "utf-8"
    if kind == "html" and not data.startswith(codecs.BOM_UTF8):
        match = _META_CHARSET.search(data[:4096])
        if match:
            try:
                encoding = codecs.lookup(match.group(1).decode("ascii")).name
            except LookupError:
                raise PolicyError.single(
                    Location(name, *_where(data, match.start(1))),
                    f"the page names the encoding '{match.group(1).decode('ascii', 'replace')}', which is unknown; save it as UTF-8",
                ) from None
    try:
        return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as error:
        line, column = _where(data, error.start)
        raise PolicyError.single(
            Location(name, line, column),
            f"byte 0x{data[error.start]:02x} is not {encoding.upper()} text; save the file as UTF-8 (in an editor: "
            "\"Save with encoding\" → UTF-8) and import it again",
        ) from None


def _where(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters of the valid text before it) of a byte offset."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    last = before[before.rfind(b"\n") + 1 :]
    return line, len(last.decode("utf-8", "replace")) + 1
