"""The one error type for policy problems, and the location every problem carries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a path relative to the repository, with 1-based line and column (line 0:
    the file as a whole, printed as the path alone)."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        # Line 0: the problem is the whole file (a Word archive, an unreadable page), no place in it.
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the policy sources, said so that an editor can fix it."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: error: {self.message}"


class PolicyError(Exception):
    """Raised with every problem found, never just the first, sorted by location."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, location: Location, message: str) -> PolicyError:
        """A policy error with one problem."""
        return cls([Problem(location, message)])
