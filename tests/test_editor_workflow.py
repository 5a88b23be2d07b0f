"""The editor's path: check a change, add a release, import and render, schemas and workflows."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build, policypress, run
from policy_repo import PolicyRepo
from policypress.assemble import assemble
from policypress.plaintext import view_text
from policypress.sources import load_policy
from policypress.sources.tree import DirectoryTree

BIN = Path(sys.executable).parent


def pull_request(tmp_path: Path) -> PolicyRepo:
    """main with one release; a branch changing the North's and the South's text."""
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.git("checkout", "-q", "-b", "change")
    repo.sections["data"]["sections"][2]["blocks"] = ["Northern readers may ask for a copy at any time."]
    repo.sections["rights"]["blocks"][0]["items"][1]["text"] = "Object to any processing."
    return repo


def test_check_names_every_region_a_change_touches(tmp_path: Path) -> None:
    repo = pull_request(tmp_path)
    repo.release("2026-02-01", "Copies and objections.", material=["north"])
    repo.commit("Change both", "2026-01-20")
    result = policypress("check", "--base", "main", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "### Release 2026-02-01" in out and "**material for The North**" in out
    # Not merged yet: published on merge, i.e. on the as-of date (POLICYPRESS_AS_OF) at the earliest.
    assert "Published on merge (November 27, 2026 if merged that day) · takes effect December 27, 2026" in out
    # The redline is named by its file in the built site: live addresses do not exist before the merge.
    assert "| The North | yes | December 27, 2026 | 1 changed | `north/2026-02-01/changes/index.html` |" in out
    assert "https://connic.github.io" not in out
    assert "build the site (`mkdocs build`) and open `site/index.html`" in out
    assert "| The South | no | December 27, 2026 | 1 changed |" in out
    assert "\n\n| Page | Material |" in out  # a blank line before the table, or GitHub shows no table
    assert "Not changed by this release: The West." in out
    assert "- **3. Your rights** (text changed)" in out


def test_check_summary_shows_the_words_of_a_one_word_change(tmp_path: Path) -> None:
    repo = pull_request(tmp_path)
    repo.release("2026-02-01", "Copies and objections.", material=["north"])
    repo.commit("Change both", "2026-01-20")
    out = policypress("check", "--base", "main", cwd=repo.path).stdout
    # "Object to processing." became "Object to any processing.": one word added, in context.
    south = out.split("#### The South: 1 changed\n\n", 1)[1].split("\n\n", 1)[0].strip()
    assert south == "- **3. Your rights** (text changed)\n  - Object to **any** processing."
    # A word replaced shows the word removed and the word added, each marked, without colour.
    north = out.split("#### The North: 1 changed\n\n", 1)[1].split("\n\n", 1)[0].strip()
    assert "  - Northern readers may ask for a copy ~~of their data~~ **at any time**." in north
    assert "<details>" not in out  # short redlines are shown open


def test_check_summary_redline_of_one_word_and_the_run_artifact(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.git("checkout", "-q", "-b", "change")
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for thirty days."]
    repo.release("2026-02-01", "Shorter logs.")
    repo.commit("Shorter logs", "2026-01-20")
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/policy", "GITHUB_RUN_ID": "42"}
    result = run([sys.executable, "-m", "policypress", "check", "--base", "main"], repo.path, **env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "We keep server logs for ~~ninety~~ **thirty** days." in out
    run_page = "https://github.com/acme/policy/actions/runs/42"
    assert f"the artifact `site` of [this check run]({run_page})" in out
    assert f"| [`west/2026-02-01/changes/index.html`]({run_page}) |" in out


def test_check_summary_collapses_a_long_redline_and_escapes_the_text(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.git("checkout", "-q", "-b", "change")
    repo.sections["contact"]["blocks"] = [f"Office number {n}: write to `desk {n}` *or* call." for n in range(20)]
    repo.release("2026-02-01", "Offices.")
    repo.commit("Offices", "2026-01-20")
    out = policypress("check", "--base", "main", cwd=repo.path).stdout
    summary = "<details><summary>The North, The South and The West (and the complete text): 1 changed</summary>\n\n"
    assert summary + "Reads the same on 4 pages: The North, The South, The West, Complete Test Policy.\n\n- **4. Contact** (text changed)\n" in out
    assert "**Office number 19: write to desk 19 or call.**" in out
    assert out.count("</details>") == 1  # the change reads the same on every page: shown once


def test_check_fails_when_text_changed_without_a_release(tmp_path: Path) -> None:
    repo = pull_request(tmp_path)
    repo.commit("Change without a release", "2026-01-20")
    result = policypress("check", "--base", "main", cwd=repo.path)
    assert result.returncode == 1
    assert "differs from the latest release '2026-01-10', but releases.yaml has no new entry" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_of_an_unchanged_repository(tmp_path: Path) -> None:
    repo = pull_request(tmp_path)
    repo.write_policy()
    result = policypress("check", "--base", "HEAD", cwd=repo.path)
    assert result.returncode == 1  # the working tree has changes and no release entry
    repo.git("checkout", "-q", "--", ".")
    repo.git("checkout", "-q", "main")
    result = policypress("check", cwd=repo.path)
    assert result.returncode == 0 and "This change adds no release" in result.stdout


RELEASES_WITH_COMMENTS = """\
# yaml-language-server: $schema=../build_hooks/policypress/schemas/releases.schema.json
# The release log, oldest first.
- version: "2025-12-19"   # the first one
  published: 2025-12-19
  material: false
  summary: First published version.
