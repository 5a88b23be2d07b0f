"""The manual's pictures, taken from the example site (examples/) in Debian's Chromium and
written into manual/docs/assets/, so they always show what the current code makes: a region
page, its notice of an upcoming change, a redline, a history page and a PDF's first page
(rendered by poppler's pdftoppm)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from conftest import EXAMPLE_AS_OF, REPO, mkdocs_build
from test_browser import CHROMIUM, browser, serve  # noqa: F401 (browser: the module's fixture)

pytestmark = pytest.mark.browser
ASSETS = REPO / "manual" / "docs" / "assets"
PNG = b"\x89PNG\r\n\x1a\n"

if not Path(CHROMIUM).exists() or not shutil.which("pdftoppm"):
    if os.environ.get("CI"):
        raise RuntimeError("chromium or pdftoppm is missing; .ci/setup installs Debian's chromium and poppler-utils")
    pytest.skip("Debian's chromium or poppler-utils is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The example site with its PDFs, served on loopback."""
    site = tmp_path_factory.mktemp("example-with-pdfs")
    result = mkdocs_build(REPO / "examples", site, POLICYPRESS_AS_OF=EXAMPLE_AS_OF, POLICYPRESS_PDF="1")
    assert result.returncode == 0, result.stderr
    httpd, url = serve(site)
    yield site, url
    httpd.shutdown()


def picture(browser: Browser, url: str, name: str, element: str | None = None) -> bytes:
    """A 1200×800 screenshot of the page (or of one element with some room around it)."""
    context = browser.new_context(viewport={"width": 1200, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    if element is None:
        shot = page.screenshot()
    else:
        box = page.locator(element).first.bounding_box()
        assert box is not None, element
        clip = {"x": max(box["x"] - 24, 0), "y": max(box["y"] - 24, 0), "width": min(box["width"] + 48, 1200), "height": box["height"] + 48}
        shot = page.screenshot(clip=clip)
    context.close()
    (ASSETS / name).write_bytes(shot)
    return shot


@pytest.mark.parametrize(("name", "path", "element", "words"), [
    ("region-page.png", "eea/", None, "Upcoming change"),
    ("notice.png", "eea/", ".policy-notice--upcoming", "Upcoming change"),
    ("redline.png", "eea/2026-11-20/changes/", None, "<del"),
    ("history.png", "eea/history/", None, "2026-03-01"),
])
def test_the_manuals_pictures_of_the_example_site(name: str, path: str, element: str | None, words: str,
                                                  example: tuple[Path, str], browser: Browser) -> None:
    site, url = example
    assert words in (site / path / "index.html").read_text("utf-8")
    shot = picture(browser, url + path, name, element)
    assert shot.startswith(PNG) and len(shot) > 10_000
    assert f"assets/{name}" in "".join(p.read_text("utf-8") for p in (REPO / "manual" / "docs").rglob("*.md"))


def test_the_manuals_picture_of_a_pdfs_first_page(example: tuple[Path, str], tmp_path: Path) -> None:
    site, _ = example
    pdf = site / "eea" / "2026-11-20" / "privacy-policy-eea-2026-11-20.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    out = tmp_path / "first-page"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)], check=True)
    shot = out.with_suffix(".png").read_bytes()
    assert shot.startswith(PNG) and len(shot) > 10_000
    (ASSETS / "pdf-first-page.png").write_bytes(shot)
