"""Effective dates, notices, feeds, JSON data and e-mail notices, on real git repositories."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import SEED, mkdocs_build, policypress
from policy_repo import PolicyRepo
from policypress.asof import as_of_date
from policypress.errors import PolicyError
from policypress.site import Site, build_site
from policypress.sources.schema import load_schema

SITE_URL = "https://example.test/policy/"
NOW = datetime(2030, 1, 1, tzinfo=UTC)  # never used: every build here names its as-of date


def build(repo: PolicyRepo, as_of: str) -> Site:
    return build_site(repo.path, {"POLICYPRESS_AS_OF": as_of}, NOW, site_url=SITE_URL)


def page(site: Site, uri: str) -> str:
    return next(p.markdown for p in site.pages if p.uri == uri)


def file(site: Site, uri: str) -> str:
    return next(f.render() for f in site.files if f.uri == uri)


def north_only_change(tmp_path: Path) -> PolicyRepo:
    """A first release, then a material release published (by its commit) on May 27, 2026 that
    changes only the text of the North."""
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.sections["data"]["sections"][2]["blocks"] = ["Northern readers may ask for a copy of their data at any time."]
    repo.release("2026-05-27", "Copies of your data at any time.", material=True)
    repo.commit("Copies at any time", "2026-05-27")
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> PolicyRepo:
    return north_only_change(tmp_path_factory.mktemp("notices"))


NORTH_PAGES = ["north/index.md", "north/history/index.md", "north/upcoming/index.md",
               "north/2026-01-10/index.md", "north/2026-05-27/index.md", "north/2026-05-27/changes/index.md"]


def test_material_change_gives_30_days_notice_on_its_region_only(repo: PolicyRepo) -> None:
    site = build(repo, "2026-06-01")  # five days after publication
    north = site.scopes["north"]
    assert north.status.in_force.version == "2026-01-10"
    assert [v.version for v in north.status.upcoming] == ["2026-05-27"]
    assert north.status.upcoming[0].release.effective == date(2026, 6, 26)  # published + 30 days
    for uri in NORTH_PAGES:
        text = page(site, uri)
        assert "**Upcoming change: a new version takes effect on June 26, 2026.**" in text, uri
        assert "This is a material change." in text and "Copies of your data at any time." in text
        assert "policypress_notice:" in text and '"north/upcoming/"' in text
    current = page(site, "north/index.md")
    assert "[Read the new version](upcoming/index.md) · [See what changes](2026-05-27/changes/index.md)" in current
    assert "may ask for a copy of their data." in current  # the old text is still in force
    assert "at any time" in page(site, "north/upcoming/index.md")
    for scope in ("south", "west"):
        for p in site.pages:
            if p.uri.startswith(f"{scope}/"):
                assert "policy-notice" not in p.markdown and "policypress_notice" not in p.markdown, p.uri
    assert not any(p.uri == "south/upcoming/index.md" for p in site.pages)
    landing = page(site, "index.md")
    assert "## Upcoming changes" in landing and "**The North**: version 2026-05-27 takes effect on June 26, 2026 (material change)" in landing
    assert "The South" in landing and "**The South**" not in landing


def test_after_the_effective_date_the_new_text_is_in_force_and_recently_updated(repo: PolicyRepo) -> None:
    site = build(repo, "2026-07-01")
    assert site.scopes["north"].status.in_force.version == "2026-05-27"
    current = page(site, "north/index.md")
    assert "at any time" in current
    assert "**This policy was updated on June 26, 2026.**" in current
    assert "[See what changed](2026-05-27/changes/index.md)" in current
    assert "Last updated: May 27, 2026" in current and "Effective: June 26, 2026" in current
    assert not any(p.uri == "north/upcoming/index.md" for p in site.pages)
    assert "policy-notice" not in page(site, "south/index.md")
    # After recent_days, the notice goes.
    assert "policy-notice" not in page(build(repo, "2026-07-26"), "north/index.md")
    assert "policy-notice" in page(build(repo, "2026-07-25"), "north/index.md")


def test_a_non_material_release_is_in_force_at_once(tmp_path: Path) -> None:
    repo = north_only_change(tmp_path)
    repo.sections["contact"]["blocks"] = ["Acme, 2 Test Street."]
    repo.release("2026-08-01", "New address.")
    repo.commit("Move office", "2026-08-01")
    site = build(repo, "2026-08-01")
    for scope in ("north", "south", "west", "full"):
        status = site.scopes[scope].status
        assert status.in_force.version == "2026-08-01" and not status.upcoming
    assert "2 Test Street" in page(site, "south/index.md")


def test_announcement_bar_in_the_built_site(repo: PolicyRepo, tmp_path: Path) -> None:
    result = mkdocs_build(repo.path, tmp_path / "site", POLICYPRESS_AS_OF="2026-06-01")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "site" / "north" / "history" / "index.html").read_text(), "html.parser")
    bar = soup.select_one(".md-banner a")
    assert bar is not None and bar.get_text() == "Upcoming material change on June 26, 2026: Copies of your data at any time."
    assert bar["href"] == "../upcoming/"
    south = BeautifulSoup((tmp_path / "site" / "south" / "index.html").read_text(), "html.parser")
    assert south.select_one(".md-banner") is None


# --- Effective-date errors (SPEC §4) ------------------------------------------------------

def first_release(tmp_path: Path) -> PolicyRepo:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.sections["contact"]["blocks"] = ["Acme, 2 Test Street."]
    return repo


def build_error(repo: PolicyRepo, as_of: str = "2026-06-01") -> str:
    with pytest.raises(PolicyError) as caught:
        build(repo, as_of)
    return str(caught.value)


def test_error_effective_before_published(tmp_path: Path) -> None:
    repo = first_release(tmp_path)
    repo.release("2026-02-01", "Address.", effective="2026-01-20")  # published: the commit date
    repo.commit("Address", "2026-02-01")
    assert "release '2026-02-01' takes effect (2026-01-20) before it is published (2026-02-01)" in build_error(repo)


def test_error_material_release_with_too_little_notice(tmp_path: Path) -> None:
    repo = first_release(tmp_path)
    repo.release("2026-02-01", "Address.", material=["north"], effective="2026-02-10")
    repo.commit("Address", "2026-02-01")
    error = build_error(repo)
    assert "release '2026-02-01' is material but takes effect 9 days after it is published" in error
    assert "set 'effective' to 2026-03-03 or later" in error


def test_error_material_notice_with_written_dates_fails_validate(tmp_path: Path) -> None:
    repo = first_release(tmp_path)
    repo.release("2026-02-01", "Address.", material=True, published="2026-02-01", effective="2026-02-15")
    repo.write_policy()
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 1
    assert re.search(r"policy_src/releases.yaml:\d+:\d+: error: release '2026-02-01' is material but takes effect 14 days", result.stderr)


def test_error_effective_earlier_than_an_earlier_release(tmp_path: Path) -> None:
    repo = first_release(tmp_path)
    repo.release("2026-02-01", "Address.", material=True)  # effective 2026-03-03
    repo.commit("Address", "2026-02-01")
    repo.sections["intro"]["blocks"][0] = "Acme runs the Acme service well."
    repo.release("2026-02-10", "Wording.")  # effective 2026-02-10, before 2026-03-03
    repo.commit("Wording", "2026-02-10")
    error = build_error(repo)
    assert "release '2026-02-10' takes effect (2026-02-10) before the earlier release '2026-02-01' (2026-03-03)" in error
    # The same through the publishing build's command line: exit 1, no traceback.
    result = mkdocs_build(repo.path, tmp_path / "site")
    assert result.returncode == 1 and "before the earlier release" in result.stderr and "Traceback" not in result.stderr


# --- As-of date ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("environ", "now", "expected"),
    [
        ({"POLICYPRESS_AS_OF": "2026-03-01", "SOURCE_DATE_EPOCH": "0"}, NOW, date(2026, 3, 1)),
        ({"SOURCE_DATE_EPOCH": "1767225600"}, NOW, date(2026, 1, 1)),  # 2026-01-01T00:00Z
        ({}, datetime(2026, 5, 31, 23, 30, tzinfo=UTC), date(2026, 6, 1)),  # already June 1 in Berlin
    ],
)
def test_as_of_date(environ: dict[str, str], now: datetime, expected: date) -> None:
    assert as_of_date(environ, "Europe/Berlin", now) == expected


def test_as_of_date_errors() -> None:
    with pytest.raises(PolicyError, match="'2026-13-01' is not a date"):
        as_of_date({"POLICYPRESS_AS_OF": "2026-13-01"}, "UTC", NOW)


# --- Feeds, data, e-mail notices ----------------------------------------------------------

def test_feeds_parse_and_keep_their_entry_ids(repo: PolicyRepo) -> None:
    first, later = build(repo, "2026-06-01"), build(repo, "2026-09-01")
    for uri in ("feed.xml", "north/feed.xml", "south/feed.xml", "full/feed.xml"):
        feed = feedparser.parse(file(first, uri))
        assert not feed.bozo, (uri, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert [e.id for e in feed.entries] == [e.id for e in feedparser.parse(file(later, uri)).entries]
    north = feedparser.parse(file(first, "north/feed.xml"))
    assert [e.id for e in north.entries] == [
        "tag:example.test,2026-05-27:/policy/north/2026-05-27",
        "tag:example.test,2026-01-10:/policy/north/2026-01-10",
    ]
    assert north.entries[0].link == SITE_URL + "north/2026-05-27/changes/"
    assert "effective June 26, 2026" in north.entries[0].title
    assert len(feedparser.parse(file(first, "south/feed.xml")).entries) == 1  # the North's change is not the South's
    site_feed = feedparser.parse(file(first, "feed.xml"))
    assert [e.id for e in site_feed.entries] == [
        "tag:example.test,2026-05-27:/policy/releases/2026-05-27",
        "tag:example.test,2026-01-10:/policy/releases/2026-01-10",
    ]
    assert "The North</a> (material change)" in site_feed.entries[0].content[0].value
    assert "The South" not in site_feed.entries[0].content[0].value


def test_json_files_validate_and_checksums_verify(repo: PolicyRepo) -> None:
    site = build(repo, "2026-06-01")
    policy = json.loads(file(site, "api/policy.json"))
    jsonschema.validate(policy, load_schema("api-policy"), format_checker=jsonschema.FormatChecker())
    versions = [f for f in site.files if re.match(r"api/[^/]+/[^/]+\.json$", f.uri)]
    assert len(versions) == 2 + 1 + 1 + 2  # north 2, south 1, west 1, full 2
    for f in versions:
        data = json.loads(f.render())
        jsonschema.validate(data, load_schema("api-version"), format_checker=jsonschema.FormatChecker())
        assert hashlib.sha256(data["text"].encode("utf-8")).hexdigest() == data["sha256"]
        listed = {s["id"]: s for s in policy["regions"] + [policy["full"]]}[data["region"]]
        assert data["sha256"] in [v["sha256"] for v in listed["versions"]]
    north = next(r for r in policy["regions"] if r["id"] == "north")
    assert north["in_force"] == "2026-01-10" and north["upcoming"] == ["2026-05-27"]
    assert [v["material"] for v in north["versions"]] == [False, True]
    assert policy["releases"][1]["regions_changed"] == ["north"]
    old = json.loads(file(site, "api/north/2026-01-10.json"))
    assert old["in_force_until"] == "2026-06-26" and "at any time" not in old["text"]


def test_email_notices_for_each_region_a_release_changes(repo: PolicyRepo) -> None:
    site = build(repo, "2026-06-01")
    uris = sorted(f.uri for f in site.files if f.uri.startswith("notices/"))
    assert uris == ["notices/2026-01-10/north.txt", "notices/2026-01-10/south.txt", "notices/2026-01-10/west.txt",
                    "notices/2026-05-27/north.txt"]
    text = file(site, "notices/2026-05-27/north.txt")
    assert text.startswith("Subject: Test Policy for The North: changes taking effect on June 26, 2026\n\n")
    assert "takes effect on June 26, 2026" in text and "This is a material change to the policy." in text
    assert "- 2.3 Northern rules (text changed)" in text
    assert f"See exactly what changes: {SITE_URL}north/2026-05-27/changes/" in text


def test_the_real_sites_data(built_site: Path) -> None:
    full = json.loads((built_site / "api" / "full" / "2025-12-19.json").read_text("utf-8"))
    seed = SEED.read_text("utf-8").splitlines()
    assert full["text"].splitlines() == [seed[0], *seed[2:]]  # the seed, less its "Last updated" line
    feed = feedparser.parse((built_site / "feed.xml").read_text("utf-8"))
    assert not feed.bozo and len(feed.entries) == 1
    notice = (built_site / "notices" / "2025-12-19" / "california.txt").read_text("utf-8")
    assert notice.startswith("Subject: Privacy Policy for California: published, effective December 19, 2025")