"""


def test_release_appends_and_keeps_comments(project: Path) -> None:
    (project / "policy_src" / "releases.yaml").write_text(RELEASES_WITH_COMMENTS)
    result = policypress("release", "2026-02-01", "--summary", "Clearer retention periods.",
                         "--published", "2026-02-01", "--material", "california,eea", cwd=project)
    assert result.returncode == 0, result.stderr
    text = (project / "policy_src" / "releases.yaml").read_text()
    assert text.startswith(RELEASES_WITH_COMMENTS)
    assert text[len(RELEASES_WITH_COMMENTS):] == (
        '- version: "2026-02-01"\n'
        "  published: 2026-02-01\n"
        "  material: [california, eea]\n"
        "  summary: Clearer retention periods.\n"
    )
    assert policypress("validate", cwd=project).returncode == 0


def test_release_refuses_a_duplicate_and_keeps_the_file(project: Path) -> None:
    path = project / "policy_src" / "releases.yaml"
    before = path.read_text()
    result = policypress("release", "2025-12-19", "--summary", "Again.", cwd=project)
    assert result.returncode == 1
    assert re.search(r"policy_src/releases.yaml:\d+:\d+: error: version '2025-12-19' is already in the release log", result.stderr)
    assert path.read_text() == before


def test_release_refuses_what_would_break_the_rules(project: Path) -> None:
    path = project / "policy_src" / "releases.yaml"
    before = path.read_text()
    result = policypress("release", "2026-01-01", "--summary", "Soon.", "--published", "2026-01-01",
                         "--effective", "2026-01-05", "--material", cwd=project)
    assert result.returncode == 1
    assert "material changes need 30 days' notice" in result.stderr
    assert path.read_text() == before
    assert policypress("release", "2026-01-01", "--summary", "x", "--published", "2026-02-30", cwd=project).returncode == 2


def test_render_then_import_gives_the_same_ids_and_text(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    result = policypress("render", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    original = load_policy(DirectoryTree(project))
    shutil.rmtree(project / "policy_src" / "sections")
    page = out / "docs" / "full" / "index.md"
    # The page's navigation line ("Effective: … · Choose your region · History") is the site's,
    # not the policy's: an import keeps every word it is given, so it is taken out first.
    page.write_text(re.sub(r"\nEffective: [^\n]*\n\{: \.policy-meta \}\n", "\n", page.read_text()))
    result = policypress("import", str(page), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "date line 'Last updated: December 19, 2025', 5 words" in result.stdout
    imported = load_policy(DirectoryTree(project))
    old, new = assemble(original, None), assemble(imported, None)
    assert [s.id for s in new.walk()] == [s.id for s in old.walk()]
    assert view_text(new) == view_text(old)
    # Placeholders and references come back as such.
    cookies_ref = (project / "policy_src" / "sections" / "information-we-collect.yaml").read_text()
    assert "{{ section:cookies }}" in cookies_ref
    assert "{{ privacy_email }}" in (project / "policy_src" / "sections" / "contact.yaml").read_text()


def test_import_keeps_ids_of_a_later_version_and_applies_tags(project: Path, tmp_path: Path) -> None:
    first = tmp_path / "v1.md"
    first.write_text("# Policy\n\n## 1. Who we are\n\nWe are Acme.\n\n## 2. Your rights\n\n"
                     "### 2.1 In the North\n\n- Ask.\n- Object.\n")
    shutil.rmtree(project / "policy_src" / "sections")
    tags = tmp_path / "tags.yaml"
    tags.write_text("In the North: [gdpr]\n")
    result = policypress("import", str(first), "--tags", str(tags), cwd=project)
    assert result.returncode == 0, result.stderr
    rights = (project / "policy_src" / "sections" / "your-rights.yaml").read_text()
    assert "id: in-the-north" in rights and "tags:\n      - gdpr" in rights
    second = tmp_path / "v2.md"
    second.write_text("# Policy\n\n## 1. Introduction\n\nHello.\n\n## 2. Who we are\n\nWe are Acme Ltd.\n\n"
                      "## 3. Your rights\n\n### 3.1 In the North\n\n- Ask.\n")
    assert policypress("import", str(second), cwd=project).returncode == 0
    ids = sorted(p.stem for p in (project / "policy_src" / "sections").glob("*.yaml"))
    assert ids == ["introduction", "who-we-are", "your-rights"]
    assert "We are Acme Ltd." in (project / "policy_src" / "sections" / "who-we-are.yaml").read_text()
    assert "id: in-the-north" in (project / "policy_src" / "sections" / "your-rights.yaml").read_text()


def test_rendered_markdown_builds_without_hooks(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    assert policypress("render", "--out", str(out), cwd=project).returncode == 0
    config = (out / "mkdocs.yml").read_text()
    assert not re.search(r"^hooks:", config, re.MULTILINE) and "custom_dir" not in config
    result = mkdocs_build(out, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "8.1 Rights Under CCPA/CPRA" in (tmp_path / "site" / "california" / "index.html").read_text()
    assert (tmp_path / "site" / "api" / "policy.json").is_file()


@pytest.mark.parametrize(("schema", "pattern"), [
    ("settings", "policy_src/settings.yaml"),
    ("regions", "policy_src/regions.yaml"),
    ("releases", "policy_src/releases.yaml"),
    ("section", "policy_src/sections/*.yaml"),
])
def test_sources_validate_with_check_jsonschema(schema: str, pattern: str) -> None:
    files = sorted(str(p) for p in REPO.glob(pattern))
    schema_file = REPO / "build_hooks" / "policypress" / "schemas" / f"{schema}.schema.json"
    result = run([str(BIN / "check-jsonschema"), "--schemafile", str(schema_file), *files], REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in files:  # and each file names its schema for editors
        first = Path(name).read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        assert (Path(name).parent / first.split("=", 1)[1]).resolve() == schema_file.resolve()


def test_check_jsonschema_catches_a_broken_file(tmp_path: Path) -> None:
    bad = tmp_path / "settings.yaml"
    bad.write_text((REPO / "policy_src" / "settings.yaml").read_text().replace("notice_days: 30", "notice_days: soon"))
    schema_file = REPO / "build_hooks" / "policypress" / "schemas" / "settings.schema.json"
    result = run([str(BIN / "check-jsonschema"), "--schemafile", str(schema_file), str(bad)], tmp_path)
    assert result.returncode == 1


def test_workflows_pass_actionlint_and_zizmor() -> None:
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) >= 2
    result = run([str(BIN / "actionlint"), *workflows], REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    result = run([str(BIN / "zizmor"), "--offline", "--min-severity", "high", ".github/workflows"], REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_publish_workflow_runs_on_merge_daily_and_by_hand_with_full_history() -> None:
    text = (REPO / ".github" / "workflows" / "publish.yml").read_text()
    assert "push:" in text and "schedule:" in text and "workflow_dispatch:" in text
    assert "fetch-depth: 0" in text and "permissions: {}" in text
