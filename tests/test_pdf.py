"""A PDF of every published version (SPEC §14, §18): what it holds, that it is PDF/A-2a and
PDF/UA-1 (tagged), reproducible, fetches nothing, prints policy text that looks like Typst as
written, is kept between publishing builds, and that the guard catches a change.

Other tests build without PDFs (tests/conftest.py); these ask for them with POLICYPRESS_PDF=1.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from blocks_sources import block_sections
from conftest import mkdocs_build, policypress
from policy_repo import PolicyRepo
from policypress.emit.pdf import pdfs_wanted
from policypress.emit.typeset import FONT_FOLDER
from policypress.emit.urls import Scope, pdf_uri
from policypress.kept.entries import Kept
from policypress.kept.files import own_folder

TEMPLATE = FONT_FOLDER.parent / "templates" / "pdf" / "version.typ"
SITE_URL = "https://connic.github.io/privacy-policy/"
FIRST, SECOND, THIRD = "2026-01-10", "2026-11-20", "2026-11-25"
# Policy text that would be code, math, a layout rule, a reference and a label in Typst markup
# (a label in backticks: policy text holds no raw HTML), and what a reader sees of it.
TYPST_LOOKING = 'Typst would run #read("/etc/hostname"), typeset $x + y$, obey #set page(width: 1cm), cite @ref and `<label>`, and eat a\\b.'
TYPST_LOOKING_SHOWN = TYPST_LOOKING.replace("`", "")


class Recorder:
    """A local HTTP server that remembers every request it gets."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                recorder.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def server() -> Iterator[Recorder]:
    recorder = Recorder()
    yield recorder
    recorder.httpd.shutdown()


def pdf_build(project: Path, site: Path) -> None:
    result = mkdocs_build(project, site, POLICYPRESS_PDF="1")
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, server: Recorder) -> tuple[PolicyRepo, Path]:
    """A policy with a table and lists, one region, a passage that links to and embeds an
    address on a local server, and a material release still upcoming; built once with PDFs."""
    tmp = tmp_path_factory.mktemp("pdf")
    repo = PolicyRepo(tmp / "repo")
    # One region (fewer PDFs to make), with every tag the block sections use.
    repo.regions["regions"] = [{"id": "north", "name": "The North", "tags": ["north-law", "south-law"]}]
    repo.settings = {"format": 2}
    repo.sections = block_sections()
    repo.sections["contact"]["blocks"] = [
        f"Our [status page]({server.url}/status) shows outages. ![Acme logo]({server.url}/logo.png)",
        "Acme, 1 Test Street.",
        TYPST_LOOKING,
    ]
    # A table longer than a page: it must continue on the next page under its header row.
    repo.sections["retention"] = {"id": "retention", "title": "Retention", "blocks": [{"table": {
        "header": ["Record", "Kept for"], "rows": [[f"Record kind {n}", f"{n} months"] for n in range(1, 61)]}}]}
    repo.outline = list(repo.sections)
    repo.release(FIRST, "First version.")
    repo.commit("First release", FIRST)
    repo.sections["contact"]["blocks"][1] = "Acme, 2 Test Street."
    repo.release(SECOND, "We moved.", material=["north"], effective="2026-12-30")
    repo.commit("Second release", SECOND)
    pdf_build(repo.path, tmp / "site")
    return repo, tmp / "site"


def archive_pdf(site: Path, scope: str, version: str) -> Path:
    return site / scope / version / f"privacy-policy-{scope}-{version}.pdf"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_every_published_version_of_every_page_has_a_pdf_named_by_its_coordinates(published: tuple[PolicyRepo, Path]) -> None:
    _, site = published
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.pdf"))
    assert found == sorted(archive_pdf(site, scope, version).relative_to(site).as_posix()
                           for scope in ("full", "north") for version in (FIRST, SECOND))
    for path in site.rglob("*.pdf"):
        assert path.read_bytes().startswith(b"%PDF-1.7")


