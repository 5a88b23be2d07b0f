"""Section summaries (`summary:`, SPEC §20): the "At a glance" layer at the top of a page,
translated through the PO files, redlined, in the check summary and in the data under their
own key — never in the published text or its sha256. On a real git repository: a first
release without summaries, a release adding them (and their Portuguese), one rewording one."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import polib
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, mkdocs_build, policypress, run
from policy_repo import PolicyRepo

PO = "policy_src/translations/pt-BR.po"
DATA_SUMMARY = "You give us some data; we keep it no longer than {{ section:logs }} says."
ACCOUNTS_SUMMARY = "Your account holds your **name** and e-mail address."


def update(repo: PolicyRepo) -> None:
    repo.write_policy()
    result = run([sys.executable, "-m", "policypress", "translations", "update"], repo.path)
    assert result.returncode == 0, result.stderr


def translate(repo: PolicyRepo) -> None:
    """A translator's pass (test text: the English marked "[pt]", placeholders kept)."""
    po = polib.pofile(str(repo.path / PO))
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.msgstr or "fuzzy" in entry.flags:
            entry.msgstr = "[pt] " + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    po.save()


def with_summaries(repo: PolicyRepo) -> None:
    repo.sections["data"]["summary"] = DATA_SUMMARY
    repo.sections["data"]["sections"][0]["summary"] = ACCOUNTS_SUMMARY


def make_repo(path: Path) -> PolicyRepo:
    """The North offers pt-BR (required). 2026-01-01: no summaries; 2026-02-01: summaries of
    "Data" and its "Accounts", translated, and nothing else; 2026-03-01: "Data"'s reworded."""
    repo = PolicyRepo(path)
    repo.regions["regions"][0]["languages"] = {"pt-BR": "required"}
    update(repo)
    translate(repo)
    repo.release("2026-01-01", "First version.")
    repo.commit("First release", "2026-01-01")
    with_summaries(repo)
    update(repo)
    translate(repo)
    repo.release("2026-02-01", "Adds short summaries of two sections.")
    repo.commit("Summaries", "2026-02-01")
    repo.sections["data"]["summary"] = "You give us little data; we keep it no longer than {{ section:logs }} says."
    update(repo)
    translate(repo)
    repo.release("2026-03-01", "Rewords a summary.")
    repo.commit("Reworded summary", "2026-03-01")
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> PolicyRepo:
    return make_repo(tmp_path_factory.mktemp("summaries") / "repo")


