"""Typst as PolicyPress runs it (policypress/emit/typeset.py): a compiler that reads no file and
imports no package, the same bytes in this process and in the workers, dated by the release."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from policypress.emit.pdf_workers import Typesetter
from policypress.emit.typeset import FONT_FOLDER, PdfJob, TypesetError, check_template, make_pdf

TEMPLATES = FONT_FOLDER.parent / "templates"
TEMPLATE = (TEMPLATES / "pdf" / "version.typ").read_text("utf-8")


def job(markdown: str = "## 1. About { #about }\n\nAcme runs the Acme service.\n", **changes: object) -> PdfJob:
    base = PdfJob(
        template=TEMPLATE,
        markdown=markdown,
        extensions=("tables", "sane_lists", "md_in_html", "attr_list"),
        address="https://acme.example/north/2026-01-10/",
        data={
            "language": "de",
            "document": {"title": "Datenschutz · Norden · 2026-01-10", "author": "Acme", "description": "Version"},
            "title_block": {"company": "Acme", "title": "Datenschutz", "fields": [["Region", "Norden"], ["Version", "2026-01-10"]]},
            "record": {"address_label": "Veröffentlicht unter:", "address": "https://acme.example/north/2026-01-10/",
                       "sha256_label": "SHA-256:", "sha256": "0" * 64},
        },
        published=date(2026, 1, 10),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_a_pdf_in_the_document_s_language_dated_by_its_release(tmp_path: Path) -> None:
    path = tmp_path / "v.pdf"
    path.write_bytes(make_pdf(job()))
    reader = PdfReader(path)
    assert reader.metadata["/CreationDate"].startswith("D:20260110000000")
    assert "Acme runs the Acme service." in reader.pages[0].extract_text()
    with pikepdf.open(path) as document:
        assert str(document.Root.Lang) == "de"


def test_the_compiler_reads_no_file_outside_its_fonts_folder() -> None:
    for path in ("/etc/hostname", "../../../../etc/hostname", "/" + str(Path(__file__).resolve())):
        with pytest.raises(TypesetError) as raised:
            make_pdf(job(template=f'#read("{path}")'))
        assert "not found" in str(raised.value) or "outside" in str(raised.value), str(raised.value)


@pytest.mark.parametrize(("source", "where"), [
    ('#import "@preview/tablex:0.0.8": tablex\n', (1, 9)),
    ('#let x = 1\n  #include "@local/mine:1.0.0/x.typ"\n', (2, 12)),
])
def test_a_template_importing_a_package_is_refused(source: str, where: tuple[int, int]) -> None:
    problem = check_template(source)
    assert problem is not None and problem[:2] == where and "imports a Typst package" in problem[2]


def test_the_shipped_templates_import_no_package() -> None:
    for path in TEMPLATES.rglob("*.typ"):
        assert check_template(path.read_text("utf-8")) is None, path
        assert "@preview" not in path.read_text("utf-8")


def test_the_workers_make_the_same_bytes_as_this_process() -> None:
    jobs = [job(f"## {n}. Part {{ #part-{n} }}\n\nText {n}.\n") for n in range(1, 5)] * 2
    here = [make_pdf(one) for one in jobs]
    with Typesetter(workers=2) as typesetter:
        futures = [typesetter.submit(one) for one in jobs]
        staged = [future.result() for future in futures]
        assert [path.read_bytes() for path in staged] == here
        workers = {worker.process.pid for worker in typesetter._started}
        assert len(workers) == 2
    assert len(set(here)) == 4
    assert not any(path.exists() for path in staged)  # the staging folder goes with the workers


def test_a_build_script_without_a_main_guard_is_not_run_again_by_the_workers(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = tmp_path / "script.py"
    marker = tmp_path / "runs"
    script.write_text(
        "import pathlib, pickle, sys\n"
        f"pathlib.Path({str(marker)!r}).open('a').write('run\\n')\n"
        "from policypress.emit.pdf_workers import Typesetter\n"
        f"job = pickle.loads({pickle.dumps(job())!r})\n"
        "with Typesetter(workers=2) as t:\n"
        "    print(len(t.submit(job).result().read_bytes()) > 1000)\n")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True" and marker.read_text() == "run\n"


def test_a_template_typst_refuses_is_a_typeset_error_not_a_traceback() -> None:
    with Typesetter(workers=2) as typesetter:
        future = typesetter.submit(job(template="#let x = (\n"))
        with pytest.raises(TypesetError):
            future.result()