def test_current_upcoming_and_archive_pages_link_their_version_s_pdf(published: tuple[PolicyRepo, Path]) -> None:
    _, site = published
    for page, version in [("north", FIRST), ("north/upcoming", SECOND), (f"north/{FIRST}", FIRST), (f"north/{SECOND}", SECOND),
                          ("full", FIRST), (f"full/{FIRST}", FIRST)]:
        html = BeautifulSoup((site / page / "index.html").read_text("utf-8"), "html.parser")
        link = html.select_one(".policy-pdf a")
        assert link is not None, page
        target = (site / page / link["href"]).resolve()
        assert target == archive_pdf(site, page.split("/")[0], version).resolve(), page
        assert link["download"] == target.name and link.get_text() == "PDF of this version"
    # Redlines and history pages are not a version's text: no PDF link.
    assert "policy-pdf" not in (site / "north" / SECOND / "changes" / "index.html").read_text("utf-8")


def test_the_pdf_holds_the_archive_page_s_words_in_order_with_its_title_block(published: tuple[PolicyRepo, Path]) -> None:
    _, site = published
    page = BeautifulSoup((site / "north" / FIRST / "index.html").read_text("utf-8"), "html.parser")
    for link in page.select(".policy-section-history"):  # a page's links to section histories, not the text
        link.decompose()
    shown = words(page.select_one(".policy-text").get_text(" "))
    text = "\n".join(p.extract_text() for p in PdfReader(archive_pdf(site, "north", FIRST)).pages)
    in_pdf = words(text)
    # Every word of the archive page's text, in the same order (the PDF adds its title block,
    # page numbers and record around it).
    position = 0
    for word in shown:
        assert word in in_pdf[position:], f"{word!r} missing after word {position} of the PDF"
        position = in_pdf.index(word, position) + 1
    assert "2.1 Accounts" in text and "Cookie" in text and "Counts visits from the North" in text
    head = text[: text.index("1. About")]
    for expected in ["Acme", "Test Policy", "The North", "English", FIRST, "January 10, 2026"]:
        assert expected in head
    assert re.search(r"1 / \d+", text) and "Region" in head and "Effective" in head


def test_a_long_table_continues_under_its_header_row_and_never_splits_a_row(published: tuple[PolicyRepo, Path]) -> None:
    _, site = published
    pages = [page.extract_text() for page in PdfReader(archive_pdf(site, "north", FIRST)).pages]
    holding = [text for text in pages if "Record kind" in text]
    assert len(holding) >= 2
    for text in holding:
        assert re.search(r"Record\s+Kept for", text)  # the header row, on every page of the table
    rows = [int(n) for text in holding for n in re.findall(r"Record kind (\d+)\s+\1 months", text)]
    assert rows == list(range(1, 61))  # each row whole, on one page, in order


def test_the_last_page_holds_the_sha256_of_the_text_and_the_archive_address(published: tuple[PolicyRepo, Path]) -> None:
    _, site = published
    data = json.loads((site / "api" / "north" / f"{FIRST}.json").read_text())
    last = PdfReader(archive_pdf(site, "north", FIRST)).pages[-1].extract_text()
    assert data["sha256"] == hashlib.sha256(data["text"].encode()).hexdigest()
    assert data["sha256"] in last.replace("\n", "")
    assert f"{SITE_URL}north/{FIRST}/" in last.replace("\n", "")


def test_the_pdf_is_tagged_for_accessibility_and_dated_by_its_release(published: tuple[PolicyRepo, Path]) -> None:
    _, site = published
    reader = PdfReader(archive_pdf(site, "north", SECOND))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en"
    assert reader.metadata["/CreationDate"].startswith("D:20261120") and reader.metadata["/ModDate"].startswith("D:20261120")
    assert reader.metadata["/Author"] == "Acme"


