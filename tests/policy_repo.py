"""Real git repositories holding a small test policy (our own text, not Connic's)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import polib

from conftest import REPO, run



def base_sections() -> dict[str, dict[str, Any]]:
    """Sections of the test policy, by id; tests change copies of it release by release."""
    return {
        "intro": {"id": "intro", "title": "About", "blocks": ["Acme runs the Acme service.", "Write to {{ email }}."]},
        "data": {
            "id": "data",
            "title": "Data",
            "blocks": ["We collect what you give us."],
            "sections": [
                {"id": "accounts", "title": "Accounts", "blocks": ["We keep your name and e-mail address."]},
                {"id": "logs", "title": "Logs", "blocks": ["We keep server logs for ninety days."]},
                {
                    "id": "north-rules",
                    "title": "Northern rules",
                    "tags": ["north-law"],
                    "blocks": ["Northern readers may ask for a copy of their data."],
                },
            ],
        },
        "rights": {
            "id": "rights",
            "title": "Your rights",
            "blocks": [
                {"items": ["Ask for a copy.", {"text": "Object to processing.", "tags": ["south-law"]}]},
                "See {{ section:data }} for what we collect.",
            ],
        },
        "contact": {"id": "contact", "title": "Contact", "blocks": ["Acme, 1 Test Street."]},
    }


def settings(outline: list[str]) -> dict[str, Any]:
    return {
        "format": 1,
        "title": "Test Policy",
        "controller": "Acme",
        "notice_days": 30,
        "recent_days": 30,
        "timezone": "UTC",
        "locale": "en_US",
        "placeholders": {"email": "privacy@example.test"},
        "sections": outline,
    }


REGIONS = {
    "tags": {"north-law": "Northern law", "south-law": "Southern law"},
    "regions": [
        {"id": "north", "name": "The North", "tags": ["north-law"]},
        {"id": "south", "name": "The South", "tags": ["south-law"]},
        {"id": "west", "name": "The West", "tags": []},
    ],
}


class PolicyRepo:
    """A git repository with the site scaffolding of this project and a test policy."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True)
        for name in ("docs", "overrides"):
            shutil.copytree(REPO / name, path / name)
        (path / "build_hooks").mkdir()
        shutil.copy(REPO / "build_hooks" / "mkdocs_hooks.py", path / "build_hooks")
        shutil.copy(REPO / "mkdocs.yml", path / "mkdocs.yml")
        self.git("init", "-q", "-b", "main")
        (path / ".gitignore").write_text(".cache/\n")  # publishing builds keep rendered pages there
        self.git("config", "user.email", "editor@example.test")
        self.git("config", "user.name", "Editor")
        self.sections = base_sections()
        self.regions: dict[str, Any] = json.loads(json.dumps(REGIONS))
        self.outline = list(self.sections)
        self.settings: dict[str, Any] = {}
        """Keys that override or add to `settings(outline)`, e.g. format 2 and a preamble."""
        self.releases: list[dict[str, Any]] = []
        self.write_policy()

    def git(self, *args: str, date: str = "2026-01-01") -> str:
        stamp = f"{date}T12:00:00+00:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        return subprocess.run(
            ["git", *args], cwd=self.path, env=env, check=True, capture_output=True, text=True
        ).stdout

    def write(self, relative: str, data: Any, schema: str) -> None:
        target = self.path / "policy_src" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * (relative.count("/") + 1)
        header = f"# yaml-language-server: $schema={up}build_hooks/policypress/schemas/{schema}.schema.json\n"
        # JSON is YAML; one key per line keeps line numbers meaningful for error tests.
        target.write_text(header + json.dumps(data, indent=2) + "\n", "utf-8")

    def write_policy(self) -> None:
        """Write every source file from the current state."""
        folder = self.path / "policy_src" / "sections"
        if folder.exists():
            shutil.rmtree(folder)
        self.write("settings.yaml", {**settings(self.outline), **self.settings}, "settings")
        self.write("regions.yaml", self.regions, "regions")
        for section_id, section in self.sections.items():
            self.write(f"sections/{section_id}.yaml", section, "section")
        self.write("releases.yaml", self.releases, "releases")

    def release(self, version: str, summary: str, **fields: Any) -> None:
        """Append a release entry (written by the next `write_policy`)."""
        self.releases.append({"version": version, "summary": summary, **fields})

    def commit(self, message: str, date: str) -> str:
        """Write the policy and commit everything, dated `date`; returns the commit id."""
        self.write_policy()
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()


def released_twice(repo: PolicyRepo, **second: Any) -> PolicyRepo:
    """`repo`'s policy released on 2026-01-10, then with shorter server logs on 2026-03-01
    (`second`: more fields of the second release entry, e.g. material=["north"])."""
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for sixty days."]
    repo.release("2026-03-01", "Shorter logs.", **second)
    repo.commit("Second release", "2026-03-01")
    return repo


def update_translations(repo: PolicyRepo, po_path: str, untranslated: frozenset[str] = frozenset()) -> None:
    """Write the sources, run `policypress translations update`, and translate every entry of
    `po_path` as "[pt] <source>" except the passages in `untranslated` (left for the fallback)."""
    repo.write_policy()
    result = run([sys.executable, "-m", "policypress", "translations", "update"], repo.path)
    assert result.returncode == 0, result.stderr
    po = polib.pofile(str(repo.path / po_path))
    for entry in po:
        if entry.obsolete or entry.msgctxt in untranslated:
            continue
        entry.msgstr = "[pt] " + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    po.save()
