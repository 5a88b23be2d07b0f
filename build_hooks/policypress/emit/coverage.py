"""Disclosure coverage for people and programs: `policypress coverage` and `/api/coverage.json`.

The JSON shape is SPEC §11's: `{"regions": {"<region>": {"laws": [...], "items": [{"id",
"cite", "status", "sections"}]}}}`; its JSON Schema is `schemas/api-coverage.schema.json`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment

from policypress.coverage import RegionCoverage, Status
from policypress.emit import GeneratedFile
from policypress.laws import DISCLAIMER

COVERAGE_URI = "api/coverage.json"


def coverage_data(coverages: Sequence[RegionCoverage]) -> dict[str, Any]:
    """The coverage of region pages as SPEC §11's JSON value."""
    return {
        "regions": {
            coverage.region.id: {
                "laws": list(coverage.laws),
                "items": [
                    {"id": entry.item.id, "cite": entry.item.cite, "status": entry.status.value, "sections": list(entry.sections)}
                    for entry in coverage.items
                ],
            }
            for coverage in coverages
        }
    }


def coverage_json(coverages: Sequence[RegionCoverage]) -> str:
    """The JSON text (indented: it is read by people as well as programs)."""
    return json.dumps(coverage_data(coverages), ensure_ascii=False, indent=2) + "\n"


def coverage_file(coverages: Sequence[RegionCoverage]) -> GeneratedFile:
    """`/api/coverage.json`, for auditors."""
    return GeneratedFile.of(COVERAGE_URI, coverage_json(coverages))


def coverage_text(env: Environment, coverages: Sequence[RegionCoverage]) -> str:
    """The coverage report for the terminal, saying once that it is not legal advice."""
    return env.get_template("coverage/report.txt.j2").render(
        coverages=coverages, disclaimer=DISCLAIMER, Status=Status
    )
