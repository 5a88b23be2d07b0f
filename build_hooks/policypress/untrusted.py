"""What untrusted input may contain: limits, YAML features and characters that are refused.

Pull requests may come from anyone, and the check runs on them. Nothing here reads files: the
YAML readers (sources/fastyaml.py, sources/yamlfile.py), the importer and, later, a PO loader
call these checks on text they already hold.

- YAML anchors, aliases and merge keys are refused before anything is expanded (policy sources
  never need them, and ten lines of nested aliases expand to gigabytes);
- nesting depth, the length of one value and the number of values in a file are limited;
- invisible and direction-changing characters, which can make a reviewer read another
  sentence than readers get, are refused with their position; the direction marks U+200E,
  U+200F and U+061C only where the policy's language is written right to left;
- messages quote at most `EXCERPT_CHARS` of a bad value, with its length.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from policypress.errors import Location, Problem

MAX_FILE_BYTES = 2_000_000
"""Bytes in one source or imported file. The whole seed policy is 35 kB; a file 50 times that is
a mistake (a pasted export, a binary), and refusing it keeps a build from crawling through it."""
MAX_DEPTH = 32
"""Nesting levels of lists and mappings in one YAML file; the seed policy uses 8."""
MAX_VALUE_CHARS = 10_000
"""Characters in one value (or one imported line); the longest paragraph of the seed has 547."""
MAX_NODES = 20_000
"""Values, lists and mappings in one YAML file; a section file has about 200, a long log a few thousand."""
EXCERPT_CHARS = 80
"""How much of a bad value an error message quotes."""
MAX_HEADING_CHARS = 500
"""Characters in one heading of an imported Markdown file."""
MAX_HEADINGS = 1_000
"""Headings (sections) in one imported Markdown file; a whole policy has a few dozen."""
MAX_REPORTED = 10
"""Invisible characters reported per file; the rest are counted."""

# Bidi embeddings and overrides, bidi isolates, zero-width characters, word joiner, and the
# byte order mark (allowed only as the very first character of a file, where editors put it).
_REFUSED = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
DIRECTION_MARKS = (0x200E, 0x200F, 0x061C)
"""Left-to-right, right-to-left and Arabic letter marks: needed in right-to-left text."""

_HEADING_LINE = re.compile(r"#{1,6}\s+")
_SPACE_RUN = re.compile(r"\s{4}")
_ALWAYS = re.compile("[" + "".join(chr(c) for c in _REFUSED) + "]")
_WITH_MARKS = re.compile("[" + "".join(chr(c) for c in (*_REFUSED, *DIRECTION_MARKS)) + "]")


class Invisible(NamedTuple):
    """One refused character: 1-based line and column, code point and Unicode name."""

    line: int
    column: int
    codepoint: int
    name: str

    def describe(self) -> str:
        """`U+202E RIGHT-TO-LEFT OVERRIDE`."""
        return f"U+{self.codepoint:04X} {self.name}"


def find_invisible(text: str, *, rtl: bool = False) -> list[Invisible]:
    """Every invisible or direction-changing character of `text` that is not allowed.

    With `rtl` (the policy's language is written right to left) the direction marks are
    allowed. A byte order mark at the very start is allowed.
    """
    found = []
    for match in (_ALWAYS if rtl else _WITH_MARKS).finditer(text):
        start = match.start()
        if start == 0 and match.group() == "\ufeff":
            continue
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        codepoint = ord(match.group())
        found.append(Invisible(line, column, codepoint, unicodedata.name(match.group(), "UNNAMED")))
    return found


def invisible_problems(path: str, text: str, *, rtl: bool = False) -> list[Problem]:
    """`find_invisible` as located problems, at most MAX_REPORTED of them plus a count of the rest."""
    found = find_invisible(text, rtl=rtl)
    problems = [
        Problem(
            Location(path, item.line, item.column),
            f"invisible character {item.describe()}: it can make the text read differently from what "
            f"readers get; delete it{_MARK_HINT if item.codepoint in DIRECTION_MARKS else ''}",
        )
        for item in found[:MAX_REPORTED]
    ]
    if len(found) > MAX_REPORTED:
        last = found[MAX_REPORTED]
        problems.append(
            Problem(Location(path, last.line, last.column), f"and {len(found) - MAX_REPORTED} more invisible characters from here on")
        )
    return problems


_MARK_HINT = " (direction marks are allowed only when the settings' locale is a right-to-left language)"


def is_rtl(locale: object) -> bool:
    """Whether `locale` (such as `ar`, `he_IL`) is a language written right to left."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(str(locale)).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError, TypeError):
        return False


def short(value: Any) -> str:
    """A value as an error message may quote it: at most EXCERPT_CHARS, and its length if cut."""
    if isinstance(value, dict):
        return f"a mapping of {len(value)} keys"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} items"
    text = repr(str(value)) if isinstance(value, str) else repr(value)
    if len(text) <= EXCERPT_CHARS + 2:
        return text
    return f"{repr(str(value)[:EXCERPT_CHARS])[:-1]}…' ({len(str(value)):,} characters)"