def test_policy_json_lists_each_pdf_with_the_sha256_of_its_bytes(published: tuple[PolicyRepo, Path]) -> None:
    _, site = published
    data = json.loads((site / "api" / "policy.json").read_text())
    versions = data["regions"][0]["versions"] + data["full"]["versions"]
    assert len(versions) == 4
    for version in versions:
        path = site / version["pdf_url"].removeprefix(SITE_URL)
        assert version["pdf_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_rendering_fetches_nothing_named_in_the_text(published: tuple[PolicyRepo, Path], server: Recorder) -> None:
    _, site = published
    text = "\n".join(page.extract_text() for page in PdfReader(archive_pdf(site, "north", FIRST)).pages)
    assert "status page" in text  # the link's words are there; the image is not fetched
    assert server.requests == []


def test_two_cold_builds_give_the_same_pdfs_and_a_later_publish_makes_only_new_ones(
    published: tuple[PolicyRepo, Path], tmp_path: Path, server: Recorder
) -> None:
    repo, first = published
    kept = repo.path / ".cache" / "policypress" / "files"
    shutil.rmtree(repo.path / ".cache")
    cold = tmp_path / "cold"
    pdf_build(repo.path, cold)
    pdfs = sorted(p.relative_to(first) for p in first.rglob("*.pdf"))
    assert pdfs and [p for p in pdfs if (first / p).read_bytes() != (cold / p).read_bytes()] == []
    # The next publish takes each published PDF from what this one kept (marked here, so that
    # a PDF made again would show) and makes only the new release's.
    # Marked through the kept files' own writer, which records the new bytes (a file changed
    # behind its back would be discarded and made again).
    marked = {}
    entries = Kept(kept.parent, print).entries("files")
    for entry in kept.iterdir():
        if not entry.name.endswith(".kept") and entry.read_bytes().startswith(b"%PDF"):
            content = entry.read_bytes() + b"%kept\n"
            entries.write(entry.name, content)
            marked[hashlib.sha256(content).hexdigest()] = entry.name
    assert len(marked) == 4
    repo.sections["intro"]["blocks"][0] = "Acme runs the Acme service and the Acme shop."
    repo.release(THIRD, "The shop.", effective="2026-12-31")
    repo.commit("Third release", THIRD)
    warm = tmp_path / "warm"
    pdf_build(repo.path, warm)
    made = {p.relative_to(warm).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in warm.rglob("*.pdf")}
    assert {name for name, sha in made.items() if sha not in marked} == {
        f"north/{THIRD}/privacy-policy-north-{THIRD}.pdf", f"full/{THIRD}/privacy-policy-full-{THIRD}.pdf"}
    data = json.loads((warm / "api" / "policy.json").read_text())
    assert {v["pdf_sha256"] for v in data["full"]["versions"]} == {made[f"full/{v}/privacy-policy-full-{v}.pdf"] for v in (FIRST, SECOND, THIRD)}
    assert server.requests == []


def test_the_guard_keeps_the_published_pdfs_and_a_new_stylesheet_changes_none(published: tuple[PolicyRepo, Path], tmp_path: Path) -> None:
    repo, site = published
    # The deployed site, as a copy on disk: the guard reads each PDF beside its policy.json.
    deployed = shutil.copytree(site, tmp_path / "deployed")
    data = json.loads((deployed / "api" / "policy.json").read_text())
    # Published as the fixture built it (the test above may have released more since, and
    # marked the kept files).
    shutil.rmtree(repo.path / ".cache", ignore_errors=True)
    # A PDF template of the site's own would change every PDF's bytes, and no text.
    override = repo.path / "overrides" / "policypress" / "pdf" / "version.typ"
    override.parent.mkdir(parents=True)
    override.write_text(TEMPLATE.read_text("utf-8").replace("size: 10pt", "size: 11pt"))
    result = policypress("check", "--published", str(deployed / "api" / "policy.json"), cwd=repo.path)
    assert result.returncode == 0, result.stderr
    # Published PDFs are records (SPEC §18): kept as published, and the build publishes them.
    rebuilt = tmp_path / "rebuilt"
    pdf_build(repo.path, rebuilt)
    for version in data["regions"][0]["versions"] + data["full"]["versions"]:
        path = version["pdf_url"].removeprefix(SITE_URL)
        assert (rebuilt / path).read_bytes() == (deployed / path).read_bytes(), path
    listed = {v["version"]: v for v in json.loads((rebuilt / "api" / "policy.json").read_text())["full"]["versions"]}
    assert [listed[v["version"]] for v in data["full"]["versions"]] == data["full"]["versions"]
    shutil.rmtree(override.parent.parent)


def test_pdf_addresses_and_when_they_are_made() -> None:
    assert pdf_uri(Scope("eea", "EEA"), "2025-12-19") == "eea/2025-12-19/privacy-policy-eea-2025-12-19.pdf"
    assert pdf_uri(Scope("full", "Complete", "cookie-policy", "pt-BR"), "2026-01-01") == (
        "pt-br/cookie-policy/full/2026-01-01/cookie-policy-full-2026-01-01-pt-br.pdf")
    assert pdfs_wanted({}, preview=False) and not pdfs_wanted({}, preview=True)
    assert pdfs_wanted({"POLICYPRESS_PDF": "1"}, preview=True) and not pdfs_wanted({"POLICYPRESS_PDF": "0"}, preview=False)


def test_a_pdf_written_into_a_page_folder_the_preview_linked_leaves_the_kept_folder_alone(tmp_path: Path) -> None:
    # `POLICYPRESS_PDF=1 mkdocs serve` links kept page folders into its output.
    kept = tmp_path / "store" / "digest"
    kept.mkdir(parents=True)
    (kept / "index.html").write_text("page")
    site = tmp_path / "site"
    (site / "north").mkdir(parents=True)
    (site / "north" / FIRST).symlink_to(kept, target_is_directory=True)
    target = site / "north" / FIRST / f"privacy-policy-north-{FIRST}.pdf"
    own_folder(site, target)
    target.write_bytes(b"%PDF-1.7")
    assert not (site / "north" / FIRST).is_symlink() and (site / "north" / FIRST / "index.html").read_text() == "page"
    assert sorted(p.name for p in kept.iterdir()) == ["index.html"]


def test_pages_are_as_without_pdfs_but_for_the_link(published: tuple[PolicyRepo, Path], tmp_path: Path) -> None:
    repo, _ = published
    with_pdfs, without = tmp_path / "with", tmp_path / "without"
    pdf_build(repo.path, with_pdfs)
    result = mkdocs_build(repo.path, without, POLICYPRESS_PDF="0")
    assert result.returncode == 0, result.stderr
    link = re.compile(r'<p class="policy-pdf"><a [^>]*>PDF of this version</a></p>\n+')
    pages = sorted(p.relative_to(without) for p in without.rglob("*.html"))
    assert pages == sorted(p.relative_to(with_pdfs) for p in with_pdfs.rglob("*.html"))
    linked = 0
    for page in pages:
        html = (with_pdfs / page).read_text("utf-8")
        linked += bool(link.search(html))
        assert link.sub("", html) == (without / page).read_text("utf-8"), page
    assert linked >= 5  # current, upcoming and archive pages


def test_an_install_without_the_fonts_gets_a_message_and_no_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from policypress.emit import pdf, typeset
    from policypress.errors import PolicyError

    monkeypatch.setattr(typeset, "FONT_FOLDER", tmp_path)
    with pytest.raises(PolicyError) as raised:
        pdf.check_renderer()
    message = str(raised.value)
    assert "mkdocs.yml" in message and "DejaVuSans.ttf" in message and "reinstall PolicyPress" in message
    assert "POLICYPRESS_PDF=0" in message


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_policy_text_that_looks_like_typst_prints_exactly_as_written(published: tuple[PolicyRepo, Path]) -> None:
    _, site = published
    page = BeautifulSoup((site / "north" / FIRST / "index.html").read_text("utf-8"), "html.parser")
    shown = next(p.get_text() for p in page.select(".policy-text p") if p.get_text().startswith("Typst would run"))
    assert shown == TYPST_LOOKING_SHOWN
    path = archive_pdf(site, "north", FIRST)
    text = " ".join(pdf_text(path).split())
    assert TYPST_LOOKING_SHOWN in text
    # Nothing was run: the page kept its size (A4), no reference failed, no file was read.
    with pikepdf.open(path) as document:
        assert {tuple(round(float(v)) for v in page.MediaBox) for page in document.pages} == {(0, 0, 595, 842)}


def test_the_pdf_is_pdf_a_2a_and_pdf_ua_1_with_a_tag_tree_language_and_table_header_scopes(published: tuple[PolicyRepo, Path]) -> None:
    _, site = published
    with pikepdf.open(archive_pdf(site, "north", FIRST)) as document:
        metadata = document.open_metadata()
        assert metadata.get("pdfaid:part") == "2" and metadata.get("pdfaid:conformance") == "A"
        assert metadata.get("pdfuaid:part") == "1"
        assert str(document.Root.Lang) == "en"
        assert bool(document.Root.MarkInfo.Marked)
        elements = list(structure(document.Root.StructTreeRoot))
        kinds = [str(element.get("/S")) for element in elements]
        assert kinds[0] == "/Document" and kinds.count("/H1") == 1
        assert {"/H2", "/H3", "/H4", "/H5", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"} <= set(kinds)
        headers = [element for element in elements if element.get("/S") == "/TH"]
        assert headers and all(scope(element) == "/Column" for element in headers)
        # Fonts are the ones PolicyPress ships, embedded (PDF/A), and nothing else.
        fonts = {str(font.get("/BaseFont")).split("+")[-1] for page in document.pages for font in page.Resources.Font.values()}
        assert fonts <= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique", "DejaVuSansMono", "DejaVuSansMono-Bold"}
        assert "DejaVuSans" in fonts


def structure(node: object) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under `node`, depth first."""
    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from structure(child)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        if "/K" in node:
            yield from structure(node.K)
    elif isinstance(node, pikepdf.Dictionary) and "/K" in node:
        yield from structure(node.K)


def marked_languages(document: pikepdf.Pdf) -> set[str]:
    """The languages a PDF gives parts of its text: on structure elements, and on marked
    content in the pages (`/Span <</Lang (en)>> BDC`, as Typst writes a span's language)."""
    found = {str(element.Lang) for element in structure(document.Root.StructTreeRoot) if "/Lang" in element}
    for page in document.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and isinstance(operands[-1], pikepdf.Dictionary) and "/Lang" in operands[-1]:
                found.add(str(operands[-1].Lang))
    return found


def scope(element: pikepdf.Dictionary) -> str | None:
    attributes = element.get("/A")
    for entry in attributes if isinstance(attributes, pikepdf.Array) else [attributes] if attributes is not None else []:
        if isinstance(entry, pikepdf.Dictionary) and "/Scope" in entry:
            return str(entry.Scope)
    return None


def test_a_template_that_would_fetch_a_package_is_refused_with_a_message(published: tuple[PolicyRepo, Path], tmp_path: Path) -> None:
    repo, _ = published
    override = repo.path / "overrides" / "policypress" / "pdf" / "version.typ"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text('#import "@preview/tablex:0.0.8": tablex\n' + TEMPLATE.read_text("utf-8"))
    try:
        result = mkdocs_build(repo.path, tmp_path / "site", POLICYPRESS_PDF="1")
    finally:
        override.unlink()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "overrides/policypress/pdf/version.typ:1:9: error: the PDF template is refused: it imports a Typst package" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_translated_page_s_pdf_is_in_its_language_and_marks_passages_left_in_the_source_language(tmp_path: Path) -> None:
    from test_translated_site import make_repo

    repo = make_repo(tmp_path / "repo")
    result = mkdocs_build(repo.path, tmp_path / "site", POLICYPRESS_PDF="1", POLICYPRESS_AS_OF="2026-01-20")
    assert result.returncode == 0, result.stderr
    translated = sorted((tmp_path / "site" / "pt-br").rglob("*-pt-br.pdf"))
    assert {path.parent.parent.name for path in translated} >= {"north", "south"}
    for path in translated:
        with pikepdf.open(path) as document:
            assert str(document.Root.Lang) == "pt-BR", path
            languages = marked_languages(document)
        if path.parent.parent.name == "south":  # its untranslated list item is shown in English, marked so
            assert "en" in languages, path
        else:
            assert "en" not in languages, path
        text = pdf_text(path)
        assert "[pt] " in text and "Região" in text, path
    with pikepdf.open(next((tmp_path / "site" / "north").rglob("*.pdf"))) as source:
        assert str(source.Root.Lang) == "en"


def test_a_template_typst_refuses_stops_the_build_with_its_line_and_no_traceback(published: tuple[PolicyRepo, Path], tmp_path: Path) -> None:
    repo, _ = published
    override = repo.path / "overrides" / "policypress" / "pdf" / "version.typ"
    override.parent.mkdir(parents=True, exist_ok=True)
    lines = TEMPLATE.read_text("utf-8").splitlines()
    broken = next(n for n, line in enumerate(lines) if line.startswith("#let sans = "))
    lines[broken] = "#let sans = ("
    override.write_text("\n".join(lines) + "\n")
    try:
        result = mkdocs_build(repo.path, tmp_path / "site", POLICYPRESS_PDF="1")
    finally:
        override.unlink()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"overrides/policypress/pdf/version.typ:{broken + 1}:12: error: Typst could not lay out " in result.stderr
    assert "unclosed delimiter" in result.stderr
    assert not (tmp_path / "site").exists()
