"""The pull request's check summary: one entry per distinct change, within GitHub's limit (SPEC §16)."""

from __future__ import annotations

from pathlib import Path

from conftest import policypress
from policy_repo import PolicyRepo
from policypress.emit.change_entries import pages_phrase
from policypress.emit.check_summary import GITHUB_SUMMARY_LIMIT

EVERY_PAGE = "The North, The South, The West, Complete Test Policy"


def branch(tmp_path: Path) -> PolicyRepo:
    """main with one release, and a branch `change` to edit on."""
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.git("checkout", "-q", "-b", "change")
    return repo


def summary_of(repo: PolicyRepo) -> str:
    result = policypress("check", "--base", "main", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_an_untagged_change_appears_once_naming_its_pages(tmp_path: Path) -> None:
    repo = branch(tmp_path)
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for thirty days."]
    repo.release("2026-02-01", "Shorter logs.")
    repo.commit("Shorter logs", "2026-01-20")
    out = summary_of(repo)
    assert out.count("We keep server logs for ~~ninety~~ **thirty** days.") == 1
    assert "#### The North, The South and The West (and the complete text): 1 changed\n\n" in out
    assert f"Reads the same on 4 pages: {EVERY_PAGE}.\n\n- **2.2 Logs** (text changed)" in out
    # The overview table still has a row (and a redline file) per page.
    for region in ("north", "south", "west"):
        assert f"`{region}/2026-02-01/changes/index.html`" in out
    assert "shortened" not in out
    assert "which region gets which tagged passage is in `site/regions/index.html`" in out


def test_a_change_that_reads_differently_on_two_regions_appears_twice(tmp_path: Path) -> None:
    repo = branch(tmp_path)
    # "Object to processing." is shown only where the Southern law applies.
    repo.sections["rights"]["blocks"][0]["items"] = ["Ask for a copy of your data.", {"text": "Object to any processing.", "tags": ["south-law"]}]
    repo.release("2026-02-01", "Rights reworded.")
    repo.commit("Rights", "2026-01-20")
    out = summary_of(repo)
    assert out.count("Ask for a copy **of your data**.") == 2
    assert out.count("Object to **any** processing.") == 1
    south = out.split("#### The South (and the complete text): 1 changed\n\n", 1)[1].split("####", 1)[0]
    assert "Ask for a copy **of your data**." in south and "Object to **any** processing." in south
    others = out.split("#### The North and The West: 1 changed\n\n", 1)[1].split("####", 1)[0]
    assert "Ask for a copy **of your data**." in others and "Object to" not in others
    assert "Reads the same on" not in out  # two pages each: the heading names them all


def test_a_change_numbered_differently_per_page_is_still_one_entry(tmp_path: Path) -> None:
    repo = branch(tmp_path)
    repo.sections = {
        **{k: v for k, v in repo.sections.items() if k != "contact"},
        "north-notes": {"id": "north-notes", "title": "Northern notes", "tags": ["north-law"], "blocks": ["A note for the North."]},
        "contact": repo.sections["contact"],
    }
    repo.outline = list(repo.sections)
    repo.release("2026-01-15", "Northern notes.")
    repo.commit("Northern notes", "2026-01-15")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "change")
    repo.git("checkout", "-q", "-b", "contact")
    repo.sections["contact"]["blocks"] = ["Acme, 2 Test Street."]
    repo.release("2026-02-01", "New address.")
    repo.commit("Address", "2026-01-20")
    out = summary_of(repo)
    assert out.count("Acme, ~~1~~ **2** Test Street.") == 1
    assert f"Reads the same on 4 pages: {EVERY_PAGE}." in out
    assert "- *5. Contact is numbered per page:* 5 on The North, Complete Test Policy; 4 on The South, The West" in out


