"""Blocks inside list items and table cells (source format 4) everywhere text goes: region
pages and /full/ (`<td>` holding `<p>` and `<ul>`; an item holding a paragraph, a sub-list and
a paragraph, in that order), plain text and data files, redline pages, `diff`, notices, PO
files and translated pages, `render`, PDFs.

One real git repository with two releases of our own invented text, built once with
`mkdocs build --strict` (with PDFs)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import polib
import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from blocks_sources import block_sections, rights_list, rights_table
from conftest import mkdocs_build, policypress
from policy_repo import PolicyRepo, update_translations

from policypress.sources.schema import load_schema

FIRST, SECOND = "2026-01-01", "2026-11-20"
PO = "policy_src/translations/pt-BR.po"
# A paragraph inside a cell that the translator left untranslated.
UNTRANSLATED = frozenset({"contact/block-3/row-2/cell-2/block-2"})


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> PolicyRepo:
    repo = PolicyRepo(tmp_path_factory.mktemp("inside") / "repo")
    repo.sections = block_sections()
    repo.sections["contact"]["blocks"].extend([rights_list(), rights_table()])
    repo.outline = list(repo.sections)
    repo.settings = {"format": 4}
    repo.regions["regions"][0]["languages"] = {"pt-BR": "fallback"}
    update_translations(repo, PO, UNTRANSLATED)
    repo.release(FIRST, "First version.")
    repo.commit("First version", FIRST)
    # The second release changes a word of the paragraph after the sub-list, adds an item to
    # the list inside the Access cell and a word to one of its items.
    sections = copy.deepcopy(repo.sections)
    item = sections["contact"]["blocks"][1]["items"][1]
    item["blocks"][1] = "Please note that we always answer within {{ section:contact }}'s deadlines."
    ways = sections["contact"]["blocks"][2]["table"]["rows"][0][1]["blocks"][1]["items"]
    ways[0] = "use the new download tool;"
    ways.append("or call us.")
    repo.sections = sections
    update_translations(repo, PO, UNTRANSLATED)
    repo.release(SECOND, "Rights explained better.", material=True, effective="2026-12-31")
    repo.commit("Second version", SECOND)
    return repo


@pytest.fixture(scope="module")
def site(repo: PolicyRepo) -> Path:
    target = repo.path.parent / "site"
    result = mkdocs_build(repo.path, target, POLICYPRESS_PDF="1")
    assert result.returncode == 0, result.stderr
    return target


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def contact_of(site: Path, url: str) -> tuple[Tag, Tag]:
    """The rights list and the rights table of section "contact" on the page at `url`."""
    text = soup_of(site, url).select_one(".policy-text")
    assert text is not None
    heading = text.select_one("#contact")
    rights = heading.find_next("ul")
    table = heading.find_next("table")
    assert rights is not None and table is not None
    return rights, table


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def in_order(expected: list[str], found: list[str]) -> None:
    position = 0
    for word in expected:
        assert word in found[position:], f"{word!r} missing after word {position}: {found[position:position + 20]}"
        position = found.index(word, position) + 1


# Every source word of the rights list and table, in the order written, as /full/ shows them
# (placeholders and references resolved).
SOURCE_WORDS = words(
    "You can ask us what we hold about you. You can ask us to correct it, which may include: "
    "your postal address; your display name. Please note that we answer within Section 4's deadlines. "
    "Write to us. Wait for our reply. Right How to use it Access Either: use the download tool; "
    "or write to privacy@example.test. Erasure Delete your account. We erase backups within a month. "
    "Objection Northern readers may object. Everyone may complain. Portability Ask us for a copy."
)


def test_full_shows_every_word_in_order_and_the_cell_s_list_inside_its_td(site: Path) -> None:
    rights, table = contact_of(site, f"full/{FIRST}")
    in_order(SOURCE_WORDS, words(rights.get_text(" ") + " " + table.get_text(" ")))
    # The whole page, too: the words of the rights list come before those of the table.
    page = words(soup_of(site, f"full/{FIRST}").select_one(".policy-text").get_text(" "))
    in_order(SOURCE_WORDS, page)
    access = table.select("tbody tr")[0].select("td")[1]
    assert [child.name for child in access.find_all(recursive=False)] == ["p", "ul"]
    assert [li.get_text(" ", strip=True) for li in access.select("ul > li")] == ["use the download tool;", "or write to privacy@example.test."]
    erasure = table.select("tbody tr")[1].select("td")[1]
    assert [p.get_text() for p in erasure.find_all("p", recursive=False)] == ["Delete your account.", "We erase backups within a month."]
    portability = table.select("tbody tr")[3].select("td")
    assert [td.get_text() for td in portability] == ["Portability", "Ask us for a copy."]


def test_an_item_holds_a_paragraph_a_sub_list_a_paragraph_and_a_list_in_order(site: Path) -> None:
    rights, _ = contact_of(site, f"north/{FIRST}")
    item = rights.find_all("li", recursive=False)[1]
    children = item.find_all(recursive=False)
    assert [child.name for child in children] == ["p", "ul", "p", "ol"]
    assert children[0].get_text() == "You can ask us to correct it, which may include:"
    assert [li.get_text() for li in children[1].find_all("li")] == ["your postal address;", "your display name."]
    assert children[1].select_one("em").get_text() == "display name"
    link = children[2].select_one("a")
    assert (link.get_text(), link["href"]) == ("Section 4", "#contact")  # numbered as on this page
    assert [li.get_text() for li in children[3].find_all("li")] == ["Write to us.", "Wait for our reply."]
    # Tags on inner blocks: the South's page leaves out the northern item and cell paragraph.
    south_rights, south_table = contact_of(site, f"south/{FIRST}")
    south_item = south_rights.find_all("li", recursive=False)[1]
    assert [li.get_text() for li in south_item.find("ul").find_all("li")] == ["your postal address;"]
    assert "Northern readers" not in south_table.get_text() and "Everyone may complain." in south_table.get_text()


def test_plain_text_and_data_file_follow_the_rules_for_the_new_shapes(site: Path) -> None:
    data = json.loads((site / "api" / "north" / f"{FIRST}.json").read_text("utf-8"))
    jsonschema.validate(data, load_schema("api-version"), format_checker=jsonschema.FormatChecker())
    contact = next(section for section in data["sections"] if section["id"] == "contact")
    assert contact["text"].splitlines()[1:] == [
        "- You can ask us what we hold about you.",
        "- You can ask us to correct it, which may include:",
        "  - your postal address;",
        "  - your display name.",
        "  Please note that we answer within Section 4's deadlines.",
        "  1. Write to us.",
        "  2. Wait for our reply.",
        "Right | How to use it",
        "Access | Either: - use the download tool; - or write to privacy@example.test.",
        "Erasure | Delete your account. We erase backups within a month.",
        "Objection | Northern readers may object. Everyone may complain.",
        "Portability | Ask us for a copy.",
    ]
    assert contact["text"] in data["text"]


def test_redline_shows_changes_word_by_word_inside_an_item_s_and_a_cell_s_blocks(site: Path) -> None:
    contact = soup_of(site, f"north/{SECOND}/changes").select_one("section#contact")
    assert contact is not None and "(text changed)" in contact.get_text()
    item = contact.select("ul")[0].find_all("li", recursive=False)[1]
    note = item.find_all("p", recursive=False)[0]
    assert [ins.get_text() for ins in note.select("ins")] == ["[inserted:  always]"]
    assert "Please note that we" in note.get_text() and not note.select("del")
    access = next(tr for tr in contact.select("table tr") if "Access" in tr.get_text()).select("td")[1]
    assert [child.name for child in access.find_all(recursive=False)] == ["p", "ul"]
    ways = access.select("ul > li")
    assert [li.select_one("ins").get_text() if li.select_one("ins") else None for li in ways] == [
        "[inserted:  new]", None, "[inserted: or call us.]"
    ]
    erasure = next(tr for tr in contact.select("table tr") if "Erasure" in tr.get_text())
    assert not erasure.select("ins, del")


def test_diff_command_and_notice(repo: PolicyRepo, site: Path) -> None:
    result = policypress("diff", FIRST, SECOND, "--region", "north", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "     Please note that we{+ always+} answer within Section 4's deadlines.\n" in result.stdout
    assert (
        "   | Access | Either: - use the{+ new+} download tool; - or write to privacy@example.test. - {+or call us.+} |\n"
        in result.stdout
    )
    notice = (site / "notices" / SECOND / "north.txt").read_text("utf-8")
    assert "- 4. Contact (text changed)" in notice


def test_po_entries_are_one_per_paragraph_and_item_inside(repo: PolicyRepo) -> None:
    entries = [e for e in polib.pofile(str(repo.path / PO)) if not e.obsolete and e.msgctxt.startswith("contact/block-")]
    keys = {entry.msgctxt: entry.msgid for entry in entries}
    assert [key for key in keys if key.startswith("contact/block-2/item-2")] == [
        "contact/block-2/item-2",
        "contact/block-2/item-2/block-1/item-1",
        "contact/block-2/item-2/block-1/item-2",
        "contact/block-2/item-2/block-2",
        "contact/block-2/item-2/block-3/item-1",
        "contact/block-2/item-2/block-3/item-2",
    ]
    assert keys["contact/block-2/item-2/block-2"] == "Please note that we always answer within {{ section:contact }}'s deadlines."
    assert [key for key in keys if key.startswith("contact/block-3/row-1/")] == [
        "contact/block-3/row-1/cell-1",
        "contact/block-3/row-1/cell-2/block-1",
        "contact/block-3/row-1/cell-2/block-2/item-1",
        "contact/block-3/row-1/cell-2/block-2/item-2",
        "contact/block-3/row-1/cell-2/block-2/item-3",
    ]
    assert keys["contact/block-3/row-1/cell-2/block-2/item-3"] == "or call us."
    # A cell of blocks has no entry of its own: only its paragraphs and items do.
    assert "contact/block-3/row-1/cell-2" not in keys


def test_translated_page_translates_inside_items_and_cells(site: Path) -> None:
    rights, table = contact_of(site, f"pt-br/north/{FIRST}")
    item = rights.find_all("li", recursive=False)[1]
    first, note = item.find_all("p", recursive=False)
    assert first.get_text() == "[pt] You can ask us to correct it, which may include:"
    assert note.get_text().startswith("[pt] Please note that we answer within ") and note.select_one("a")["href"] == "#contact"
    access = table.select("tbody tr")[0].select("td")[1]
    assert [li.get_text() for li in access.select("ul > li")] == ["[pt] use the download tool;", "[pt] or write to privacy@example.test."]
    erasure = table.select("tbody tr")[1].select("td")[1]
    first, second = erasure.find_all("p", recursive=False)
    assert first.get_text() == "[pt] Delete your account."
    # The untranslated paragraph falls back to the source, marked in the source's language.
    assert second.select_one(".policy-untranslated")["lang"] == "en" and "We erase backups within a month." in second.get_text()


def test_render_writes_cells_of_blocks_for_md_in_html(repo: PolicyRepo, site: Path, tmp_path: Path) -> None:
    out = tmp_path / "rendered"
    result = policypress("render", "--out", str(out), cwd=repo.path)
    assert result.returncode == 0, result.stderr
    page = (out / "docs" / "north" / "index.md").read_text("utf-8")
    assert '<tr markdown="1"><td markdown="1">Access</td><td markdown="block">\n\nEither:\n\n- use the ' in page
    assert "- You can ask us to correct it, which may include:\n    - your postal address;\n" in page
    assert "\n\n    Please note that we " in page


def test_the_pdf_holds_the_new_shapes_words_in_order(site: Path) -> None:
    pdf = site / "north" / FIRST / f"privacy-policy-north-{FIRST}.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    rights, table = contact_of(site, f"north/{FIRST}")
    in_order(words(rights.get_text(" ") + " " + table.get_text(" ")), words(text))


def test_pages_with_blocks_inside_convert_the_same_split_into_passages(repo: PolicyRepo) -> None:
    from test_passage_cache import by_passages, pages_of, whole

    pages = pages_of(repo.path)
    assert any('markdown="block"' in text for text in pages.values())
    for uri, text in pages.items():
        assert by_passages(text) == whole(text), uri


def test_the_pdf_tags_a_list_inside_a_table_cell_and_inside_a_list_item(site: Path) -> None:
    import pikepdf

    from test_pdf import structure

    pdf = site / "north" / FIRST / f"privacy-policy-north-{FIRST}.pdf"
    with pikepdf.open(pdf) as document:
        elements = list(structure(document.Root.StructTreeRoot))
        cells = [element for element in elements if element.get("/S") == "/TD"]
        items = [element for element in elements if element.get("/S") == "/LBody"]
        assert any("/L" in {str(inner.get("/S")) for inner in structure(cell.K)} for cell in cells)
        assert any({"/P", "/L"} <= {str(inner.get("/S")) for inner in structure(item.K)} for item in items)


def test_the_pdf_data_keeps_a_cell_s_paragraph_and_list_and_an_item_s_blocks(tmp_path: Path) -> None:
    import markdown

    from blocks_sources import format_4_settings, load, nested_block_sections, write_sources
    from policypress.assemble import assemble
    from policypress.emit.pdf_document import document_blocks
    from policypress.emit.templating import MARKDOWN_EXTENSIONS, environment

    policy = load(write_sources(tmp_path, nested_block_sections(), format_4_settings()))
    contact = next(s for s in assemble(policy, None).walk() if s.id == "contact")
    html = markdown.markdown(environment("en_US").filters["blocks_markdown"](contact.blocks), extensions=list(MARKDOWN_EXTENSIONS))
    blocks = document_blocks(html, "https://example.test/full/")
    rights = next(b for b in blocks if b["kind"] == "list" and len(b["items"]) == 2 and len(b["items"][1]) > 1)
    assert [b["kind"] for b in rights["items"][1]] == ["paragraph", "list", "paragraph", "list"]
    table = next(b for b in blocks if b["kind"] == "table")
    access = table["rows"][1]["cells"][1]["blocks"]
    assert [b["kind"] for b in access] == ["paragraph", "list"] and len(access[1]["items"]) == 2
