"""`policypress import` keeps paragraphs and lists inside list items and table cells, in order
(source format 4, SPEC section 17), from Markdown (GFM cells as converters write them), HTML
(`<li>`/`<td>` holding `<p>`, lists, `<br>`) and Word (cells of paragraphs and bullets).

Each fixture is imported, built with `mkdocs build --strict`, and its /full/ page must show
every source word in order, with a cell's list as `<ul>` inside `<td>`. Invented text for
fictional companies.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from conftest import policypress
from policypress.importer import import_markdown
from policypress.importer.docx import import_docx
from policypress.importer.inner_blocks import from_lines
from policypress.importer.page import import_html
from test_import import FIXTURES, import_release_build, page_words, report_numbers, source_words
from test_import_formats import commit_and_build, html_source_words

MARKERS = {"*", "•", "1.", "2."}


def _written_settings(project: Path) -> str:
    return (project / "policy_src" / "settings.yaml").read_text()


@pytest.mark.parametrize("lines, blocks, markers", [
    (["*   Account Information", "*   Profile Information"], [{"items": ["Account Information", "Profile Information"]}], ["*"] * 2),
    (["First part.", "", "Second part."], ["First part.", "Second part."], []),
    (["Either:", "\\* use the tool; or", "\\* contact us.", "", "Keep it safe."],
     ["Either:", {"items": ["use the tool; or", "contact us."]}, "Keep it safe."], ["*", "*"]),
    (["1. Ask.", "2. Wait.", "    - a nested note"], [{"numbered": True, "items": ["Ask.", {"text": "Wait.", "items": ["a nested note"]}]}],
     ["1.", "2.", "-"]),
    (["3) Third.", "4) Fourth."], [{"numbered": True, "start": 3, "items": ["Third.", "Fourth."]}], ["3)", "4)"]),
    (["• one", "1. two"], [{"items": ["one"]}, {"numbered": True, "items": ["two"]}], ["•", "1."]),
])
def test_lines_of_a_cell_become_paragraphs_and_lists(lines: list[str], blocks: list[object], markers: list[str]) -> None:
    found = from_lines(lines)
    assert found is not None and found.blocks == blocks and found.markers == markers


def test_lines_without_items_or_empty_lines_stay_one_line_of_text() -> None:
    assert from_lines(["Call us", "or write."]) is None
    assert from_lines(["*not a bullet*", "2024 was a year"]) is None


def test_markdown_cells_with_br_lists_and_paragraphs_keep_structure_and_order() -> None:
    document = import_markdown((FIXTURES / "rights-table.md").read_text(), "rights-table.md")
    assert document.format == 4
    assert document.words_in == document.words_out + document.words_left_out
    table = document.sections[0].data()["blocks"][1]["table"]
    assert table["rows"][0][1] == {"blocks": [{"items": ["Account Information", "Profile Information", "Payment Information"]}]}
    assert table["rows"][0][2] == {"blocks": ["To create and run your account.", "To take payment for Premium plans."]}
    usage = table["rows"][1][1]["blocks"]
    assert usage[0] == "Information about how you use the service, such as:"
    assert usage[1]["items"][1] == {"text": "playlists you create", "items": ["including shared playlists"]}
    assert table["rows"][2][1] == "Only if you turn on voice control."  # one line stays a line
    rights = document.sections[1].data()["blocks"][1]["items"][0]
    assert rights == {"text": "The right to be informed, which may include:",
                      "blocks": [{"items": ["what we collect", "why we collect it"]}, "Please note that this policy is how we inform you."]}
    left = [(item.what, item.words) for item in document.left_out if item.what.startswith("list markers")]
    assert left == [("list markers typed in a table cell", n) for n in (3, 4, 2, 2)]


def test_html_item_and_cell_holding_paragraph_list_paragraph_keep_their_order() -> None:
    document = import_html((FIXTURES / "nested-blocks.html").read_text(), "nested-blocks.html")
    assert document.format == 4
    item = document.sections[0].data()["blocks"][0]["items"][0]
    assert item == {"text": "Information you give us, which may include:", "blocks": [
        {"items": ["your username and email address;", "your profile, if you fill it in."]},
        "Please note that your username is public.",
    ]}
    rows = document.sections[1].data()["blocks"][0]["table"]["rows"]
    assert rows[0][1] == {"blocks": ["Account data, such as:", {"items": ["username", "email address"]}, "Please note that we never sell it."]}
    assert rows[1][1] == {"blocks": ["Logs:", {"items": ["sign-in times", "IP addresses"]}, "Kept for 90 days."]}
    assert rows[1][2] == {"blocks": ["Legitimate interests", "Legal obligation"]}
    assert [s.id for s in document.sections] == ["what-we-collect", "how-we-use-it", "your-choices"]


def word_cells_docx(path: Path) -> Path:
    """A Word file (python-docx) whose table cells hold several paragraphs and bulleted and
    numbered paragraphs, as counsel's rights tables do."""
    document = docx.Document()
    document.add_heading("Fennel Music Privacy Policy", 1)
    document.add_heading("Your rights", 2)
    document.add_paragraph("You can use these rights at any time.")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Right", "How to use it"
    table.cell(1, 0).text = "Access"
    cell = table.cell(1, 1)
    cell.paragraphs[0].text = "You can either:"
    cell.add_paragraph("use the Download your data tool; or", style="List Bullet")
    cell.add_paragraph("contact us.", style="List Bullet")
    cell.add_paragraph("When you download your data, keep it somewhere safe.")
    table.cell(2, 0).text = "Erasure"
    cell = table.cell(2, 1)
    cell.paragraphs[0].text = "Close your account:"
    cell.add_paragraph("open Settings,", style="List Number")
    cell.add_paragraph("choose Close account.", style="List Number")
    document.add_heading("Contact", 2)
    document.add_paragraph("Write to privacy@fennel.example.")
    document.save(str(path))
    return path


