"""The region matrix (SPEC §16): `policypress regions` and the `/regions/` pages."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from bs4 import BeautifulSoup

from conftest import REPO, mkdocs_build, policypress
from policy_repo import PolicyRepo
from policypress.assemble import assemble
from policypress.plaintext import markdown_to_text, section_text, view_text
from policypress.sources import load_policy
from policypress.sources.tree import DirectoryTree

SCHEMA = json.loads((REPO / "build_hooks" / "policypress" / "schemas" / "regions-output.schema.json").read_text())


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def connic_matrix() -> dict:
    result = policypress("regions", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return data


def test_the_connic_matrix_lists_the_tagged_passages_with_each_pages_numbers() -> None:
    (document,) = connic_matrix()["documents"]
    assert [r["id"] for r in document["regions"]] == ["eea", "uk", "switzerland", "california", "us-states", "brazil", "global"]
    rows = {(p["kind"], p["number"]): p for p in document["passages"]}
    gdpr = {"eea": "8", "uk": "8", "switzerland": "8", "california": None, "us-states": None, "brazil": None, "global": None}
    assert rows[("section", "8")]["numbers"] == gdpr and rows[("section", "8")]["tags"] == ["gdpr"]
    # SPEC §3: the seed's 9.2 is 8.1 on the California page, its section 14 is 13 there.
    assert rows[("section", "9.2")]["numbers"]["california"] == "8.1"
    assert rows[("section", "14")]["numbers"] == {**dict.fromkeys(gdpr), "california": "13"}
    assert rows[("section", "9.3")]["numbers"] == {**dict.fromkeys(gdpr), "us-states": "8.1", "brazil": "8.1", "global": "8.1"}
    # The UK bullet of the transfers section is on the UK page only.
    uk_items = [p for p in document["passages"] if p["kind"] == "list item" and p["tags"] == ["uk"]]
    assert len(uk_items) == 1 and [r for r, n in uk_items[0]["numbers"].items() if n] == ["uk"]
    # "Right to Lodge a Complaint" is in the seed's section 15, section 14 on GDPR pages (no CCPA section 14).
    complaint = next(p for p in document["passages"] if p["text"].startswith("Right to Lodge a Complaint"))
    assert complaint["number"] == "15" and complaint["numbers"]["eea"] == "14"
    # Five "Legal Basis (GDPR)" lines, the DPO sentence, 8, the UK bullet, 9.1, 9.2, 9.3, 14, the complaint.
    assert len(document["passages"]) == 13
    assert all(p["source"].startswith("policy_src/sections/") for p in document["passages"])


def test_the_matrix_numbers_are_those_of_the_assembled_region_pages() -> None:
    """Every cell against the region page itself: the passage's words stand under the section
    with that number on that page, or nowhere on the page."""
    (document,) = connic_matrix()["documents"]
    policy = load_policy(DirectoryTree(REPO))
    for region in policy.regions:
        view = assemble(policy, region)
        sections = {s.id: s for s in view.walk()}
        page = view_text(view)
        for passage in document["passages"]:
            number = passage["numbers"][region.id]
            words = passage["text"]
            if number is None:
                assert passage["section"] not in sections or words not in page, (region.id, words)
                continue
            section = sections[passage["section"]]
            assert section.number == number
            body = markdown_to_text(section.title) if passage["kind"] == "section" else section_text(section)
            assert words in body, (region.id, words)


def test_regions_of_one_document_and_text_output(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    result = policypress("regions", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Test Policy: passages not on every region's page"
    head = lines.index("north  south  west")
    # "Northern rules" (2.3) is on the North's page only; "Object to processing." on the South's.
    assert lines[head + 1:head + 5] == [
        "2.3    -      -",
        "    Section 2.3: Northern rules [north-law]",
        "-      3      -",
        "    List item in 3: Object to processing. [south-law]",
    ]
    data = json.loads(policypress("regions", "--format", "json", "--document", "primary", cwd=repo.path).stdout)
    jsonschema.validate(data, SCHEMA)
    wrong = policypress("regions", "--document", "nope", cwd=repo.path)
    assert wrong.returncode == 2 and "no document 'nope'" in wrong.stderr


def test_the_regions_page_is_a_table_out_of_the_navigation_and_the_search(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    site = tmp_path / "site"
    result = mkdocs_build(repo.path, site)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((site / "regions" / "index.html").read_text("utf-8"), "html.parser")
    assert page.find("h1").get_text(strip=True) == "Passages by region"
    table = page.select_one("article table")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Passage", "Tags", "The North", "The South", "The West"]
    cells = [[td.get_text(strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert cells == [
        ["Section 2.3: Northern rules", "north-law", "2.3", "–", "–"],
        ["List item in 3: Object to processing.", "south-law", "–", "3", "–"],
    ]
    search = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert not any(doc["location"].startswith("regions/") for doc in search["docs"])
    landing = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    assert not landing.select('nav a[href$="regions/"]')


def test_the_regions_page_in_every_language_the_site_offers(example_site: Path) -> None:
    """The example offers Brazilian Portuguese: /pt-br/regions/ in its words, passages and names
    from its PO files where they are translated, linked with the English page."""
    english = BeautifulSoup((example_site / "regions" / "index.html").read_text("utf-8"), "html.parser")
    page = BeautifulSoup((example_site / "pt-br" / "regions" / "index.html").read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "pt-BR" and page.find("h1").get_text(strip=True) == "Passagens por região"
    assert [h.get_text(strip=True) for h in english.select("article h2")] == ["Privacy Policy", "Cookie Policy", "Sub-processor List"]
    assert [h.get_text(strip=True) for h in page.select("article h2")][:2] == ["Política de Privacidade", "Política de Cookies"]
    table, english_table = page.select_one("article table"), english.select_one("article table")
    assert [th.get_text(strip=True) for th in table.select("thead th")][:2] == ["Passagem", "Etiquetas"]
    first = [td.get_text(strip=True) for td in table.select_one("tbody tr").select("td")]
    assert first[0].startswith("Seção 2.1: ")
    # The same passages and numbers as the English page: only the words differ.
    numbers = [[td.get_text(strip=True) for td in tr.select("td")][1:] for tr in table.select("tbody tr")]
    assert numbers == [[td.get_text(strip=True) for td in tr.select("td")][1:] for tr in english_table.select("tbody tr")]
    assert page.select_one('a[hreflang="en"]')["href"] == "../../regions/"


def test_a_passage_is_shown_literally_on_the_regions_page(tmp_path: Path) -> None:
    import markdown

    from policypress.assemble.matrix import region_matrix
    from policypress.emit.region_matrix import regions_page
    from policypress.emit.templating import environment

    repo = PolicyRepo(tmp_path / "repo")
    repo.sections["contact"]["blocks"].append({"text": "Write to [us](https://example.test) &lt;b&gt;now&lt;/b&gt; *please* | thanks", "tags": ["north-law"]})
    repo.write_policy()
    policy = load_policy(DirectoryTree(repo.path))
    page = regions_page(environment("en_US"), [region_matrix(policy)], "en_US")
    html = markdown.markdown(page.markdown.split("---\n", 2)[2], extensions=["tables", "md_in_html", "attr_list"])
    cells = [td.get_text() for td in BeautifulSoup(html, "html.parser").select("td")]
    assert "Paragraph in 4: Write to us <b>now</b> please | thanks" in cells
    assert not BeautifulSoup(html, "html.parser").select("td b, td a, td em")
