"""The report an import ends with: words in, words out, what was left out and why."""

from __future__ import annotations

from policypress.importer import ImportedDocument
from policypress.importer.files import Plan
from policypress.documents import PRIMARY_PATHS, DocumentPaths


def report_lines(
    name: str, document: ImportedDocument, plan: Plan | None, paths: DocumentPaths = PRIMARY_PATHS
) -> list[str]:
    """Lines for the terminal; `plan` None when nothing was written (e.g. an unchanged version)."""
    count = sum(len(s.walk()) for s in document.sections)
    parts = [f"{count} section{'s' if count != 1 else ''}"]
    if document.title:
        parts.insert(0, f"title '{document.title}'")
    if document.preamble:
        parts.append(f"a preamble of {len(document.preamble)} block{'s' if len(document.preamble) != 1 else ''}")
    lines = [f"Read {name}: {', '.join(parts)}."]
    lines.append(
        f"Words in: {document.words_in}. Words out: {document.words_out}. "
        f"Left out: {document.words_left_out}."
    )
    for item in document.left_out:
        lines.append(f"  - line {item.line}: {item.what}, {item.words} word{'s' if item.words != 1 else ''}: {item.why}")
    if document.defined:
        lines.append(f"Filled from --define: {', '.join(document.defined)}.")
    lines.extend(f"Note: {note}" for note in document.notes)
    if plan is not None:
        written = sorted(p for p, c in plan.items() if c is not None and p.startswith(paths.sections))
        removed = sorted(p.rsplit("/", 1)[1] for p, c in plan.items() if c is None)
        line = f"Wrote {len(written)} section file{'s' if len(written) != 1 else ''} to {paths.sections}/ and {paths.settings}"
        if removed:
            line += f"; removed {len(removed)} no longer in the document: {', '.join(removed)}"
        lines.append(line + ".")
    return lines
