"""Translated pages on a real git repository: every page kind of a region in both languages,
numbering and references as in the source, fallback passages marked, required translations
enforced, translations read at each release's commit."""

from __future__ import annotations

import json
import re
import sys
from hashlib import sha256
from pathlib import Path

import feedparser
import polib
import pytest
from bs4 import BeautifulSoup

from conftest import mkdocs_build, policypress, run
from policy_repo import PolicyRepo

PO = "policy_src/translations/pt-BR.po"
PAGE_KINDS = ["north/", "north/upcoming/", "north/history/", "north/2026-01-01/", "north/2026-03-01/", "north/2026-03-01/changes/"]


def update(repo: PolicyRepo) -> str:
    """`translations update` after writing the repository's sources; its output."""
    repo.write_policy()
    result = run([sys.executable, "-m", "policypress", "translations", "update"], repo.path)
    assert result.returncode == 0, result.stderr
    return result.stdout


def translate(repo: PolicyRepo, skip: frozenset[str] = frozenset(), prefix: str = "[pt] ", path: str = PO) -> None:
    """A translator's pass over a PO file (test text: the English marked, placeholders kept)."""
    po = polib.pofile(str(repo.path / path))
    for entry in po:
        if entry.obsolete or entry.msgctxt in skip:
            continue
        entry.msgstr = prefix + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    po.save()


def make_repo(path: Path, north: str = "required") -> PolicyRepo:
    """The North requires pt-BR, the South falls back; the South-only list item stays
    untranslated. A material change is announced on January 10 for February 9."""
    repo = PolicyRepo(path)
    repo.regions["regions"][0]["languages"] = {"pt-BR": north}
    repo.regions["regions"][1]["languages"] = {"pt-BR": "fallback"}
    update(repo)
    translate(repo, skip=frozenset({"rights/block-1/item-2"}))
    repo.release("2026-01-01", "First version.")
    repo.commit("First release", "2026-01-01")
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for thirty days."]
    update(repo)
    translate(repo, skip=frozenset({"rights/block-1/item-2"}))
    repo.release("2026-03-01", "Shorter logs.", published="2026-01-10", material=True)
    repo.commit("Shorter logs", "2026-01-10")
    return repo


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("translated")
    repo = make_repo(folder / "repo")
    result = mkdocs_build(repo.path, folder / "site", POLICYPRESS_AS_OF="2026-01-20")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def article(page: BeautifulSoup) -> str:
    return " ".join(page.select_one("article").get_text(" ").split())


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_every_page_kind_in_both_languages_with_lang_and_links(site: Path, path: str) -> None:
    source, translated = soup(site, path), soup(site, "pt-br/" + path)
    assert source.html["lang"] == "en"
    assert translated.html["lang"] == "pt-BR"
    # Each links to the other, with plain links (no JavaScript needed).
    there = source.select_one("nav.policy-languages a")
    back = translated.select_one("nav.policy-languages a")
    assert (there["hreflang"], there.get_text()) == ("pt-BR", "Português (Brasil)")
    assert (back["hreflang"], back.get_text()) == ("en", "English")
    assert ((site / path / there["href"]).resolve() / "index.html") == (site / "pt-br" / path / "index.html").resolve()
    assert ((site / "pt-br" / path / back["href"]).resolve() / "index.html") == (site / path / "index.html").resolve()


def headings(page: BeautifulSoup) -> list[tuple[str, str]]:
    found = []
    for heading in page.select(".policy-text h2, .policy-text h3"):
        number = heading.get_text(" ", strip=True).split(" ")[0].rstrip(".")
        found.append((heading["id"], number))
    return found


def test_translated_text_with_the_same_numbering_and_references(site: Path) -> None:
    source, translated = soup(site, "north/upcoming"), soup(site, "pt-br/north/upcoming")
    assert headings(source) == headings(translated)
    assert ("north-rules", "2.3") in headings(translated)  # the North's own subsection
    text = article(translated)
    assert "2.2 [pt] Logs" in text and "[pt] We keep server logs for thirty days." in text
    reference = translated.select_one(".policy-text a[href='#data']")
    assert reference.get_text() == "Seção 2"
    assert source.select_one(".policy-text a[href='#data']").get_text() == "Section 2"
    assert "Alteração prevista: uma nova versão entra em vigor em 9 de fevereiro de 2026." in text
    assert translated.select(".policy-untranslated") == []  # the North's page is complete
    assert "Vigência: 9 de fevereiro de 2026" in text


