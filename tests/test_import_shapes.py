"""`policypress import` of the shapes real policies have (SPEC section 17): anchors made by
tools, policies without headings, `--define` in Word files. Each imported policy is built with
`mkdocs build --strict` and its /full/ page read back. Invented text for fictional companies.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from conftest import policypress
from policypress.importer.anchors import opaque_anchor
from policypress.importer.docx import import_docx
from policypress.importer.page import import_html
from test_import import FIXTURES, import_release_build, page_words, report_numbers, source_words
from test_import_formats import commit_and_build, html_source_words

HASHED = "x062020b7145338860ce043bbd45c372b941c2d4"


def _bookmark(paragraph: object, number: int, name: str) -> None:
    """A Word bookmark around a paragraph's text, as Word, pandoc or Google Docs write one."""
    element = paragraph._p  # type: ignore[attr-defined]
    element.insert(1, parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{number}" w:name="{name}"/>'))
    element.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{number}"/>'))


def bookmarked_docx(path: Path) -> Path:
    """A Word file whose headings carry bookmarks made by tools (pandoc's hashed id, Word's
    _Toc and _Ref, Google Docs' _ and random letters) and one a person named."""
    document = docx.Document()
    document.add_heading("Orchard Cider Privacy Notice", 1)
    for number, (title, name, text) in enumerate([
        ("Your rights", HASHED, "You may ask for a copy of what we hold."),
        ("What we collect", "_Toc181203344", "Your name and the address for deliveries."),
        ("Why we collect it", "_Ref52183", "To send you the cider you ordered."),
        ("Who sees it", "_gjdgxs", "Only our courier, and only your address."),
        ("Contact", "contact-us", "Write to the orchard office."),
    ]):
        heading = document.add_heading(title, 2)
        _bookmark(heading, number, name)
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_anchors_made_by_tools_are_recognised_and_readable_ones_are_not() -> None:
    for name in (HASHED, "_Toc181203344", "_Ref52183", "_Hlk1234", "_GoBack", "_gjdgxs", "_30j0zll", "h.1fob9te",
                 "kix.q2ei4xk", "OLE_LINK1", "c9a646d3-9c61-4cb7-bfcd-ee2522c8f633"):
        assert opaque_anchor(name), name
    for name in ("your-rights", "contact-us", "cookies", "section-2", "ccpa", "data_retention"):
        assert not opaque_anchor(name), name


def test_word_bookmarks_made_by_tools_never_become_ids(project: Path, tmp_path: Path) -> None:
    source = bookmarked_docx(tmp_path / "orchard.docx")
    document = import_docx(source.read_bytes(), "orchard.docx")
    assert [s.id for s in document.sections] == ["your-rights", "what-we-collect", "why-we-collect-it", "who-sees-it", "contact-us"]
    assert any(f"anchor(s) made by a tool (e.g. '{HASHED}')" in note for note in document.notes)
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    sections = project / "policy_src" / "sections"
    assert sorted(p.stem for p in sections.glob("*.yaml")) == sorted(s.id for s in document.sections)
    page = commit_and_build(project, tmp_path)
    assert page.find(id="your-rights") and page.find(id="contact-us") and not page.find(id=HASHED)
    assert page_words(page)[:4] == ["Orchard", "Cider", "Privacy", "Notice"]


def test_opaque_anchors_in_html_and_markdown_give_way_to_the_heading_text() -> None:
    page = ('<h1>Orchard Cider</h1><h2 id="h.gjdgxs">Your rights</h2><p>Ask us.</p>'
            '<h2><a id="_Toc5"></a>Cookies</h2><p>None.</p><h2 id="sharing">Sharing</h2><p>Never.</p>')
    assert [s.id for s in import_html(page, "orchard.html").sections] == ["your-rights", "cookies", "sharing"]
    from policypress.importer import import_markdown

    markdown = (f"# Orchard Cider\n\n## Your rights {{#{HASHED}}}\n\nAsk us.\n\n"
                '<a name="_Toc77"></a>\n\n## Cookies\n\nNone.\n\n## Sharing {#sharing-data}\n\nNever.\n')
    document = import_markdown(markdown, "orchard.md")
    assert [s.id for s in document.sections] == ["your-rights", "cookies", "sharing-data"]
    assert document.words_in == document.words_out + document.words_left_out


def test_a_markdown_policy_without_headings_is_one_preamble(project: Path, tmp_path: Path) -> None:
    report, page = import_release_build(project, "no-headings.md", tmp_path)
    assert "0 sections, a preamble of 3 blocks" in report
    report_numbers(report)
    assert not list((project / "policy_src" / "sections").glob("*.yaml"))
    assert page_words(page) == ["Privacy", "Policy", *source_words((FIXTURES / "no-headings.md").read_text())]
    assert page.select_one(".policy-text ul li").get_text() == "We never share them."


def test_an_html_policy_without_headings_is_one_preamble(project: Path, tmp_path: Path) -> None:
    result = policypress("import", str(FIXTURES / "no-headings.html"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "0 sections, a preamble of 3 blocks" in result.stdout
    page = commit_and_build(project, tmp_path)
    html = (FIXTURES / "no-headings.html").read_text()
    assert page_words(page) == ["Privacy", "Policy", *html_source_words(html)]


def test_a_word_policy_without_headings_is_one_preamble_and_define_fills_its_variables(project: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Juniper Bikes keeps the details of your repair booking for one year.")
    document.add_paragraph("Ask for them at {{ support_email }} or at the workshop.")
    path = tmp_path / "juniper.docx"
    document.save(str(path))
    refused = policypress("import", str(path), cwd=project)
    assert refused.returncode == 1
    assert "'{{ support_email }}' is a template variable; give its value with --define support_email=VALUE" in refused.stderr
    result = policypress("import", str(path), "--define", "support_email=help@juniper.example", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "0 sections, a preamble of 2 blocks" in result.stdout and "Filled from --define: support_email." in result.stdout
    settings = (project / "policy_src" / "settings.yaml").read_text()
    assert "support_email: help@juniper.example" in settings
    assert "{{ support_email }}" in settings  # the value is a placeholder, kept in one place
    page = commit_and_build(project, tmp_path)
    assert page_words(page) == [
        "Privacy", "Policy", "Juniper", "Bikes", "keeps", "the", "details", "of", "your", "repair", "booking", "for", "one",
        "year.", "Ask", "for", "them", "at", "help@juniper.example", "or", "at", "the", "workshop.",
    ]


def test_a_pandoc_made_word_file_s_hashed_bookmarks_never_become_ids(project: Path, tmp_path: Path) -> None:
    # tests/fixtures/import/pandoc-bookmarks.docx was made once with
    # `pandoc pandoc-bookmarks.source.md -o pandoc-bookmarks.docx` (pandoc 2.17, Debian 12); no
    # test needs pandoc. Pandoc names a heading's bookmark "X" and 40 hex digits when its id is long.
    source = FIXTURES / "pandoc-bookmarks.docx"
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "3 anchor(s) made by a tool (e.g. 'X1d1d8ccc7d2d0730f8fb3def6be2157da3520ac')" in result.stdout
    ids = sorted(p.stem for p in (project / "policy_src" / "sections").glob("*.yaml"))
    assert ids == ["contact", "how-we-use-the-information-we-collect-about-you-and-for-how-long",
                   "the-information-we-collect-about-you-when-you-book-a-lesson",
                   "your-rights-over-the-information-we-keep-about-you-as-a-pupil"]
    page = commit_and_build(project, tmp_path)
    assert not page.find(id=re.compile(r"^[xX][0-9a-f]{40}$"))
    # Every word of the source, in order (pandoc's Markdown as markdown-it reads it: the grid
    # table's words row by row, without its rules).
    text = (FIXTURES / "pandoc-bookmarks.source.md").read_text()
    table = ["Purpose", "What", "we", "use", "Safety", "We", "use:", "your", "age,", "to", "match", "you", "with", "a", "board;",
             "your", "emergency", "number.", "We", "delete", "both", "at", "the", "end", "of", "the", "season.", "Bookings",
             "Your", "name", "and", "the", "lessons", "you", "booked."]
    before, after = text.split("+---", 1)[0], text.rsplit("---+", 1)[1]
    assert page_words(page) == [*source_words(before), *table, *source_words(after)]
    assert [li.get_text() for li in page.select(".policy-text td ul li")] == ["your age, to match you with a board;", "your emergency number."]
