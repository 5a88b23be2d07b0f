"""A test policy repository with further documents in policy_src/documents/ (our own text)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from policy_repo import PolicyRepo, settings


def cookie_sections() -> dict[str, dict[str, Any]]:
    """Sections of a small second document: a cookie notice of the test company."""
    return {
        "what": {"id": "what", "title": "What cookies are", "blocks": ["Cookies are small files."]},
        "which": {
            "id": "which",
            "title": "Which cookies we set",
            "blocks": ["We set a session cookie."],
            "sections": [
                {"id": "north-cookies", "title": "Northern cookies", "tags": ["north-law"], "blocks": ["Northern readers get no analytics cookies."]},
                {"id": "consent", "title": "Consent", "blocks": ["We ask before we set any other cookie."]},
            ],
        },
    }


class DocumentsRepo(PolicyRepo):
    """A PolicyRepo whose `documents` are written to policy_src/documents/<doc>/ as well."""

    def __init__(self, path: Any) -> None:
        self.documents: dict[str, dict[str, Any]] = {}
        super().__init__(path)

    def add_document(self, doc: str, title: str, sections: dict[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
        """A further document; its `releases` list and `sections` can be changed afterwards."""
        document = {"title": title, "sections": sections, "releases": [], "extra": extra}
        self.documents[doc] = document
        return document

    def write_policy(self) -> None:
        super().write_policy()
        root = self.path / "policy_src" / "documents"
        # Written afresh, except the translators' PO files (documents/<doc>/translations/).
        for folder in root.glob("*/*") if root.exists() else ():
            if folder.name != "translations":
                shutil.rmtree(folder) if folder.is_dir() else folder.unlink()
        for doc, document in getattr(self, "documents", {}).items():
            data = {**settings(list(document["sections"])), "title": document["title"], **document["extra"]}
            self.write(f"documents/{doc}/settings.yaml", data, "settings")
            for section_id, section in document["sections"].items():
                self.write(f"documents/{doc}/sections/{section_id}.yaml", section, "section")
            self.write(f"documents/{doc}/releases.yaml", document["releases"], "releases")


def linked_documents(path: Path) -> tuple[DocumentsRepo, dict[str, Any]]:
    """A repository whose contact section refers to the cookie notice's consent section, both
    documents released on 2026-01-10; the repository and the cookie notice's sources."""
    repo = DocumentsRepo(path)
    repo.sections["contact"]["blocks"] = ["Cookies: {{ section:cookies/consent }}."]
    cookies = repo.add_document("cookies", "Cookie Notice", cookie_sections())
    repo.release("2026-01-10", "First version.")
    cookies["releases"].append({"version": "2026-01-10", "summary": "First cookie notice."})
    repo.commit("Both", "2026-01-10")
    return repo, cookies


def dump(data: Any) -> str:
    return json.dumps(data, indent=2)
