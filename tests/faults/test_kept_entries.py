"""Kept entries damaged between builds (SPEC §19): a truncated, garbled, deleted or swapped
page folder, PDF, data file or store of page digests, or an entry another engine wrote, is
discarded with a line and made again; the site is what a cold build publishes (so
`api/policy.json` never lists the sha256 of a damaged PDF)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from faults.kept_site import KEPT, Sites, build

KINDS = ("page", "pdf", "data", "digests")
DAMAGES = ("truncate", "garble", "delete", "swap", "swap with records")


def entries(project: Path, kind: str) -> list[Path]:
    """The kept entries of one kind, by name (the content, not the record)."""
    pages, files = project / KEPT / "pages", project / KEPT / "files"
    if kind == "page":
        return sorted(p for p in pages.iterdir() if p.is_dir() and (p / "index.html").is_file())
    if kind == "digests":
        return [pages / "inputs.json"]
    found = sorted(p for p in files.iterdir() if not p.name.endswith(".kept"))
    pdf = [p for p in found if p.read_bytes().startswith(b"%PDF")]
    return pdf if kind == "pdf" else [p for p in found if p not in pdf]


def damage(project: Path, kind: str, how: str) -> None:
    found = entries(project, kind)
    entry = found[0]
    victim = entry / "index.html" if entry.is_dir() else entry
    content = victim.read_bytes()
    if how == "truncate":
        victim.write_bytes(content[: min(3000, len(content) // 2)])  # a cache restored half-way
    elif how == "garble":
        middle = len(content) // 2  # the same size, other bytes
        victim.write_bytes(content[:middle] + bytes(b ^ 0x5A for b in content[middle:middle + 16]) + content[middle + 16:])
    elif how == "delete":
        victim.unlink()
    else:
        other = found[1] if len(found) > 1 else entries(project, "data")[0]
        _swap(entry, other)
        if how == "swap with records":
            _swap(entry.with_name(entry.name + ".kept"), other.with_name(other.name + ".kept"))


def _swap(first: Path, second: Path) -> None:
    aside = first.with_name(first.name + ".aside")
    os.rename(first, aside)
    os.rename(second, first)
    os.rename(aside, second)


@pytest.mark.parametrize("how", DAMAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_entry_is_discarded_and_made_again(sites: Sites, kind: str, how: str) -> None:
    project = sites.warm(f"{kind}-{how}".replace(" ", "-"))
    damage(project, kind, how)
    result = build(project)
    sites.check(project, result)
    lines = [line for line in result.stderr.splitlines() if "discarded, made again" in line]
    assert lines, result.stderr[-2000:]
    assert all("PolicyPress: the kept " in line for line in lines)


def test_an_entry_another_engine_wrote_is_foreign(sites: Sites) -> None:
    project = sites.warm("foreign")
    pdf = entries(project, "pdf")[0]
    record_path = pdf.with_name(pdf.name + ".kept")
    record = json.loads(record_path.read_text())
    record["engine"] = "policypress 0.0.1, kept format 0"
    record_path.write_text(json.dumps(record))
    result = build(project)
    sites.check(project, result)
    assert f"files/{pdf.name[:16]} is foreign (written by policypress 0.0.1, kept format 0)" in result.stderr


def test_an_intact_warm_build_says_nothing_and_reads_every_entry(sites: Sites) -> None:
    project = sites.warm("intact")
    result = build(project)
    sites.check(project, result)
    assert "PolicyPress: the kept" not in result.stderr and "cannot write" not in result.stderr
