"""What one import collects while reading a Markdown file: problems, what it left out, notes.

A `Reading` belongs to one import call (never shared), so the importer keeps no global state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policypress.errors import Location, Problem


@dataclass(frozen=True)
class LeftOut:
    """Text of the file that the import does not carry over, and why."""

    line: int
    what: str
    """E.g. "HTML comment", "front matter", "date line 'Last updated: …'"."""
    why: str
    said: tuple[str, ...]
    """The words left out, as the reader of the source saw them (the order check looks for them)."""

    @property
    def words(self) -> int:
        return len(self.said)


@dataclass
class Reading:
    """The state of reading one file: its lines (for columns) and what was found."""

    path: str
    lines: list[str]
    problems: list[Problem] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unwrapped: dict[str, int] = field(default_factory=dict)
    """How many presentational elements of each kind were unwrapped, by what the report says."""
    whole_file: bool = False
    """The text read is made from the file (a Word file's HTML), so its lines are no place in it:
    problems are located at the file alone."""

    def locate(self, line_range: list[int] | None, snippet: str = "") -> Location:
        """The 1-based position of `snippet` within the 0-based `line_range` of the file."""
        if self.whole_file:
            return Location(self.path, 0, 0)
        if not line_range:
            return Location(self.path)
        first, last = line_range[0], max(line_range[1], line_range[0] + 1)
        needle = snippet.split("\n", 1)[0].strip()
        if needle:
            for index in range(first, min(last, len(self.lines))):
                column = self.lines[index].find(needle)
                if column != -1:
                    return Location(self.path, index + 1, column + 1)
        return Location(self.path, first + 1, 1)

    def error(self, line_range: list[int] | None, snippet: str, message: str) -> None:
        """Record a problem at the place `snippet` was written."""
        self.problems.append(Problem(self.locate(line_range, snippet), message))

    def unwrap(self, what: str) -> None:
        """Count one element whose formatting is dropped and words kept (reported once per kind)."""
        self.unwrapped[what] = self.unwrapped.get(what, 0) + 1

    def image(self, line: int, source: str, alt: str) -> None:
        """Note an image: its alternative text is kept; the picture is not carried over."""
        self.notes.append(
            f"line {line}: image '{source[:60]}' kept as its alternative text '{alt[:60]}'" if alt.strip() else
            f"line {line}: image '{source[:60]}' has no alternative text; left out"
        )

    def leave_out(self, line_range: list[int] | None, what: str, why: str, text: str) -> None:
        """Record text the import does not keep (counted in the report)."""
        line = (line_range[0] + 1) if line_range else 1
        self.left_out.append(LeftOut(line, what, why, tuple(text.split())))
