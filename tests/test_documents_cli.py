"""The command line with several documents: new-document, --document, check, validate, render."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import policypress, run
from documents_repo import DocumentsRepo, cookie_sections


def two_documents(tmp_path: Path) -> DocumentsRepo:
    repo = DocumentsRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    cookies = repo.add_document("cookies", "Cookie Notice", cookie_sections(), regions=["north", "west"])
    cookies["releases"].append({"version": "2026-01-10", "summary": "First cookie notice."})
    repo.commit("Both", "2026-01-10")
    return repo


def test_new_document_scaffolds_a_document_that_validates(tmp_path: Path) -> None:
    repo = two_documents(tmp_path)
    result = policypress("new-document", "terms", "--title", "Terms of Service", "--regions", "north,south", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    folder = repo.path / "policy_src/documents/terms"
    settings = (folder / "settings.yaml").read_text()
    assert settings.startswith("# yaml-language-server: $schema=../../../build_hooks/policypress/schemas/settings.schema.json")
    assert 'title: "Terms of Service"' in settings and "regions: [north, south]" in settings and 'controller: "Acme"' in settings
    assert (folder / "sections/introduction.yaml").read_text().startswith("# yaml-language-server: $schema=../../../../build_hooks/")
    validate = policypress("validate", cwd=repo.path)
    assert validate.returncode == 0, validate.stderr
    assert "policy_src/documents/terms/ (Terms of Service): 1 sections, 2 regions, 0 releases." in validate.stdout
    # The release goes to that document's log; an unknown document is misuse of the command line.
    release = policypress("release", "2026-02-01", "--document", "terms", "--summary", "First terms.", cwd=repo.path)
    assert release.returncode == 0, release.stderr
    assert "version: 2026-02-01" in (folder / "releases.yaml").read_text().replace('"', "")
    unknown = policypress("release", "2026-02-01", "--document", "nope", "--summary", "x", cwd=repo.path)
    assert unknown.returncode == 2 and "no document 'nope'; documents: primary, cookies, terms" in unknown.stderr


def test_new_document_refuses_a_clashing_id_and_unknown_regions(tmp_path: Path) -> None:
    repo = two_documents(tmp_path)
    clash = policypress("new-document", "west", "--title", "West", cwd=repo.path)
    assert clash.returncode == 1 and "policy_src/documents/west:1:1: error: document id 'west' clashes with the region 'west'" in clash.stderr
    unknown = policypress("new-document", "terms", "--title", "T", "--regions", "east", cwd=repo.path)
    assert unknown.returncode == 2 and "no region 'east'" in unknown.stderr
    assert not (repo.path / "policy_src/documents/terms").exists()


def test_check_summarises_every_document_a_change_touches(tmp_path: Path) -> None:
    repo = two_documents(tmp_path)
    repo.git("checkout", "-q", "-b", "change")
    cookies = repo.documents["cookies"]
    cookies["sections"]["which"]["sections"][0]["blocks"] = ["Northern readers get no advertising cookies."]
    cookies["releases"].append({"version": "2026-02-01", "summary": "No advertising cookies.", "material": True})
    repo.sections["contact"]["blocks"] = ["Acme, 2 Test Street."]
    repo.release("2026-02-01", "New address.")
    repo.commit("Change both documents", "2026-01-20")
    result = policypress("check", "--base", "main", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "### Release 2026-02-01\n\nNew address." in out
    assert "### Cookie Notice: release 2026-02-01\n\nNo advertising cookies." in out
    cookie_part = out.split("### Cookie Notice: release 2026-02-01")[1]
    assert "**material for The North, The West**" in cookie_part
    assert "| The North | yes |" in cookie_part and "Not changed by this release: The West." in cookie_part


def test_check_applies_the_release_rules_per_document(tmp_path: Path) -> None:
    repo = two_documents(tmp_path)
    repo.documents["cookies"]["sections"]["what"]["blocks"] = ["Cookies are small text files."]
    repo.commit("Change without a release", "2026-01-20")
    result = policypress("check", "--base", "HEAD~1", cwd=repo.path)
    assert result.returncode == 1
    assert "policy_src/documents/cookies/releases.yaml:1:1: error: the text of" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_reports_problems_across_all_documents(tmp_path: Path) -> None:
    repo = two_documents(tmp_path)
    repo.sections["contact"]["blocks"] = ["{{ nope }}"]
    repo.documents["cookies"]["sections"]["what"]["blocks"] = ["{{ also_nope }}"]
    repo.write_policy()
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 1
    assert "policy_src/sections/contact.yaml:" in result.stderr and "unknown placeholder '{{ nope }}'" in result.stderr
    assert "policy_src/documents/cookies/sections/what.yaml:" in result.stderr and "also_nope" in result.stderr
    assert "2 problems found." in result.stderr


def test_diff_and_render_take_a_document(tmp_path: Path) -> None:
    repo = two_documents(tmp_path)
    repo.documents["cookies"]["sections"]["what"]["blocks"] = ["Cookies are small text files."]
    repo.write_policy()
    diff = policypress("diff", "--document", "cookies", "--region", "north", cwd=repo.path)
    assert diff.returncode == 0, diff.stderr
    assert "text" in diff.stdout and "What cookies are" in diff.stdout
    primary = policypress("diff", cwd=repo.path)
    assert "What cookies are" not in primary.stdout
    repo.commit("Release it", "2026-01-20")  # render builds from releases only
    repo.documents["cookies"]["releases"].append({"version": "2026-01-20", "summary": "Wording."})
    repo.commit("Release it", "2026-01-20")
    out = tmp_path / "out"
    render = policypress("render", "--out", str(out), "--document", "cookies", cwd=repo.path)
    assert render.returncode == 0, render.stderr
    written = {p.relative_to(out / "docs").as_posix() for p in (out / "docs").rglob("*") if p.is_file()}
    assert "cookies/north/index.md" in written and "api/cookies/policy.json" in written
    assert "north/index.md" not in written and "api/policy.json" not in written
    assert json.loads((out / "docs/api/cookies/policy.json").read_text())["title"] == "Cookie Notice"


def test_render_of_several_documents_builds_with_plain_mkdocs(tmp_path: Path) -> None:
    repo = two_documents(tmp_path)
    out = tmp_path / "out"
    render = policypress("render", "--out", str(out), cwd=repo.path)
    assert render.returncode == 0, render.stderr
    config = (out / "mkdocs.yml").read_text()
    assert '  - "Cookie Notice":\n    - "Complete Cookie Notice": "cookies/full/index.md"\n    - "The North": "cookies/north/index.md"' in config
    assert '    - "The West": "west/index.md"\n  - "Cookie Notice":' in config
    build = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], out)
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "site/cookies/west/index.html").is_file()


def test_import_writes_into_the_named_document(tmp_path: Path) -> None:
    repo = two_documents(tmp_path)
    source = tmp_path / "cookies.md"
    source.write_text("# Cookie Notice\n\n## What cookies are\n\nSmall files.\n\n## Which cookies we set\n\nA session cookie.\n\n"
                      "### Consent\n\nWe ask first.\n")
    result = policypress("import", str(source), "--document", "cookies", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "Wrote 2 section files to policy_src/documents/cookies/sections/ and policy_src/documents/cookies/settings.yaml" in result.stdout
    folder = repo.path / "policy_src/documents/cookies"
    which = (folder / "sections/which.yaml").read_text()  # ids kept from the sections with the same title
    assert which.startswith("# yaml-language-server: $schema=../../../../build_hooks/") and "id: consent" in which
    assert "A session cookie." in which
    assert (repo.path / "policy_src/sections/intro.yaml").is_file()  # the primary is untouched
    assert policypress("validate", cwd=repo.path).returncode == 0
