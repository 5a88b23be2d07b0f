"""A MkDocs hook of the manual: the navigation names pages that other changes are still
writing; until a page's file exists it is left out of the navigation instead of failing the
strict build. Every file that does exist must be in the navigation (`omitted_files: warn`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _existing(entries: list[Any], docs: Path) -> list[Any]:
    """The navigation entries whose page exists (sections keep their existing pages)."""
    kept: list[Any] = []
    for entry in entries:
        if isinstance(entry, str):
            if (docs / entry).is_file():
                kept.append(entry)
        elif isinstance(entry, dict):
            ((title, value),) = entry.items()
            if isinstance(value, list):
                children = _existing(value, docs)
                if children:
                    kept.append({title: children})
            elif "://" in value or (docs / value).is_file():
                kept.append(entry)
    return kept


def on_config(config: Any) -> Any:
    """Drop planned pages that do not exist yet from the navigation."""
    config["nav"] = _existing(config["nav"], Path(config["docs_dir"]))
    return config