@pytest.fixture(scope="module")
def site(repo: PolicyRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("summaries-site") / "site"
    result = mkdocs_build(repo.path, out, POLICYPRESS_AS_OF="2026-03-10")
    assert result.returncode == 0, result.stderr
    return out


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def glance(page: BeautifulSoup) -> list[tuple[str, str, str]]:
    """The layer's points: (link text, link target, the whole point's words)."""
    layer = page.select_one("article section.policy-glance")
    assert layer is not None
    points = []
    for item in layer.select("li"):
        anchor = item.select_one("a")
        points.append((anchor.get_text(), anchor["href"], " ".join(item.get_text(" ").split())))
    return points


def test_the_page_opens_with_the_summaries_linked_to_their_sections(site: Path) -> None:
    page = soup(site, "north/")
    layer = page.select_one("article section.policy-glance")
    # A region landmark named by its heading, above the text, saying what it is not.
    assert layer["aria-labelledby"] == "policy-at-a-glance"
    assert layer.select_one("h2#policy-at-a-glance").get_text() == "At a glance"
    assert "does not replace the policy text below" in layer.get_text(" ")
    assert layer.find_next_sibling("div", class_="policy-text") is not None
    points = glance(page)
    assert [(text, href) for text, href, _ in points] == [("2. Data", "#data"), ("2.1 Accounts", "#accounts")]
    # Placeholders and references resolve as in the text, numbered for this page.
    assert "we keep it no longer than Section 2.2 says" in points[0][2]
    assert page.select_one("article section.policy-glance li strong").get_text() == "name"
    # Each link leads to a section of the page.
    assert page.select_one("article h3#accounts") is not None


def test_the_summary_is_on_the_translated_page_in_its_language(site: Path) -> None:
    page = soup(site, "pt-br/north/")
    assert page.html["lang"] == "pt-BR"
    layer = page.select_one("article section.policy-glance")
    assert layer.select_one("h2").get_text() == "Em resumo"
    assert "Este resumo não substitui o texto da política abaixo" in layer.get_text(" ")
    points = glance(page)
    assert [href for _, href, _ in points] == ["#data", "#accounts"]
    assert points[0][2].startswith("2. [pt] Data : [pt] You give us little data")
    assert "Seção 2.2" in points[0][2]


def test_pages_without_summaries_show_no_layer(site: Path) -> None:
    assert soup(site, "north/2026-01-01/").select_one(".policy-glance") is None
    assert soup(site, "north/2026-02-01/").select_one(".policy-glance") is not None
    assert soup(site, "full/").select_one(".policy-glance") is not None


def test_summaries_never_enter_the_published_text_or_its_sha256(site: Path) -> None:
    first = json.loads((site / "api/north/2026-01-01.json").read_text())
    second = json.loads((site / "api/north/2026-02-01.json").read_text())
    # Adding summaries is a release of its own (readers see them) that leaves the text as it was.
    assert second["text"] == first["text"] and second["sha256"] == first["sha256"]
    assert "summary" not in json.dumps(first["sections"])
    data = next(s for s in second["sections"] if s["id"] == "data")
    assert data["summary"] == "You give us some data; we keep it no longer than Section 2.2 says."
    assert data["sections"][0]["summary"] == "Your account holds your name and e-mail address."
    assert "summary" not in data["sections"][1]
    assert "You give us" not in second["text"]
    schema = json.loads((REPO / "build_hooks/policypress/schemas/api-version.schema.json").read_text())
    jsonschema.validate(second, schema)
    translated = json.loads((site / "api/pt-br/north/2026-03-01.json").read_text())
    assert translated["sections"][1]["summary"].startswith("[pt] You give us little data")


def test_the_redline_shows_a_changed_summary_under_its_section(site: Path) -> None:
    page = soup(site, "north/2026-03-01/changes/")
    section = page.select_one("section.redline-section#data")
    assert "summary changed" in section.select_one(".redline-kind").get_text()
    shown = section.select_one("p.redline-glance")
    assert [d.get_text() for d in shown.select("del")] == ["[deleted: some]"]
    assert [i.get_text() for i in shown.select("ins")] == ["[inserted: little]"]
    assert "summary changed" in page.select_one("ul.redline-summary").get_text()
    # Adding summaries: the sections are changed, the summaries shown inserted.
    added = soup(site, "north/2026-02-01/changes/").select_one("section.redline-section#accounts p.redline-glance")
    assert added.select_one("ins").get_text() == "[inserted: Your account holds your name and e-mail address.]"
    translated = soup(site, "pt-br/north/2026-03-01/changes/").select_one("section.redline-section#data")
    assert "resumo alterado" in translated.select_one(".redline-kind").get_text()


def test_the_po_entry_of_a_summary_says_it_is_one(repo: PolicyRepo) -> None:
    po = polib.pofile(str(repo.path / PO))
    entry = next(e for e in po if e.msgctxt == "data/summary")
    assert entry.msgid.startswith("You give us little data")
    assert "Section summary" in entry.comment and "does not replace" in entry.comment
    assert "#. Section summary" in (repo.path / PO).read_text()


def test_the_check_summary_and_diff_show_a_changed_summary(repo: PolicyRepo, tmp_path: Path) -> None:
    base = repo.git("rev-parse", "HEAD").strip()
    repo.sections["data"]["sections"][1]["summary"] = "Server logs go after {{ email }} says so."
    update(repo)
    translate(repo)
    repo.release("2026-04-01", "Summarises the logs.")
    repo.commit("Logs summary", "2026-04-01")
    try:
        result = policypress("check", "--base", base, cwd=repo.path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "**2.2 Logs** (summary changed)" in result.stdout
        assert "summary (at a glance): **Server logs go after privacy@example.test says so.**" in result.stdout
        diff = policypress("diff", "2026-03-01", "2026-04-01", "--region", "north", cwd=repo.path)
        assert diff.returncode == 0, diff.stderr
        assert "## 2.2 Logs (summary changed)" in diff.stdout
        assert "   summary: {+Server logs go after privacy@example.test says so.+}" in diff.stdout
    finally:
        repo.git("reset", "-q", "--hard", base)
        del repo.sections["data"]["sections"][1]["summary"]
        repo.releases.pop()


def test_an_unreleased_summary_is_unreleased_text(repo: PolicyRepo) -> None:
    repo.sections["contact"]["summary"] = "How to reach us."
    repo.write_policy()
    try:
        result = policypress("check", cwd=repo.path)
        assert result.returncode == 1
        assert "release" in result.stdout + result.stderr
    finally:
        del repo.sections["contact"]["summary"]
        repo.write_policy()
        repo.git("checkout", "-q", "--", ".")


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        ("Write to {{ mail }}.", "sections/intro.yaml:5:24: error: unknown placeholder '{{ mail }}'"),
        ("See {{ section:nowhere }}.", "sections/intro.yaml:5:19: error: reference to unknown section 'nowhere'"),
        ("First paragraph.\n\nSecond paragraph.", "sections/intro.yaml:5:14: error: the summary of section 'intro' has several paragraphs"),
        ("Long. " * 120, "sections/intro.yaml:5:14: error: the summary of section 'intro' is 719 characters long"),
        ("", "sections/intro.yaml:5:14: error:"),
    ],
)
def test_a_bad_summary_is_a_located_error(tmp_path: Path, summary: str, message: str) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.sections["intro"] = {"id": "intro", "title": "About", "summary": summary, "blocks": ["Acme runs the Acme service."]}
    repo.write_policy()
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert message in result.stdout + result.stderr, result.stdout + result.stderr


def test_an_untranslated_summary_falls_back_marked(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.regions["regions"][1]["languages"] = {"pt-BR": "fallback"}
    repo.sections["intro"]["summary"] = "Who we are."
    update(repo)
    translate(repo)
    po = polib.pofile(str(repo.path / PO))
    next(e for e in po if e.msgctxt == "intro/summary").msgstr = ""
    po.save()
    repo.release("2026-01-01", "First version.")
    repo.commit("First release", "2026-01-01")
    result = mkdocs_build(repo.path, tmp_path / "site", POLICYPRESS_AS_OF="2026-01-02")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "site", "pt-br/south/")
    marked = page.select_one("section.policy-glance li .policy-untranslated")
    assert marked["lang"] == "en"
    assert " ".join(marked.get_text(" ").split()) == "(não traduzido) Who we are."
    # The page says it is partly untranslated, counting the summary as a passage.
    assert page.select_one(".policy-banner--untranslated") is not None
