"""Format-2 test sources (our own invented text): every block kind, written as an editor would."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from policy_repo import REGIONS, base_sections, settings
from ruamel.yaml import YAML

from policypress.model import Policy
from policypress.sources import load_policy
from policypress.sources.tree import DirectoryTree

PREAMBLE: list[Any] = [
    "This policy explains what Acme does with your data.",
    {"text": "Northern readers also have the rights of {{ section:north-rules }}.", "tags": ["north-law"]},
]


def block_sections() -> dict[str, dict[str, Any]]:
    """The test policy's sections with a table, numbered and nested lists, deep and empty sections."""
    sections = base_sections()
    data = sections["data"]
    data["blocks"] = [
        "We collect what you give us.",
        {
            "table": {
                "header": ["Cookie", "Purpose", "Kept for"],
                "rows": [
                    ["session", "Keeps you *signed in*; see {{ section:contact }}", "Until you sign out"],
                    {"cells": ["north-count", "Counts visits from the North", "1 year"], "tags": ["north-law"]},
                    {"cells": ["south-count", "Counts visits from the South", ""], "tags": ["south-law"]},
                ],
            }
        },
        {
            "numbered": True,
            "start": 3,
            "items": [
                "Third step.",
                {
                    "text": "Fourth step, in parts:",
                    "items": [
                        "Part one.",
                        {"text": "Part two, numbered:", "numbered": True, "items": ["Sub one.", "Sub two."]},
                        {"text": "Part three, southern only.", "tags": ["south-law"]},
                    ],
                },
            ],
        },
        {"items": ["A bulleted list right after a numbered one."]},
    ]
    data["sections"][0]["sections"] = [
        {"id": "heading-only", "title": "A heading with nothing under it"},
        {
            "id": "level-three",
            "title": "Level three",
            "sections": [
                {
                    "id": "level-four",
                    "title": "Level four",
                    "tags": ["south-law"],
                    "sections": [{"id": "level-five", "title": "Level five", "blocks": ["Five levels down."]}],
                },
                {"id": "level-four-b", "title": "Level four, everywhere", "blocks": ["See {{ section:level-three }}."]},
            ],
        },
    ]
    return sections


def format_2_settings(preamble: list[Any] | None = None) -> dict[str, Any]:
    """What PolicyRepo.settings takes to make the sources format 2 with a preamble."""
    return {"format": 2, "preamble": PREAMBLE if preamble is None else preamble}


def write_sources(
    root: Path, sections: dict[str, dict[str, Any]], overrides: dict[str, Any] | None = None
) -> Path:
    """Write `policy_src/` under `root` as block-style YAML, the way editors write it (no git,
    no site scaffolding); returns `root`."""
    folder = root / "policy_src" / "sections"
    folder.mkdir(parents=True, exist_ok=True)
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096

    def write(relative: str, data: Any, schema: str) -> None:
        up = "../" * (relative.count("/") + 1)
        header = f"# yaml-language-server: $schema={up}build_hooks/policypress/schemas/{schema}.schema.json\n"
        out = io.StringIO()
        yaml.dump(data, out)
        (root / "policy_src" / relative).write_text(header + out.getvalue(), "utf-8")

    write("settings.yaml", {**settings(list(sections)), **(overrides or {})}, "settings")
    write("regions.yaml", REGIONS, "regions")
    for section_id, section in sections.items():
        write(f"sections/{section_id}.yaml", section, "section")
    write("releases.yaml", [], "releases")
    return root


def load(root: Path) -> Policy:
    """The validated policy written under `root`."""
    return load_policy(DirectoryTree(root))


def rights_list() -> dict[str, Any]:
    """A list (invented text) whose second item holds a paragraph, a sub-list, then a paragraph
    (source format 4), as real policies write "which may include: … Please note …"."""
    return {
        "items": [
            "You can ask us what we hold about you.",
            {
                "text": "You can ask us to correct it, which may include:",
                "blocks": [
                    {"items": ["your postal address;", {"text": "your *display name*.", "tags": ["north-law"]}]},
                    "Please note that we answer within {{ section:contact }}'s deadlines.",
                    {"numbered": True, "items": ["Write to us.", "Wait for our reply."]},
                ],
            },
        ]
    }


def rights_table() -> dict[str, Any]:
    """A rights table (invented text) whose cells hold paragraphs and lists (source format 4)."""
    return {
        "table": {
            "header": ["Right", "How to use it"],
            "rows": [
                ["Access", {"blocks": ["Either:", {"items": ["use the download tool;", "or write to {{ email }}."]}]}],
                ["Erasure", {"blocks": ["Delete your account.", "We erase backups within a month."]}],
                {"cells": ["Objection", {"blocks": [{"text": "Northern readers may object.", "tags": ["north-law"]}, "Everyone may complain."]}]},
                ["Portability", "Ask us for a copy."],
            ],
        }
    }


def format_4_settings(preamble: list[Any] | None = None) -> dict[str, Any]:
    """What PolicyRepo.settings takes to make the sources format 4 with a preamble."""
    return {**format_2_settings(preamble), "format": 4}


def nested_block_sections() -> dict[str, dict[str, Any]]:
    """`block_sections` with a rights list and a rights table (format 4) in section "contact"."""
    sections = block_sections()
    sections["contact"]["blocks"].extend([rights_list(), rights_table()])
    return sections
