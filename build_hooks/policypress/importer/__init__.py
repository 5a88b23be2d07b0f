"""`policypress import`: an existing policy (Markdown, HTML, Word) into policy sources, every word kept.

`import_markdown` reads a file (markdown-it: CommonMark with GFM tables) into an
`ImportedDocument`: title, preamble, sections with their blocks, and a report of what was left
out and why. `build_document` makes that document from the headings and blocks of any reader
(`page` for HTML, `docx` for Word, which goes through HTML). Nothing here writes;
`policypress.importer.files` plans and writes the files, and `policypress.importer.history`
brings a file's git history along.

Ids: explicit (`{ #id }` or an `<a name|id>` anchor in or just before the heading), else the id
an existing section with the same title already has, else a slug of the title — the same
heading always gets the same id, so importing the next version of a document keeps its ids.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from policypress.errors import PolicyError
from policypress.importer import words
from policypress.importer.anchors import opaque_anchor
from policypress.importer.blocks import Block, BlockReader, Heading, markdown_parser
from policypress.importer.bold_headings import promote_bold_headings
from policypress.importer.inner_blocks import holds_blocks
from policypress.importer.inline_text import render
from policypress.importer.written import check_text, note_dangling, text_back
from policypress.importer.order import SourceWords, check_order
from policypress.importer.reading import LeftOut, Reading
from policypress.plaintext import markdown_to_text
from policypress.untrusted import markdown_problems

_EXPLICIT_ID = re.compile(r"\s*\{\s*:?\s*#([a-z0-9][a-z0-9-]*)\s*\}\s*$")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*[.)]?)\s+(?=\S)")
# YAML front matter (Jekyll, MkDocs), or TOML between +++ lines (Hugo, Zola).
_FRONT_MATTER = re.compile(
    r"\A(?:\ufeff)?(?:---[ \t]*\n(.*?\n)?(?:---|\.\.\.)|\+\+\+[ \t]*\n(.*?\n)?\+\+\+)[ \t]*(?:\n|\Z)", re.DOTALL
)
_TEMPLATE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class ImportedSection:
    """A section as read from Markdown, ready to be written as YAML data."""

    id: str
    title: str
    tags: tuple[str, ...]
    blocks: tuple[Any, ...]
    sections: tuple[ImportedSection, ...]

    def data(self) -> dict[str, object]:
        """The section as the data of a section file."""
        out: dict[str, object] = {"id": self.id, "title": self.title}
        if self.tags:
            out["tags"] = list(self.tags)
        if self.blocks:
            out["blocks"] = list(self.blocks)
        if self.sections:
            out["sections"] = [s.data() for s in self.sections]
        return out

    def walk(self) -> list[ImportedSection]:
        return [self, *(s for sub in self.sections for s in sub.walk())]


@dataclass(frozen=True)
class ImportedDocument:
    """A whole imported document and the account of its words."""

    title: str | None
    preamble: tuple[Any, ...]
    sections: tuple[ImportedSection, ...]
    unmatched_tags: tuple[str, ...]
    """Names in the tag mapping that no heading had."""
    left_out: tuple[LeftOut, ...]
    notes: tuple[str, ...]
    words_in: int
    words_out: int
    format: int
    """The lowest source format that can hold what was imported."""
    defined: tuple[str, ...]
    """Names of --define values the text used."""

    @property
    def words_left_out(self) -> int:
        return sum(item.words for item in self.left_out)


def slug(text: str) -> str:
    """A lowercase, hyphenated id from a heading (accents dropped: "Données" gives "donnees")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "").replace("’", "")).strip("-") or "section"


