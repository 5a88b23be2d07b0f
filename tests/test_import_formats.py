"""`policypress import` of HTML pages, Word files, tricky Markdown, histories that changed format,
and bad input (SPEC section 13). Fixtures are invented policies of fictional companies: saved
pages in tests/fixtures/import/, Word files made here with python-docx.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup, Comment
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from conftest import REPO, mkdocs_build, policypress
from policy_repo import PolicyRepo
from policypress.importer import import_markdown
from policypress.importer.page import import_html
from policypress.sources import load_policy
from policypress.sources.tree import DirectoryTree
from test_import import FIXTURES, _glue, page_words, report_numbers, source_words

SPANS = "span" in (REPO / "build_hooks" / "policypress" / "schemas" / "section.schema.json").read_text()
needs_spans = pytest.mark.skipif(not SPANS, reason="cells spanning columns in the sources come with the tables branch (issue 25)")
_BLOCKS = {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "dt", "dd", "div",
           "blockquote", "br", "section", "center", "main", "article", "caption"}


def html_source_words(html: str, select: str | None = None, drop_dates: bool = True) -> list[str]:
    """The words a reader sees in the page's main content (BeautifulSoup, not the importer's lxml)."""
    soup = BeautifulSoup(html, "html.parser")
    root = soup.select_one(select) if select else (soup.find("main") or soup.find("body") or soup)
    for element in root.find_all(["script", "style", "form", "nav", "template", "noscript"]):
        element.decompose()
    for element in root.find_all(attrs={"hidden": True}):
        element.decompose()
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for heading in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        first = heading.find(string=True)
        if first and re.match(r"\s*\d+(?:\.\d+)*\.?\s", first):
            first.replace_with(re.sub(r"^\s*\d+(?:\.\d+)*\.?\s", "", first))
    for element in root.find_all(_BLOCKS):
        element.insert_before(" ")
        element.insert_after(" ")
    for image in root.find_all("img"):
        image.replace_with(f" {image.get('alt', '')} ")
    text = root.get_text()
    if drop_dates:
        text = re.sub(r"Last updated: \w+ \d+, \d{4}", "", text)
    words = text.split()
    return _glue(words)


def commit_and_build(project: Path, tmp_path: Path) -> BeautifulSoup:
    released = policypress("release", "2026-02-01", "--summary", "Imported policy.", "--published", "2026-02-01", cwd=project)
    assert released.returncode == 0, released.stderr
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-02-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-02-01T12:00:00Z"}
    for git_args in (["add", "-A"], ["-c", "user.name=E", "-c", "user.email=e@example.test", "commit", "-q", "-m", "Import"]):
        subprocess.run(["git", *git_args], cwd=project, env=env, check=True, capture_output=True)
    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    return BeautifulSoup((site / "full" / "index.html").read_text("utf-8"), "html.parser")


def unchanged(project: Path) -> bool:
    return not subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True).stdout.strip()


# -- HTML ------------------------------------------------------------------------------------

def test_saved_page_reads_the_main_content_and_reports_the_rest() -> None:
    page = (FIXTURES / "saved-page.html").read_text()
    document = import_html(page, "saved-page.html")
    assert document.title == "Privacy Notice"
    assert [s.id for s in document.sections] == ["what-we-collect", "choice", "choice-2", "cookies"]
    left = {item.what: item.words for item in document.left_out}
    assert left["the page header outside the main content"] == 6  # "Otterbrook Kayaks home Boats Guided tours"
    assert left["the page footer outside the main content"] == 7
    assert left["<div> outside the main content"] == 5  # the hidden cookie banner
    assert left["a script (<script>)"] == 1 and left["a form (<form>)"] == 2
    assert left["HTML comment"] == 6 and left["heading number '1.'"] == 1
    assert "date line 'Last updated: March 3, 2024'" in left
    assert any("block quote" in note for note in document.notes)
    assert any("'choice' was already used" in note and "'choice-2'" in note for note in document.notes)
    assert document.words_in == document.words_out + document.words_left_out
    assert document.words_out == len(html_source_words(page, "main"))
    collect = document.sections[0].data()["blocks"]
    assert collect[1] == {"numbered": True, "items": [
        "your name and email address;",
        {"text": "your paddling experience, in two parts:", "numbered": True, "start": 3,
         "items": ["the years you have paddled", "the rivers you know"]},
        "payment details (handled by our [payment provider](https://pay.example/privacy)).",
    ]}
    assert "We keep booking records for six years1." in collect  # <div><span><font><u><sup> soup keeps its words
    table = document.sections[3].data()["blocks"][0]["table"]
    assert table["header"] == ["Name", "Purpose", "Lifetime"]
    assert table["rows"][0] == [{"text": "Strictly necessary cookies", "span": 3}]  # a group row
    assert table["rows"][2] == ["`csrf`", {"text": "Protects forms from forgery, for the session only", "span": 2}]
    choices = document.sections[1].data()["blocks"][0]
    assert choices == ("You can opt out of newsletters at any time.  \n"
                       "Write to [privacy@otterbrook.example](mailto:privacy@otterbrook.example).")


def test_select_and_base_url() -> None:
    page = (FIXTURES / "saved-page.html").read_text()
    document = import_html(page, "saved-page.html", select="table.cookies", base_url="https://otterbrook.example/legal/")
    assert document.sections == () and document.preamble[0]["table"]["rows"][1][0] == "`session_id`"
    whole = import_html(page, "saved-page.html", base_url="https://otterbrook.example/legal/")
    assert "See the [cookie settings](https://otterbrook.example/cookies) page." in whole.sections[3].data()["blocks"]
    plain = import_html(page, "saved-page.html")
    assert any("relative link" in note and "--base-url" in note for note in plain.notes)


def test_a_cell_spanning_rows_stops_the_import_with_its_location() -> None:
    page = "<h2>Cookies</h2>\n<table><tr><th>A</th><th>B</th></tr>\n<tr><td rowspan=2>x</td><td>y</td></tr><tr><td>z</td></tr></table>"
    with pytest.raises(Exception) as caught:
        import_html(page, "rows.html")
    assert str(caught.value).startswith("rows.html:3:5: error: a table cell spanning 2 rows (rowspan)")


@needs_spans
def test_saved_page_every_word_in_order_on_the_full_page(project: Path, tmp_path: Path) -> None:
    result = policypress("import", str(FIXTURES / "saved-page.html"), cwd=project)
    assert result.returncode == 0, result.stderr
    report_numbers(result.stdout)
    page = commit_and_build(project, tmp_path)
    assert page_words(page) == html_source_words((FIXTURES / "saved-page.html").read_text(), "main")
    group = page.find(string=re.compile("Strictly necessary cookies")).find_parent(["td", "th"])
    assert group.get("colspan") == "3"


def test_fragment_every_word_in_order_on_the_full_page(project: Path, tmp_path: Path) -> None:
    result = policypress("import", str(FIXTURES / "fragment.html"), "--base-url", "https://heronmill.example/legal/", cwd=project)
    assert result.returncode == 0, result.stderr
    words_in, words_out, left_out = report_numbers(result.stdout)
    assert left_out == 0 and "'data' was already used by an earlier heading; this one gets 'data-2'" in result.stdout
    page = commit_and_build(project, tmp_path)
    expected = html_source_words((FIXTURES / "fragment.html").read_text())
    assert page_words(page) == expected and words_out == len(expected)
    assert page.find("a", string="house rules")["href"] == "https://heronmill.example/legal/rules.html"
    assert page.find(id="data-2")
    assert [li.get_text(strip=True) for li in page.select(".policy-text li li")] == ["the title borrowed", "the due date"]
    assert "1. This line is not a list. # Nor a heading." in page.get_text()


# -- Markdown: one word count ----------------------------------------------------------------

LINK_SHAPES = """# Tern Ferry Privacy Notice

