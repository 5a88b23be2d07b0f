"""A release log without entries (`[]`, only comments, or an empty file) is an empty log
everywhere: validate, check, the build (a landing page saying that nothing is published yet),
the live preview (the draft), and `release`, which keeps the file's comments."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import mkdocs_build, policypress
from policy_repo import PolicyRepo
from policypress.errors import PolicyError
from policypress.site import build_site

HEADER = "# yaml-language-server: $schema=../build_hooks/policypress/schemas/releases.schema.json\n"
COMMENTS = HEADER + "# The release log, oldest first.\n# Add the first entry when the text is final.\n"
FORMS = {
    "brackets": COMMENTS + "[]\n",
    "brackets with a comment": HEADER + "[]   # nothing released yet\n",
    "comments only": COMMENTS,
    "empty file": "",
    "blank lines": "\n\n",
}
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def unreleased(tmp_path: Path, log: str) -> PolicyRepo:
    """A committed policy whose release log holds no entry, written as `log`."""
    repo = PolicyRepo(tmp_path / "repo")
    (repo.path / "policy_src" / "releases.yaml").write_text(log, "utf-8")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Sources, no release yet")
    return repo


@pytest.mark.parametrize("log", FORMS.values(), ids=FORMS.keys())
def test_validate_and_check_read_a_log_without_entries_as_empty(tmp_path: Path, log: str) -> None:
    repo = unreleased(tmp_path, log)
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "0 releases." in result.stdout
    result = policypress("check", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "(0 releases in the log;" in result.stdout
    assert "Nothing is published yet" in result.stdout


@pytest.mark.parametrize("log", FORMS.values(), ids=FORMS.keys())
def test_release_appends_the_first_entry_after_the_comments(tmp_path: Path, log: str) -> None:
    repo = unreleased(tmp_path, log)
    path = repo.path / "policy_src" / "releases.yaml"
    result = policypress("release", "2026-01-10", "--summary", "First version.", "--published", "2026-01-10", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    text = path.read_text("utf-8")
    comments = [line for line in log.splitlines() if line.strip()]
    kept = [line.replace("[]", "").strip() for line in comments if line.replace("[]", "").strip()]
    assert text.splitlines()[: len(kept)] == kept
    assert text.splitlines()[len(kept):] == ['- version: "2026-01-10"', "  published: 2026-01-10", "  material: false", "  summary: First version."]
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "1 releases." in result.stdout or "1 release." in result.stdout


def test_a_site_without_a_release_builds_strictly_and_says_nothing_is_published(tmp_path: Path) -> None:
    repo = unreleased(tmp_path, FORMS["comments only"])
    site = tmp_path / "site"
    result = mkdocs_build(repo.path, site)
    assert result.returncode == 0, result.stderr
    landing = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    assert landing.h1 is not None and landing.h1.get_text(strip=True) == "Test Policy"
    notice = landing.select_one(".policy-unpublished")
    assert notice is not None
    assert notice.get_text(" ", strip=True) == (
        "Nothing is published here yet: the Test Policy of Acme will appear on this page when its first version is released."
    )
    # No text of the sources reaches readers: no region page, feed, data or notice.
    assert "Acme runs the Acme service." not in (site / "index.html").read_text("utf-8")
    for missing in ("north/index.html", "full/index.html", "feed.xml", "api/policy.json", "notices"):
        assert not (site / missing).exists(), missing
    # Once released and committed, the site publishes the text.
    assert policypress("release", "2026-01-10", "--summary", "First version.", cwd=repo.path).returncode == 0
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "First release", date="2026-01-10")
    result = mkdocs_build(repo.path, site)
    assert result.returncode == 0, result.stderr
    assert "Acme runs the Acme service." in (site / "north" / "index.html").read_text("utf-8")
    assert not (site / "index.html").read_text("utf-8").count("policy-unpublished")


def test_the_landing_page_says_it_in_the_sites_language(tmp_path: Path) -> None:
    repo = unreleased(tmp_path, "[]\n")
    repo.settings = {"locale": "pt_BR"}
    repo.commit("Portuguese", "2026-01-02")
    site = build_site(repo.path, {"POLICYPRESS_AS_OF": "2026-06-01"}, NOW, site_url="https://example.test/")
    assert [page.uri for page in site.pages] == ["index.md"] and site.files == ()
    assert "Nada foi publicado aqui ainda: o documento “Test Policy” de Acme aparecerá nesta página" in site.pages[0].markdown


def test_the_live_preview_shows_the_draft(tmp_path: Path) -> None:
    repo = unreleased(tmp_path, "[]\n")
    site = build_site(repo.path, {"POLICYPRESS_AS_OF": "2026-06-01"}, NOW, site_url="https://example.test/", preview=True)
    pages = {page.uri: page for page in site.pages}
    assert "north/index.md" in pages
    assert "Acme runs the Acme service." in pages["north/index.md"].markdown
    assert "policy-unpublished" not in pages["index.md"].markdown


def test_a_document_without_a_release_on_a_published_site_is_still_an_error(tmp_path: Path) -> None:
    repo = unreleased(tmp_path, "[]\n")
    assert policypress("release", "2026-01-10", "--summary", "First version.", cwd=repo.path).returncode == 0
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "First release", date="2026-01-10")
    result = policypress("new-document", "cookies", "--title", "Cookie Policy", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Cookies", date="2026-01-11")
    with pytest.raises(PolicyError) as raised:
        build_site(repo.path, {"POLICYPRESS_AS_OF": "2026-06-01"}, NOW, site_url="https://example.test/")
    message = "policy_src/documents/cookies/releases.yaml:1:1: error: there is no release yet"
    assert str(raised.value.problems[0]).startswith(message)
    result = policypress("check", cwd=repo.path)  # as the build would
    assert result.returncode == 1 and result.stderr.startswith(message)


def test_emptying_a_published_log_is_an_error_not_an_unpublished_site(tmp_path: Path) -> None:
    repo = unreleased(tmp_path, "[]\n")
    assert policypress("release", "2026-01-10", "--summary", "First version.", cwd=repo.path).returncode == 0
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "First release", date="2026-01-10")
    (repo.path / "policy_src" / "releases.yaml").write_text(COMMENTS, "utf-8")
    with pytest.raises(PolicyError) as raised:
        build_site(repo.path, {"POLICYPRESS_AS_OF": "2026-06-01"}, NOW, site_url="https://example.test/")
    assert "has been removed from releases.yaml" in str(raised.value)
    result = policypress("check", cwd=repo.path)
    assert result.returncode == 1 and "has been removed from releases.yaml" in result.stderr