def blank_front_matter(text: str, reading: Reading) -> str:
    """The text with its front matter (YAML or TOML) blanked (lines kept, so positions stay right)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    block = match.group(0)
    reading.leave_out([0, block.count("\n")], "front matter", "invisible to readers (page settings for another tool)",
                       match.group(1) or match.group(2) or "")
    return "\n" * block.count("\n") + text[match.end() :]


def fill_templates(text: str, defines: Mapping[str, str], escape: Callable[[str], str] = str) -> tuple[str, set[str]]:
    """`{{ NAME }}` replaced by its --define value (through `escape`: HTML needs its values
    escaped); the names used. Other template syntax stays, for `written.check_text` to locate."""
    used: set[str] = set()
    lines = text.split("\n")
    for number, line in enumerate(lines):
        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in defines:
                used.add(name)
                return escape(defines[name])
            return match.group(0)

        lines[number] = _TEMPLATE.sub(fill, line)
    return "\n".join(lines), used


def import_markdown(
    text: str,
    path: str,
    *,
    known_ids: Mapping[str, str] | None = None,
    placeholders: Mapping[str, str] | None = None,
    tags: Mapping[str, list[str]] | None = None,
    defines: Mapping[str, str] | None = None,
    rtl: bool = False,
) -> ImportedDocument:
    """The document in `text` (read from `path`, for messages), or PolicyError with every problem.

    `known_ids` maps titles to the ids sections already have; `placeholders` are the values of
    settings.yaml, written back as `{{ name }}`; `tags` maps titles or ids to the jurisdiction
    tags their sections get; `defines` gives values for the file's `{{ NAME }}` variables.
    Text refused by untrusted.py (too large, invisible characters; direction marks unless
    `rtl`) raises PolicyError located in `path` before anything is parsed.
    """
    if problems := markdown_problems(path, text, rtl=rtl):
        raise PolicyError(problems)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reading = Reading(path, text.split("\n"))
    text = blank_front_matter(text, reading)
    text, used = fill_templates(text, defines or {})
    reading.lines = text.split("\n")
    tokens = markdown_parser().parse(text)
    source = words.source_words(tokens, len(reading.left_out))
    events = promote_bold_headings(BlockReader(reading, tokens).events(), reading, "file")
    return build_document(
        events, reading, source, known_ids=known_ids, placeholders=placeholders, tags=tags, defined=used
    )


def build_document(
    events: list[Block | Heading],
    reading: Reading,
    source: SourceWords,
    *,
    known_ids: Mapping[str, str] | None = None,
    placeholders: Mapping[str, str] | None = None,
    tags: Mapping[str, list[str]] | None = None,
    defined: set[str] | None = None,
) -> ImportedDocument:
    """The document made of headings and blocks read from any format (Markdown, HTML, Word),
    or PolicyError with every problem; `source` is the reader's own words of the input, which
    the words written must repeat in order (`order.check_order`)."""
    headings = [e for e in events if isinstance(e, Heading)]
    top_titles = [h for h in headings if h.level == 1]
    title_heading = headings[0] if headings and headings[0].level == 1 and len(top_titles) == 1 else None
    if title_heading is not None and len(headings) == 1:
        # A short policy with one heading (its name) and text: the heading is its one section.
        title_heading = None

    title: str | None = None
    preamble: list[Any] = []
    flat: list[tuple[int, str, str | None, list[Any], Heading]] = []
    in_order: list[Any] = []
    """What is written, in the order of the source (the title where its heading was)."""
    opaque: list[str] = []
    for event in events:
        if isinstance(event, Block):
            (flat[-1][3] if flat else preamble).append(event.data)
            in_order.append(event.data)
        elif event is title_heading:
            rendered = _heading_text(event, reading)
            if match := _EXPLICIT_ID.search(rendered):
                reading.leave_out(event.line_range, f"heading id '{match.group(0).strip()}'", "the title has no id", match.group(0))
            title = markdown_to_text(_EXPLICIT_ID.sub("", rendered).strip()) or None
            in_order.append(title or "")
        else:
            name, explicit = _heading(event, reading, opaque)
            flat.append((event.level, name, explicit, [], event))
            in_order.append(name)

    reading.notes.extend(f"{count} {what}; their words are kept" for what, count in sorted(reading.unwrapped.items()))
    if opaque:
        reading.notes.append(
            f"{len(opaque)} anchor(s) made by a tool (e.g. '{opaque[0][:44]}') are not readable ids: "
            "those sections' ids are made from their titles"
        )
    sections = _outline(flat, known_ids or {}, tags or {}, placeholders or {}, reading)
    dangling: list[str] = []
    all_ids = {s.id for top in sections for s in top.walk()}
    preamble_out = [text_back(b, set(), placeholders or {}, all_ids, dangling) for b in preamble]
    note_dangling(dangling, reading)
    document_blocks = [*preamble, *(b for _, _, _, blocks, _ in flat for b in blocks)]
    check_text(document_blocks, [title or "", *(name for _, name, _, _, _ in flat)], placeholders or {}, reading)
    if reading.problems:
        raise PolicyError(reading.problems)

    written = words.written_words(in_order)
    check_order(source, written, reading)
    if reading.problems:
        raise PolicyError(reading.problems)
    named = {s.id for top in sections for s in top.walk()} | {s.title for top in sections for s in top.walk()}
    document = ImportedDocument(
        title=title,
        preamble=tuple(preamble_out),
        sections=tuple(sections),
        unmatched_tags=tuple(sorted(set(tags or {}) - named)),
        left_out=tuple(reading.left_out),
        notes=tuple(reading.notes),
        words_in=source.count(reading),
        words_out=len(written),
        format=max(3 if _spans(preamble) or any(_spans(s.blocks) for top in sections for s in top.walk()) else 1,
                   2 if preamble or any(_needs_format_2(s) for s in sections) else 1,
                   4 if any(holds_blocks(b) for b in document_blocks) else 1),
        defined=tuple(sorted(defined or ())),
    )
    return document


def _heading_text(heading: Heading, reading: Reading) -> str:
    """A heading's Markdown: given by the reader (HTML) or rendered from its tokens (Markdown)."""
    if heading.text is not None:
        return heading.text
    return render(heading.inline, reading, heading.line_range, "heading").text