def test_a_huge_change_is_shortened_to_fit_githubs_limit_and_says_so(tmp_path: Path) -> None:
    repo = branch(tmp_path)
    sentence = "Acme keeps the records described in this part for as long as the law of each place asks. "
    for number in range(30):
        section_id = f"annex-{number}"
        paragraphs = [f"Annex {number}, paragraph {p}: " + sentence * 4 for p in range(120)]
        # Every third paragraph only in the North: the North's change reads differently.
        blocks = [{"text": text, "tags": ["north-law"]} if p % 3 == 0 else text for p, text in enumerate(paragraphs)]
        repo.sections[section_id] = {"id": section_id, "title": f"Annex {number}", "blocks": blocks}
    repo.outline = list(repo.sections)
    repo.release("2026-02-01", "Annexes.")
    repo.commit("Annexes", "2026-01-20")
    out = summary_of(repo)
    size = len(out.encode("utf-8"))
    assert size <= GITHUB_SUMMARY_LIMIT
    assert size > GITHUB_SUMMARY_LIMIT // 4  # it gave up only what it had to
    assert "> **This summary is shortened** to fit GitHub's 1 MiB limit for a job summary:" in out
    assert "1 of its entries lists only the sections that changed, not their words (\"sections only\")." in out
    # Every entry still names its pages and its sections; the largest gave up its words.
    assert "The North (and the complete text): 30 added (sections only)" in out
    assert "The South and The West: 30 added" in out
    assert out.count("- **34. Annex 29** (added)") == 2  # each entry still lists its sections
    assert "Annex 0, paragraph 1: Acme keeps" in out  # the smaller entry keeps its words


def test_pages_phrase() -> None:
    assert pages_phrase(["European Economic Area"]) == "European Economic Area"
    assert pages_phrase(["A", "B"]) == "A and B"
    assert pages_phrase(["A", "B", "C"]) == "A, B and C"
    names = ["European Economic Area", "United Kingdom", "Switzerland", "California", "Other US states", "Brazil", "Rest of the world"]
    assert pages_phrase(names) == "European Economic Area, United Kingdom and 5 more"


def test_a_smaller_limit_keeps_only_counts_then_cuts(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from policypress.check import check_change
    from policypress.emit.check_summary import check_summary
    from policypress.emit.templating import environment

    repo = branch(tmp_path)
    repo.sections["contact"]["blocks"] = [f"Office number {n}: write to desk {n} or call us." for n in range(40)]
    repo.sections["rights"]["blocks"][0]["items"][1]["text"] = "Object to any processing."
    repo.release("2026-02-01", "Offices.")
    repo.commit("Offices", "2026-01-20")
    report = check_change(repo.path, "main", {"POLICYPRESS_AS_OF": "2026-01-20"}, datetime.now(UTC))
    full = check_summary(environment("en_US"), report, disclaimer="", Status=None, guidance="")
    assert "shortened" not in full and "Office number 39" in full
    limit = len(full.encode()) - 2000
    short = check_summary(environment("en_US"), report, limit=limit, disclaimer="", Status=None, guidance="")
    # Two entries (the South reads differently): the larger gave up its words, the other kept them.
    assert len(short.encode()) <= limit and short.count("(sections only)") == 1 and short.count("Office number 39") == 1
    sections = check_summary(environment("en_US"), report, limit=2200, disclaimer="", Status=None, guidance="")
    assert sections.count("(sections only)") == 2 and "Office number" not in sections
    limit = len(sections.encode()) - 40
    counts = check_summary(environment("en_US"), report, limit=limit, disclaimer="", Status=None, guidance="")
    assert len(counts.encode()) <= limit and "(counts only)" in counts
    cut = check_summary(environment("en_US"), report, limit=600, disclaimer="", Status=None, guidance="")
    assert len(cut.encode()) <= 600 and cut.endswith("the built site has every page.*\n")


def test_an_untagged_change_to_the_connic_policy_names_its_seven_regions_once(project: Path) -> None:
    """The issue's case: one untagged sentence changed, eight pages (seven regions and the
    complete text) that read it the same, one entry. (The changed words are test data; the
    published Connic text is untouched.)"""
    import subprocess

    retention = project / "policy_src" / "sections" / "data-retention.yaml"
    text = retention.read_text("utf-8")
    assert "may persist for up to ninety (90) days." in text
    retention.write_text(text.replace("may persist for up to ninety (90) days.", "may persist for up to sixty (60) days."), "utf-8")
    releases = project / "policy_src" / "releases.yaml"
    releases.write_text(releases.read_text("utf-8") + '- version: "2026-01-15"\n  summary: Shorter backups.\n', "utf-8")
    subprocess.run(["git", "checkout", "-q", "-b", "change"], cwd=project, check=True)
    result = policypress("check", "--base", "main", cwd=project)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("#### European Economic Area, United Kingdom and 5 more (and the complete text): 1 changed\n") == 1
    assert "Reads the same on 8 pages: European Economic Area, United Kingdom, Switzerland, California, Other US states, Brazil, Rest of the world, " in out
    assert out.count("may persist for up to ~~ninety~~ **sixty** \\(~~90~~ **60**\\) days.") == 1