def test_word_cells_with_paragraphs_and_bullets_keep_them_in_order(tmp_path: Path) -> None:
    path = word_cells_docx(tmp_path / "fennel.docx")
    document = import_docx(path.read_bytes(), "fennel.docx")
    rows = document.sections[0].data()["blocks"][1]["table"]["rows"]
    assert rows[0][1] == {"blocks": ["You can either:", {"items": ["use the Download your data tool; or", "contact us."]},
                                     "When you download your data, keep it somewhere safe."]}
    assert rows[1][1] == {"blocks": ["Close your account:", {"numbered": True, "items": ["open Settings,", "choose Close account."]}]}
    written = str(rows)
    assert "\\*" not in written and "or contact" not in written and "usWhen" not in written


# -- built with mkdocs --------------------------------------------------------------------------

def _without_markers(words: list[str]) -> list[str]:
    return [w for w in words if w not in MARKERS]


def _cell_lists(page: object) -> list[list[str]]:
    return [[li.get_text(" ", strip=True) for li in ul.find_all("li", recursive=False)]
            for ul in page.select(".policy-text td ul")]  # type: ignore[attr-defined]


def test_markdown_rights_table_built_shows_every_word_in_order(project: Path, tmp_path: Path) -> None:
    report, page = import_release_build(project, "rights-table.md", tmp_path)
    report_numbers(report)
    assert "format: 4" in _written_settings(project)
    expected = _without_markers(source_words((FIXTURES / "rights-table.md").read_text()))
    assert page_words(page) == expected
    assert ["Account Information", "Profile Information", "Payment Information"] in _cell_lists(page)
    assert page.select_one(".policy-text td ol li").get_text(" ", strip=True) == "To carry out your spoken commands."
    item = page.find(string=re.compile("The right to be informed")).find_parent("li")
    assert [c.name for c in item.find_all(["p", "ul"], recursive=False)][-2:] == ["ul", "p"]


