"""The archive page's HTML read into the blocks a PDF lays out (policypress/emit/pdf_document.py):
every shape the pages write, links resolved, and policy text kept as plain strings."""

from __future__ import annotations

from typing import Any

import markdown
import pytest

from policypress.emit.pdf_document import document_blocks

ADDRESS = "https://acme.example/policy/north/2026-01-10/"


def text(nodes: list[dict[str, Any]]) -> str:
    """The words of inline nodes, as a reader sees them."""
    found = []
    for node in nodes:
        if node["kind"] in ("text", "code"):
            found.append(node["text"])
        elif "content" in node:
            found.append(text(node["content"]))
    return "".join(found)


def test_headings_paragraphs_and_inline_runs() -> None:
    html = ('<h2 id="about">1. About</h2>\n<p>We <strong>never</strong> sell <em>your</em> data; '
            'see <code>privacy@acme</code>.<br>\nNew line.</p>')
    heading, paragraph = document_blocks(html, ADDRESS)
    assert heading == {"kind": "heading", "level": 2, "id": "about", "lang": None, "content": [{"kind": "text", "text": "1. About"}]}
    kinds = [node["kind"] for node in paragraph["content"]]
    assert kinds == ["text", "strong", "text", "emphasis", "text", "code", "text", "break", "text"]
    assert text(paragraph["content"]) == "We never sell your data; see privacy@acme.New line."


def test_heading_levels_never_skip_one_and_start_under_the_title() -> None:
    html = "<h2>A</h2><h5>deep</h5><h3>B</h3><h1>C</h1>"
    assert [block["level"] for block in document_blocks(html, ADDRESS)] == [2, 3, 3, 2]


def test_numbered_lists_keep_their_start_and_items_hold_text_and_a_sub_list() -> None:
    html = markdown.markdown("3. Third.\n4. Fourth, in parts:\n    - Part one.\n    - Part two.\n", extensions=["sane_lists"])
    (numbered,) = document_blocks(html, ADDRESS)
    assert numbered["kind"] == "list" and numbered["numbered"] and numbered["start"] == 3
    first, second = numbered["items"]
    assert [block["kind"] for block in first] == ["paragraph"]
    assert [block["kind"] for block in second] == ["paragraph", "list"]
    assert text(second[0]["content"]) == "Fourth, in parts:"
    assert [text(item[0]["content"]) for item in second[1]["items"]] == ["Part one.", "Part two."]


def test_a_table_with_a_spanning_cell_and_a_group_row_keeps_both() -> None:
    html = """<table>
<thead><tr><th>Right</th><th>How</th><th>When</th></tr></thead>
<tbody><tr><th scope="rowgroup" colspan="3">Everyone</th></tr>
<tr><td>Access</td><td colspan="2">Write to us</td></tr></tbody>
<tbody><tr><th scope="rowgroup" colspan="3">The North</th></tr>
<tr><td>Erase</td><td>Form</td></tr></tbody>
</table>"""
    (table,) = document_blocks(html, ADDRESS)
    assert table["columns"] == 3
    assert [row["role"] for row in table["rows"]] == ["head", "group", "body", "group", "body"]
    assert [cell["span"] for cell in table["rows"][1]["cells"]] == [3]
    assert [cell["span"] for cell in table["rows"][2]["cells"]] == [1, 2]
    # A short row is filled up, so that the next row starts in the first column.
    assert [cell["span"] for cell in table["rows"][4]["cells"]] == [1, 1, 1]
    assert table["rows"][4]["cells"][2]["blocks"] == []


def test_a_cell_may_hold_paragraphs_and_lists() -> None:
    html = "<table><thead><tr><th>Right</th><th>How</th></tr></thead><tbody><tr><td>Access</td><td><p>Ask us.</p><ul><li>By mail</li><li>Online</li></ul><p>Please note the delay.</p></td></tr></tbody></table>"
    (table,) = document_blocks(html, ADDRESS)
    how = table["rows"][1]["cells"][1]["blocks"]
    assert [block["kind"] for block in how] == ["paragraph", "list", "paragraph"]
    assert [text(item[0]["content"]) for item in how[1]["items"]] == ["By mail", "Online"]


@pytest.mark.parametrize(("href", "expected"), [
    ("#about", {"internal": "about"}),
    ("#elsewhere", {"url": ADDRESS + "#elsewhere"}),
    ("../../eea/", {"url": "https://acme.example/policy/eea/"}),
    ("https://status.acme.example/", {"url": "https://status.acme.example/"}),
    ("mailto:privacy@acme.example", {"url": "mailto:privacy@acme.example"}),
    ("javascript:alert(1)", None),
    ("file:///etc/hostname", None),
])
def test_links_stay_inside_the_pdf_or_become_absolute_addresses(href: str, expected: dict[str, str] | None) -> None:
    html = f'<h2 id="about">About</h2><p><a href="{href}">where</a></p>'
    node = document_blocks(html, ADDRESS)[1]["content"][0]
    if expected is None:
        assert node["kind"] == "span" and text(node["content"]) == "where"  # words kept, no link
    else:
        assert node["kind"] == "link" and {key: node[key] for key in expected} == expected


def test_an_image_is_its_alt_text_and_the_untranslated_mark_keeps_its_language() -> None:
    html = ('<p><img alt="Acme logo" src="http://127.0.0.1:1/logo.png"> '
            '<span class="policy-untranslated" lang="en"><span class="policy-untranslated-label" lang="pt-BR">(não traduzido)</span> Text.</span></p>')
    (paragraph,) = document_blocks(html, ADDRESS)
    assert paragraph["content"][0] == {"kind": "text", "text": "Acme logo "}
    span = paragraph["content"][1]
    assert span["kind"] == "span" and span["lang"] == "en" and not span["label"]
    assert span["content"][0]["lang"] == "pt-BR" and span["content"][0]["label"]


def test_text_that_looks_like_markup_stays_a_string() -> None:
    html = "<p>#read(&quot;/etc/hostname&quot;) $x$ #set page(width: 1cm) @ref &lt;label&gt; a\\b</p>"
    (paragraph,) = document_blocks(html, ADDRESS)
    assert paragraph["content"] == [{"kind": "text", "text": '#read("/etc/hostname") $x$ #set page(width: 1cm) @ref <label> a\\b'}]
