"""The region matrix for people and programs: `/regions/` (and `/<lang>/regions/`) and
`policypress regions` as text or JSON (schema: `schemas/regions-output.schema.json`)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment

from policypress.assemble.matrix import MatrixRow, RegionMatrix
from policypress.emit import GeneratedPage
from policypress.i18n import gettext_for
from policypress.plaintext import markdown_to_text

EXCERPT_WORDS = 12
"""Words of a passage shown to name it."""

REGIONS_URI = "regions/index.md"


def excerpt(markdown: str, words: int = EXCERPT_WORDS) -> str:
    """The first words of a passage, as plain text."""
    found = markdown_to_text(markdown).split()
    return " ".join(found[:words]) + (" …" if len(found) > words else "")


_MARKUP = re.compile(r"([\\`*_\[\]{}#!|])")


def literal(text: str) -> str:
    """Plain text shown as it is on a Markdown page: HTML characters as entities, Markdown's
    punctuation escaped (a passage's words can never become markup or a link here)."""
    return _MARKUP.sub(r"\\\1", html.escape(text, quote=False))


def matrix_data(matrices: Sequence[RegionMatrix]) -> dict[str, Any]:
    """`{"documents": [{"document", "title", "regions": [{"id", "name"}], "passages": [...]}]}`."""
    return {
        "documents": [
            {
                "document": matrix.document or None,
                "title": markdown_to_text(matrix.title),
                "regions": [{"id": region.id, "name": region.name} for region in matrix.regions],
                "passages": [
                    {
                        "kind": row.kind,
                        "section": row.section,
                        "number": row.number,
                        "text": markdown_to_text(row.text),
                        "tags": list(row.tags),
                        "numbers": {region.id: number for region, number in zip(matrix.regions, row.numbers)},
                        "source": f"{row.location.path}:{row.location.line}" if row.location.line else row.location.path,
                    }
                    for row in matrix.rows
                ],
            }
            for matrix in matrices
        ]
    }


def matrix_json(matrices: Sequence[RegionMatrix]) -> str:
    """The JSON text (indented: people read it too)."""
    return json.dumps(matrix_data(matrices), ensure_ascii=False, indent=2) + "\n"


def _label(row: MatrixRow, locale: str) -> str:
    """How a row names its passage, e.g. "Section 8: International Data Transfers"."""
    _ = gettext_for(locale)
    kinds = {
        "section": _("Section"), "paragraph": _("Paragraph"), "list": _("List"), "list item": _("List item"),
        "table": _("Table"), "table row": _("Table row"),
    }
    if row.section is None:
        return f"{kinds[row.kind]}, {_('Preamble')}: {excerpt(row.text)}"
    if row.kind == "section":
        return f"{kinds[row.kind]} {row.number}: {excerpt(row.text)}"
    return f"{_('%(kind)s in %(number)s', kind=kinds[row.kind], number=row.number)}: {excerpt(row.text)}"


def matrix_text(env: Environment, matrices: Sequence[RegionMatrix], locale: str = "en_US") -> str:
    """The matrix for the terminal: per document, one line per passage and a column per region."""
    tables = []
    for matrix in matrices:
        heads = [region.id for region in matrix.regions]
        cells = [[number or "-" for number in row.numbers] for row in matrix.rows]
        widths = [max([len(head), *(len(line[i]) for line in cells)]) for i, head in enumerate(heads)]
        tables.append({
            "matrix": matrix,
            "title": markdown_to_text(matrix.title),
            "head": "  ".join(head.ljust(width) for head, width in zip(heads, widths)).rstrip(),
            "rows": [
                {"cells": "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip(),
                 "label": _label(row, locale), "tags": ", ".join(row.tags)}
                for row, line in zip(matrix.rows, cells)
            ],
        })
    return env.get_template("regions/matrix.txt.j2").render(tables=tables)


def regions_page(env: Environment, matrices: Sequence[RegionMatrix], locale: str, language: str = "") -> GeneratedPage:
    """`/regions/` (or `/<language>/regions/`): one table per document; out of the navigation
    and the search, like the archive (it is a reviewer's page, not a reader's)."""
    _ = gettext_for(locale)
    title = _("Passages by region")
    tables = [
        {
            "matrix": matrix,
            "title": markdown_to_text(matrix.title),
            "rows": [{"label": literal(_label(row, locale)), "tags": ", ".join(row.tags), "numbers": row.numbers} for row in matrix.rows],
        }
        for matrix in matrices
    ]
    markdown = env.get_template("pages/regions.md.j2").render(
        page_title=title, searchable=False, notice=None, tables=tables,
        hide=["navigation", "toc"],  # Material's front matter: the table gets the page's width
    )
    uri = f"{language.lower()}/{REGIONS_URI}" if language else REGIONS_URI
    return GeneratedPage.of(uri, title, markdown, "policy_src/regions.yaml", in_nav=False)
