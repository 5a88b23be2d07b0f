"""What readers get, in Debian's Chromium driven by Playwright: no third-party requests, no
serious accessibility violations, keyboard use, reading without JavaScript, printing, and
hostile text that stays inert."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import mkdocs_build
from policy_repo import PolicyRepo

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing; .ci/setup installs Debian's chromium")
    pytest.skip("Debian's chromium is not installed (sudo apt-get install chromium)", allow_module_level=True)

# Flags for a headless Chromium on a machine with no network but loopback: no sandbox (root),
# and none of the background connections Chromium makes on its own.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-features=Translate,MediaRouter"]

HOSTILE_TEXT = [
    "Shown as code: `<script>window.__pwned = 1</script>` and `<img src=x onerror=\"window.__pwned = 2\">`.",
    "Template syntax shown as code: `{{ 7 * 7 }}` and `{% if true %}yes{% endif %}`.",
    "A safe link: [the regulator](https://example.org/) and `[x](javascript:window.__pwned=3)`.",
]


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="module")
def sites(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The real site, and a test site with an upcoming change, a redline and hostile text."""
    tmp = tmp_path_factory.mktemp("browser")
    repo = PolicyRepo(tmp / "repo")
    repo.sections["contact"]["blocks"] = ["Acme, 1 Test Street.", *HOSTILE_TEXT]
    # Format-2 blocks: a preamble, a table (with hostile text in a cell), a nested numbered list.
    repo.settings = {"format": 2, "preamble": ["This test policy starts with a preamble."]}
    logs = repo.sections["data"]["sections"][1]
    logs["blocks"] = [
        *logs["blocks"],
        {"table": {"header": ["Log", "Kept for"], "rows": [["Access log", "90 days"], ["Error log `<script>window.__pwned = 4</script>`", "30 days"]]}},
        {"numbered": True, "items": [{"text": "Collected:", "items": ["Address.", "Time."]}, {"text": "Deleted:", "items": ["Daily."]}]},
    ]
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.sections["data"]["sections"][0]["blocks"] = ["We keep your name, e-mail address and phone number."]
    logs["blocks"][1]["table"]["rows"][0][1] = "60 days"
    logs["blocks"][2]["items"][1]["items"].append(logs["blocks"][2]["items"][0]["items"].pop())  # "Time." moves
    repo.release("2026-05-27", "We also keep your phone number.", material=True)
    repo.commit("Phone numbers", "2026-05-27")
    result = mkdocs_build(repo.path, tmp / "site", POLICYPRESS_AS_OF="2026-06-01")
    assert result.returncode == 0, result.stderr
    real, real_url = serve(built_site)
    test, test_url = serve(tmp / "site")
    yield {"real": real_url, "test": test_url}
    real.shutdown()
    test.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


PAGE_TYPES = [
    ("landing", "real", ""),
    ("region", "real", "california/"),
    ("full", "real", "full/"),
    ("history", "test", "north/history/"),
    ("archive", "test", "north/2026-01-10/"),
    ("redline", "test", "north/2026-05-27/changes/"),
    ("upcoming", "test", "north/upcoming/"),
]


def open_page(browser: Browser, url: str, **context: object) -> tuple[Page, list[str]]:
    page = browser.new_context(**context).new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (_ for _ in ()).throw(AssertionError(f"a dialog opened: {dialog.message}")))
    page.goto(url, wait_until="networkidle")
    return page, requests


