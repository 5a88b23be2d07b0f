"""Reading levels for people and programs: `policypress readability` as text or JSON
(schema: `schemas/readability-output.schema.json`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment

from policypress.readability import GUIDANCE, PageLevel


@dataclass(frozen=True)
class DocumentLevels:
    """One document's pages, each with its reading level."""

    document: str
    title: str
    pages: tuple[PageLevel, ...]


def readability_data(documents: Sequence[DocumentLevels]) -> dict[str, Any]:
    """`{"guidance", "documents": [{"document", "title", "pages": [...]}]}`."""
    return {
        "guidance": GUIDANCE,
        "documents": [
            {
                "document": doc.document or None,
                "title": doc.title,
                "pages": [
                    {
                        "page": page.scope,
                        "name": page.name,
                        "language": page.language,
                        "measure": {"name": page.measure.name, "grade": page.measure.grade} if page.measure else None,
                        "level": page.level,
                        "words": page.words,
                        "sections": [
                            {"id": s.id, "number": s.number, "title": s.title, "level": s.level, "words": s.words}
                            for s in page.sections
                        ],
                    }
                    for page in doc.pages
                ],
            }
            for doc in documents
        ],
    }


def readability_json(documents: Sequence[DocumentLevels]) -> str:
    """The JSON text (indented: people read it too)."""
    return json.dumps(readability_data(documents), ensure_ascii=False, indent=2) + "\n"


def readability_text(env: Environment, documents: Sequence[DocumentLevels]) -> str:
    """The report for the terminal, saying once that the figures are guidance."""
    return env.get_template("readability/report.txt.j2").render(documents=documents, guidance=GUIDANCE)