def test_translated_redline_history_and_archive(site: Path) -> None:
    redline = soup(site, "pt-br/north/2026-03-01/changes")
    # Release summaries are written once, in English, and marked so on every Portuguese page.
    assert redline.select_one(".redline-release-summary")["lang"] == "en"
    assert soup(site, "pt-br/north/history").find("span", lang="en", string="Shorter logs.") is not None
    notice = soup(site, "pt-br/north").select_one(".policy-notice p[lang='en']")
    assert notice is not None and notice.get_text(strip=True) == "Shorter logs."
    assert soup(site, "north").select_one(".policy-notice [lang]") is None
    logs = " ".join(redline.select_one("section#logs").get_text(" ").split())
    assert "[removido: ninety ]" in logs and "[inserido: thirty ]" in logs
    assert redline.select_one("#summary-of-changes").get_text() == "Resumo das alterações"
    history = soup(site, "pt-br/north/history")
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in history.select("tbody tr")]
    assert [row[0] for row in rows] == ["2026-03-01 (prevista)", "2026-01-01 (em vigor)"]
    archive = article(soup(site, "pt-br/north/2026-01-01"))
    assert "[pt] We keep server logs for ninety days." in archive


def test_a_published_translation_never_changes(site: Path, tmp_path: Path) -> None:
    # Each version's translation is the PO file of its release's commit: the archived first
    # version keeps the translation of "ninety days", which the second release replaced.
    assert "[pt] We keep server logs for ninety days." in article(soup(site, "pt-br/north/2026-01-01"))
    assert "[pt] We keep server logs for thirty days." in article(soup(site, "pt-br/north/2026-03-01"))
    # An improved translation committed without a release entry is refused, like changed text.
    repo = make_repo(tmp_path / "repo")
    translate(repo, skip=frozenset({"rights/block-1/item-2"}), prefix="[pt, improved] ")
    repo.git("commit", "-qam", "Improve the translation", date="2026-01-15")
    build = mkdocs_build(repo.path, tmp_path / "site", POLICYPRESS_AS_OF="2026-01-20")
    assert build.returncode == 1
    message = f"{PO}:1:1: error: the pt-BR text of north, south differs from the latest release '2026-03-01'"
    assert message in build.stderr, build.stderr
    check = policypress("check", cwd=repo.path)
    assert check.returncode == 1 and message in check.stderr


def test_translated_feed_and_email_notice_in_the_language(site: Path) -> None:
    feed = feedparser.parse((site / "pt-br" / "north" / "feed.xml").read_bytes())
    assert feed.feed.language == "pt-BR"
    assert feed.feed.title == "[pt] Test Policy de Acme: [pt] The North"
    entry = feed.entries[0]
    assert entry.title == "[pt] Test Policy ([pt] The North): versão 2026-03-01, em vigor a partir de 9 de fevereiro de 2026"
    assert entry.link.endswith("/pt-br/north/2026-03-01/changes/")
    content = BeautifulSoup(entry.content[0].value, "html.parser")
    assert "Alteração relevante, publicada em 10 de janeiro de 2026" in content.get_text()
    summary = content.select_one("span[lang]")  # written once, in English, and marked so
    assert (summary.get_text(), summary["lang"]) == ("Shorter logs.", "en")
    assert [a["href"] for a in content.select("a")][-1].endswith("/pt-br/north/2026-03-01/changes/")
    assert {e.id for e in feed.entries}.isdisjoint(
        e.id for e in feedparser.parse((site / "north" / "feed.xml").read_bytes()).entries
    )
    mail = (site / "pt-br" / "notices" / "2026-03-01" / "north.txt").read_text("utf-8")
    assert mail.startswith("Subject: [pt] Test Policy para [pt] The North: alterações em vigor a partir de 9 de fevereiro de 2026\n")
    assert "A versão 2026-03-01 foi publicada em 10 de janeiro de 2026 e entra em vigor em 9 de fevereiro de 2026." in mail
    assert "O que muda (resumo em inglês):\nShorter logs." in mail
    assert "- 2.2 [pt] Logs (texto alterado)" in mail
    assert "/pt-br/north/2026-03-01/changes/" in mail
    # The source-language notice is unchanged, and the South's fallback pages get theirs too.
    assert (site / "notices" / "2026-03-01" / "north.txt").read_text("utf-8").startswith("Subject: Test Policy for The North")
    assert (site / "pt-br" / "notices" / "2026-01-01" / "south.txt").exists()


