"""PolicyPress's own words through gettext catalogues shipped in the package, and dates
through Babel, in the page's language: a policy written in Portuguese gets Portuguese
"Last updated", notices, history and redline pages, feeds and e-mail notices."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import polib
import pytest
from babel.messages.extract import extract_from_dir
from bs4 import BeautifulSoup

import policy_repo
from conftest import REPO, mkdocs_build
from policy_repo import PolicyRepo

PACKAGE = REPO / "build_hooks" / "policypress"
CATALOGUE = PACKAGE / "locale" / "pt_BR" / "LC_MESSAGES" / "policypress.po"
_FIELD = re.compile(r"%\((\w+)\)[sd]")


def used_messages() -> set[str | tuple[str, str]]:
    """Every message PolicyPress's code and templates ask gettext for."""
    method_map = [
        ("emit/**.py", "python"),
        ("site.py", "python"),
        ("translations/**.py", "python"),
        ("templates/pages/**.j2", "jinja2.ext:babel_extract"),
        ("templates/notices/**.j2", "jinja2.ext:babel_extract"),
        ("templates/feeds/**.j2", "jinja2.ext:babel_extract"),
        ("templates/pdf/**.j2", "jinja2.ext:babel_extract"),
        ("templates/theme/**.j2", "jinja2.ext:babel_extract"),
    ]
    options = {"templates/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    return {message for _, _, message, _, _ in extract_from_dir(str(PACKAGE), method_map, options, keywords)}


def test_the_portuguese_catalogue_translates_every_message_with_the_same_fields() -> None:
    catalogue = {entry.msgid: entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete}
    used = used_messages()
    assert len(used) > 60  # the extraction found the templates and the code
    for message in used:
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalogue.get(msgid)
        assert entry is not None, f"{msgid!r} is not in {CATALOGUE.name}"
        assert "fuzzy" not in entry.flags, msgid
        translations = list(entry.msgstr_plural.values()) if isinstance(message, tuple) else [entry.msgstr]
        for text in translations:
            assert text, f"{msgid!r} is not translated"
            assert sorted(_FIELD.findall(text)) == sorted(_FIELD.findall(msgid)), (msgid, text)


@pytest.fixture(scope="module")
def portuguese_site(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch) -> Path:
    """A policy whose locale is pt_BR, with a material change announced, built as of a day in
    its notice period."""
    base = policy_repo.settings
    monkeypatch_module.setattr(policy_repo, "settings", lambda outline: {**base(outline), "locale": "pt_BR"})
    folder = tmp_path_factory.mktemp("pt")
    repo = PolicyRepo(folder / "repo")
    repo.release("2026-01-01", "Primeira versão.")
    repo.commit("First release", "2026-01-01")
    repo.sections["data"]["sections"][1]["blocks"] = ["Guardamos os registros por trinta dias."]
    repo.release("2026-02-15", "Registros guardados por menos tempo.", published="2026-01-10", material=True)
    repo.commit("Shorter logs", "2026-01-10")
    site = folder / "site"
    result = mkdocs_build(repo.path, site, POLICYPRESS_AS_OF="2026-01-20")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text("utf-8"), "html.parser")


def test_portuguese_policy_page_dates_and_notice(portuguese_site: Path) -> None:
    page = soup(portuguese_site, "north")
    text = " ".join(page.get_text(" ").split())
    assert "Última atualização: 1 de janeiro de 2026" in text
    assert "Vigência: 1 de janeiro de 2026" in text
    assert "Aplica-se aos leitores em The North" in text
    notice = page.select_one(".policy-notice")
    assert notice is not None
    words = " ".join(notice.get_text(" ").split())
    # Material, published January 10: in force 30 days later, February 9.
    assert "Alteração prevista: uma nova versão entra em vigor em 9 de fevereiro de 2026." in words
    assert "Esta é uma alteração relevante." in words
    assert [a.get_text() for a in notice.find_all("a")] == ["Leia a nova versão", "Veja o que muda"]
    assert "Alteração relevante prevista para 9 de fevereiro de 2026" in page.select_one(".md-banner").get_text()
    assert "Last updated" not in text and "Effective" not in text and "January" not in text


def test_portuguese_history_redline_and_archive(portuguese_site: Path) -> None:
    history = soup(portuguese_site, "north/history")
    headers = [th.get_text(strip=True) for th in history.select("table th")]
    assert headers == ["Versão", "Publicada em", "Em vigor a partir de", "Alteração relevante", "O que mudou", "Alterações"]
    assert "(prevista)" in history.get_text() and "(em vigor)" in history.get_text()
    assert history.find("td", string="Primeira versão") is not None
    redline = soup(portuguese_site, "north/2026-02-15/changes")
    assert redline.select_one("#summary-of-changes").get_text() == "Resumo das alterações"
    assert "texto alterado" in redline.select_one(".redline-summary").get_text()
    assert redline.select_one("ins .visually-hidden").get_text() == "[inserido: "
    assert redline.select_one("del .visually-hidden").get_text() == "[removido: "
    assert "seções sem alterações" in redline.select_one("details summary").get_text()
    archive = " ".join(soup(portuguese_site, "north/2026-01-01").get_text(" ").split())
    assert "Esta é a versão 2026-01-01, em vigor desde 1 de janeiro de 2026. É a versão atual." in archive


def test_portuguese_feeds_and_email_notice(portuguese_site: Path) -> None:
    feed = feedparser.parse((portuguese_site / "north" / "feed.xml").read_bytes())
    assert feed.feed.title == "Test Policy de Acme: The North"
    assert feed.entries[0].title == "Test Policy (The North): versão 2026-02-15, em vigor a partir de 9 de fevereiro de 2026"
    assert "Alteração relevante, publicada em 10 de janeiro de 2026" in feed.entries[0].content[0].value
    assert feed.feed.language == "pt"
    mail = (portuguese_site / "notices" / "2026-02-15" / "north.txt").read_text("utf-8")
    assert mail.startswith("Subject: Test Policy para The North: alterações em vigor a partir de 9 de fevereiro de 2026\n")
    assert "A versão 2026-02-15 foi publicada em 10 de janeiro de 2026 e entra em vigor em 9 de fevereiro de 2026." in mail
    assert "Esta é uma alteração relevante da política." in mail
    assert "- 2.2 Logs (texto alterado)" in mail
    assert "Veja exatamente o que muda: " in mail
