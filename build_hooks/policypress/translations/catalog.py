"""Reading a language's PO file: located syntax errors, checked translations, lookups.

PO files are read and written by polib (the gettext format as Poedit, Weblate and Crowdin
write it, `#|` previous msgids included). polib is lenient in places where gettext is not (an
unterminated string is silently dropped), so each line's quoted string is checked first: a
translator's typo must be an error at its line and column, never a lost translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import polib

from policypress.errors import Location, PolicyError, Problem
from policypress.inline import Malformed, Placeholder, Reference, scan
from policypress.markup import unsafe_markup

# A PO file is a few hundred kilobytes for a long policy; far more is a mistake (a pasted
# export, a binary), and refusing it keeps a check from crawling through it.
MAX_PO_BYTES = 5_000_000

_KEYWORD = re.compile(r"^(?P<prefix>#~\s*|#\|\s*|#~\|\s*)?(?P<keyword>msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?\s*(?P<rest>.*)$")
_STRING = re.compile(r'"(?:[^"\\]|\\[\\"ntrabfv0-7])*"')


@dataclass(frozen=True)
class Entry:
    """One PO entry as a translator left it."""

    key: str
    """The passage key (msgctxt)."""
    source: str
    """The source text the translation was made for (msgid)."""
    translation: str
    fuzzy: bool
    location: Location


@dataclass(frozen=True)
class Catalog:
    """A language's PO file, read: its live entries by passage key."""

    path: str
    language: str
    entries: dict[str, Entry]


def parse_po(path: str, raw: bytes, language: str | None = None) -> polib.POFile:
    """The PO file at repository-relative `path` with content `raw`, parsed by polib;
    PolicyError located at the line and column of the first syntax error otherwise."""
    if len(raw) > MAX_PO_BYTES:
        raise PolicyError.single(Location(path), f"the file is over {MAX_PO_BYTES // 1_000_000} MB; a translation file is never that large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise PolicyError.single(
            Location(path, line, column), "this is not UTF-8 text; save the file as UTF-8 (Poedit and Weblate do)"
        ) from None
    problems = [*_string_problems(path, text), *_invisible(path, text, language)]
    if problems:
        raise PolicyError(problems)
    try:
        return polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError) as error:
        match = re.search(r"\(line (\d+)\)(?::\s*(.*))?", str(error))
        line = int(match.group(1)) if match else 1
        detail = match.group(2) if match and match.group(2) else "this line is not valid in a PO file"
        lines = text.splitlines()
        column = len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1 if 0 < line <= len(lines) else 1
        raise PolicyError.single(
            Location(path, line, column),
            f"{detail}; a PO entry is msgctxt, msgid and msgstr lines, each with a \"quoted\" string "
            "(open the file in Poedit to find the mistake)",
        ) from None


def _string_problems(path: str, text: str) -> Iterator[Problem]:
    """Lines whose quoted string is unterminated or has a stray quote or unknown escape."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not stripped or (stripped.startswith("#") and not stripped.startswith(("#~", "#|"))):
            continue
        match = _KEYWORD.match(stripped)
        if match is None or (match.group("keyword") is None and not match.group("rest").startswith('"')):
            continue
        rest = match.group("rest")
        start = indent + len(stripped) - len(rest) + 1
        if not _STRING.fullmatch(rest.rstrip()):
            yield Problem(
                Location(path, number, start),
                'this string is not closed or holds a stray quote; write it as "text", with \\" for a quote inside it',
            )


def read_catalog(path: str, raw: bytes, language: str) -> Catalog:
    """The catalog of `language` in the PO file `path`; PolicyError with every problem found:
    syntax, two entries for one passage, and translations that break the rules of source
    text (raw HTML, unsafe links, invisible characters, placeholders that differ)."""
    po = parse_po(path, raw, language)
    lines = raw.decode("utf-8").splitlines()
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    for item in po:
        if item.obsolete or not item.msgctxt:
            continue
        location = _msgstr_location(path, lines, item.linenum or 1)
        if item.msgctxt in entries:
            problems.append(
                Problem(location, f"a second entry for '{item.msgctxt}' (the first is at line {entries[item.msgctxt].location.line}); keep one")
            )
            continue
        entry = Entry(item.msgctxt, item.msgid, item.msgstr, "fuzzy" in item.flags, location)
        entries[entry.key] = entry
        problems.extend(translation_problems(entry))
    if problems:
        raise PolicyError(problems)
    return Catalog(path, language, entries)


def _msgstr_location(path: str, lines: list[str], start: int) -> Location:
    """Where the entry starting at line `start` has its msgstr (what a translator edits)."""
    for number in range(start, min(len(lines), start + 10_000) + 1):
        if lines[number - 1].lstrip().startswith("msgstr"):
            return Location(path, number, len(lines[number - 1]) - len(lines[number - 1].lstrip()) + 1)
    return Location(path, start, 1)


def translation_problems(entry: Entry) -> Iterator[Problem]:
    """What a translation may not contain: what source text may not (raw HTML, unsafe links,
    template syntax; invisible characters are refused for the whole file), and placeholders
    or references other than the source's: a translation says the same thing, and numbering
    comes from the one view."""
    text = entry.translation
    if not text:
        return
    where = f"in the translation of '{entry.key}'"
    for _, message in unsafe_markup(text):
        yield Problem(entry.location, f"{where}: {message}")
    tokens = scan(text)
    for token in tokens:
        if isinstance(token, Malformed):
            yield Problem(entry.location, f"{where}: {token.message}")
    written, source = _tokens(text), _tokens(entry.source)
    if written != source:
        yield Problem(
            entry.location,
            f"{where}: the translation must keep the source's placeholders and references exactly "
            f"({', '.join(source) or 'none'}), found {', '.join(written) or 'none'}",
        )


def _tokens(text: str) -> list[str]:
    return sorted(
        f"{{{{ section:{token.section_id} }}}}" if isinstance(token, Reference) else f"{{{{ {token.name} }}}}"
        for token in scan(text)
        if isinstance(token, Placeholder | Reference)
    )


def _invisible(path: str, text: str, language: str | None) -> list[Problem]:
    """Invisible and direction-changing characters in the PO file, refused as in sources.

    The checker is issue 16's `policypress.untrusted` (`invisible_problems`, with direction
    marks allowed for right-to-left languages); until that module is on this branch, nothing
    is found here and this is the one place to call it from.
    """
    try:
        from policypress.untrusted import invisible_problems, is_rtl  # type: ignore[import-not-found]  # noqa: PLC0415
    except ImportError:
        return []
    rtl = bool(language) and is_rtl(language.replace("-", "_"))
    return list(invisible_problems(path, text, rtl=rtl))