def test_translated_start_page_lists_the_translated_regions(site: Path) -> None:
    page = soup(site, "pt-br")
    assert page.html["lang"] == "pt-BR"
    assert page.select_one("h1").get_text() == "[pt] Test Policy"
    items = [" ".join(li.get_text(" ").split()) for li in page.select("article ul li")]
    assert items == ["[pt] The North — atualizado em 1 de janeiro de 2026", "[pt] The South — atualizado em 1 de janeiro de 2026"]
    links = [a["href"] for a in page.select("article ul li a")]
    assert [link.rstrip("/").rsplit("/", 1)[-1] for link in links] == ["north", "south"]
    assert "As páginas das outras regiões e o texto completo" in page.select_one(".policy-full-link").get_text()
    # The start pages link to each other without JavaScript, and /full/ stays English only.
    assert soup(site, ".").find("a", attrs={"hreflang": "pt-BR"})["href"].rstrip("/").endswith("pt-br")
    assert page.find("a", attrs={"hreflang": "en"}) is not None
    assert not (site / "pt-br" / "full").exists()


def test_an_improved_translation_is_a_release_of_its_own(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    translate(repo, skip=frozenset({"rights/block-1/item-2"}), prefix="[pt, improved] ")
    repo.release("2026-03-15", "Better Portuguese.", published="2026-03-15")
    repo.commit("Improve the translation", "2026-03-15")
    check = policypress("check", "--base", "HEAD~1", cwd=repo.path)
    assert check.returncode == 0, check.stderr  # it changes translated pages, not "nothing"
    site = tmp_path / "site"
    build = mkdocs_build(repo.path, site, POLICYPRESS_AS_OF="2026-03-20")
    assert build.returncode == 0, build.stderr
    # A new Portuguese version; the English pages have no version 2026-03-15.
    assert "[pt, improved] We keep server logs for thirty days." in article(soup(site, "pt-br/north/2026-03-15"))
    assert "[pt] We keep server logs for thirty days." in article(soup(site, "pt-br/north/2026-03-01"))
    assert not (site / "north" / "2026-03-15").exists()
    history = soup(site, "pt-br/north/history")
    assert [tr.select_one("td").get_text(" ", strip=True) for tr in history.select("tbody tr")][0] == "2026-03-15 (em vigor)"


def test_the_published_version_guard_covers_translated_versions(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    site = tmp_path / "site"
    assert mkdocs_build(repo.path, site, POLICYPRESS_AS_OF="2026-01-20").returncode == 0
    published = site / "api" / "policy.json"
    data = json.loads(published.read_text("utf-8"))
    translations = {t["language"]: {r["id"]: r for r in t["regions"]} for t in data["translations"]}
    north = translations["pt-BR"]["north"]
    assert [v["version"] for v in north["versions"]] == ["2026-01-01", "2026-03-01"]
    assert north["url"].endswith("/pt-br/north/") and north["name"] == "[pt] The North"
    text = json.loads((site / "api" / "pt-br" / "north" / "2026-03-01.json").read_text("utf-8"))["text"]
    assert north["versions"][1]["sha256"] == sha256(text.encode("utf-8")).hexdigest()
    check = policypress("check", "--published", str(published), cwd=repo.path)
    assert check.returncode == 0, check.stderr
    versions = sum(len(r["versions"]) for r in [*data["regions"], data["full"], *translations["pt-BR"].values()])
    assert f"all {versions} versions of the deployed site keep their text" in check.stdout
    # A rewritten history that changes a published translation is caught...
    head = repo.git("rev-parse", "HEAD").strip()
    translate(repo, skip=frozenset({"rights/block-1/item-2"}), prefix="[pt, rewritten] ")
    repo.git("commit", "-q", "--amend", "-a", "--no-edit", date="2026-01-10")
    check = policypress("check", "--published", str(published), cwd=repo.path)
    assert check.returncode == 1
    assert "the text of published version 2026-03-01 of 'pt-BR/north' would change" in check.stderr
    assert "of 'north' would change" not in check.stderr  # the English text is the same
    # ...and so is a translated version that would vanish (the South no longer offered in pt-BR).
    repo.git("reset", "-q", "--hard", head)
    del repo.regions["regions"][1]["languages"]
    repo.write_policy()
    repo.git("commit", "-q", "--amend", "-a", "--no-edit", date="2026-01-10")
    check = policypress("check", "--published", str(published), cwd=repo.path)
    assert check.returncode == 1
    assert "version 2026-01-01 of 'pt-BR/south' is published but this build does not have it" in check.stderr


def test_fallback_passages_show_the_source_marked(site: Path) -> None:
    page = soup(site, "pt-br/south")
    banner = page.select_one(".policy-banner--untranslated")
    assert banner is not None and "parcialmente traduzida" in banner.get_text()
    marked = page.select(".policy-text .policy-untranslated")
    assert len(marked) == 1
    passage = marked[0]
    assert passage["lang"] == "en" and passage.find_parent("li") is not None
    label = passage.select_one(".policy-untranslated-label")
    assert (label.get_text(), label["lang"]) == ("(não traduzido)", "pt-BR")
    assert passage.get_text(" ", strip=True) == "(não traduzido) Object to processing."
    assert "[pt] Ask for a copy." in article(page)


def test_data_files_carry_the_language(site: Path) -> None:
    source = json.loads((site / "api" / "north" / "2026-03-01.json").read_text("utf-8"))
    translated = json.loads((site / "api" / "pt-br" / "north" / "2026-03-01.json").read_text("utf-8"))
    assert source["language"] == "en" and translated["language"] == "pt-BR"
    assert translated["url"].endswith("/pt-br/north/2026-03-01/")
    assert "[pt] We keep server logs for thirty days." in translated["text"]
    assert translated["sha256"] == sha256(translated["text"].encode("utf-8")).hexdigest()
    assert [s["number"] for s in translated["sections"]] == [s["number"] for s in source["sections"]]


def test_required_translation_blocks_check_and_build_naming_the_entry(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.regions["regions"][0]["languages"] = {"pt-BR": "required"}
    update(repo)
    translate(repo, skip=frozenset({"north-rules/block-1"}))
    repo.release("2026-01-01", "First version.")
    repo.commit("First release", "2026-01-01")
    lines = (repo.path / PO).read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text == 'msgctxt "north-rules/block-1"') + 2
    where = f"{PO}:{line}:1: error: pt-BR is required for north"
    check = policypress("check", cwd=repo.path)
    assert check.returncode == 1 and where in check.stderr, check.stderr
    build = mkdocs_build(repo.path, tmp_path / "site", POLICYPRESS_AS_OF="2026-01-20")
    assert build.returncode == 1
    assert f"{where}, but in release '2026-01-01' 'north-rules/block-1' is missing" in build.stderr
    assert "Traceback" not in build.stderr
    assert not (tmp_path / "site").exists()


def test_every_block_kind_is_translated_and_marked(tmp_path: Path) -> None:
    """Format 2: the preamble, table header and row cells and nested list items are passages."""
    repo = PolicyRepo(tmp_path / "repo")
    repo.settings = {"format": 2, "preamble": ["Read this first."]}
    repo.sections["contact"]["blocks"] = [
        {"table": {"header": ["Cookie", "Purpose"], "rows": [["session", "Keeps you signed in"], ["prefs", "Remembers settings"]]}},
        {"numbered": True, "items": [{"text": "Write to us.", "items": ["By post.", "By e-mail."]}, "Call us."]},
    ]
    repo.regions["regions"][2]["languages"] = {"pt-BR": "fallback"}
    update(repo)
    keys = [entry.msgctxt for entry in polib.pofile(str(repo.path / PO))]
    assert "(preamble)/block-1" in keys
    assert keys[keys.index("contact/title"):] == [
        "contact/title",
        "contact/block-1/header/cell-1", "contact/block-1/header/cell-2",
        "contact/block-1/row-1/cell-1", "contact/block-1/row-1/cell-2",
        "contact/block-1/row-2/cell-1", "contact/block-1/row-2/cell-2",
        "contact/block-2/item-1", "contact/block-2/item-1/item-1", "contact/block-2/item-1/item-2",
        "contact/block-2/item-2",
    ]
    translate(repo, skip=frozenset({"contact/block-1/row-2/cell-2"}))
    repo.release("2026-01-01", "First version.")
    repo.commit("First release", "2026-01-01")
    result = mkdocs_build(repo.path, tmp_path / "site", POLICYPRESS_AS_OF="2026-01-20")
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "site", "pt-br/west")
    text = article(page)
    assert "[pt] Read this first." in text
    assert [th.get_text() for th in page.select(".policy-text th")] == ["[pt] Cookie", "[pt] Purpose"]
    cells = page.select(".policy-text td")
    assert [c.get_text(" ", strip=True) for c in cells] == [
        "[pt] session", "[pt] Keeps you signed in", "[pt] prefs", "(não traduzido) Remembers settings"
    ]
    assert cells[3].select_one(".policy-untranslated")["lang"] == "en"
    nested = page.select(".policy-text ol > li > ul > li")
    assert [li.get_text(strip=True) for li in nested] == ["[pt] By post.", "[pt] By e-mail."]
