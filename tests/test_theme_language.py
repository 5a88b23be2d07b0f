"""Translated pages in their language in Material's frame too (policypress/theme_language.py):
what the adapter relies on in Material, the per-language search index, and English pages
rendered exactly as on a site without translations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import pytest
from bs4 import BeautifulSoup

from conftest import mkdocs_build
from policy_repo import PolicyRepo
from test_translated_site import make_repo

from policypress.adapter.theme_language import OTHER_LANGUAGE_BOOST, language_index, material_language

MATERIAL = Path(material.__file__).parent / "templates"


def material_file(path: str) -> str:
    return (MATERIAL / path).read_text("utf-8")


def test_material_still_picks_its_words_the_way_the_adapter_relies_on() -> None:
    """If one of these fails, a Material upgrade changed how it chooses a page's words, its
    search index or its footer: adapt policypress/theme_language.py (and this test)."""
    # The words of a page come from the translation named by config.theme.language, imported
    # for every page rendered (with the page's context, where the adapter's `config` is).
    assert '{% import "partials/languages/" ~ config.theme.language ~ ".html" as lang %}' in material_file("partials/language.html")
    base = material_file("base.html")
    assert '{% import "partials/language.html" as lang with context %}' in base
    assert '{% set direction = config.theme.direction or lang.t("direction") %}' in base
    # Search: the index is read under the page's `base`, which is the context's base_url.
    assert '"base": base_url,' in base
    bundle = next((MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js")).read_text("utf-8")
    assert '"search/search_index.json"' in bundle
    # Each translation names its Lunr language, e.g. "pt" for pt-BR.
    assert '"search.config.lang": "pt",' in material_file("partials/languages/pt-BR.html")
    # The footer's credit is in English in every language, and off with extra.generator: false;
    # the copyright line is shown as given.
    copyright_html = material_file("partials/copyright.html")
    assert "{% if not config.extra.generator == false %}\n    Made with" in copyright_html
    assert "{{ config.copyright }}" in copyright_html
    # overrides/main.html replaces the page title only on a translation's start page.
    assert "{% block htmltitle %}" in base


@pytest.mark.parametrize(("code", "expected"), [
    ("pt-BR", "pt-BR"), ("pt-PT", "pt"), ("de-AT", "de"), ("zh-Hant", "zh-Hant"), ("en", "en"), ("tlh", None),
])
def test_a_language_uses_materials_closest_translation(code: str, expected: str | None) -> None:
    assert material_language(code, [str(MATERIAL)]) == expected


INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]},
    "docs": [
        {"location": "", "title": "Policies", "text": ""},
        {"location": "north/#data", "title": "Data", "text": "We keep logs."},
        {"location": "pt-br/north/#data", "title": "Dados", "text": "Guardamos registros."},
        {"location": "pt-br/", "title": "Políticas", "text": "", "boost": 2},
    ],
}


def test_each_language_has_an_index_with_its_pages_first() -> None:
    folders = {"pt-BR": "pt-br/"}
    root = language_index(INDEX, "", folders)
    assert [(d["location"], d.get("boost")) for d in root["docs"]] == [
        ("", None), ("north/#data", None), ("pt-br/north/#data", OTHER_LANGUAGE_BOOST), ("pt-br/", 2 * OTHER_LANGUAGE_BOOST)]
    assert root["config"] == INDEX["config"]
    portuguese = language_index(INDEX, "pt-br/", folders, ["pt", "en"])
    assert [(d["location"], d.get("boost")) for d in portuguese["docs"]] == [
        ("../", OTHER_LANGUAGE_BOOST), ("../north/#data", OTHER_LANGUAGE_BOOST), ("north/#data", None), ("", 2)]
    assert portuguese["config"] == {**INDEX["config"], "lang": ["pt", "en"]}
    assert INDEX["docs"][0] == {"location": "", "title": "Policies", "text": ""}  # the input is left as it was


def without_language_links(html: str) -> str:
    return re.sub(r'<nav [^>]*class="policy-languages".*?</nav>\n', "", html, flags=re.S)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The translated test site, and the same policy and history with no language offered."""
    folder = tmp_path_factory.mktemp("theme-language")
    translated = make_repo(folder / "translated")
    plain = PolicyRepo(folder / "plain")  # the steps of make_repo, without the translation
    plain.release("2026-01-01", "First version.")
    plain.commit("First release", "2026-01-01")
    plain.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for thirty days."]
    plain.release("2026-03-01", "Shorter logs.", published="2026-01-10", material=True)
    plain.commit("Shorter logs", "2026-01-10")
    built = []
    for repo, name in ((translated, "translated-site"), (plain, "plain-site")):
        result = mkdocs_build(repo.path, folder / name, POLICYPRESS_AS_OF="2026-01-20")
        assert result.returncode == 0, result.stderr
        built.append(folder / name)
    return built[0], built[1]


def test_english_pages_are_rendered_as_on_a_site_without_translations(sites: tuple[Path, Path]) -> None:
    translated, plain = sites
    pages = sorted(p.relative_to(plain) for p in plain.rglob("index.html"))
    assert len(pages) > 10
    for page in pages:
        assert without_language_links((translated / page).read_text("utf-8")) == (plain / page).read_text("utf-8"), page


def test_a_translated_page_has_its_languages_frame(sites: tuple[Path, Path]) -> None:
    translated, _ = sites
    page = BeautifulSoup((translated / "pt-br/north/index.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "pt-BR"
    assert page.select_one(".md-search__input")["placeholder"] == "Buscar"
    assert page.select_one("a[rel=edit]")["title"] == "Editar esta página"
    assert "Feito com" in page.select_one(".md-copyright").get_text()
    config = json.loads(page.select_one("#__config").string)
    assert config["base"] == "../" and config["translations"]["search.result.none"] == "Nenhum documento encontrado"
    # Its language's index: its pages at the top of the folder, the others below.
    index = json.loads((translated / "pt-br/search/search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["pt", "en"]
    assert {d["location"].split("#")[0] for d in index["docs"] if "boost" not in d} == {"", "north/", "south/"}
    # The English index keeps Material's settings; its Portuguese pages come after.
    english = json.loads((translated / "search/search_index.json").read_text("utf-8"))
    assert english["config"]["lang"] == ["en"]
    assert {d["location"].split("#")[0] for d in english["docs"] if "boost" in d} == {"pt-br/", "pt-br/north/", "pt-br/south/"}
