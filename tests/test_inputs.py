"""Digests of what pages and files are made from (`policypress.kept.inputs`): the same in every
process for the same values, different when anything they are rendered from differs."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from policy_repo import PolicyRepo, released_twice
from policypress.assemble import ViewParagraph, ViewSection
from policypress.kept.inputs import InputKeys
from policypress.site import build_site

NOW = datetime(2026, 6, 1, tzinfo=UTC)

_KEYS_SCRIPT = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from policypress.site import build_site
site = build_site(Path(sys.argv[1]), {"POLICYPRESS_AS_OF": "2026-06-01"}, datetime(2026, 6, 1, tzinfo=UTC),
                  site_url="https://example.test/", inputs=True)
print(json.dumps({"pages": {p.uri: p.inputs for p in site.pages}, "files": {f.uri: f.inputs for f in site.files}}))
"""


def _section(text: str, path: str = "policy_src/sections/data.yaml", discloses: frozenset[str] = frozenset()) -> ViewSection:
    paragraph = ViewParagraph(text)
    return ViewSection("data", "2", "Data", (paragraph,), (), path, discloses)


def _history(tmp_path: Path) -> PolicyRepo:
    repo = PolicyRepo(tmp_path / "repo")
    # A region of several tags: its tags are a set, which iterates differently in each process.
    repo.regions["regions"].append({"id": "east", "name": "The East", "tags": ["north-law", "south-law"]})
    return released_twice(repo)


def test_digests_are_the_same_in_every_process(tmp_path: Path) -> None:
    repo = _history(tmp_path)
    outputs = []
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", _KEYS_SCRIPT, str(repo.path)], capture_output=True, text=True,
                                env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, check=False)
        assert result.returncode == 0, result.stderr
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    pages, files = outputs[0]["pages"], outputs[0]["files"]
    # Every archive and redline page and every version's data and notice has a digest.
    assert pages["east/2026-01-10/index.md"] and pages["east/2026-03-01/changes/index.md"]
    assert files["api/east/2026-03-01.json"] and files["notices/2026-03-01/east.txt"]
    keyed = [key for key in [*pages.values(), *files.values()] if key]
    assert len(keyed) == len(set(keyed)), "two outputs share a digest"


def test_pages_are_made_only_when_read_and_equal_those_made_at_once(tmp_path: Path) -> None:
    repo = _history(tmp_path)
    keyed = build_site(repo.path, {"POLICYPRESS_AS_OF": "2026-06-01"}, NOW, site_url="https://example.test/", inputs=True)
    plain = build_site(repo.path, {"POLICYPRESS_AS_OF": "2026-06-01"}, NOW, site_url="https://example.test/")
    archive = next(p for p in keyed.pages if p.uri == "north/2026-01-10/index.md")
    assert archive.inputs is not None and "markdown" not in vars(archive)
    assert {p.uri: p.markdown for p in keyed.pages} == {p.uri: p.markdown for p in plain.pages}
    assert {f.uri: f.render() for f in keyed.files} == {f.uri: f.render() for f in plain.files}
    assert all(p.inputs is None for p in plain.pages)


def test_a_digest_changes_with_anything_the_value_holds() -> None:
    keys = InputKeys("salt")
    section = _section("We keep logs.")
    base = keys.key("template", {"title": "Data"}, section)
    assert base == InputKeys("salt").key("template", {"title": "Data"}, _section("We keep logs."))
    assert base != keys.key("template", {"title": "Data"}, _section("We keep logs!"))
    assert base != keys.key("template", {"title": "Data."}, section)
    # Fields left out of comparisons are still part of what a page shows (its edit link).
    assert base != keys.key("template", {"title": "Data"}, _section("We keep logs.", path="policy_src/sections/other.yaml"))
    assert base != InputKeys("another salt").key("template", {"title": "Data"}, section)
    # Sets count by their members, not their order.
    one = _section("x", discloses=frozenset(["categories", "purposes", "recipients"]))
    other = replace(one, discloses=frozenset(["recipients", "purposes", "categories"]))
    assert keys.key(one) == keys.key(other) != keys.key(replace(one, discloses=frozenset(["categories"])))


def test_a_value_that_cannot_be_digested_has_no_digest() -> None:
    assert InputKeys("salt").key({"render": lambda: "text"}) is None