def _heading(heading: Heading, reading: Reading, opaque: list[str]) -> tuple[str, str | None]:
    """The title of a section heading (its number dropped and reported) and its explicit id;
    anchors made by tools (`anchors.opaque_anchor`) are added to `opaque`, never used."""
    rendered = render(heading.inline, reading, heading.line_range, "heading") if heading.text is None else None
    text = (rendered.text if rendered else heading.text or "").strip()
    explicit = None
    if match := _EXPLICIT_ID.search(text):
        explicit, text = match.group(1), text[: match.start()].strip()
        why = "kept as the section's id"
        if opaque_anchor(explicit):
            explicit, why = None, "made by a tool, not readable: the section's id is made from its title"
        reading.leave_out(heading.line_range, f"heading id '{match.group(0).strip()}'", why, match.group(0))
    found = (*heading.anchors, *(rendered.anchors if rendered else ()))
    opaque.extend(a for a in found if opaque_anchor(a))
    found = tuple(a for a in found if not opaque_anchor(a))
    anchors = [a for a in found if _ID.match(a)]
    bad = [a for a in found if not _ID.match(a)]
    for anchor in bad:
        reading.notes.append(f"line {(heading.line_range or [0])[0] + 1}: anchor '{anchor}' is not a valid id (lowercase letters, digits, hyphens); the heading's id is made from its title")
    explicit = explicit or (anchors[0] if anchors else None)
    if number := _NUMBER.match(text):
        reading.leave_out(heading.line_range, f"heading number '{number.group(1)}'", "PolicyPress numbers sections on each page", number.group(1))
        text = text[number.end() :]
    if not text:
        reading.error(heading.line_range, "#", "this heading has no title; give it one, or remove the heading")
        text = "section"
    return text, explicit


def _outline(
    flat: list[tuple[int, str, str | None, list[Any], Heading]],
    known_ids: Mapping[str, str],
    tags: Mapping[str, list[str]],
    placeholders: Mapping[str, str],
    reading: Reading,
) -> list[ImportedSection]:
    """Nest the headings by level (any depth; skipped levels nest under the nearest above)."""
    ids: list[str] = []
    used: set[str] = set()
    stack: list[tuple[int, str]] = []
    depths: list[int] = []
    for level, name, explicit, _, heading in flat:
        while stack and stack[-1][0] >= level:
            stack.pop()
        section_id = explicit or known_ids.get(name) or slug(markdown_to_text(name))
        if section_id in used and stack and not explicit:
            section_id = f"{stack[-1][1]}-{section_id}"
        base, counter = section_id, 2
        while section_id in used:
            section_id, counter = f"{base}-{counter}", counter + 1
        if explicit and section_id != explicit:
            # Real pages repeat anchors (two `<a name="choice">`); the second one is renamed, never refused.
            reading.notes.append(
                f"line {(heading.line_range or [0])[0] + 1}: the id '{explicit}' was already used by an earlier heading; "
                f"this one gets '{section_id}'"
            )
        used.add(section_id)
        depths.append(len(stack))
        stack.append((level, section_id))
        ids.append(section_id)
    id_set = set(ids)
    dangling: list[str] = []

    def build(index: int) -> tuple[ImportedSection, int]:
        _, name, _, blocks, _ = flat[index]
        children: list[ImportedSection] = []
        next_index = index + 1
        while next_index < len(flat) and depths[next_index] > depths[index]:
            child, next_index = build(next_index)
            children.append(child)
        section_id = ids[index]
        chosen = tags.get(section_id) or tags.get(name) or ()
        converted = tuple(text_back(block, id_set, placeholders, id_set, dangling) for block in blocks)
        return ImportedSection(section_id, name, tuple(chosen), converted, tuple(children)), next_index

    top: list[ImportedSection] = []
    index = 0
    while index < len(flat):
        section, index = build(index)
        top.append(section)
    note_dangling(dangling, reading)
    return top


def _spans(blocks: Any) -> bool:
    """Whether a table among `blocks` has a cell spanning columns (source format 3)."""
    return any(
        isinstance(cell, dict)
        for block in blocks if isinstance(block, dict) and "table" in block
        for row in block["table"]["rows"] for cell in row
    )


def _needs_format_2(section: ImportedSection) -> bool:
    if not section.blocks and not section.sections:
        return True
    for block in section.blocks:
        if not isinstance(block, str) and ("table" in block or block.get("numbered")
                                            or any(isinstance(i, dict) for i in block.get("items", []))):
            return True
    return any(_needs_format_2(s) for s in section.sections)