@pytest.mark.parametrize(("kind", "site", "path"), PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_no_request_leaves_localhost(kind: str, site: str, path: str, sites: dict[str, str], browser: Browser) -> None:
    page, requests = open_page(browser, sites[site] + path)
    page.wait_for_timeout(300)  # let late scripts (search worker) start their requests
    assert requests, "no request recorded"
    assert {urlsplit(url).hostname for url in requests if not url.startswith("data:")} == {"127.0.0.1"}


@pytest.mark.parametrize(("kind", "site", "path"), PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_axe_finds_no_serious_violation(kind: str, site: str, path: str, sites: dict[str, str], browser: Browser) -> None:
    page, _ = open_page(browser, sites[site] + path)
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_the_region_chooser_works_from_the_keyboard(sites: dict[str, str], browser: Browser) -> None:
    page, _ = open_page(browser, sites["real"])
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('article li') ? document.activeElement.getAttribute('href') : null")
        if focused:
            break
    assert focused == "eea/"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "uk/"
    page.keyboard.press("Enter")
    page.wait_for_url("**/uk/")
    assert "Applies to readers in United Kingdom" in page.inner_text("article")


def test_the_redline_reads_without_colour_and_to_a_screen_reader(sites: dict[str, str], browser: Browser) -> None:
    page, _ = open_page(browser, sites["test"] + "north/2026-05-27/changes/")
    inserted = page.locator(".redline section ins").first
    assert inserted.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    deleted = page.locator(".redline section del").first
    assert deleted.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    # What a screen reader reads: the hidden words say what was inserted and deleted.
    paragraph = page.locator("section#accounts p").first
    spoken = " ".join(paragraph.evaluate("e => e.textContent").split())
    assert spoken == "We keep your name[deleted: and][inserted: ,] e-mail address[inserted: and phone number]."
    tree = paragraph.aria_snapshot()  # the accessibility tree: roles a screen reader announces
    assert '- deletion: "[deleted: and ]"' in tree and '- insertion: "[inserted: and phone number ]"' in tree
    # Unchanged sections are collapsed, and open from the keyboard.
    collapsed = page.locator("details.redline-unchanged").first
    assert collapsed.evaluate("e => e.open") is False
    collapsed.locator("summary").focus()
    page.keyboard.press("Enter")
    assert collapsed.evaluate("e => e.open") is True


def test_tables_and_nested_lists_read_in_the_page_and_the_redline(sites: dict[str, str], browser: Browser) -> None:
    page, _ = open_page(browser, sites["test"] + "north/2026-01-10/")
    assert page.locator(".policy-text > p").first.inner_text() == "This test policy starts with a preamble."
    assert page.locator(".policy-text table th").all_inner_texts() == ["Log", "Kept for"]
    assert page.locator(".policy-text ol > li > ul > li").all_inner_texts() == ["Address.", "Time.", "Daily."]
    page, _ = open_page(browser, sites["test"] + "north/2026-05-27/changes/")
    cell = page.locator("section#logs table tbody tr").first.locator("td").nth(1)
    spoken = " ".join(cell.evaluate("e => e.textContent").split())
    assert spoken == "[deleted: 90][inserted: 60] days"
    assert cell.locator("ins").evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    moved = page.locator("section#logs li.redline-moved")
    texts = [" ".join(t.split()) for t in moved.all_inner_texts()]
    assert len(texts) == 2 and "Time." in texts[0] and texts[0].endswith("(moved from here)") and texts[1].endswith("(moved here)")


def test_reading_works_without_javascript(sites: dict[str, str], browser: Browser) -> None:
    page, _ = open_page(browser, sites["real"], java_script_enabled=False)
    page.click("article a[href='california/']")
    page.wait_for_url("**/california/")
    text = page.inner_text("article")
    assert "8.1 Rights Under CCPA/CPRA (California Residents)" in text
    assert "See Section 9 for more details on our use of cookies" in text
    page, _ = open_page(browser, sites["test"] + "north/", java_script_enabled=False)
    assert "Upcoming change: a new version takes effect on June 26, 2026." in page.inner_text("article")
    page.click("text=Read the new version")
    assert "phone number" in page.inner_text("article")


def test_print_keeps_the_policy_dates_and_notice_only(sites: dict[str, str], browser: Browser) -> None:
    page, _ = open_page(browser, sites["test"] + "north/")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", ".md-content__button"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in (".policy-text", ".policy-updated", ".policy-meta", ".policy-notice"):
        assert page.locator(shown).first.is_visible(), shown
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_hostile_text_is_inert(sites: dict[str, str], browser: Browser) -> None:
    for path in ("north/", "full/", "north/2026-01-10/", "north/history/", "north/2026-05-27/changes/", "north/upcoming/"):
        page, _ = open_page(browser, sites["test"] + path)
        assert page.evaluate("window.__pwned") is None, path
    page, _ = open_page(browser, sites["test"] + "north/")
    text = page.inner_text("article")
    assert '<script>window.__pwned = 1</script>' in text
    assert "{{ 7 * 7 }}" in text and "49" not in text
    assert "{% if true %}yes{% endif %}" in text
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("article script").count() == 0
