"""Plain language: a reading level for each page and section, with the library textstat (SPEC §16).

Regulators ask for "clear and plain language" (GDPR Art. 12(1)) and text that is "easy to read
and understandable" (11 CCR §7003(a)). A formula can only count words, syllables and sentence
lengths, so its figures are guidance for editors, never a verdict; every output says so once.
English gets the Flesch–Kincaid grade (the school year a reader needs); a language for which
textstat has a formula of its own gets that one; any other language gets no measure rather than
an English formula applied to words it was not made for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from textstat.textstat import textstatistics

from policypress.assemble import Numbered, PolicyView, ViewSection, assemble, format_heading
from policypress.model import Policy
from policypress.plaintext import markdown_to_text, section_text
from policypress.sources.tree import SourceTree
from policypress.sources.languages import source_language, url_segment
from policypress.translations.texts import working_translation

GUIDANCE = (
    "Readability figures are guidance: a formula counts words, syllables and sentence lengths; "
    "it cannot tell whether a reader understands the text, and legal terms can be the clearest words there are."
)


@dataclass(frozen=True)
class Measure:
    """A readability formula for one language."""

    name: str
    grade: bool
    """True: a school grade, higher is harder (a `max_grade` goal applies); False: a reading
    ease score, higher is easier."""
    method: str
    """textstat's method."""
    lang: str
    """The language textstat is set to (its syllable rules and constants)."""

    @property
    def harder_when(self) -> str:
        return "higher" if self.grade else "lower"


# textstat's own formula for a language where it has one; French, Dutch and Russian get
# Flesch reading ease with the constants textstat keeps for them (Kandel–Moles, Douma,
# Oborneva). Portuguese and the rest: textstat would use English constants, so no measure.
_MEASURES = {
    "en": Measure("Flesch–Kincaid grade", True, "flesch_kincaid_grade", "en_US"),
    "de": Measure("Wiener Sachtextformel (grade)", True, "wiener_sachtextformel", "de_DE"),
    "es": Measure("Fernández Huerta reading ease", False, "fernandez_huerta", "es_ES"),
    "it": Measure("Gulpease index", False, "gulpease_index", "it_IT"),
    "fr": Measure("Flesch reading ease (Kandel–Moles)", False, "flesch_reading_ease", "fr_FR"),
    "nl": Measure("Flesch reading ease (Douma)", False, "flesch_reading_ease", "nl_NL"),
    "ru": Measure("Flesch reading ease (Oborneva)", False, "flesch_reading_ease", "ru_RU"),
}


def measure_for(language: str) -> Measure | None:
    """The measure for a language ("en", "pt-BR", "de_DE"), or None: no measure."""
    return _MEASURES.get(re.split(r"[-_]", language)[0].lower())


@lru_cache(maxsize=16)
def _scorer(measure: Measure) -> Callable[[str], float]:
    # One textstat object per measure: set_lang on the shared module-level object would be
    # global state across documents of different languages.
    stats = textstatistics()
    stats.set_lang(measure.lang)
    method = getattr(stats, measure.method)
    if measure.method == "wiener_sachtextformel":
        return lambda text: method(text, 1)
    return method


_MARKER = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")


def measurable(text: str) -> str:
    """Plain text as sentences: list markers dropped, table cells joined, and every line that
    lacks closing punctuation closed with a full stop (a list item is a sentence of its own,
    not the start of one long sentence with the next)."""
    sentences = []
    for line in text.splitlines():
        line = _MARKER.sub("", line).replace(" | ", ", ").strip()
        if line:
            sentences.append(line if line[-1] in ".!?:;" else line + ".")
    return " ".join(sentences)


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


@lru_cache(maxsize=4096)
def reading_level(text: str, language: str) -> float | None:
    """The measure of plain `text` in `language`, rounded to one decimal; None without a
    measure or without words."""
    measure = measure_for(language)
    prepared = measurable(text)
    if measure is None or not word_count(prepared):
        return None
    return round(float(_scorer(measure)(prepared)), 1)


@dataclass(frozen=True)
class SectionLevel(Numbered):
    """One section's own text (not its subsections')."""

    id: str
    number: str
    title: str
    level: float | None
    """None: no measure, or no text of its own."""
    words: int


@dataclass(frozen=True)
class PageLevel:
    """A page's reading level and its sections'."""

    scope: str
    """Region id, or "full"."""
    name: str
    language: str
    measure: Measure | None
    level: float | None
    words: int
    sections: tuple[SectionLevel, ...]


def _heading(section: ViewSection) -> str:
    return format_heading(section.number, markdown_to_text(section.title))


def _own_text(section: ViewSection) -> str:
    return markdown_to_text(section.title) + ".\n" + section_text(section) if section.blocks else ""


def page_level(view: PolicyView, scope: str, name: str, language: str) -> PageLevel:
    """The reading level of a page (its sections' text taken together) and of each section."""
    sections = []
    texts = []
    for section in view.walk():
        text = _own_text(section)
        texts.append(text)
        sections.append(SectionLevel(
            section.id, section.number, markdown_to_text(section.title), reading_level(text, language), word_count(section_text(section))
        ))
    whole = "\n".join(texts)
    return PageLevel(scope, name, language, measure_for(language), reading_level(whole, language), word_count(whole), tuple(sections))


@dataclass(frozen=True)
class LevelChange:
    """A changed section's reading level before and after a release."""

    id: str
    heading: str
    before: float | None
    """None: the section is new, or had no text of its own, or there is no measure."""
    after: float | None
    """None: the section was removed, or has no text of its own, or there is no measure."""

    def above(self, max_grade: float) -> bool:
        """Whether the release makes the section harder than `max_grade` (a grade measure):
        above it now, and harder than before (a section already above it that got simpler is not flagged)."""
        return self.after is not None and self.after > max_grade and (self.before is None or self.after > self.before)


def level_changes(old: PolicyView | None, new: PolicyView, language: str) -> tuple[LevelChange, ...]:
    """The reading level of each section whose own text differs between `old` and `new`."""
    before = {s.id: s for s in old.walk()} if old is not None else {}
    changes = []
    for section in new.walk():
        previous = before.pop(section.id, None)
        text = _own_text(section)
        old_text = _own_text(previous) if previous is not None else ""
        if text == old_text:
            continue
        changes.append(LevelChange(
            section.id, _heading(section), reading_level(old_text, language) if old_text else None,
            reading_level(text, language) if text else None,
        ))
    for section in before.values():
        changes.append(LevelChange(section.id, _heading(section), reading_level(_own_text(section), language), None))
    return tuple(changes)


def document_pages(policy: Policy, tree: SourceTree, region: str | None = None) -> tuple[PageLevel, ...]:
    """The reading level of each of a document's pages as the sources in `tree` are now: the
    complete text (unless one `region` is asked for), each region's page and each of its
    translations (measured in their language)."""
    prefix = f"{policy.document}/" if policy.document else ""
    language = source_language(policy)
    pages = [] if region else [page_level(assemble(policy, None), f"{prefix}full", "complete text", language)]
    for shown in policy.regions:
        if region and shown.id != region:
            continue
        pages.append(page_level(assemble(policy, shown), prefix + shown.id, shown.name, language))
        for offer in shown.languages:
            view = assemble(policy, shown, working_translation(tree, policy, offer.code))
            name = view.region.name if view.region else shown.name
            pages.append(page_level(view, f"{url_segment(offer.code)}/{prefix}{shown.id}", name, offer.code))
    return tuple(pages)
