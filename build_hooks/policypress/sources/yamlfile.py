"""Parse one YAML source file, keeping where every value was written.

ruamel.yaml's round-trip loader records line and column of each mapping key and sequence item;
`locate` turns a JSON-Schema style path into a `Location` an editor can jump to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode

from policypress.errors import Location, PolicyError, Problem
from policypress.untrusted import MAX_DEPTH, invisible_problems, scan_yaml_events, yaml_event_problem


class _Constructor(RoundTripConstructor):
    """Keeps dates as the strings the editor wrote, so that an impossible date such as
    2025-02-30 becomes a located validation message instead of a crash inside the parser."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


class _Refused(MarkedYAMLError):
    """Something untrusted.py refuses, found before the node is composed."""


class _GuardedComposer(Composer):
    """Refuses aliases, anchors, merge keys and what exceeds the limits of untrusted.py as
    each node starts, so that nothing is ever expanded and deep nesting never recurses far."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        self._nodes += 1
        starts = type(event).__name__ in ("MappingStartEvent", "SequenceStartEvent")
        # ruamel composes a mapping's key with index None, its value with the key node.
        is_key = isinstance(parent, MappingNode) and index is None
        reason = yaml_event_problem(event, self.depth + starts, self._nodes, is_key=is_key)
        if reason:
            raise _Refused(None, None, reason, event.start_mark)
        return super().compose_node(parent, index)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed source file: its path and its round-trip data (mappings know their positions)."""

    path: str
    data: Any


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Composer = _GuardedComposer
    return yaml


def parse(path: str, raw: bytes, *, rtl: bool = False, empty_list: bool = False) -> YamlDocument:
    """Parse the bytes of `path`; raise PolicyError for encoding, syntax and emptiness, and
    for what untrusted.py refuses (direction marks are allowed when `rtl`). With `empty_list`
    (a release log), a file with nothing but comments, or nothing at all, is an empty list."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PolicyError.single(
            Location(path, line, column),
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
        ) from None
    invisible = invisible_problems(path, text, rtl=rtl)
    if invisible:
        raise PolicyError(invisible)
    refused = _prescan(text)
    if refused:
        mark, reason = refused
        raise PolicyError.single(Location(path, mark.line + 1, mark.column + 1), reason)
    try:
        data = _yaml().load(text)
    except _Refused as exc:
        mark = exc.problem_mark
        raise PolicyError.single(Location(path, mark.line + 1, mark.column + 1), str(exc.problem)) from None
    except MarkedYAMLError as exc:
        raise PolicyError([_syntax_problem(path, text, exc)]) from None
    except YAMLError as exc:
        raise PolicyError.single(Location(path), f"YAML syntax: {exc}") from None
    if data is None and empty_list:
        return YamlDocument(path, CommentedSeq())
    if data is None:
        raise PolicyError.single(Location(path), "the file is empty; see the other files of policy_src/ for the expected layout")
    return YamlDocument(path, data)


def _prescan(text: str) -> Any:
    """What untrusted.py refuses, found by libyaml's event scanner (C, 100 times faster than
    ruamel.yaml's, so that a 2 MB hostile file is refused at once); None if nothing is, or if
    libyaml cannot read the text (ruamel.yaml then reports, and its composer refuses too)."""
    try:
        found = scan_yaml_events(pyyaml.parse(text, Loader=getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)))
    except pyyaml.MarkedYAMLError as error:
        # libyaml stops at 1,000 levels of brackets, before yielding the event at our limit;
        # ruamel.yaml would take minutes over such a file, so this is refused here too.
        if "nesting depth" in str(error.problem) and error.problem_mark is not None:
            return error.problem_mark, yaml_event_problem(_Deep(), MAX_DEPTH + 1, 0, is_key=False)
        return None
    except pyyaml.YAMLError:
        return None
    return None if found is None else (found[0].start_mark, found[1])


class _Deep:
    """Stands for a collection nested deeper than MAX_DEPTH."""

    anchor = None


_QUOTE_TRIES = 20
_OPENS_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[\w-]+:\s+)?(["'])""")


