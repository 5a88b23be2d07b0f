"""The import's self-check: the words it writes are the words of the source, in the same order.

Each reader hands over the words a reader of the source saw (`SourceWords`: Markdown as
markdown-it renders it, HTML and Word as the parsed page shows it), each with the line its
passage starts on. The words written are read back with the same parser (`words.py`). The words
written must be the source's words with exactly the reported left-out ones taken away, in
order: a word lost, added or moved (a paragraph put before the list it followed: the counts
agree, the text does not) stops the import with the place in the source where the two
sequences part.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from policypress.errors import Location, Problem
from policypress.importer.reading import Reading

_QUOTE_WORDS = 8
_SEARCH_LINES = 200
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class SourceWords:
    """The words of the source in reading order, from the parse the reader made."""

    words: tuple[str, ...]
    lines: tuple[int, ...]
    """For each word, the 0-based line its passage starts on (never decreasing)."""
    left_out_before: int
    """How many of the reading's left-out items were taken away before these words were read
    (front matter, what lies outside a page's main content, a Word file's page footers)."""

    def count(self, reading: Reading) -> int:
        """Words in, as the report gives them: these and those taken away before."""
        return len(self.words) + sum(item.words for item in reading.left_out[: self.left_out_before])


def placed_words(parts: list[tuple[str, int]]) -> SourceWords:
    """Words of text pieces (`text`, 0-based line), split as a reader sees them: pieces join
    without a space (inline elements), and each word gets the line of the piece it starts in."""
    starts: list[int] = []
    piece_lines: list[int] = []
    offset, current = 0, 0
    for text, line in parts:
        current = max(line, current)
        starts.append(offset)
        piece_lines.append(current)
        offset += len(text)
    joined = "".join(text for text, _ in parts)
    words: list[str] = []
    lines: list[int] = []
    for match in _WORD.finditer(joined):
        words.append(match.group(0))
        lines.append(piece_lines[bisect_right(starts, match.start()) - 1])
    return SourceWords(tuple(words), tuple(lines), 0)


def check_order(source: SourceWords, written: list[str], reading: Reading) -> None:
    """Add a located problem to `reading` unless `written` is the source's words, in order,
    without exactly the words the reading left out after the source was read."""
    left = Counter(word for item in reading.left_out[source.left_out_before :] for word in item.said)
    words = source.words
    kept = _subsequence(words, written)
    if kept is None:
        _report_disorder(source, written, Counter(left), reading)
        return
    spare = Counter(left)
    for index in (i for i in range(len(words)) if not kept[i]):
        if spare[words[index]] > 0:
            spare[words[index]] -= 1
            continue
        end = index
        while end < len(words) and not kept[end]:
            end += 1
        what = f"the import would lose {_quote(words, index, end)}, which it does not report as left out"
        reading.problems.append(Problem(_place(source, index, reading), _advice(what)))
        return
    unused = [word for word, count in spare.items() for _ in range(count)]
    if unused:
        item = next(i for i in reading.left_out[source.left_out_before :] if set(i.said) & set(unused))
        reading.problems.append(Problem(
            reading.locate([max(item.line - 1, 0), item.line], unused[0]),
            f"the import reports words as left out ({item.what}) that it did not find in the text it read "
            f"('{' '.join(unused[:_QUOTE_WORDS])}'); nothing was written. Remove or rewrite that passage and import again",
        ))


def _subsequence(words: tuple[str, ...], written: list[str]) -> list[bool] | None:
    """Which source words the written ones use, matched as early as they can be; None when
    the written words are no subsequence of the source's (a word added or moved)."""
    kept = [False] * len(words)
    position = 0
    for index, word in enumerate(words):
        if position < len(written) and written[position] == word:
            kept[index] = True
            position += 1
    return kept if position == len(written) else None


def _report_disorder(source: SourceWords, written: list[str], spare: Counter[str], reading: Reading) -> None:
    """The first place where the two sequences part: source words written elsewhere or not at
    all (other than those left out), or words written where the source does not have them."""
    words = source.words
    # autojunk off: legal text repeats words so often that the heuristic would miss real matches.
    matcher = SequenceMatcher(None, words, written, autojunk=False)
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for index in range(i1, i2) if _tag != "equal" else ():
            if spare[words[index]] > 0:
                spare[words[index]] -= 1
                continue
            later = _find(written, list(words[index:i2]), j2)
            if later is not None:
                before = max(later - 4, 0)
                what = (f"the import would move {_quote(words, index, i2)} further on, after "
                        f"{_quote(written, before, later)}{_where_source_has(source, written[before:later], reading)}")
            else:
                what = f"the import would lose {_quote(words, index, i2)}, which it does not report as left out"
            reading.problems.append(Problem(_place(source, index, reading), _advice(what)))
            return
        if _tag != "equal" and j2 > j1:
            added = written[j1:j2]
            where = _place(source, min(i1, len(words) - 1), reading) if words else Location(reading.path, 0, 0)
            if _find(words, added, 0) is not None:
                what = (f"the import would write {_quote(added, 0, len(added))}{_where_source_has(source, added, reading)} "
                        f"here, before {_quote(words, i1, len(words))}")
            else:
                what = (f"the import would write words the source does not have ({_quote(added, 0, len(added))}) "
                        f"here, before {_quote(words, i1, len(words))}")
            reading.problems.append(Problem(where, _advice(what)))
            return


def _where_source_has(source: SourceWords, run: Sequence[str], reading: Reading) -> str:
    """" (which the source has at line L, column C)" for a run of words, if it can say."""
    found = _find(source.words, run, 0)
    if found is None:
        return ""
    place = _place(source, found, reading)
    return f" (which the source has at line {place.line}, column {place.column})" if place.line else ""


def _advice(what: str) -> str:
    return (f"{what}: the text would not read as the source does, so nothing was written. Write this passage "
            "in a plainer shape (its own paragraphs or lists) and import again")


def _find(sequence: Sequence[str], needle: Sequence[str], start: int) -> int | None:
    """Where the first words of `needle` stand in `sequence`, from `start` on."""
    head = list(needle[: min(len(needle), 4)])
    if not head:
        return None
    for index in range(start, len(sequence) - len(head) + 1):
        if list(sequence[index : index + len(head)]) == head:
            return index
    return None


def _quote(words: Sequence[str], begin: int, end: int) -> str:
    """Words `begin`…`end` in quotes (a few only)."""
    if begin >= len(words):
        return "the end of the text"
    shown = list(words[begin : min(end, begin + _QUOTE_WORDS)])
    return f"'{' '.join(shown)}{' …' if end > begin + _QUOTE_WORDS else ''}'"


def _place(source: SourceWords, index: int, reading: Reading) -> Location:
    """The line and column of source word `index`: found by reading the words of its passage
    in the file's lines, from the passage's first line on."""
    if reading.whole_file or not reading.lines:
        return Location(reading.path, 0, 0)
    line = source.lines[index]
    start = index
    while start > 0 and source.lines[start - 1] == line:
        start -= 1
    row, column = line, 0
    found = (line, 0)
    for k in range(start, index + 1):
        hit = _search(reading.lines, source.words[k], row, column)
        if hit is not None:
            row, column = hit[0], hit[1] + len(source.words[k])
            found = hit
        elif k == index:
            found = (row, column)
    return Location(reading.path, found[0] + 1, found[1] + 1)


def _search(lines: list[str], word: str, row: int, column: int) -> tuple[int, int] | None:
    for index in range(row, min(row + _SEARCH_LINES, len(lines))):
        at = lines[index].find(word, column if index == row else 0)
        if at != -1:
            return index, at
    return None