## Contact

Write to [our office](mailto:\\(office@tern.example\\)) today.

See [the notice](https://tern.example/n "The notice title") now.

Please [read this](add link) first.

Click [![Logo of Tern Ferry](https://tern.example/logo.png)](https://tern.example/) here.

<a name="choice"></a>

## Choices

You may choose.

## <a name="choice"></a>More choices

<table><tr><th>Use</th><th>Basis</th><th>Notes</th><th>Kept</th></tr>
<tr><td>Accounts</td><td colspan="3">See our Accounts Privacy Notice</td></tr></table>
"""


def test_each_link_shape_keeps_every_word(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "shapes.md"
    source.write_text(LINK_SHAPES.split("<table>")[0])
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    words_in, words_out, left_out = report_numbers(result.stdout)
    assert words_in == words_out and left_out == 0
    assert "this one gets 'choice-2'" in result.stdout and "image 'https://tern.example/logo.png' kept" in result.stdout
    contact = (project / "policy_src" / "sections" / "contact.yaml").read_text()
    assert "[our office](mailto:%28office@tern.example%29)" in contact and "\\[read this\\]\\(add link)" in contact
    page = commit_and_build(project, tmp_path)
    # An image keeps its alternative text (markdown-it shows it as the alt attribute, not text).
    shown = source.read_text().replace("![Logo of Tern Ferry](https://tern.example/logo.png)", "Logo of Tern Ferry")
    assert page_words(page) == source_words(shown) and words_out == len(source_words(shown))
    assert page.find("a", string="our office")["href"] == "mailto:%28office@tern.example%29"
    assert "Please [read this](add link) first." in page.get_text()


@needs_spans
def test_a_markdown_html_table_cell_spanning_columns_is_kept(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "spans.md"
    source.write_text(LINK_SHAPES)
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    page = commit_and_build(project, tmp_path)
    assert page.find(string=re.compile("See our Accounts Privacy Notice")).find_parent("td").get("colspan") == "3"


# -- Word --------------------------------------------------------------------------------------

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(path: Path, *, comment: bool = False, tracked: bool = False) -> Path:
    """A Word file with heading styles, a nested numbered list, a table and a footnote (python-docx
    has no footnote API: the part is written here), optionally a comment or a tracked insertion."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">' + "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%{i + 1}."/></w:lvl>'
        for i in range(3)) + "</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def item(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    document.add_heading("Fernhollow Bakery Privacy Notice", 1)
    intro = document.add_paragraph("Fernhollow Bakery bakes bread and keeps ")
    intro.add_run("very little").bold = True
    intro.add_run(" data about its ")
    intro.add_run("customers").italic = True
    intro.add_run(".")
    intro._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))
    document.add_heading("What we collect", 2)
    for text, level in (("Orders placed online", 0), ("the loaves ordered", 1), ("the pickup time", 1), ("Loyalty stamps", 0)):
        item(text, level)
    document.add_heading("Sharing", 2)
    table = document.add_table(rows=3, cols=2)
    for row, (a, b) in enumerate([("Recipient", "Why"), ("Card processor", "To take payment"), ("Delivery rider", "To bring your order")]):
        table.cell(row, 0).text, table.cell(row, 1).text = a, b
    document.add_heading("Storage", 3)
    last = document.add_paragraph("Ask us anything at the counter.")
    if tracked:
        last._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="7" w:author="Counsel" w:date="2024-01-01T00:00:00Z">'
                                 "<w:r><w:t> Or by phone.</w:t></w:r></w:ins>"))
    if comment:
        last._p.insert(0, parse_xml(f'<w:commentRangeStart {nsdecls("w")} w:id="3"/>'))
        last._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:commentReference w:id="3"/></w:r>'))
    document.sections[0].footer.paragraphs[0].text = "Fernhollow Bakery, page footer"
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFoot" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
            out.writestr(info, data)
        out.writestr("word/footnotes.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {_W}>'
                     '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                     '<w:footnote w:id="1"><w:p><w:r><w:t>Receipts are kept for six years by law.</w:t></w:r></w:p></w:footnote>'
                     "</w:footnotes>")
        if comment:
            out.writestr("word/comments.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:comments {_W}><w:comment w:id="3" '
                         'w:author="Counsel"><w:p><w:r><w:t>Check this.</w:t></w:r></w:p></w:comment></w:comments>')
    return path


