"""The built site: /full/ is the seed word for word; region pages hold exactly their passages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup

from conftest import SEED

REGIONS = ["eea", "uk", "switzerland", "california", "us-states", "brazil", "global"]


def words(text: str) -> list[str]:
    return text.split()


def policy_text(soup: BeautifulSoup) -> str:
    """The policy as a reader sees it: title, last-updated line, then every section."""
    article = soup.select_one("article")
    assert article is not None
    parts = [article.select_one("h1"), article.select_one(".policy-updated"), article.select_one(".policy-text")]
    assert all(parts), "policy page lacks its title, date or text"
    for link in article.select(".policy-text .policy-section-history"):
        link.decompose()  # each heading's link to its section's history is not policy text
    for item in article.select(".policy-text li"):
        item.insert(0, "- ")  # the seed writes list items as "- item"
    return "\n".join(part.get_text("\n") for part in parts)


def test_full_policy_is_the_seed_word_for_word(page: Callable[[str], BeautifulSoup]) -> None:
    seed = words(SEED.read_text("utf-8"))
    published = words(policy_text(page("full/")))
    assert published == seed


GDPR_ONLY = [
    "Legal Basis (GDPR): Performance of a contract with you",
    "we have appointed a Data Protection Officer (DPO)",
    "International Data Transfers",
    "Rights Under GDPR (EEA, UK, Switzerland)",
    "you have the right to lodge a complaint with your local supervisory authority",
]
UK_ONLY = ["For transfers from the UK, we use the UK International Data Transfer Agreement"]
CCPA_ONLY = ["Rights Under CCPA/CPRA (California Residents)", "California-Specific Disclosures", "Shine the Light"]
OTHER_LAWS_ONLY = ["Rights Under Other Privacy Laws"]
COMMON = ["Children's Privacy", "Contact our Data Protection Officer at dpo@connic.co", "Cookies and Tracking Technologies"]

EXPECTED = {
    "eea": GDPR_ONLY + COMMON,
    "uk": GDPR_ONLY + UK_ONLY + COMMON,
    "switzerland": GDPR_ONLY + COMMON,
    "california": CCPA_ONLY + COMMON,
    "us-states": OTHER_LAWS_ONLY + COMMON,
    "brazil": OTHER_LAWS_ONLY + COMMON,
    "global": OTHER_LAWS_ONLY + COMMON,
    "full": GDPR_ONLY + UK_ONLY + CCPA_ONLY + OTHER_LAWS_ONLY + COMMON,
}
ALL_PASSAGES = GDPR_ONLY + UK_ONLY + CCPA_ONLY + OTHER_LAWS_ONLY + COMMON


def flat(soup: BeautifulSoup) -> str:
    return " ".join(policy_text(soup).split())


@pytest.mark.parametrize("region", [*REGIONS, "full"])
def test_each_page_has_exactly_its_passages(region: str, page: Callable[[str], BeautifulSoup]) -> None:
    text = flat(page(f"{region}/"))
    for passage in ALL_PASSAGES:
        assert (passage in text) == (passage in EXPECTED[region]), (region, passage)


def test_eea_has_no_ccpa_rights_and_california_no_legal_basis(page: Callable[[str], BeautifulSoup]) -> None:
    assert "Right to Opt-Out of Sale/Sharing" not in flat(page("eea/"))
    assert "Legal Basis (GDPR)" not in flat(page("california/"))


def headings(soup: BeautifulSoup) -> dict[str, str]:
    return {h["id"]: h.get_text(" ", strip=True) for h in soup.select(".policy-text h2, .policy-text h3")}


def test_california_numbers_its_own_sections_and_references(page: Callable[[str], BeautifulSoup]) -> None:
    soup = page("california/")
    found = headings(soup)
    assert found["california-rights"] == "8.1 Rights Under CCPA/CPRA (California Residents)"
    assert found["cookies"] == "9. Cookies and Tracking Technologies"
    assert found["contact"] == "14. Contact Information"
    assert "international-transfers" not in found
    link = soup.find("a", string="Section 9")
    assert link is not None and link["href"] == "#cookies"
    assert "See Section 9 for more details on our use of cookies" in flat(soup)
    # 14.3/14.5 of the seed refer to sections 4 and 6, which keep their numbers in California.
    assert "purposes described in Section 4 of this Privacy Policy" in flat(soup)
    assert "as described in Section 6 of this Privacy Policy" in flat(soup)


def test_eea_numbering_skips_the_california_sections(page: Callable[[str], BeautifulSoup]) -> None:
    found = headings(page("eea/"))
    assert found["exercising-your-rights"] == "9.2 How to Exercise Your Rights"
    assert found["contact"] == "14. Contact Information"
    assert "california-disclosures" not in found


@pytest.mark.parametrize("region", [*REGIONS, "full"])
def test_law_citations_are_never_renumbered(region: str, page: Callable[[str], BeautifulSoup]) -> None:
    text = flat(page(f"{region}/"))
    if region in ("california", "full"):
        assert "California Civil Code Section 1798.83 permits" in text
    assert not re.search(r"Civil Code Section (?!1798\.83)", text)


def test_landing_lets_a_reader_choose_a_region(page: Callable[[str], BeautifulSoup]) -> None:
    soup = page("")
    links = {a["href"]: a.parent.get_text(" ", strip=True) for a in soup.select("article li a")}
    assert list(links) == [f"{region}/" for region in REGIONS]
    for text in links.values():
        assert text.endswith("last updated December 19, 2025")
    assert soup.select_one("article a[href='full/']") is not None


@pytest.mark.parametrize("region", REGIONS)
def test_region_pages_show_their_dates(region: str, page: Callable[[str], BeautifulSoup]) -> None:
    soup = page(f"{region}/")
    assert soup.select_one(".policy-updated").get_text(strip=True) == "Last updated: December 19, 2025"
    assert "Effective: December 19, 2025" in soup.select_one(".policy-meta").get_text()


@pytest.mark.parametrize(
    ("url", "source"),
    [("", "policy_src/regions.yaml"), ("full/", "policy_src/settings.yaml"), ("uk/", "policy_src/settings.yaml")],
)
def test_edit_links_open_the_yaml_source(url: str, source: str, page: Callable[[str], BeautifulSoup]) -> None:
    edit = page(url).select_one("a.md-content__button[href*='/edit/']")
    assert edit is not None
    assert edit["href"].endswith("/edit/main/" + source)


@pytest.mark.parametrize("url", ["", "full/", "eea/", "california/"])
def test_pages_load_nothing_from_other_hosts(url: str, page: Callable[[str], BeautifulSoup]) -> None:
    soup = page(url)
    loaded = [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[href], img[src]")]
    external = [ref for ref in loaded if ref and re.match(r"^(https?:)?//", ref) and "connic.github.io" not in ref]
    assert external == []
