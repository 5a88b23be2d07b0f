"""The showcase in examples/: a fictional company's site with three documents, built in place
from a subfolder of this repository, its releases read from this repository's history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from conftest import REPO


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def article(site: Path, url: str) -> str:
    return " ".join(soup(site, url).select_one("article").get_text(" ").split())


def test_the_example_has_three_documents_with_their_own_addresses(example_site: Path) -> None:
    for url in ("eea/", "cookie-policy/eea/", "subprocessors/eea/", "subprocessors/uk/", "cookie-policy/full/",
                "cookie-policy/eea/history/", "cookie-policy/eea/2026-06-15/changes/", "subprocessors/eea/2026-09-01/changes/"):
        assert (example_site / url / "index.html").is_file(), url
    # The sub-processor list is limited to two regions.
    assert not (example_site / "subprocessors/california").exists()
    assert sorted(p.name for p in (example_site / "notices/subprocessors/2026-09-01").iterdir()) == ["eea.txt", "uk.txt"]


def test_the_examples_releases_come_from_git_with_their_dates(example_site: Path) -> None:
    data = json.loads((example_site / "api/subprocessors/policy.json").read_text())
    assert [(r["version"], r["published"], r["effective"], r["material"]) for r in data["releases"]] == [
        ("2026-03-01", "2026-03-01", "2026-03-01", False),
        ("2026-09-01", "2026-09-01", "2026-10-01", True),
        ("2026-12-01", "2026-12-01", "2026-12-01", False),
    ]
    privacy = json.loads((example_site / "api/policy.json").read_text())
    assert privacy["regions"][0]["upcoming"] == ["2026-11-20"]  # the material change is announced


def test_the_example_landing_lists_each_regions_documents(example_site: Path) -> None:
    text = article(example_site, "")
    california = text.split("California")[1].split("Rest of the world")[0]
    assert "Privacy Policy — last updated March 1, 2026" in california
    assert "Upcoming material change on December 20, 2026" in california
    assert "Cookie Policy — last updated December 3, 2026" in california
    assert "Sub-processor List" not in california


def test_the_example_links_documents_with_per_page_numbers(example_site: Path) -> None:
    eea = soup(example_site, "eea/")
    link = next(a for a in eea.select("article a") if a.get_text() == "Section 2 of the Cookie Policy")
    assert link["href"] == "../cookie-policy/eea/#cookies-we-use"
    others = eea.select_one(".policy-documents")
    assert [a.get_text() for a in others.select("a")] == ["Cookie Policy", "Sub-processor List"]
    cookie = soup(example_site, "cookie-policy/california/")
    assert [a["href"] for a in cookie.select("article a") if a.get_text() == "Privacy Policy"][-1] == "../../california/"
    # A document that does not apply to the region is linked as its complete text.
    california = soup(example_site, "california/")
    assert [a["href"] for a in california.select("article a") if a.get_text() == "Sub-processor List"] == ["../subprocessors/full/"]


def test_the_example_feed_carries_every_documents_releases(example_site: Path) -> None:
    feed = feedparser.parse((example_site / "feed.xml").read_text())
    titles = [e.title for e in feed.entries]
    # Newest first: the Cookie Policy's summaries of December 3, the tables of December 1, then
    # the Portuguese translation, released in two documents on November 27.
    assert titles[0] == "Cookie Policy: version 2026-12-03, effective December 3, 2026"
    titles = titles[1:]
    assert sorted(titles[:2]) == [
        "Cookie Policy: version 2026-12-01, effective December 1, 2026",
        "Sub-processor List: version 2026-12-01, effective December 1, 2026",
    ]
    assert sorted(titles[2:4]) == [
        "Cookie Policy: version 2026-11-27, effective November 27, 2026",
        "Privacy Policy: version 2026-11-27, effective December 20, 2026",
    ]
    assert titles[4] == "Privacy Policy: version 2026-11-20, effective December 20, 2026"
    assert "Sub-processor List: version 2026-09-01, effective October 1, 2026" in titles
    assert "Cookie Policy: version 2026-06-15, effective June 15, 2026" in titles
    assert len(titles) == 10  # and the one of December 3


def test_the_example_says_it_is_fictional() -> None:
    assert "company that does not exist" in " ".join((REPO / "examples/README.md").read_text().split())
    assert "fictional" in (REPO / "examples/policy_src/sections/introduction.yaml").read_text()


def test_the_example_speaks_brazilian_portuguese_to_the_rest_of_the_world(example_site: Path) -> None:
    start = soup(example_site, "pt-br/")
    assert start.html["lang"] == "pt-BR"
    assert start.select_one("h1").get_text() == "Políticas de Quillfeather Labs"
    assert [h2.get_text(strip=True) for h2 in start.select("article h2")] == ["Resto do mundo"]
    assert [a.get_text() for a in start.select("article ul a")] == ["Política de Privacidade", "Política de Cookies"]
    cookies = soup(example_site, "pt-br/cookie-policy/global/")
    assert cookies.html["lang"] == "pt-BR"
    text = article(example_site, "pt-br/cookie-policy/global/")
    assert "Cookies são pequenos arquivos de texto que um site guarda no seu dispositivo." in text
    assert "2.1 Cookies de Análise" in text and "Última atualização: 3 de dezembro de 2026" in text
    assert cookies.select(".policy-untranslated") == []  # required: every passage is translated
    privacy = article(example_site, "pt-br/global/")
    # The translation is of the text in force from December 20 (the material change), and
    # takes effect with it.
    assert "Treinar o reconhecimento de escrita à mão do Quill" in privacy
    assert "Vigência: 20 de dezembro de 2026" in privacy
    assert "Escreva para privacy@quillfeather.example ou para Quillfeather Labs, 7 Inkwell Lane" in privacy
    # References to the other document read in Portuguese and lead to its Portuguese page.
    links = [(a.get_text(), a["href"]) for a in soup(example_site, "pt-br/global/").select("article a")]
    assert ("Política de Cookies, seção 2", "../cookie-policy/global/#cookies-we-use") in links
    assert ("Política de Cookies", "../cookie-policy/global/") in links
    assert ("Sub-processor List", "../../subprocessors/full/") in links  # not translated: the English page
    assert ("Outras regiões", "../") in links  # the Portuguese start page
    # The English pages link to their translations and back, as plain links.
    english = soup(example_site, "cookie-policy/global/")
    assert english.select_one("nav.policy-languages a[hreflang='pt-BR']")["href"] == "../../pt-br/cookie-policy/global/"
    assert cookies.select_one("nav.policy-languages a[hreflang='en']")["href"] == "../../../cookie-policy/global/"
    # Regions that do not offer the language have no Portuguese pages; data carries the language.
    assert not (example_site / "pt-br" / "eea").exists()
    data = json.loads((example_site / "api/pt-br/cookie-policy/global/2026-11-27.json").read_text())
    assert data["language"] == "pt-BR" and "Cookies que Usamos" in data["text"]
    mail = (example_site / "pt-br/notices/cookie-policy/2026-11-27/global.txt").read_text("utf-8")
    assert mail.startswith("Subject: Política de Cookies para Resto do mundo: publicado, em vigor a partir de 27 de novembro de 2026")


def test_the_examples_translations_are_complete() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "policypress", "translations", "status"], cwd=REPO / "examples", capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "the primary document: pt-BR for global (required): 27 passages, complete",
        "document 'cookie-policy': pt-BR for global (required): 28 passages, complete",
    ]


def table_rows(page: BeautifulSoup) -> list[list[str]]:
    return [[" ".join(cell.get_text(" ").split()) for cell in row.select("th, td")] for row in page.select("article table tr")]


def test_the_examples_cookie_list_is_a_table_with_group_rows_in_both_languages(example_site: Path) -> None:
    english = soup(example_site, "cookie-policy/global/")
    assert table_rows(english) == [
        ["Cookie", "What it does", "How long it lasts"],
        ["Needed for Quill to work"],
        ["quill_session", "Keeps you signed in", "Until you close your browser"],
        ["quill_prefs", "Remembers your theme and language", "1 year"],
        ["Analytics"],
        ["quill_visit", "Counts visits to our website", "30 days"],
    ]
    assert [th["scope"] for th in english.select("article th[colspan='3']")] == ["rowgroup", "rowgroup"]
    portuguese = soup(example_site, "pt-br/cookie-policy/global/")
    assert table_rows(portuguese)[:2] == [["Cookie", "O que faz", "Por quanto tempo dura"], ["Necessários para o Quill funcionar"]]
    assert table_rows(portuguese)[-1] == ["quill_visit", "Conta as visitas ao nosso site", "30 dias"]
    # A new release: the list as it was published stays at its address.
    archived = article(example_site, "cookie-policy/global/2026-06-15/")
    assert "quill_session : keeps you signed in; deleted when you close your browser." in archived
    assert soup(example_site, "cookie-policy/global/2026-06-15/").select("article table") == []


def test_the_examples_sub_processors_are_a_table(example_site: Path) -> None:
    assert table_rows(soup(example_site, "subprocessors/eea/")) == [
        ["Sub-processor", "What they do for us", "Where"],
        ["Cirrus Hosting (fictional)", "Servers and backups", "Frankfurt, Germany"],
        ["Parcelmail (fictional)", "Sending account e-mails", "Amsterdam, the Netherlands"],
        ["Lumen Desk (fictional)", "Our support inbox", "Lisbon, Portugal"],
        ["Tallybook Payments (fictional)", "Payments", "Dublin, Ireland"],
    ]
    data = json.loads((example_site / "api/subprocessors/eea/2026-12-01.json").read_text())
    assert "Lumen Desk (fictional) | Our support inbox | Lisbon, Portugal" in data["text"]
    # The list as published in September stays at its address.
    assert "Lumen Desk (fictional): our support inbox; Lisbon, Portugal." in article(example_site, "subprocessors/eea/2026-09-01/")


def test_the_examples_cookie_policy_opens_with_its_summaries_in_both_languages(example_site: Path) -> None:
    def points(url: str) -> list[str]:
        layer = soup(example_site, url).select_one("article section.policy-glance")
        assert layer is not None, url
        return [" ".join(item.get_text(" ").split()) for item in layer.select("li")]

    assert points("cookie-policy/eea/") == [
        "2. Cookies We Use : We use two cookies that Quill needs to work, and one that counts visits to our website.",
        "2.1 Analytics Cookies : One analytics cookie counts visits for 30 days; it does not follow you to other websites.",
        "3. Your Choices : You can delete or block cookies in your browser, but without the sign-in cookie you cannot use the web app.",
    ]
    assert points("pt-br/cookie-policy/global/")[0] == (
        "2. Cookies que Usamos : Usamos dois cookies de que o Quill precisa para funcionar e um que conta as visitas ao nosso site."
    )
    # Released on December 3 with the text unchanged: the same sha256 as December 1's, and the
    # version before it shows no layer.
    data = json.loads((example_site / "api/cookie-policy/policy.json").read_text())
    versions = {v["version"]: v["sha256"] for v in data["regions"][0]["versions"]}
    assert versions["2026-12-03"] == versions["2026-12-01"]
    assert soup(example_site, "cookie-policy/eea/2026-12-01/").select_one(".policy-glance") is None
    assert soup(example_site, "eea/").select_one(".policy-glance") is None  # the Privacy Policy has none
    redline = soup(example_site, "cookie-policy/eea/2026-12-03/changes/")
    assert redline.select_one("#your-choices p.redline-glance ins") is not None
