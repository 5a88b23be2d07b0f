"""Stage 2: one page's view of the policy — the passages for a region, numbered for that page.

Numbering is per page: a region page numbers its visible sections consecutively, and every
section reference on the page reads with the number its target has there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import Any, Generic, TypeVar

from policypress.annotations import shown_refs
from policypress.assemble.blocks import (
    ViewBlock,
    ViewCell,
    ViewCellValue,
    ViewInner,
    ViewItem,
    ViewList,
    ViewParagraph,
    ViewTable,
    view_block,
)
from policypress.errors import Location, PolicyError
from policypress.assemble.linked import other_documents
from policypress.inline import substitute
from policypress.model import Block, Policy, Region, Section
from policypress.assemble.passages import (
    DOCUMENT_TITLE, PREAMBLE, PassageTexts, block_key, region_name_key, section_summary_key, section_title_key,
)

T = TypeVar("T")

__all__ = [
    "ByIdentity", "Numbered", "PassageTexts", "PolicyView", "Same", "SectionViews", "ViewBlock", "ViewCell", "ViewCellValue",
    "ViewInner", "ViewItem", "ViewList", "ViewParagraph", "ViewSection",
    "ViewTable", "assemble", "format_heading",
]


def format_heading(number: str, title: str) -> str:
    """"1. Introduction" for a section, "3.1 Information …" for a subsection; the title alone
    for what has no number (the preamble)."""
    if not number:
        return title
    separator = ". " if "." not in number else " "
    return f"{number}{separator}{title}"


class Numbered:
    """Depth and heading of anything with a dotted `number` and a `title` (a section on a
    page, a section in a redline)."""

    number: str
    title: str

    @property
    def depth(self) -> int:
        """1 for a top-level section, 2 for a subsection, …"""
        return self.number.count(".") + 1

    @property
    def heading(self) -> str:
        """The heading as the seed writes it: "1. Introduction", "3.1 Information …"."""
        return format_heading(self.number, self.title)


@dataclass(frozen=True)
class ViewSection(Numbered):
    """A section as one page shows it."""

    id: str
    number: str
    """Dotted number on this page, e.g. "8.1"."""
    title: str
    blocks: tuple[ViewBlock, ...]
    subsections: tuple[ViewSection, ...]
    source_path: str = field(compare=False)
    """The YAML file the section comes from, for edit links (moving a section to another
    file does not change the text, so it does not take part in comparisons)."""
    discloses: frozenset[str] = field(default=frozenset(), compare=False)
    """Disclosure items the section's heading, or a passage shown under it on this page (not
    in its subsections), is marked as making; metadata, so not part of comparisons either."""
    title_untranslated: bool = field(default=False, compare=False)
    summary: ViewParagraph | None = None
    """The section's short version (`summary:`), resolved and translated like its text; None
    if it has none. Compared, as readers see it (a changed summary is a change of the page),
    but never part of the published plain text."""


@dataclass(frozen=True)
class PolicyView:
    """The policy for one region, or the complete policy when `region` is None."""

    region: Region | None
    title: str
    sections: tuple[ViewSection, ...]
    preamble: tuple[ViewBlock, ...] = ()
    """Blocks before section 1, unnumbered."""
    language: str = field(default="", compare=False)
    """The language of a translated view; "" for the source language."""
    untranslated: int = field(default=0, compare=False)
    """How many passages of a translated view show in the source language."""

    def same_text(self, other: PolicyView) -> bool:
        """Whether both views say the same thing (where it comes from aside)."""
        return (self.title, self.preamble, self.sections) == (other.title, other.preamble, other.sections)

    def summaries(self) -> list[ViewSection]:
        """The sections of the page that have a summary, in reading order (the "at a glance"
        layer; none: the page has no such layer)."""
        return [section for section in self.walk() if section.summary is not None]

    def walk(self) -> list[ViewSection]:
        """Every section and subsection in reading order."""
        found: list[ViewSection] = []

        def visit(sections: tuple[ViewSection, ...]) -> None:
            for section in sections:
                found.append(section)
                visit(section.subsections)

        visit(self.sections)
        return found


def _number(
    sections: tuple[Section, ...], prefix: str, shows: Callable[[frozenset[str]], bool], numbers: dict[str, str]
) -> list[tuple[Section, str]]:
    visible = [s for s in sections if shows(s.tags)]
    numbered = [(s, f"{prefix}{index}") for index, s in enumerate(visible, start=1)]
    for section, num in numbered:
        numbers[section.id] = num
        _number(section.subsections, f"{num}.", shows, numbers)
    return numbered


def section_numbers(policy: Policy, region: Region | None) -> dict[str, str]:
    """The number of every section shown on `region`'s page (None: the complete page)."""
    numbers: dict[str, str] = {}
    _number(policy.sections, "", lambda tags: region is None or region.shows(tags), numbers)
    return numbers


