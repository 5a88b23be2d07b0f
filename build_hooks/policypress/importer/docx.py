"""`policypress import counsel.docx`: a Word file through mammoth, then the HTML path.

mammoth turns a .docx into semantic HTML (heading styles to `<h1>`…, numbered and bulleted
lists with their nesting, tables, bold, italic, links, footnotes). Before it runs, the archive
is checked here: its size packed and unpacked and its paths (a zip bomb or a path outside the
archive is refused before anything is unpacked), and its XML for comments and tracked changes,
which must be settled in Word first. Nothing the file links to is fetched.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from typing import Any

import lxml.html
from lxml import etree

from policypress.errors import Location, PolicyError
from policypress.importer import ImportedDocument
from policypress.importer.lost_breaks import restore_breaks
from policypress.importer.page import import_html
from policypress.importer.reading import Reading

MAX_PACKED = 20_000_000
MAX_UNPACKED = 100_000_000
MAX_RATIO = 100
MAX_ENTRIES = 5_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHANGES = {"ins": "an insertion", "del": "a deletion", "moveFrom": "a move", "moveTo": "a move"}
_UNKNOWN_STYLE = re.compile(r"^Unrecognised (?:paragraph|run) style: (.+?) \(Style ID")
_SIDE_PARTS = re.compile(r"^word/(header|footer)\d*\.xml$")


def _refuse(name: str, message: str) -> PolicyError:
    return PolicyError.single(Location(name, 0, 0), message)


def open_archive(data: bytes, name: str) -> zipfile.ZipFile:
    """The .docx as a zip archive whose limits are checked (nothing unpacked yet)."""
    if len(data) > MAX_PACKED:
        raise _refuse(name, f"the Word file is {len(data) / 1_000_000:.1f} MB; Word imports are limited to {MAX_PACKED // 1_000_000} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(name, "this is not a Word (.docx) file: it is not a zip archive; save it from Word as .docx") from None
    if len(entries) > MAX_ENTRIES:
        raise _refuse(name, f"the Word file holds {len(entries):,} parts; no document needs more than {MAX_ENTRIES:,}")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(len(data), 1):
        raise _refuse(name, f"the Word file would unpack to {unpacked / 1_000_000:.1f} MB from {len(data) / 1_000_000:.1f} MB "
                            "(a zip bomb?); it is refused")
    for entry in entries:
        parts = entry.filename.replace("\\", "/").split("/")
        if entry.filename.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", entry.filename):
            raise _refuse(name, f"the Word file holds a path outside the archive ('{entry.filename[:60]}'); it is refused")
    if "word/document.xml" not in archive.namelist():
        raise _refuse(name, "this zip archive is not a Word document (it has no word/document.xml); save it from Word as .docx")
    return archive


def _xml(archive: zipfile.ZipFile, part: str, name: str) -> Any:
    info = archive.getinfo(part)
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise _refuse(name, f"the part {part} is larger than the archive says; the file is damaged or hostile")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise _refuse(name, f"the part {part} of the Word file is not readable XML: {error}") from None


def _paragraph_text(node: Any) -> str:
    paragraph = next((a for a in node.iterancestors(f"{_W}p")), node)
    return " ".join("".join(paragraph.itertext()).split())[:60]


def check_document(archive: zipfile.ZipFile, name: str, reading: Reading) -> None:
    """Comments and tracked changes stop the import; text of headers, footers and text boxes is reported."""
    document = _xml(archive, "word/document.xml", name)
    change = next((n for n in document.iter(*(f"{_W}{tag}" for tag in _CHANGES))), None)
    if change is not None:
        what = _CHANGES[etree.QName(change).localname]
        raise _refuse(name, f"the document has tracked changes ({what} near \"{_paragraph_text(change)}\"); "
                            "accept or reject the tracked changes first (Review → Accept/Reject), save, and import again")
    comments = "word/comments.xml" in archive.namelist() and any(True for _ in _xml(archive, "word/comments.xml", name).iter(f"{_W}comment"))
    anchor = next(document.iter(f"{_W}commentReference", f"{_W}commentRangeStart"), None)
    if comments or anchor is not None:
        near = f" near \"{_paragraph_text(anchor)}\"" if anchor is not None else ""
        raise _refuse(name, f"the document has comments{near}; resolve and delete the comments first "
                            "(Review → Delete all comments), save, and import again")
    boxes = list(document.iter(f"{_W}txbxContent"))
    if boxes:
        reading.notes.append(f"{len(boxes)} text box(es) found; their text is imported where Word anchors them — check its place")
    for part in sorted(p for p in archive.namelist() if _SIDE_PARTS.match(p)):
        text = " ".join(" ".join(t.text or "" for t in _xml(archive, part, name).iter(f"{_W}t")).split())
        if text:
            what = "page header" if "header" in part else "page footer"
            reading.leave_out(None, f"{what} ({part})", "repeated on every printed page, not policy text", text)


def _mammoth_html(data: bytes, name: str, reading: Reading) -> str:
    import mammoth

    def image(picture: Any) -> dict[str, str]:
        # The picture itself is never read or fetched; its alternative text is its words.
        return {"src": "", "alt": picture.alt_text or ""}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(image),
            style_map="p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => p:fresh",
        )
    except Exception as error:  # mammoth raises many kinds on damaged files; all mean "cannot read"
        raise _refuse(name, f"mammoth could not read the Word file ({type(error).__name__}: {str(error)[:120]}); "
                            "open it in Word, save it as .docx and import again") from None
    # Styles mammoth does not map (pandoc's "Compact", "First Paragraph") are read as plain
    # paragraphs and lists: one note names them, instead of one note each.
    styles = sorted({m.group(1) for message in result.messages if (m := _UNKNOWN_STYLE.match(message.message))})
    if styles:
        reading.notes.append(f"Word: paragraph or run style(s) {', '.join(styles[:6])} read as plain text")
    for message in [m for m in result.messages if not _UNKNOWN_STYLE.match(m.message)][:10]:
        reading.notes.append(f"Word: {message.message}")
    return str(result.value)


def _notes_section(html_text: str, reading: Reading) -> str:
    """The page to read: table cells whose line breaks were lost get them back (`lost_breaks`);
    mammoth's footnotes and endnotes (a list at the end) become a last section, "Notes", each note
    keeping its number; the references in the text keep theirs as plain text."""
    tree = lxml.html.fragment_fromstring(html_text, create_parent="div")
    if repaired := restore_breaks(tree):
        reading.notes.append(f"{repaired} table cell(s) held bullets typed as text run into the words before them "
                             "(a Word file made from Markdown loses its line breaks): the breaks were put back before each bullet")
    for back in tree.xpath("//a[starts-with(@href, '#footnote-ref-') or starts-with(@href, '#endnote-ref-')]"):
        back.drop_tree()  # mammoth's "↑" back-links are not the document's words
    for ref in tree.xpath("//a[starts-with(@href, '#footnote-') or starts-with(@href, '#endnote-')]"):
        ref.drop_tag()
    notes = [li for li in tree.xpath("//li[starts-with(@id, 'footnote-') or starts-with(@id, 'endnote-')]")]
    if not notes:
        return lxml.html.tostring(tree, encoding="unicode")
    heading_levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    level = 2 if heading_levels.count(1) <= 1 else 1
    section = etree.SubElement(tree, "section")
    title = etree.SubElement(section, f"h{level}")
    title.text = "Notes"
    lists = {li.getparent() for li in notes}
    for number, li in enumerate(notes, start=1):
        kind = "footnote" if li.get("id", "").startswith("footnote") else "endnote"
        label = li.get("id", "").rsplit("-", 1)[-1] or str(number)
        para = etree.SubElement(section, "p")
        para.text = f"[{label}] " if kind == "footnote" else f"[{label}] "
        for child in list(li):
            para.append(child)
        for inner in para.findall("p"):
            inner.drop_tag()
    for parent in lists:
        parent.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode")


def import_docx(
    data: bytes,
    name: str,
    *,
    known_ids: Mapping[str, str] | None = None,
    placeholders: Mapping[str, str] | None = None,
    tags: Mapping[str, list[str]] | None = None,
    rtl: bool = False,
    defines: Mapping[str, str] | None = None,
) -> ImportedDocument:
    """The document in a Word file (`name` for messages), or PolicyError; `defines` gives
    values for `{{ NAME }}` variables in its text (a template kept as a Word file)."""
    reading = Reading(name, [], whole_file=True)
    archive = open_archive(data, name)
    check_document(archive, name, reading)
    page = _notes_section(_mammoth_html(data, name, reading), reading)
    return import_html(
        f"<html><body>{page}</body></html>", name, known_ids=known_ids, placeholders=placeholders, tags=tags,
        rtl=rtl, reading=reading, defines=defines,
    )