def test_html_nested_blocks_built_shows_every_word_in_order(project: Path, tmp_path: Path) -> None:
    result = policypress("import", str(FIXTURES / "nested-blocks.html"), cwd=project)
    assert result.returncode == 0, result.stderr
    report_numbers(result.stdout)
    page = commit_and_build(project, tmp_path)
    html = (FIXTURES / "nested-blocks.html").read_text()
    expected = [w for w in html_source_words(html, drop_dates=False) if w not in {"•"}]
    expected = [w for w in expected if w not in {"Effective", "date:", "June", "1,", "2025"}]
    words = page_words(page)
    assert words == expected
    assert ["username", "email address"] in _cell_lists(page)
    assert ["sign-in times", "IP addresses"] in _cell_lists(page)


def test_word_cells_built_show_every_word_in_order(project: Path, tmp_path: Path) -> None:
    path = word_cells_docx(tmp_path / "fennel.docx")
    result = policypress("import", str(path), cwd=project)
    assert result.returncode == 0, result.stderr
    page = commit_and_build(project, tmp_path)
    assert page_words(page) == [
        "Fennel", "Music", "Privacy", "Policy", "Your", "rights", "You", "can", "use", "these", "rights", "at", "any", "time.",
        "Right", "How", "to", "use", "it", "Access", "You", "can", "either:", "use", "the", "Download", "your", "data", "tool;",
        "or", "contact", "us.", "When", "you", "download", "your", "data,", "keep", "it", "somewhere", "safe.", "Erasure",
        "Close", "your", "account:", "open", "Settings,", "choose", "Close", "account.", "Contact", "Write", "to",
        "privacy@fennel.example.",
    ]
    assert ["use the Download your data tool; or", "contact us."] in _cell_lists(page)


def test_a_word_file_made_from_markdown_gets_its_lost_cell_breaks_back(project: Path, tmp_path: Path) -> None:
    # tests/fixtures/import/pandoc-cells.docx was made once with `pandoc -f gfm
    # pandoc-cells.source.md -o pandoc-cells.docx` (pandoc 2.17): pandoc drops the cell's <br>s, so
    # its text reads "either:* use the ‘Download your data’ tool; or* contact usWhen you download".
    source = FIXTURES / "pandoc-cells.docx"
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "1 table cell(s) held bullets typed as text run into the words before them" in result.stdout
    assert "list markers typed as text, 2 words" in result.stdout
    written = (project / "policy_src" / "sections" / "your-rights.yaml").read_text()
    assert "\\*" not in written and "usWhen" not in written
    page = commit_and_build(project, tmp_path)
    cell = page.select(".policy-text td")[1]
    assert [p.get_text() for p in cell.find_all("p")] == ["either:", "When you download your data, keep it safe."]
    assert [li.get_text() for li in cell.select("ul li")] == ["use the ‘Download your data’ tool; or", "contact us"]
    expected = _without_markers(source_words((FIXTURES / "pandoc-cells.source.md").read_text()))
    assert page_words(page) == expected


@pytest.mark.parametrize("cell, lines", [
    ("<td>either:* use the tool; or* contact usWhen you go</td>", ["either:", "* use the tool; or", "* contact us", "", "When you go"]),
    ("<td>* one* two</td>", ["* one", "* two"]),
    ("<td>Fees* may apply on YouTube</td>", ["Fees* may apply on YouTube"]),  # one star: a footnote mark, not bullets
    ("<td>see <b>a</b>* x* y</td>", ["see a", "* x", "* y"]),
])
def test_lost_breaks_come_back_only_in_cells_with_several_glued_bullets(cell: str, lines: list[str]) -> None:
    import lxml.html

    from policypress.importer.lost_breaks import restore_breaks

    tree = lxml.html.fragment_fromstring(f"<table><tr>{cell}</tr></table>")
    restore_breaks(tree)
    td = tree.find(".//td")
    text = (td.text or "") + "".join(("\n" if child.tag == "br" else child.text_content()) + (child.tail or "") for child in td)
    assert text.split("\n") == lines