class SectionViews:
    """Section views already assembled, for assembling many releases of one history.

    A history's releases share their unchanged sections (each distinct file is parsed once,
    see `policypress.sources.SnapshotCache`), and a section's view depends only on the section,
    its number and file, and what the page shows and numbers. Views made in the same context
    are the same objects, so comparing and writing them again costs little. One per build."""

    def __init__(self) -> None:
        self._contexts: dict[tuple[object, ...], int] = {}
        self._views: dict[tuple[int, str, str, int], tuple[Section, ViewSection]] = {}

    def context(self, *parts: object) -> int:
        """A small number for an assembly context (equal contexts get the same number)."""
        return self._contexts.setdefault(parts, len(self._contexts))

    def get(self, section: Section, number: str, path: str, context: int, make: Callable[[], ViewSection]) -> ViewSection:
        """The view of `section` in `context`, made by `make` the first time."""
        key = (id(section), number, path, context)
        found = self._views.get(key)
        if found is not None and found[0] is section:  # the section is kept alive with its view
            return found[1]
        view = make()
        self._views[key] = (section, view)
        return view


class Same:
    """A cache key equal only to a key for the same object: the views `SectionViews` shares
    are looked up by identity, which spares hashing all their blocks each time (frozen
    dataclasses hash their fields anew on every call). A cached key keeps its object alive,
    so an identity is never reused while it is cached."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.value is self.value


class ByIdentity(Generic[T]):
    """Results made from values, by the values' identity: for immutable values shared by many
    pages (see `SectionViews`), which are then never hashed or compared again. Each value is
    kept alive with its result, so an identity is never reused while it is kept."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[object, T]] = {}

    def get(self, value: object, make: Callable[[Any], T]) -> T:
        """The result for `value`, made by `make(value)` the first time."""
        found = self._kept.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        result = make(value)
        self._kept[id(value)] = (value, result)
        return result


def assemble(
    policy: Policy, region: Region | None, texts: PassageTexts | None = None, views: SectionViews | None = None
) -> PolicyView:
    """The view of a validated `policy` for `region` (None: every passage, numbered as written).

    With `texts`, the view of a translation: each passage in the language where it has a
    translation and in the source language (marked untranslated) where not; numbering and
    references are the same as the source's, as they come from the same sections. With
    `views`, sections already assembled in the same context are reused (the view is the same).
    """

    def shows(tags: frozenset[str]) -> bool:
        return region is None or region.shows(tags)

    numbers: dict[str, str] = {}
    top = _number(policy.sections, "", shows, numbers)
    fallbacks = [0]

    def reference(section_id: str) -> str:
        label = texts.reference(numbers[section_id]) if texts else f"Section {numbers[section_id]}"
        return f"[{label}](#{section_id})"

    def translated(key: str, source: str) -> tuple[str, bool]:
        """The passage's text for this view, and whether it falls back to the source."""
        if texts is None:
            return source, False
        found = texts.text(key, source)
        if found is None:
            fallbacks[0] += 1
            return source, True
        return found, False

    placeholders: Mapping[str, str] = policy.settings.placeholders
    other = other_documents(policy, region, section_numbers, texts) if policy.linked else None

    def resolve(text: str, location: Location) -> str:
        # Validation makes these lookups safe for the working tree; a snapshot from history
        # is only shape-checked, so say what cannot be resolved instead of crashing.
        try:
            return substitute(text, placeholders, reference, other)
        except (KeyError, ValueError) as error:
            raise PolicyError.single(location, f"cannot resolve {error} on the page of {region.id if region else 'full'}") from None

    def blocks_of(prefix: str, source: tuple[Block, ...]) -> tuple[ViewBlock, ...]:
        views = (view_block(block, shows, resolve, block_key(prefix, index), translated) for index, block in enumerate(source))
        return tuple(view for view in views if view is not None)

    # A translation or another document's numbers are more context than is worth keying.
    context = None
    if views is not None and texts is None and other is None:
        context = views.context(
            region.tags if region else None, tuple(numbers.items()), tuple(sorted(placeholders.items()))
        )

    def view(section: Section, num: str, path: str) -> ViewSection:
        if context is None:
            return make_view(section, num, path)
        return views.get(section, num, path, context, lambda: make_view(section, num, path))

    def make_view(section: Section, num: str, path: str) -> ViewSection:
        blocks = blocks_of(section.id, section.blocks)
        subsections = tuple(
            view(sub, numbers[sub.id], path) for sub in section.subsections if shows(sub.tags)
        )
        discloses = frozenset(
            ref.id for ref in chain(section.discloses, *(shown_refs(block, shows) for block in section.blocks))
        )
        title, title_fallback = translated(section_title_key(section.id), section.title)
        summary = None
        if section.summary is not None:
            text, fallback = translated(section_summary_key(section.id), section.summary.text)
            summary = ViewParagraph(resolve(text, section.summary.location), fallback)
        return ViewSection(
            section.id, num, resolve(title, section.location), blocks, subsections, path, discloses, title_fallback,
            summary,
        )

    preamble = blocks_of(PREAMBLE, policy.preamble)
    sections = tuple(view(section, num, section.location.path) for section, num in top)
    title, _ = translated(DOCUMENT_TITLE, policy.settings.title)
    if texts is not None and region is not None:
        name, _ = translated(region_name_key(region.id), region.name)
        region = replace(region, name=name)
    return PolicyView(
        region=region,
        title=title,
        sections=sections,
        preamble=preamble,
        language=texts.language if texts else "",
        untranslated=fallbacks[0],
    )
