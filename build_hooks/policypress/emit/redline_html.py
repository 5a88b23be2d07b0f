"""HTML for redlines: <ins>/<del> that read without colour and with a screen reader.

Each insertion and deletion carries visually hidden words ("inserted:", "deleted:") because
most screen readers do not announce <ins> and <del> by themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from html import escape

from markupsafe import Markup

from policypress.assemble import format_heading
from policypress.redline import ChangeKind, Op, Redline, SectionDiff, Span, UnitDiff

_KIND_ORDER = [ChangeKind.ADDED, ChangeKind.REMOVED, ChangeKind.RENAMED, ChangeKind.MOVED, ChangeKind.CHANGED]


def _(message: str) -> str:
    """Marks a message for the catalogue; it is translated where it is shown."""
    return message


# The words for each kind, as msgids of PolicyPress's catalogue (the enum's values are English).
_KIND_WORDS = {
    ChangeKind.ADDED: _("added"),
    ChangeKind.REMOVED: _("removed"),
    ChangeKind.RENAMED: _("renamed"),
    ChangeKind.MOVED: _("moved"),
    ChangeKind.CHANGED: _("text changed"),
}


def kinds_sentence(kinds: Iterable[ChangeKind], translate: Callable[[str], str] = _) -> str:
    """E.g. "renamed, text changed"; "unchanged" for none; in a language with `translate`."""
    chosen = set(kinds)
    return ", ".join(translate(_KIND_WORDS[kind]) for kind in _KIND_ORDER if kind in chosen) or translate(_("unchanged"))


def section_counts(diff: Redline | None) -> str:
    """E.g. "1 added, 2 changed" (sections); "first version" when there is nothing to compare with."""
    if diff is None:
        return "first version"
    counts = [(diff.count(kind), "changed" if kind is ChangeKind.CHANGED else kind.value) for kind in _KIND_ORDER]
    return ", ".join(f"{count} {word}" for count, word in counts if count) or "no section changed"


Words = tuple[str, str]
"""What a screen reader announces before an insertion and a deletion, in the page's language."""

ENGLISH: Words = (_("inserted"), _("deleted"))


def span_html(span: Span, words: Words = ENGLISH) -> str:
    """One run of words, marked up by what happened to it."""
    text = escape(span.text)
    if span.op is Op.INSERT:
        return f'<ins><span class="visually-hidden">[{escape(words[0])}: </span>{text}<span class="visually-hidden">]</span></ins>'
    if span.op is Op.DELETE:
        return f'<del><span class="visually-hidden">[{escape(words[1])}: </span>{text}<span class="visually-hidden">]</span></del>'
    return text


@lru_cache(maxsize=8192)
def units_html(units: tuple[UnitDiff, ...], words: Words = ENGLISH) -> Markup:
    """Paragraphs as <p>, consecutive list items as one <ul> (unchanged sections recur in
    every redline of a page, so their HTML is made once)."""
    out: list[str] = []
    in_list = False
    for unit in units:
        if unit.list_item and not in_list:
            out.append("<ul>")
        elif not unit.list_item and in_list:
            out.append("</ul>")
        in_list = unit.list_item
        body = "".join(span_html(span, words) for span in unit.spans)
        out.append(f"<li>{body}</li>" if unit.list_item else f"<p>{body}</p>")
    if in_list:
        out.append("</ul>")
    return Markup("".join(out))


def heading_html(section: SectionDiff, words: Words = ENGLISH, was: str = _("was")) -> Markup:
    """Number and title, showing an old number and a renamed title."""
    number = escape(section.number)
    if section.old_number and section.new_number and section.old_number != section.new_number:
        number += f" ({escape(was)} {escape(section.old_number)})"
    if section.old_title and section.new_title and section.old_title != section.new_title:
        title = span_html(Span(Op.DELETE, section.old_title), words) + " " + span_html(Span(Op.INSERT, section.new_title), words)
    else:
        title = escape(section.title)
    return Markup(format_heading(number, title))
