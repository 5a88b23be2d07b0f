"""`policypress import`: an existing Markdown policy into section files.

Headings give the sections: `#` is the document title, `##` top-level sections, `###` and
deeper their subsections. Ids are explicit (`{ #id }`), else the id an existing section with
the same title already has, else a slug of the title — the same heading always gets the same
id, so importing the next version of a document keeps its ids. Text before the first `##`
(title, dates) is not policy text and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from policypress.errors import PolicyError
from policypress.untrusted import markdown_problems

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{\s*#([a-z0-9][a-z0-9-]*)\s*\})?\s*$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_ITEM = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_ATTR_LINE = re.compile(r"^\{:?[^}]*\}\s*$")
_HTML_LINE = re.compile(r"^\s*</?[a-zA-Z][^>]*>\s*$")
_REFERENCE = re.compile(r"\[Section [0-9.]+\]\(#([a-z0-9][a-z0-9-]*)\)")


@dataclass(frozen=True)
class ImportedSection:
    """A section as read from Markdown, ready to be written as YAML data."""

    id: str
    title: str
    tags: tuple[str, ...]
    blocks: tuple[object, ...]
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


@dataclass(frozen=True)
class Imported:
    """A whole imported document."""

    title: str | None
    sections: tuple[ImportedSection, ...]
    unmatched_tags: tuple[str, ...]
    """Names in the tag mapping that no heading had."""


@dataclass(frozen=True)
class _Chunk:
    level: int
    title: str
    id: str
    lines: tuple[str, ...]


def slug(text: str) -> str:
    """A lowercase, hyphenated id from a heading."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "").replace("’", "")).strip("-") or "section"


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def _blocks(lines: tuple[str, ...]) -> list[object]:
    blocks: list[object] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(" ".join(part.strip() for part in paragraph))
            paragraph.clear()
        if items:
            blocks.append({"items": list(items)})
            items.clear()

    for line in lines:
        if not line.strip() or _ATTR_LINE.match(line) or _HTML_LINE.match(line):
            flush()
        elif item := _ITEM.match(line):
            if paragraph:
                flush()
            items.append(item.group(1).strip())
        elif items and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return blocks


def _chunks(text: str, known_ids: Mapping[str, str]) -> tuple[str | None, list[_Chunk]]:
    """The h1 title and one chunk per deeper heading, with its id decided."""
    title: str | None = None
    heads: list[tuple[int, str, str | None]] = []
    bodies: list[list[str]] = []
    for line in _strip_front_matter(text).splitlines():
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) == 1:
            title = title or heading.group(2)
            heads.append((1, "", None))
            bodies.append([])
        elif heading:
            heads.append((len(heading.group(1)), _NUMBER.sub("", heading.group(2)).strip(), heading.group(3)))
            bodies.append([])
        elif bodies:
            bodies[-1].append(line)
    chunks: list[_Chunk] = []
    used: set[str] = set()
    stack: list[tuple[int, str]] = []
    for (level, name, explicit), body in zip(heads, bodies, strict=True):
        if level == 1:
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        section_id = explicit or known_ids.get(name) or slug(name)
        if section_id in used and stack:
            section_id = f"{stack[-1][1]}-{section_id}"
        base, counter = section_id, 2
        while section_id in used:
            section_id, counter = f"{base}-{counter}", counter + 1
        used.add(section_id)
        stack.append((level, section_id))
        chunks.append(_Chunk(level, name, section_id, tuple(body)))
    return title, chunks


def parse_markdown(
    text: str,
    known_ids: Mapping[str, str] | None = None,
    placeholders: Mapping[str, str] | None = None,
    tags: Mapping[str, list[str]] | None = None,
    *,
    path: str = "<markdown>",
    rtl: bool = False,
) -> Imported:
    """The document's title and sections.

    `known_ids` maps titles to the ids sections already have; `placeholders` maps names to
    values, which are written back as `{{ name }}`; `tags` maps titles or ids to the
    jurisdiction tags their sections get. Text refused by untrusted.py (too large, invisible
    characters; direction marks unless `rtl`) raises PolicyError located in `path`.
    """
    if problems := markdown_problems(path, text, rtl=rtl):
        raise PolicyError(problems)
    title, chunks = _chunks(text, known_ids or {})
    ids = {chunk.id for chunk in chunks}
    tags = tags or {}

    def build(start: int) -> tuple[ImportedSection, int]:
        chunk = chunks[start]
        children: list[ImportedSection] = []
        index = start + 1
        while index < len(chunks) and chunks[index].level > chunk.level:
            child, index = build(index)
            children.append(child)
        blocks = tuple(_text_back(block, ids, placeholders or {}) for block in _blocks(chunk.lines))
        chosen = tags.get(chunk.id) or tags.get(chunk.title) or ()
        return ImportedSection(chunk.id, chunk.title, tuple(chosen), blocks, tuple(children)), index

    top: list[ImportedSection] = []
    index = 0
    while index < len(chunks):
        section, index = build(index)
        top.append(section)
    named = {chunk.id for chunk in chunks} | {chunk.title for chunk in chunks}
    return Imported(title, tuple(top), tuple(sorted(set(tags) - named)))


def _text_back(block: object, ids: set[str], placeholders: Mapping[str, str]) -> object:
    def convert(text: str) -> str:
        text = _REFERENCE.sub(lambda m: f"{{{{ section:{m.group(1)} }}}}" if m.group(1) in ids else m.group(0), text)
        for name, value in sorted(placeholders.items(), key=lambda kv: -len(kv[1])):
            text = text.replace(value, f"{{{{ {name} }}}}")
        return text

    if isinstance(block, dict):
        return {"items": [convert(item) for item in block["items"]]}
    return convert(str(block))
