"""What the import writes, turned back into the sources' own terms and checked.

Links to a section become references (`{{ section:id }}`), values of settings.yaml become their
placeholders, links to anchors no heading names become their text; template syntax and markup
left in the text are located problems (validate would refuse them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from policypress.errors import Location, Problem
from policypress.importer.reading import Reading
from policypress.importer.words import texts_of
from policypress.inline import Malformed, Placeholder, Reference, scan
from policypress.markup import unsafe_markup

_REFERENCE = re.compile(r"\[Section [0-9.]+\]\(#([a-z0-9][a-z0-9-]*)\)")
_ANCHOR_LINK = re.compile(r"(?<![!\\])\[((?:[^\[\]\\]|\\.)*)\]\(#([^()\s]*)\)")


def note_dangling(dangling: list[str], reading: Reading) -> None:
    if dangling:
        reading.notes.append(
            f"{len(dangling)} link(s) to a place no heading of the document names (e.g. '#{dangling[0][:60]}') kept as their text only"
        )


def _map_texts(block: Any, convert: Any) -> Any:
    """The block with `convert` applied to each of its Markdown texts (those `texts_of` gives)."""
    if isinstance(block, str):
        return convert(block)
    if "table" in block:
        table = block["table"]

        def cell(value: Any) -> Any:
            if isinstance(value, dict) and "blocks" in value:
                return {**value, "blocks": [_map_texts(b, convert) for b in value["blocks"]]}
            return {**value, "text": convert(value["text"])} if isinstance(value, dict) else convert(value)

        return {**block, "table": {"header": [cell(c) for c in table["header"]],
                                   "rows": [[cell(c) for c in row] for row in table["rows"]]}}
    out = dict(block)
    if "text" in out:
        out["text"] = convert(out["text"])
    for key in ("items", "blocks"):
        if key in out:
            out[key] = [_map_texts(item, convert) for item in out[key]]
    return out


def text_back(
    block: Any, ids: set[str], placeholders: Mapping[str, str], anchors: set[str] | None = None, dangling: list[str] | None = None,
) -> Any:
    """Section links back to references, placeholder values back to placeholders; a link to an
    anchor that no heading of the document has (`anchors`) becomes its text, noted in `dangling`
    (the page would have no such anchor, and a strict build refuses the link)."""

    def unlink(match: re.Match[str]) -> str:
        if anchors is None or match.group(2) in anchors:
            return match.group(0)
        if dangling is not None:
            dangling.append(match.group(2))
        return match.group(1)

    def convert(text: str) -> str:
        text = _REFERENCE.sub(lambda m: f"{{{{ section:{m.group(1)} }}}}" if m.group(1) in ids else m.group(0), text)
        text = _ANCHOR_LINK.sub(unlink, text)
        for name, value in sorted(placeholders.items(), key=lambda kv: -len(kv[1])):
            text = text.replace(value, f"{{{{ {name} }}}}")
        return text

    return _map_texts(block, convert)


def check_text(blocks: list[Any], titles: list[str], placeholders: Mapping[str, str], reading: Reading) -> None:
    """Template syntax and raw HTML left in the text: located problems (validate would refuse them)."""
    seen: dict[str, Location] = {}
    for text in [*titles, *(t for block in blocks for t in texts_of(block))]:
        for token in scan(text):
            if isinstance(token, Placeholder) and token.name in placeholders:
                continue
            if isinstance(token, Reference):
                continue
            location = _next_location(reading, token.raw, seen)
            if isinstance(token, Placeholder) or (isinstance(token, Malformed) and token.raw.startswith("{{") and token.raw.endswith("}}")):
                # Text read from a page has its Markdown characters escaped (`support\_email`).
                raw = re.sub(r"\\(.)", r"\1", token.raw)
                name = raw.strip("{} ")
                message = (
                    f"'{raw}' is a template variable; give its value with --define {name}=VALUE, "
                    "or put it in `backticks` to keep it as text"
                )
            else:
                message = (
                    f"'{token.raw}' is template syntax, which PolicyPress cannot import; resolve it by hand, "
                    "or put it in `backticks` to keep it as text"
                )
            reading.problems.append(Problem(location, message))
        for snippet, message in unsafe_markup(text):
            reading.problems.append(Problem(reading.locate([0, len(reading.lines)], snippet), message))


def _next_location(reading: Reading, snippet: str, seen: dict[str, Location]) -> Location:
    """Where `snippet` is written next after its last reported place (each occurrence once)."""
    if reading.whole_file:
        return Location(reading.path, 0, 0)
    last = seen.get(snippet)
    start_line = last.line - 1 if last else 0
    for index in range(start_line, len(reading.lines)):
        begin = last.column if last and index == last.line - 1 else 0
        column = reading.lines[index].find(snippet, begin)
        if column != -1:
            seen[snippet] = Location(reading.path, index + 1, column + 1)
            return seen[snippet]
    return last or Location(reading.path)