def yaml_event_problem(event: Any, depth: int, nodes: int, *, is_key: bool) -> str | None:
    """Why a YAML event (PyYAML's or ruamel.yaml's) is refused, or None.

    `depth` is the nesting of the node the event starts, `nodes` how many nodes the file had
    before it. Called before the node is composed, so nothing is ever expanded.
    """
    kind = type(event).__name__
    if kind == "AliasEvent":
        return f"YAML alias '*{_cut(event.anchor)}' is not allowed in policy sources; write the value out"
    if getattr(event, "anchor", None) is not None:
        return f"YAML anchor '&{_cut(event.anchor)}' is not allowed in policy sources; remove it"
    if nodes > MAX_NODES:
        return f"more than {MAX_NODES:,} values in one file; split it into several files"
    if depth > MAX_DEPTH:
        return f"lists and mappings nested more than {MAX_DEPTH} levels deep; policy sources need far fewer"
    if kind == "ScalarEvent":
        plain = event.implicit[0] if isinstance(event.implicit, tuple) else bool(event.implicit)
        if is_key and plain and event.value == "<<":
            return "YAML merge key '<<' is not allowed in policy sources; write the keys out"
        if len(event.value) > MAX_VALUE_CHARS:
            return (
                f"a value of {len(event.value):,} characters ({short(event.value)}); values are limited "
                f"to {MAX_VALUE_CHARS:,} characters: split the text into several paragraphs"
            )
    return None


def _cut(name: str) -> str:
    return name if len(name) <= 40 else name[:40] + "…"


def scan_yaml_events(events: Any) -> tuple[Any, str] | None:
    """The first refused event of a stream of PyYAML events and why, or None.

    Iterates lazily, so a refused stream stops where the problem is.
    """
    depth = nodes = 0
    # Per open collection: whether it is a mapping, and whether its next node is a key.
    stack: list[list[bool]] = []
    for event in events:
        kind = type(event).__name__
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1
            stack.pop()
            continue
        if kind not in ("ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent"):
            continue
        is_key = bool(stack) and stack[-1][0] and stack[-1][1]
        if stack and stack[-1][0]:
            stack[-1][1] = not stack[-1][1]
        nodes += 1
        starts = kind in ("MappingStartEvent", "SequenceStartEvent")
        reason = yaml_event_problem(event, depth + starts, nodes, is_key=is_key)
        if reason:
            return event, reason
        if starts:
            depth += 1
            stack.append([kind == "MappingStartEvent", True])
    return None


def markdown_problems(path: str, text: str, *, rtl: bool = False) -> list[Problem]:
    """Limits and invisible characters of a Markdown file to import."""
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        return [Problem(Location(path), f"the file is {size / 1_000_000:.1f} MB; imports are limited to {MAX_FILE_BYTES // 1_000_000} MB")]
    problems = invisible_problems(path, text, rtl=rtl)
    headings = 0
    for number, line in enumerate(text.splitlines(), start=1):
        heading = _HEADING_LINE.match(line)
        headings += bool(heading)
        if headings > MAX_HEADINGS:
            problems.append(Problem(Location(path, number, 1), f"more than {MAX_HEADINGS:,} headings; import the document in parts"))
            break
        # A heading is matched by a pattern whose time grows with the cube of long runs of
        # spaces; no real heading is long or has such runs, so both are limited.
        if heading and (len(line) > MAX_HEADING_CHARS or _SPACE_RUN.search(line, heading.end())):
            problems.append(
                Problem(
                    Location(path, number, 1),
                    f"a heading of {len(line):,} characters ({short(line)}); headings are limited to "
                    f"{MAX_HEADING_CHARS} characters, with single spaces between words",
                )
            )
            break
        if len(line) > MAX_VALUE_CHARS:
            problems.append(
                Problem(
                    Location(path, number, 1),
                    f"a line of {len(line):,} characters ({short(line)}); lines are limited to "
                    f"{MAX_VALUE_CHARS:,} characters: break the paragraph into lines",
                )
            )
            break
    return problems