def _opens_unclosed(line: str) -> bool:
    opened = _OPENS_QUOTE.match(line)
    return bool(opened) and line.count(opened.group(1)) == 1


def _syntax_problem(path: str, text: str, exc: MarkedYAMLError) -> Problem:
    """A YAML syntax error, moved to the likely cause where the parser noticed it later."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or exc.context or "invalid YAML"
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1]:
        return Problem(Location(path, line, column), f"YAML syntax: {problem}; this line contains a tab: indent with spaces, not tabs")
    # An unclosed quote runs on until the next quote, often in a later comment, and the parser
    # only complains there. A line that opens a quote it does not close, and whose closing
    # makes the file parse, is where the editor has to look.
    # Only the _QUOTE_TRIES such lines nearest to where the parser stumbled, and only in files
    # of ordinary size: a hostile file must not make this search re-read it thousands of times.
    candidates = [n for n in range(min(line - 1, len(lines))) if _opens_unclosed(lines[n])]
    for number in candidates[-_QUOTE_TRIES:] if len(text) < 200_000 else []:
        opened = _OPENS_QUOTE.match(lines[number])
        if opened:
            fixed = lines[:number] + [lines[number] + opened.group(1)] + lines[number + 1 :]
            try:
                _yaml().load("\n".join(fixed))
            except YAMLError:
                continue
            return Problem(
                Location(path, number + 1, opened.start(1) + 1),
                f"YAML syntax: the quote opened here is not closed (the parser stumbled at line {line}, "
                f"column {column}: {problem}); close it, or remove it",
            )
    return Problem(Location(path, line, column), f"YAML syntax: {problem}")


def to_plain(node: Any) -> Any:
    """The document as plain JSON-like values, for JSON Schema validation."""
    if isinstance(node, dict):
        return {str(key): to_plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(item) for item in node]
    if isinstance(node, str):
        return str(node)  # ruamel's scalar string subclasses compare oddly in jsonschema
    return node


def locate(doc: YamlDocument, path: Sequence[str | int], *, key: bool = False) -> Location:
    """The location of the value at `path` (keys and indexes), or of its nearest ancestor.

    A scalar is located where its value starts; a mapping or list where its first entry is;
    with `key`, the last step of the path is located at the key itself.
    """
    node: Any = doc.data
    line, column = _start(node)
    for index, step in enumerate(path):
        if isinstance(node, CommentedMap) and step in node:
            if key and index == len(path) - 1:
                line, column = node.lc.key(step)
            else:
                line, column = node.lc.value(step) if _is_scalar(node[step]) else _start(node[step])
            node = node[step]
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
            line, column = node.lc.item(step) if _is_scalar(node[step]) else _start(node[step])
            node = node[step]
        else:
            break
    return Location(doc.path, line + 1, column + 1)


def _start(node: Any) -> tuple[int, int]:
    if isinstance(node, CommentedMap | CommentedSeq) and node.lc.line is not None:
        return node.lc.line, node.lc.col
    return 0, 0


def pinpoint(text: str, start: Location, snippet: str) -> Location:
    """Where `snippet` occurs in the source `text` at or after `start`, else `start`.

    ruamel.yaml locates a scalar, not the words inside it; a placeholder in the fourth line of a
    long paragraph is found by searching the source from where the paragraph starts.
    """
    lines = text.splitlines(keepends=True)
    offset = sum(len(line) for line in lines[: start.line - 1]) + start.column - 1
    found = text.find(snippet, offset, offset + 20_000)
    if found < 0:
        return start
    line = text.count("\n", 0, found) + 1
    column = found - (text.rfind("\n", 0, found) + 1) + 1
    return Location(start.path, line, column)


def position(node: Any, doc_path: str) -> Location:
    """The location where a mapping or sequence node starts."""
    if isinstance(node, CommentedMap | CommentedSeq) and node.lc.line is not None:
        return Location(doc_path, node.lc.line + 1, node.lc.col + 1)
    return Location(doc_path)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)
