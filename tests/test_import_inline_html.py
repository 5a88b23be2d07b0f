"""`policypress import` of Markdown policies with inline raw HTML that has no Markdown
equivalent but shows only formatting (`<span>`, `<font>`, `<u>`, `<sup>`, `<img>` …): the words
are kept in order and what was unwrapped is reported; scripts and the like still stop the
import at their place. Invented text for a fictional company.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import policypress
from policypress.importer import import_markdown
from policypress.importer.page import import_html
from test_import import FIXTURES, import_release_build, page_words, report_numbers

EXPECTED = [
    "Quillfeather", "Stationers", "Privacy", "Notice",
    "Quillfeather", "Stationers", "Ltd", "sells", "paper,", "ink1", "and", "H2O-proof", "pens.",
    "What", "we", "collect",
    "We", "keep", "your", "name,", "your", "postal", "address", "and", "your", "order", "history.2",
    "Prices", "include", "VAT.", "Our", "logo", "Quillfeather", "quill", "appears", "on", "receipts.",
    "Questions", "go", "to", "the", "shop", "counter.",
    "How", "long", "we", "keep", "it",
    "Data", "Kept", "for", "Orders", "six3", "years", "Letters", "until", "you", "ask", "us", "to", "delete", "them",
    "Receipts", "are", "kept", "for", "the", "tax", "office.",
    "Sketches", "you", "leave", "at", "the", "counter", "are", "kept", "for", "a", "month.",
]
UNWRAPPED = {"span": 4, "font": 2, "u": 2, "small": 2, "mark": 1, "abbr": 1, "sup": 3, "sub": 1, "center": 1}


def _unwrapped(notes: tuple[str, ...] | str) -> dict[str, int]:
    text = notes if isinstance(notes, str) else "\n".join(notes)
    return {tag: int(count) for count, tag in re.findall(r"(\d+) <(\w+)> element\(s\) unwrapped", text)}


def test_presentational_html_keeps_every_word_in_order_and_is_reported(project: Path, tmp_path: Path) -> None:
    report, page = import_release_build(project, "inline-html.md", tmp_path)
    words_in, words_out, left_out = report_numbers(report)
    assert (words_in, words_out, left_out) == (len(EXPECTED), len(EXPECTED), 0)
    assert page_words(page) == EXPECTED
    # Each kind is reported once, with its count; what went is the formatting, never words.
    assert _unwrapped(report) == UNWRAPPED
    assert report.count("<span> element(s) unwrapped") == 1
    assert "4 <span> element(s) unwrapped (styling dropped); their words are kept" in report
    assert "image 'logo.png' kept as its alternative text 'Quillfeather quill'" in report
    text = page.select_one(".policy-text")
    assert not text.find_all(["span", "font", "u", "small", "mark", "abbr", "sup", "sub", "center", "img"],
                             class_=lambda c: not c or not str(c).startswith("policy"))
    assert not text.find(style=True)
    assert [td.get_text() for td in text.select("td")] == ["Orders", "six3 years", "Letters", "until you ask us to delete them"]
    assert text.find("strong").get_text() == "shop counter"  # the <center>'s Markdown is read as Markdown


def test_the_html_importer_unwraps_the_same_elements_and_says_so_the_same_way() -> None:
    line = ('<span style="color:red">Your</span> <font size="2">name</font>, <u>address</u>, <small>age</small>, '
            '<mark>orders</mark>, <abbr title="also known as">aka</abbr> ink<sup>1</sup> H<sub>2</sub>O.')
    rest = '<center><p>Ask at the counter.</p></center><p><img src="q.png" alt="quill"></p>'
    page = f"<main><h1>Quillfeather</h1><h2>What we collect</h2><p>{line}</p>{rest}</main>"
    document = import_html(page, "quill.html")
    assert _unwrapped(document.notes) == {"span": 1, "font": 1, "u": 1, "small": 1, "mark": 1, "abbr": 1, "sup": 1,
                                          "sub": 1, "center": 1}
    assert document.sections[0].data()["blocks"] == ["Your name, address, age, orders, aka ink1 H2O.", "Ask at the counter.", "quill"]
    markdown = import_markdown(f"# Quillfeather\n\n## What we collect\n\n{line}\n\n{rest}\n", "quill.md")
    assert _unwrapped(markdown.notes) == _unwrapped(document.notes)
    assert markdown.sections[0].data()["blocks"] == document.sections[0].data()["blocks"]
    assert any("image 'q.png' kept as its alternative text 'quill'" in note for note in markdown.notes + document.notes)


def test_a_script_an_embedded_page_a_form_and_a_hidden_element_still_stop_the_import_at_their_place(
    project: Path, tmp_path: Path
) -> None:
    source = tmp_path / "quill.md"
    source.write_text(
        "# Quillfeather\n\n## Cookies\n\nWe use <span>one</span> cookie <script>track()</script> only.\n\n"
        '<iframe src="https://video.example/1"></iframe>\n\nAsk <form action="/ask">here</form>.\n\n'
        "<div hidden>Secret offer.</div>\n\nWrite to {{ support_email }}.\n"
    )
    sections = sorted((project / "policy_src" / "sections").iterdir())
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    for where, what in (("5:32", "the HTML element <script> has no Markdown equivalent"),
                        ("7:1", "the HTML element <iframe> has no Markdown equivalent"),
                        ("9:5", "the HTML element <form> has no Markdown equivalent"),
                        ("11:1", "a hidden <div> shows readers nothing"),
                        ("13:10", "'{{ support_email }}' is a template variable")):
        assert f"{source}:{where}: error: {what}" in result.stderr, result.stderr
    assert "<span>" not in result.stderr
    assert sorted((project / "policy_src" / "sections").iterdir()) == sections


def test_a_span_or_font_around_paragraphs_and_a_list_is_read_as_its_blocks() -> None:
    markdown = ('# Quillfeather\n\n## Sharing\n\n<span class="cms-body">\n<p>We share your address with:</p>\n'
                '<ul><li><font color="#333">our courier;</font></li><li>nobody else.</li></ul>\n</span>\n')
    document = import_markdown(markdown, "quill.md")
    assert document.sections[0].data()["blocks"] == ["We share your address with:", {"items": ["our courier;", "nobody else."]}]
    assert _unwrapped(document.notes) == {"span": 1, "font": 1}
    assert document.words_in == document.words_out == 11
