"""`policypress translations update`: extract the passages and merge them into each PO file.

As gettext's msgmerge does, keyed by passage: a passage whose source text is unchanged keeps
its translation; one whose text changed keeps the old translation marked *fuzzy*, with the text
it was made for as the previous msgid (`#| msgid`), so the translator sees what changed; a new
passage gets an empty entry; an entry whose passage is gone becomes obsolete (`#~`), and comes
back if the same text returns. A passage that only moved (same text under another key, e.g. a
paragraph inserted before it) keeps its translation as it is.
"""

from __future__ import annotations

import polib

from policypress.sources.languages import babel_locale
from policypress.assemble.passages import Passage

WRAP = 78


def new_po(language: str, title: str) -> polib.POFile:
    """An empty PO file for `language`, with the header translation tools read."""
    po = polib.POFile(wrapwidth=WRAP)
    po.header = (
        f"Translation of {title} into {language}.\n"
        "Made by `policypress translations update`: translate the msgstr lines (Poedit, Weblate\n"
        "and Crowdin read this file); keep placeholders such as {{ privacy_email }} and\n"
        "{{ section:cookies }} as they are. Run the command again after the source changes."
    )
    # No dates in the header: running the update twice gives the same file.
    po.metadata = {
        "Project-Id-Version": title,
        "Language": str(babel_locale(language)),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


def merge(passages: list[Passage], old: polib.POFile | None, language: str, title: str) -> polib.POFile:
    """The PO file for `passages` (in reading order), keeping what `old` holds."""
    po = new_po(language, title)
    if old is not None:
        po.header, po.metadata = old.header, old.metadata
    previous = list(old) if old is not None else []
    used: set[int] = set()

    def take(entry: polib.POEntry) -> polib.POEntry:
        used.add(id(entry))
        return entry

    by_key = {entry.msgctxt: entry for entry in previous if not entry.obsolete and entry.msgctxt}
    chosen: dict[str, polib.POEntry | None] = {}
    # 1. Same key, same text: the translation stands.
    for passage in passages:
        entry = by_key.get(passage.key)
        chosen[passage.key] = take(entry) if entry is not None and entry.msgid == passage.text else None
    # 2. Same text elsewhere (a moved passage, or one that comes back): reuse its translation.
    by_text: dict[str, list[polib.POEntry]] = {}
    for entry in previous:
        if id(entry) not in used and entry.msgstr:
            by_text.setdefault(entry.msgid, []).append(entry)
    for passage in passages:
        if chosen[passage.key] is None and by_text.get(passage.text):
            chosen[passage.key] = take(by_text[passage.text].pop(0))
    # 3. Same key, changed text: keep the old translation, fuzzy.
    for passage in passages:
        entry = by_key.get(passage.key)
        if chosen[passage.key] is None and entry is not None and id(entry) not in used:
            chosen[passage.key] = take(entry)

    for passage in passages:
        po.append(_entry(passage, chosen[passage.key]))
    for entry in previous:
        # Entries nobody took are obsolete; an obsolete entry with nothing translated is noise.
        if id(entry) not in used and entry.msgstr and entry.msgctxt:
            po.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=entry.msgstr, obsolete=True))
    return po


def _entry(passage: Passage, old: polib.POEntry | None) -> polib.POEntry:
    """The entry for `passage`, carrying over `old`'s translation (fuzzy if made for other text)."""
    location = passage.location
    entry = polib.POEntry(
        msgctxt=passage.key,
        msgid=passage.text,
        msgstr="",
        occurrences=[(location.path, str(location.line))],
        comment=passage.note,
        tcomment=old.tcomment if old is not None else "",
    )
    if old is None or not old.msgstr:
        return entry
    entry.msgstr = old.msgstr
    if old.msgid != passage.text or "fuzzy" in old.flags:
        entry.flags.append("fuzzy")
        # The text the translation was made for: already fuzzy, it keeps the older one.
        entry.previous_msgid = old.previous_msgid if "fuzzy" in old.flags and old.previous_msgid else old.msgid
    return entry


def po_text(po: polib.POFile) -> str:
    """The PO file as written to disk (polib's layout, with a final newline)."""
    text = str(po)
    return text if text.endswith("\n") else text + "\n"