def test_word_file_every_word_in_order_on_the_full_page(project: Path, tmp_path: Path) -> None:
    source = make_docx(tmp_path / "counsel.docx")
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    words_in, words_out, left_out = report_numbers(result.stdout)
    assert "page footer (word/footer1.xml), 4 words" in result.stdout and left_out == 4
    notes = (project / "policy_src" / "sections" / "notes.yaml").read_text()
    assert "\\[1\\] Receipts are kept for six years by law." in notes
    page = commit_and_build(project, tmp_path)
    assert page_words(page) == [
        "Fernhollow", "Bakery", "Privacy", "Notice", "Fernhollow", "Bakery", "bakes", "bread", "and", "keeps", "very", "little",
        "data", "about", "its", "customers", ".[1]", "What", "we", "collect", "Orders", "placed", "online", "the", "loaves", "ordered",
        "the", "pickup", "time", "Loyalty", "stamps", "Sharing", "Recipient", "Why", "Card", "processor", "To", "take", "payment",
        "Delivery", "rider", "To", "bring", "your", "order", "Storage", "Ask", "us", "anything", "at", "the", "counter.",
        "Notes", "[1]", "Receipts", "are", "kept", "for", "six", "years", "by", "law.",
    ]
    assert words_out == 61
    assert page.select_one(".policy-text ol ol li").get_text() == "the loaves ordered"
    assert page.find("strong").get_text() == "very little" and page.find("em", string="customers")
    assert page.select_one("table th").get_text() == "Recipient"


