"""Published PDFs are records (SPEC §18): `check --published` keeps their live bytes, verified
against the published `pdf_sha256`, and the build publishes those bytes, never a PDF made again.

The live sites are the fixtures under tests/fixtures/published/ (PDFs an earlier PolicyPress
made with WeasyPrint), served by a local HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import policypress as policypress_package
from ruamel.yaml import YAML

from conftest import REPO, mkdocs_build, policypress
from records_site import FIRST, FIXTURE, SECOND, SITE_URL, THIRD, fernhill_repo, release_third
from policypress import guard
from policypress.emit.pdf import VersionPdf
from policypress.kept.records import RECORDS_FOLDER, PdfRecords

CONNIC = REPO / "tests" / "fixtures" / "published" / "connic"
CONNIC_URL = "https://connic.github.io/privacy-policy/"


class LiveSite:
    """A copy of a published site served over HTTP on 127.0.0.1, remembering each request."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.requests: list[str] = []
        live = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                live.requests.append(self.path)
                super().do_GET()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveSite]:
    """The Fernhill site as published (a copy: tests may change what it serves)."""
    site = LiveSite(shutil.copytree(FIXTURE, tmp_path / "live"))
    yield site
    site.close()


def published_pdfs(folder: Path, site_url: str) -> dict[str, str]:
    """A site's PDFs by their path in it → pdf_sha256, as its api/policy.json lists them."""
    data = json.loads((folder / "api" / "policy.json").read_text("utf-8"))
    return {version["pdf_url"].removeprefix(site_url): version["pdf_sha256"]
            for scope in [*data["regions"], data["full"]] for version in scope["versions"] if "pdf_url" in version}


def pdf_build(project: Path, site: Path) -> None:
    result = mkdocs_build(project, site, POLICYPRESS_PDF="1")
    assert result.returncode == 0, result.stderr


