"""Translations of a further document (SPEC §10): policy_src/documents/<doc>/translations/<lang>.po
in `translations update`, `status`, `check` and the pages, on a real git repository."""

from __future__ import annotations

from pathlib import Path

import feedparser
import polib
from bs4 import BeautifulSoup

from conftest import mkdocs_build, policypress
from documents_repo import DocumentsRepo, cookie_sections
from test_translated_site import translate, update

PRIMARY_PO = "policy_src/translations/pt-BR.po"
COOKIES_PO = "policy_src/documents/cookies/translations/pt-BR.po"


def make_repo(path: Path) -> DocumentsRepo:
    """The North requires pt-BR; the cookie notice applies there too. Both documents are
    translated and released on January 10."""
    repo = DocumentsRepo(path)
    repo.regions["regions"][0]["languages"] = {"pt-BR": "required"}
    cookies = repo.add_document("cookies", "Cookie Notice", cookie_sections())
    out = update(repo)
    assert f"{PRIMARY_PO}: created;" in out and f"{COOKIES_PO}: created;" in out
    translate(repo, path=PRIMARY_PO)
    translate(repo, path=COOKIES_PO)
    repo.release("2026-01-10", "First version.")
    cookies["releases"].append({"version": "2026-01-10", "summary": "First cookie notice."})
    repo.commit("First release", "2026-01-10")
    return repo


def test_a_further_documents_po_file_in_update_status_check_and_pages(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    keys = [e.msgctxt for e in polib.pofile(str(repo.path / COOKIES_PO))]
    assert keys[:2] == ["(document)/title", "(region)/north/name"]
    assert "which/block-1" in keys and "north-cookies/block-1" in keys
    assert "#: policy_src/documents/cookies/sections/which.yaml:" in (repo.path / COOKIES_PO).read_text("utf-8")
    # The cookie notice changes: its entry turns fuzzy; status and check name it.
    cookies = repo.documents["cookies"]
    cookies["sections"]["what"]["blocks"] = ["Cookies are small text files."]
    cookies["releases"].append({"version": "2026-02-01", "summary": "Clearer wording."})
    out = update(repo)
    assert f"{COOKIES_PO}: updated; 10 passages: 9 translated, 1 fuzzy" in out
    assert f"{PRIMARY_PO}: unchanged;" in out
    status = policypress("translations", "status", cwd=repo.path)
    assert status.returncode == 1
    assert "the primary document: pt-BR for north (required): 18 passages, complete" in status.stdout
    assert "document 'cookies': pt-BR for north (required): 10 passages, 1 fuzzy" in status.stdout
    assert f"  {COOKIES_PO}:" in status.stdout and "'what/block-1' ('Cookies are small text files.'" in status.stdout
    assert "pt-BR (document 'cookies'): incomplete where required." in status.stderr
    check = policypress("check", cwd=repo.path)
    assert check.returncode == 1
    assert f"{COOKIES_PO}:" in check.stderr and "error: pt-BR is required for north: 'what/block-1'" in check.stderr
    assert PRIMARY_PO not in check.stderr and "Traceback" not in check.stderr
    # Translated and released: the cookie notice's page in Portuguese, with its feed and notice.
    translate(repo, path=COOKIES_PO)
    repo.commit("Clearer cookie notice, in Portuguese too", "2026-02-01")
    assert policypress("translations", "status", cwd=repo.path).returncode == 0
    check = policypress("check", "--base", "HEAD~1", cwd=repo.path)
    assert check.returncode == 0, check.stderr
    site = tmp_path / "site"
    build = mkdocs_build(repo.path, site, POLICYPRESS_AS_OF="2026-03-01")
    assert build.returncode == 0, build.stderr
    page = BeautifulSoup((site / "pt-br" / "cookies" / "north" / "index.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "pt-BR"
    text = " ".join(page.select_one("article").get_text(" ").split())
    assert "[pt] Cookies are small text files." in text and "[pt] Northern readers get no analytics cookies." in text
    assert "Última atualização: 1 de fevereiro de 2026" in text
    english = page.find("a", attrs={"hreflang": "en"})
    assert english is not None and english["href"].rstrip("/").endswith("cookies/north")
    archived = BeautifulSoup((site / "pt-br" / "cookies" / "north" / "2026-01-10" / "index.html").read_text("utf-8"), "html.parser")
    assert "[pt] Cookies are small files." in archived.select_one("article").get_text()
    start = BeautifulSoup((site / "pt-br" / "index.html").read_text("utf-8"), "html.parser")
    assert start.select_one("h1").get_text() == "Políticas de Acme"
    assert [h2.get_text(strip=True) for h2 in start.select("article h2")] == ["[pt] The North"]
    listed = [" ".join(li.get_text(" ").split()) for li in start.select("article ul li")]
    assert listed == ["[pt] Test Policy — atualizado em 10 de janeiro de 2026", "[pt] Cookie Notice — atualizado em 1 de fevereiro de 2026"]
    feed = feedparser.parse((site / "pt-br" / "cookies" / "north" / "feed.xml").read_bytes())
    assert feed.feed.title == "[pt] Cookie Notice de Acme: [pt] The North"
    assert (site / "pt-br" / "notices" / "cookies" / "2026-02-01" / "north.txt").exists()
    # A translation improved after its release, without a new release entry, is refused.
    translate(repo, prefix="[pt, melhor] ", path=COOKIES_PO)
    repo.git("commit", "-qam", "Better cookie translation", date="2026-02-10")
    check = policypress("check", cwd=repo.path)
    assert check.returncode == 1
    assert f"{COOKIES_PO}:1:1: error: the pt-BR text of north differs from the latest release '2026-02-01'" in check.stderr
