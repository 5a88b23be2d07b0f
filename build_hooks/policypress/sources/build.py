"""Turn shape-checked YAML documents into model values (no meaning checks here)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap

from policypress.errors import Location
from policypress.model import (
    Block,
    BlockCell,
    Cell,
    InnerBlock,
    ItemList,
    LanguageOffer,
    ListItem,
    NotApplicable,
    Paragraph,
    Ref,
    Region,
    Release,
    Section,
    Settings,
    Summary,
    Table,
    TableRow,
    Tag,
)
from policypress.sources.yamlfile import YamlDocument, locate, position


def settings(doc: YamlDocument) -> Settings:
    """Settings from a shape-checked settings.yaml."""
    data = doc.data
    return Settings(
        format=int(data["format"]),
        title=str(data["title"]),
        controller=str(data["controller"]),
        notice_days=int(data["notice_days"]),
        recent_days=int(data.get("recent_days", 30)),
        timezone=str(data["timezone"]),
        locale=str(data.get("locale", "en_US")),
        placeholders={str(k): str(v) for k, v in (data.get("placeholders") or {}).items()},
        outline=tuple(str(s) for s in data["sections"]),
        regions=tuple(str(r) for r in data["regions"]) if data.get("regions") is not None else None,
        since_versions=int(data.get("since_versions", 12)),
        max_grade=float(data["plain_language"]["max_grade"]) if data.get("plain_language") else None,
    )


def tags(doc: YamlDocument) -> tuple[Tag, ...]:
    """Jurisdiction tags from a shape-checked regions.yaml."""
    return tuple(Tag(str(k), str(v)) for k, v in doc.data["tags"].items())


def regions(doc: YamlDocument) -> tuple[Region, ...]:
    """Regions from a shape-checked regions.yaml."""
    return tuple(
        Region(
            id=str(item["id"]),
            name=str(item["name"]),
            tags=frozenset(str(t) for t in item["tags"]),
            location=locate(doc, ["regions", index, "id"]),
            laws=_refs(doc, item, ("regions", index), "laws"),
            not_applicable=tuple(
                NotApplicable(str(key), str(reason).strip(), locate(doc, ["regions", index, "not_applicable", key], key=True))
                for key, reason in (item.get("not_applicable") or {}).items()
            ),
            languages=tuple(
                LanguageOffer(str(code), mode == "required", locate(doc, ["regions", index, "languages", code], key=True))
                for code, mode in (item.get("languages") or {}).items()
            ),
        )
        for index, item in enumerate(doc.data["regions"])
    )


def section(doc: YamlDocument, node: Any | None = None, path: tuple[Any, ...] = ()) -> Section:
    """The section (with its subsections) of a shape-checked section file."""
    node = doc.data if node is None else node
    return Section(
        id=str(node["id"]),
        title=str(node["title"]),
        tags=_tags(node),
        blocks=tuple(
            _block(doc, block, (*path, "blocks", index))
            for index, block in enumerate(node.get("blocks") or [])
        ),
        subsections=tuple(
            section(doc, sub, (*path, "sections", index))
            for index, sub in enumerate(node.get("sections") or [])
        ),
        location=locate(doc, [*path, "id"]) if path else _start(doc, node),
        discloses=_refs(doc, node, path),
        summary=Summary(str(node["summary"]).strip(), locate(doc, [*path, "summary"])) if "summary" in node else None,
    )


def _start(doc: YamlDocument, node: Any) -> Location:
    # The top-level mapping starts after the schema comment; point at its `id:` key (files
    # read without positions, from history, are located by path only).
    if not isinstance(node, CommentedMap):
        return Location(doc.path)
    line, column = node.lc.key("id")
    return Location(doc.path, line + 1, column + 1)


def _tags(node: Any) -> frozenset[str]:
    return frozenset(str(t) for t in node.get("tags") or ()) if isinstance(node, dict) else frozenset()


def _refs(doc: YamlDocument, node: Any, path: tuple[Any, ...], key: str = "discloses") -> tuple[Ref, ...]:
    # `discloses:` (and a region's `laws:`) name ids, each located for its own error.
    if not isinstance(node, dict):
        return ()
    return tuple(
        Ref(str(value), locate(doc, [*path, key, index])) for index, value in enumerate(node.get(key) or ())
    )


def preamble(doc: YamlDocument) -> tuple[Block, ...]:
    """The blocks before section 1, from a shape-checked settings.yaml (none if absent)."""
    return tuple(_block(doc, block, ("preamble", index)) for index, block in enumerate(doc.data.get("preamble") or []))


def _paragraph(doc: YamlDocument, node: Any, path: tuple[Any, ...]) -> Paragraph:
    text = node["text"] if isinstance(node, dict) else node
    return Paragraph(
        text=str(text).strip(), tags=_tags(node), location=locate(doc, list(path)), discloses=_refs(doc, node, path)
    )


def _item_list(doc: YamlDocument, node: Any, path: tuple[Any, ...]) -> ItemList:
    # `node` is a list block or a list item holding `items`; `path` leads to it.
    return ItemList(
        items=tuple(_item(doc, item, (*path, "items", index)) for index, item in enumerate(node["items"])),
        tags=_tags(node) if "text" not in node else frozenset(),  # an item's tags are the item's
        location=locate(doc, [*path, "items"]) if "text" in node else position(node, doc.path),
        numbered=bool(node.get("numbered", False)),
        start=int(node.get("start", 1)),
        discloses=_refs(doc, node, path) if "text" not in node else (),  # an item's are the item's
    )


def _item(doc: YamlDocument, node: Any, path: tuple[Any, ...]) -> ListItem:
    text = node["text"] if isinstance(node, dict) else node
    return ListItem(
        text=str(text).strip(),
        tags=_tags(node),
        location=locate(doc, list(path)),
        sublist=_item_list(doc, node, path) if isinstance(node, dict) and node.get("items") else None,
        discloses=_refs(doc, node, path),
        blocks=_inner_blocks(doc, node["blocks"], (*path, "blocks")) if isinstance(node, dict) and node.get("blocks") else (),
    )


def _inner_blocks(doc: YamlDocument, nodes: Any, path: tuple[Any, ...]) -> tuple[InnerBlock, ...]:
    """The blocks of a list item or a table cell (format 4): the schema admits no tables there."""
    return tuple(_inner(doc, node, (*path, index)) for index, node in enumerate(nodes))


def _inner(doc: YamlDocument, node: Any, path: tuple[Any, ...]) -> InnerBlock:
    block = _block(doc, node, path)
    if isinstance(block, Table):  # kept out by the schema; a guard, should the two part
        raise TypeError(f"a table inside a list item or a table cell at {block.location}")
    return block


def _table(doc: YamlDocument, node: Any, path: tuple[Any, ...]) -> Table:
    table = node["table"]
    path_rows = (*path, "table", "rows")
    header, header_spans = _cells(doc, table["header"], (*path, "table", "header"))
    rows = []
    for index, row in enumerate(table["rows"]):
        row_path = (*path_rows, index, "cells") if isinstance(row, dict) else (*path_rows, index)
        cells, spans = _cells(doc, row["cells"] if isinstance(row, dict) else row, row_path)
        rows.append(
            TableRow(
                cells=cells,
                tags=_tags(row),
                location=locate(doc, [*path_rows, index]),
                discloses=_refs(doc, row, (*path_rows, index)),
                spans=spans,
            )
        )
    return Table(
        header=tuple(str(cell) for cell in header),
        rows=tuple(rows),
        tags=_tags(node),
        location=position(node, doc.path),
        discloses=_refs(doc, node, path),
        header_spans=header_spans,
    )


def _cells(doc: YamlDocument, nodes: Any, path: tuple[Any, ...]) -> tuple[tuple[Cell, ...], tuple[int, ...]]:
    """A row's cells (texts, or blocks: `{blocks: […]}`) and, if any cell spans columns
    (`{text: …, span: N}`), every cell's span; a row without spanning cells has none, as in
    format 2."""
    cells = tuple(_cell(doc, cell, (*path, index)) for index, cell in enumerate(nodes))
    spans = tuple(int(cell.get("span", 1)) if isinstance(cell, dict) else 1 for cell in nodes)
    return cells, spans if any(span != 1 for span in spans) else ()


def _cell(doc: YamlDocument, node: Any, path: tuple[Any, ...]) -> Cell:
    if isinstance(node, dict) and "blocks" in node:
        return BlockCell(_inner_blocks(doc, node["blocks"], (*path, "blocks")), locate(doc, list(path)))
    return str(node["text"] if isinstance(node, dict) else node).strip()


def _block(doc: YamlDocument, node: Any, path: tuple[Any, ...]) -> Block:
    # The one place where a block's kind is read from its shape (the schema's if/then chain).
    if isinstance(node, dict) and "items" in node:
        return _item_list(doc, node, path)
    if isinstance(node, dict) and "table" in node:
        return _table(doc, node, path)
    return _paragraph(doc, node, path)


def releases(doc: YamlDocument) -> tuple[Release, ...]:
    """Release entries from a shape-checked releases.yaml (dates already checked as ISO dates)."""
    return tuple(
        Release(
            version=str(item["version"]),
            summary=str(item["summary"]).strip(),
            material=_material(item.get("material", False)),
            published=_date(item.get("published")),
            effective=_date(item.get("effective")),
            location=locate(doc, [index, "version"]),
        )
        for index, item in enumerate(doc.data)
    )


def _material(value: Any) -> bool | frozenset[str]:
    return value if isinstance(value, bool) else frozenset(str(v) for v in value)


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))