@pytest.mark.parametrize("kind, message", [
    ("comment", 'the document has comments near "Ask us anything at the counter."; resolve and delete the comments first'),
    ("tracked", "the document has tracked changes (an insertion near \"Ask us anything at the counter. Or by phone.\"); "
                "accept or reject the tracked changes first"),
])
def test_word_comments_and_tracked_changes_stop_the_import(project: Path, tmp_path: Path, kind: str, message: str) -> None:
    source = make_docx(tmp_path / "draft.docx", **{kind: True})
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{source}: error: {message}")  # no line applies to a Word file
    assert unchanged(project)


# -- bad input ---------------------------------------------------------------------------------

def _bad_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    folder.mkdir()
    binary = folder / "policy.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    latin = folder / "latin.md"
    latin.write_bytes("# Politique\n\n## Données\n\nNous gardons vos données.\n".encode("latin-1"))
    deep = folder / "deep.html"
    deep.write_text("<html><body><h1>T</h1><h2>S</h2>\n" + "<div>" * 10_000 + "deep" + "</div>" * 10_000 + "</body></html>")
    large = folder / "large.html"
    with large.open("w") as out:
        out.write("<html><body><h1>T</h1>")
        line = "<p>word word word word word word word word</p>\n"
        out.write(line * (50_000_000 // len(line)))
    bomb = folder / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 120_000_000)
    outside = folder / "outside.docx"
    with zipfile.ZipFile(outside, "w") as archive:
        archive.writestr("word/document.xml", b"<x/>")
        archive.writestr("../../escaped.txt", b"x")
    return {
        "binary": (binary, f"{binary}:3:1: error: this is a binary file, not text"),
        "encoding": (latin, f"{latin}:3:8: error: byte 0xe9 is not UTF-8 text; save the file as UTF-8"),
        "deep": (deep, f"{deep}:2:511: error: the HTML nests elements deeper than any policy needs"),
        "large": (large, f"{large}: error: the file is over 25 MB"),
        "bomb": (bomb, f"{bomb}: error: the Word file would unpack to 120.0 MB"),
        "outside": (outside, f"{outside}: error: the Word file holds a path outside the archive ('../../escaped.txt')"),
    }


def test_bad_input_is_refused_quickly_located_and_harmless(project: Path, tmp_path: Path) -> None:
    for name, (path, message) in _bad_inputs(tmp_path / "bad").items():
        started = time.monotonic()
        result = policypress("import", str(path), cwd=project)
        assert time.monotonic() - started < 20, name
        assert result.returncode == 1, name
        assert result.stderr.startswith(message), (name, result.stderr)
        assert "Traceback" not in result.stderr, name
        assert unchanged(project), name


def test_a_page_in_another_encoding_named_by_its_meta_charset_is_read(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "latin.html"
    page.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><h1>Politique</h1><h2>Données</h2>'
                     "<p>Nous gardons vos données.</p></body></html>".encode("latin-1"))
    result = policypress("import", str(page), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Nous gardons vos données." in (project / "policy_src" / "sections" / "donnees.yaml").read_text("utf-8")


# -- histories ----------------------------------------------------------------------------------

def _commit(repo: Path, message: str, day: str) -> None:
    stamp = f"{day}T09:30:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, capture_output=True)
    subprocess.run(["git", "-c", "user.name=Old Editor", "-c", "user.email=old@example.test", "commit", "-q", "-m", message],
                   cwd=repo, env=env, check=True, capture_output=True)


def _html_then_markdown(folder: Path) -> Path:
    folder.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    page = folder / "privacy.html"
    page.write_text("<html><body><nav>Home</nav><main><h1>Wren Post Privacy</h1><h2>Who we are</h2>"
                    "<p>We deliver letters.</p></main></body></html>")
    _commit(folder, "First policy, as a web page", "2019-05-01")
    page.write_text(page.read_text().replace("letters.", "letters and parcels."))
    _commit(folder, "Parcels too", "2020-03-02")
    subprocess.run(["git", "mv", "privacy.html", "privacy.md"], cwd=folder, check=True)
    (folder / "privacy.md").write_text("# Wren Post Privacy\n\n## Who we are\n\nWe deliver letters and parcels.\n")
    _commit(folder, "Move the policy to Markdown", "2021-01-10")
    markdown = folder / "privacy.md"
    markdown.write_text(markdown.read_text() + "\n## Contact\n\nAsk at any post office.\n")
    _commit(folder, "Add a contact section", "2022-07-15")
    return folder


def _releases(repo: Path) -> list[tuple[str, str]]:
    return [(r.version, r.summary) for r in load_policy(DirectoryTree(repo)).releases]


def test_from_git_reads_each_commit_in_the_format_its_name_had(tmp_path: Path) -> None:
    old = _html_then_markdown(tmp_path / "old")
    repo = PolicyRepo(tmp_path / "policy")
    repo.commit("Empty policy", "2019-01-01")
    result = policypress("import", "--from-git", str(old), "--path", "privacy.md", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "Imported 4 versions of privacy.md: 3 releases, 1 skipped." in result.stdout
    assert "(2021-01-10, 'Move the policy to Markdown'): skipped" in result.stdout
    assert _releases(repo.path) == [("2019-05-01", "First policy, as a web page"), ("2020-03-02", "Parcels too"),
                                    ("2022-07-15", "Add a contact section")]
    site = tmp_path / "site"
    built = mkdocs_build(repo.path, site)
    assert built.returncode == 0, built.stderr
    first = BeautifulSoup((site / "full" / "2019-05-01" / "index.html").read_text(), "html.parser")
    assert "We deliver letters." in first.get_text() and "Home" not in page_words(first)
    assert "Ask at any post office." in (site / "full" / "index.html").read_text()


def test_from_git_since_a_commit_and_appending_after_the_last_release(tmp_path: Path) -> None:
    old = _html_then_markdown(tmp_path / "old")
    second = subprocess.run(["git", "rev-list", "--reverse", "HEAD"], cwd=old, capture_output=True, text=True).stdout.split()[1]
    repo = PolicyRepo(tmp_path / "policy")
    repo.commit("Empty policy", "2019-01-01")
    since = policypress("import", "--from-git", str(old), "--path", "privacy.md", "--since", second, cwd=repo.path)
    assert since.returncode == 0, since.stderr
    assert _releases(repo.path) == [("2020-03-02", "Parcels too"), ("2022-07-15", "Add a contact section")]

    appended = PolicyRepo(tmp_path / "appended")
    appended.commit("Empty policy", "2019-01-01")
    first = policypress("import", "--from-git", str(old), "--path", "privacy.md", "--since", second, cwd=appended.path)
    assert first.returncode == 0, first.stderr
    (old / "privacy.md").write_text((old / "privacy.md").read_text() + "\n## Complaints\n\nWrite to the postmaster.\n")
    _commit(old, "Add complaints", "2023-02-01")
    again = policypress("import", "--from-git", str(old), "--path", "privacy.md", cwd=appended.path)
    assert again.returncode == 0, again.stderr
    assert "4 version(s) dated on or before the log's last release (2022-07-15) left out: already released" in again.stdout
    assert _releases(appended.path) == [("2020-03-02", "Parcels too"), ("2022-07-15", "Add a contact section"),
                                        ("2023-02-01", "Add complaints")]
    assert json.dumps(_releases(appended.path))  # the log loads: every entry valid


def test_page_layouts_of_real_sites_keep_their_words() -> None:
    page = ("<h1>Pika Maps Privacy</h1><ol><li><h2>Scope</h2><p>This covers the app.</p></li>"
            "<li><h2>Data</h2><p>Location only.</p><ul><li>while open<table><tr><th>Item</th><th>Kept</th></tr>"
            "<tr><td>Position</td><td>1 day</td></tr></table></li><li>never sold</li></ul></li></ol>"
            "<table><tr><td><h2>Contact</h2><p>Write to us.</p></td></tr></table>")
    document = import_html(page, "layout.html")
    assert [s.title for s in document.sections] == ["Scope", "Data", "Contact"]
    assert document.sections[1].data()["blocks"] == [
        "Location only.", "while open", {"table": {"header": ["Item", "Kept"], "rows": [["Position", "1 day"]]}},
        {"items": ["never sold"]},
    ]
    assert "line 1: a list item holding a table is imported as its paragraphs and the table, in their order" in document.notes
    assert document.words_in == document.words_out == len(html_source_words(page))


def test_an_old_page_of_line_breaks_and_bold_lines_gets_paragraphs_and_headings() -> None:
    page = ("<body><center><font size=2>Intro text of Quill Ink.<br><br><b>1. Scope</b><br><br>This covers the shop."
            "<br>And the website.<br><br><b>Contact</b><br><br>Write to Quill Ink.</font></center></body>")
    document = import_html(page, "old.html")
    assert document.preamble == ("Intro text of Quill Ink.",)
    assert [s.data() for s in document.sections] == [
        {"id": "scope", "title": "Scope", "blocks": ["This covers the shop.  \nAnd the website."]},
        {"id": "contact", "title": "Contact", "blocks": ["Write to Quill Ink."]},
    ]
    assert "the page has no section headings: 2 paragraph(s) all in bold became the headings" in document.notes
    assert document.words_in == document.words_out + 1 == len(html_source_words(page)) + 1 - 1


# -- Shapes met in real published policies (invented text) ------------------------------------

def test_a_link_whose_address_is_a_template_leftover_keeps_its_words() -> None:
    # Generated policies keep the generator's "https://[your-site]": not an address at all.
    page = ("<h1>Heron Notes Privacy</h1><h2>Contact</h2><ul><li>Web: <a href=\"https://[heron-site.example]\">"
            "[heron-site.example]</a> (optional)</li><li>Mail: <a href=\"mailto:[ask@heron.example]\">[ask@heron.example]</a></li></ul>")
    document = import_html(page, "leftover.html")
    items = document.sections[0].data()["blocks"][0]["items"]
    assert items[0] == "Web: \\[heron-site.example\\] (optional)"
    assert any("https://[heron-site.example]" in note and "kept as its text only" in note for note in document.notes)
    assert document.words_in == document.words_out == len(html_source_words(page))


def test_a_short_policy_with_only_its_name_as_heading_becomes_one_section() -> None:
    page = "<body><h1>Wren Timer Privacy</h1><p>Wren Timer keeps nothing.</p><p>Write to wren@example.test.</p></body>"
    document = import_html(page, "short.html")
    assert document.title is None
    assert [s.data() for s in document.sections] == [
        {"id": "wren-timer-privacy", "title": "Wren Timer Privacy", "blocks": ["Wren Timer keeps nothing.", "Write to wren@example.test."]},
    ]
    markdown = import_markdown("# Wren Timer Privacy\n\nWren Timer keeps nothing.\n", "short.md")
    assert [s.title for s in markdown.sections] == ["Wren Timer Privacy"] and markdown.title is None


def test_bold_lines_as_headings_in_markdown_become_sections() -> None:
    # Privacy-policy generators write "**Information Collection and Use**" instead of headings.
    text = ("**Privacy Policy**\n\nThis policy covers the Lark Radio app.\n\n**Information Collection and Use**\n\n"
            "The app collects:\n\n* your device model\n* the time spent listening\n\n**Contact Us**\n\nWrite to lark@example.test.\n")
    document = import_markdown(text, "generated.md")
    assert [s.title for s in document.sections] == ["Privacy Policy", "Information Collection and Use", "Contact Us"]
    assert document.sections[1].data()["blocks"] == ["The app collects:", {"items": ["your device model", "the time spent listening"]}]
    assert "the file has no section headings: 3 paragraph(s) all in bold became the headings" in document.notes
    assert document.words_in == document.words_out == len(source_words(text))


def test_toml_front_matter_is_left_out_like_yaml() -> None:
    text = "+++\ntitle = \"Privacy\"\ndraft = false\n+++\n\n# Finch Games Privacy\n\n## Data\n\nNone is kept.\n"
    document = import_markdown(text, "hugo.md")
    assert document.title == "Finch Games Privacy" and [s.title for s in document.sections] == ["Data"]
    assert [(item.what, item.words) for item in document.left_out] == [("front matter", 6)]
    assert document.words_in == document.words_out + 6


def test_links_to_old_pages_and_missing_anchors_become_text_and_the_build_passes(project: Path, tmp_path: Path) -> None:
    # A strict build refuses a link to a page or an anchor it cannot find: those links keep their words only.
    source = tmp_path / "links.md"
    source.write_text(
        "# Plover Docs Privacy\n\nSee the [summary](#summary-of-rights) and the [rights](#your-rights).\n\n"
        "## Your rights\n\n[Contact us](contact.md) or read <a href=\"terms.md#fees\">the terms</a>; "
        "our [blog](https://plover.example/blog) stays a link.\n"
    )
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "a link to the old site's page 'contact.md' kept as its text only" in result.stdout
    assert "1 link(s) to a place no heading of the document names (e.g. '#summary-of-rights')" in result.stdout
    written = (project / "policy_src" / "sections" / "your-rights.yaml").read_text()
    assert "Contact us or read the terms; our [blog](https://plover.example/blog) stays a link." in written
    page = commit_and_build(project, tmp_path)
    assert page_words(page) == source_words(source.read_text())
    assert page.find("a", string="rights")["href"].endswith("#your-rights")


def test_relative_links_of_a_saved_page_keep_their_words_without_a_base_url() -> None:
    page = ("<h1>Teal Bikes Privacy</h1><h2>Contact</h2><p><a href=\"contactus.html\">Contact us</a>, see the "
            "<a href=\"/cookies\">cookie page</a> or <a href=\"https://teal.example/faq\">questions</a>.</p>")
    plain = import_html(page, "teal.html")
    assert plain.sections[0].data()["blocks"] == ["Contact us, see the [cookie page](/cookies) or [questions](https://teal.example/faq)."]
    assert any("2 relative link(s) (e.g. 'contactus.html') kept as their text only" in note for note in plain.notes)
    based = import_html(page, "teal.html", base_url="https://teal.example/legal/privacy")
    assert based.sections[0].data()["blocks"][0].startswith("[Contact us](https://teal.example/legal/contactus.html), see the [cookie page](https://teal.example/cookies)")


def test_a_page_whose_one_heading_is_its_name_gets_its_bold_lines_as_headings() -> None:
    # A Google Docs export inside a site template: the breadcrumb's <h2> is the only heading.
    page = ("<main><section class=\"breadcrumbs\"><h2>Privacy Policy</h2></section><div class=\"wrap\">"
            "<p class=\"c14\">&nbsp;</p><p class=\"c0\"><span class=\"c9\">Gull Labs runs this site.</span></p>"
            "<p class=\"c24\"><strong><span class=\"c13\">COLLECTION OF INFORMATION</span></strong></p>"
            "<p class=\"c0\"><span class=\"c9\">We collect your email address.</span></p>"
            "<p class=\"c0\"><strong>BY USING THE SITE YOU AGREE TO EVERYTHING THIS POLICY SAYS ABOUT YOUR DATA AND ITS USE.</strong></p>"
            "<p class=\"c24\"><strong>USE OF INFORMATION</strong></p><p class=\"c0\">We answer your questions.</p></div></main>")
    document = import_html(page, "gdocs.html")
    assert [s.title for s in document.sections] == ["Privacy Policy", "COLLECTION OF INFORMATION", "USE OF INFORMATION"]
    assert document.sections[1].data()["blocks"][1].startswith("**BY USING THE SITE")  # a long bold sentence stays text
    assert "the page has one section heading: 2 paragraph(s) all in bold became the headings" in document.notes
    assert document.words_in == document.words_out == len(html_source_words(page))


def test_a_problem_in_a_word_file_is_located_at_the_file_alone(project: Path, tmp_path: Path) -> None:
    # The HTML mammoth makes has lines, but they are no place in the Word file: FILE: error: (SPEC 13).
    document = docx.Document()
    document.add_heading("Kestrel Cafe Privacy", level=1)
    document.add_heading("Contact", level=2)
    document.add_paragraph("Write to {{ email }} with questions.")
    source = tmp_path / "kestrel.docx"
    document.save(str(source))
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{source}: error: '{{{{ email }}}}' is a template variable")
    assert unchanged(project)


def test_from_git_a_version_that_cannot_be_imported_says_what_is_committed_and_how_to_go_on(tmp_path: Path) -> None:
    # Real histories hold a commit with a Jekyll include that a later commit removed.
    old = tmp_path / "old"
    old.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=old, check=True)
    policy = old / "privacy.md"
    policy.write_text("# Stoat Shop Privacy\n\n## Data\n\nWe keep your orders.\n")
    _commit(old, "First policy", "2021-02-01")
    policy.write_text("# Stoat Shop Privacy\n\n## Data\n\n{% include banner.html %}\n\nWe keep your orders.\n")
    _commit(old, "Add the banner", "2021-03-01")
    policy.write_text("# Stoat Shop Privacy\n\n## Data\n\nWe keep your orders for a year.\n")
    _commit(old, "Drop the banner, say how long", "2021-04-01")
    shas = subprocess.run(["git", "log", "--format=%H", "--reverse"], cwd=old, capture_output=True, text=True).stdout.split()
    repo = PolicyRepo(tmp_path / "policy")
    repo.commit("Empty policy", "2019-01-01")
    failed = policypress("import", "--from-git", str(old), "--path", "privacy.md", cwd=repo.path)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert f"privacy.md@{shas[1][:12]}:5:1: error: '{{%' is template syntax" in failed.stderr
    assert (f"privacy.md@{shas[1][:12]}: error: this version cannot be imported (the problems listed with it); "
            f"1 earlier version(s) are imported and committed. Run the import again to go on once it can be read, "
            f"or skip it with --since {shas[2][:12]}") in failed.stderr
    assert _releases(repo.path) == [("2021-02-01", "First policy")]
    went_on = policypress("import", "--from-git", str(old), "--path", "privacy.md", "--since", shas[2][:12], cwd=repo.path)
    assert went_on.returncode == 0, went_on.stderr
    assert _releases(repo.path) == [("2021-02-01", "First policy"), ("2021-04-01", "Drop the banner, say how long")]


def test_a_policy_typed_as_preformatted_text_becomes_paragraphs() -> None:
    page = ("<html><body><h1>Mole Torrent Privacy</h1><pre>\n\n    Mole Torrent collects nothing about you.\n"
            "    It runs on your computer.\n\n    It may send, if you allow it:\n\n    - counts of downloads\n"
            "    - errors <b>only</b> &amp; crashes\n\n  </pre></body></html>")
    document = import_html(page, "pre.html")
    assert [s.data() for s in document.sections] == [{"id": "mole-torrent-privacy", "title": "Mole Torrent Privacy", "blocks": [
        "Mole Torrent collects nothing about you.  \nIt runs on your computer.", "It may send, if you allow it:",
        "\\- counts of downloads  \n\\- errors only & crashes",
    ]}]
    assert "line 1: preformatted text (<pre>) is imported as paragraphs" in document.notes
    assert document.words_in == document.words_out == len(html_source_words(page))