def test_check_published_keeps_the_live_pdfs_and_the_build_publishes_them_byte_for_byte(tmp_path: Path, live: LiveSite) -> None:
    repo = fernhill_repo(tmp_path / "repo")
    result = policypress("check", "--published", f"{live.url}api/policy.json", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    expected = published_pdfs(FIXTURE, SITE_URL)
    assert len(expected) == 4
    assert sorted(f"/{uri}" for uri in expected) == sorted(r for r in live.requests if r.endswith(".pdf"))
    pdf_build(repo.path, tmp_path / "site")
    built = published_pdfs(tmp_path / "site", SITE_URL)
    assert built == expected  # api/policy.json lists the same pdf_sha256 for every version
    for uri in expected:
        assert (tmp_path / "site" / uri).read_bytes() == (FIXTURE / uri).read_bytes(), uri
    # Kept: a second check fetches no PDF again.
    live.requests.clear()
    result = policypress("check", "--published", f"{live.url}api/policy.json", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert live.requests == ["/api/policy.json"]


def test_a_new_release_s_pdfs_are_made_and_a_new_stylesheet_changes_no_published_one(tmp_path: Path, live: LiveSite) -> None:
    repo = fernhill_repo(tmp_path / "repo")
    assert policypress("check", "--published", f"{live.url}api/policy.json", cwd=repo.path).returncode == 0
    # Today's renderer (Typst), with a PDF template of the site's own, and a release after the publish.
    template = Path(policypress_package.__file__).parent / "templates" / "pdf" / "version.typ"
    override = repo.path / "overrides" / "policypress" / "pdf" / "version.typ"
    override.parent.mkdir(parents=True)
    override.write_text(template.read_text("utf-8").replace("size: 10pt", "size: 13pt"))
    release_third(repo)
    result = policypress("check", "--published", f"{live.url}api/policy.json", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    pdf_build(repo.path, tmp_path / "site")
    built = published_pdfs(tmp_path / "site", SITE_URL)
    expected = published_pdfs(FIXTURE, SITE_URL)
    assert {uri: built[uri] for uri in expected} == expected
    for uri in expected:
        assert (tmp_path / "site" / uri).read_bytes() == (FIXTURE / uri).read_bytes(), uri
    new = sorted(set(built) - set(expected))
    assert new == [f"full/{THIRD}/privacy-policy-full-{THIRD}.pdf", f"shop/{THIRD}/privacy-policy-shop-{THIRD}.pdf"]
    for uri in new:
        content = (tmp_path / "site" / uri).read_bytes()
        assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == built[uri]


def test_live_bytes_that_do_not_match_the_published_sha256_are_refused_and_nothing_is_kept(tmp_path: Path, live: LiveSite) -> None:
    repo = fernhill_repo(tmp_path / "repo")
    uri = f"shop/{SECOND}/privacy-policy-shop-{SECOND}.pdf"
    served = (live.folder / uri).read_bytes() + b"%changed after it was published\n"
    (live.folder / uri).write_bytes(served)
    result = policypress("check", "--published", f"{live.url}api/policy.json", cwd=repo.path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    published = published_pdfs(FIXTURE, SITE_URL)[uri]
    line = next(line for line in result.stderr.splitlines() if "does not match" in line)
    assert line.startswith(f"{live.url}api/policy.json:1:1: error: the live PDF of version {SECOND} of 'shop'")
    assert hashlib.sha256(served).hexdigest() in line and published in line and "nothing was kept" in line
    records = PdfRecords(repo.path / RECORDS_FOLDER)
    assert all(records.digest(uri) is None for uri in published_pdfs(FIXTURE, SITE_URL))


def test_a_pdf_the_live_site_does_not_serve_is_one_clear_line(tmp_path: Path, live: LiveSite) -> None:
    repo = fernhill_repo(tmp_path / "repo")
    (live.folder / "full" / FIRST / f"privacy-policy-full-{FIRST}.pdf").unlink()
    result = policypress("check", "--published", f"{live.url}api/policy.json", cwd=repo.path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"error: could not fetch the published PDF of version {FIRST} of 'full' from "
            f"{live.url}full/{FIRST}/privacy-policy-full-{FIRST}.pdf: HTTP 404") in result.stderr
    assert not (repo.path / RECORDS_FOLDER / "index.json").exists()


def test_a_copy_of_the_site_on_disk_serves_its_pdfs_beside_its_policy_json(tmp_path: Path) -> None:
    repo = fernhill_repo(tmp_path / "repo")
    copy = shutil.copytree(FIXTURE, tmp_path / "deployed")
    result = policypress("check", "--published", str(copy / "api" / "policy.json"), cwd=repo.path)
    assert result.returncode == 0, result.stderr
    records = PdfRecords(repo.path / RECORDS_FOLDER)
    assert {uri: records.digest(uri) for uri in published_pdfs(FIXTURE, SITE_URL)} == published_pdfs(FIXTURE, SITE_URL)


def test_the_connic_site_as_the_earlier_engine_published_it_keeps_every_pdf(project: Path, tmp_path: Path) -> None:
    site = LiveSite(CONNIC)
    try:
        result = policypress("check", "--published", f"{site.url}api/policy.json", cwd=project)
    finally:
        site.close()
    assert result.returncode == 0, result.stderr
    pdf_build(project, tmp_path / "site")
    expected = published_pdfs(CONNIC, CONNIC_URL)
    assert len(expected) == 8
    assert {uri: sha for uri, sha in published_pdfs(tmp_path / "site", CONNIC_URL).items() if uri in expected} == expected
    for uri in expected:
        assert (tmp_path / "site" / uri).read_bytes() == (CONNIC / uri).read_bytes(), uri


def test_a_recorded_pdf_is_never_made_and_a_damaged_record_is_discarded_with_a_line(tmp_path: Path) -> None:
    lines: list[str] = []
    records = PdfRecords(tmp_path / "published", note=lines.append)
    uri = "north/2026-01-10/privacy-policy-north-2026-01-10.pdf"
    sha = records.keep(uri, b"%PDF-1.7 published\n")

    def make() -> Any:
        raise AssertionError("a published PDF was made again")

    pdf = VersionPdf(uri, make, "inputs-digest", kept=lambda inputs: b"%PDF-1.7 kept by inputs\n", records=records)
    assert pdf.file.inputs is None  # written from the record, never from the files kept by inputs
    assert pdf.content() == b"%PDF-1.7 published\n" and pdf.sha256() == sha
    (tmp_path / "published" / sha).write_bytes(b"%PDF-1.7 publ")  # truncated
    again = PdfRecords(tmp_path / "published", note=lines.append)
    assert again.read(uri) is None and again.digest(uri) is None
    assert len(lines) == 1 and uri in lines[0] and "discarded" in lines[0]
    assert PdfRecords(tmp_path / "published").digest(uri) is None  # forgotten for the next build too


def test_the_guard_names_a_published_pdf_the_build_would_change_or_not_make() -> None:
    data = json.loads((FIXTURE / "api" / "policy.json").read_text("utf-8"))
    shop = f"{SITE_URL}shop/{FIRST}/privacy-policy-shop-{FIRST}.pdf"
    current = {address: (lambda sha=sha: sha) for address, (_, sha) in guard.published_pdfs(data).items() if address != shop}
    full = f"{SITE_URL}full/{SECOND}/privacy-policy-full-{SECOND}.pdf"
    current[full] = lambda: "0" * 64
    found = [problem.message for problem in guard.pdf_problems("api/policy.json", data, current)]
    assert len(found) == 2
    assert found[0].startswith(f"the PDF of version {FIRST} of 'shop' ({shop}) is published but this build does not make it")
    assert found[1].startswith(f"the PDF of published version {SECOND} of 'full' would change (sha256 ")
    assert "check --published" in found[1]


@pytest.mark.parametrize("folder", [REPO / ".github" / "workflows",
                                    REPO / "build_hooks" / "policypress" / "scaffold" / "files" / "dot-github" / "workflows"])
def test_the_pull_request_check_restores_the_last_publish_s_kept_files_read_only(folder: Path) -> None:
    yaml = YAML(typ="safe")
    check = [step for job in yaml.load((folder / "check.yml").read_text())["jobs"].values() for step in job["steps"]]
    publish = [step for job in yaml.load((folder / "publish.yml").read_text())["jobs"].values() for step in job["steps"]]
    uses = [step.get("uses", "").split("@")[0] for step in check]
    # Restore only: a pull request never saves what a publish reuses.
    assert "actions/cache/restore" in uses and "actions/cache" not in uses and "actions/cache/save" not in uses
    restore = check[uses.index("actions/cache/restore")]
    saved = next(step for step in publish if step.get("uses", "").startswith("actions/cache@"))
    assert restore["with"]["path"] == saved["with"]["path"] == ".cache/policypress"
    assert restore["with"]["restore-keys"] == saved["with"]["restore-keys"]
    assert saved["with"]["key"].startswith(restore["with"]["restore-keys"])
    build = next(i for i, step in enumerate(check) if "mkdocs build" in step.get("run", ""))
    assert uses.index("actions/cache/restore") < build
    # The publish keeps the published PDFs (check --published) after restoring, before building.
    runs = [step.get("run", "") for step in publish]
    guard = next(i for i, run in enumerate(runs) if "policypress check --published live" in run)
    assert publish.index(saved) < guard < next(i for i, run in enumerate(runs) if "mkdocs build" in run)
