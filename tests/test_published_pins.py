"""Published versions never change: the sha256 of the plain text and the addresses of every version
this repository's site and the example site have published, recorded in
`tests/data/published-pins.json` when they were published.

A new feature may add versions and keys; it may never change or drop a pinned one. Pins are
added (never edited) when a release is published: run the build and copy the new entries in.
PDF bytes are not pinned here: a published PDF is a record kept from the live site (SPEC 18),
so a fresh clone, which has no live site, makes its PDFs anew; their addresses are pinned."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import REPO

PINS = json.loads((REPO / "tests/data/published-pins.json").read_text("utf-8"))


def published(site: Path) -> dict[str, dict[str, str | None]]:
    """Every version listed in the site's `api/**/policy.json`, keyed `doc/lang/scope/version`
    (the primary document and the source language leave their parts out)."""
    found: dict[str, dict[str, str | None]] = {}
    for data_file in sorted((site / "api").rglob("policy.json")):
        document = data_file.parent.relative_to(site / "api").as_posix()
        data = json.loads(data_file.read_text("utf-8"))
        groups = [("", [data["full"], *data["regions"]])]
        for translation in data.get("translations", []):
            full = [translation["full"]] if translation.get("full") else []
            groups.append((translation["language"], [*translation.get("regions", []), *full]))
        for language, scopes in groups:
            for scope in scopes:
                for version in scope["versions"]:
                    parts = (document if document != "." else "", language, scope["id"], version["version"])
                    found["/".join(part for part in parts if part)] = {
                        "sha256": version["sha256"],
                        "url": version["url"],
                        "data_url": version["data_url"],
                        "pdf_url": version.get("pdf_url"),
                    }
    return found


def local(site: Path, url: str) -> Path:
    """The file in the built site that serves a published address (site_url's path removed)."""
    path = urlsplit(url).path
    root = {"/privacy-policy/", "/quillfeather/"}
    prefix = next(p for p in root if path.startswith(p))
    relative = path[len(prefix):]
    return site / relative / "index.html" if relative.endswith("/") or not relative else site / relative


def same(pin: dict[str, str | None], now: dict[str, str | None] | None) -> bool:
    """Whether a version is still published as pinned. The suite builds without PDFs
    (POLICYPRESS_PDF=0, tests/conftest.py), so a missing PDF address is not a change."""
    if now is None:
        return False
    return all(now[key] == pin[key] for key in ("sha256", "url", "data_url")) and now["pdf_url"] in (None, pin["pdf_url"])


@pytest.mark.parametrize("name", ["repository", "examples"])
def test_every_published_version_keeps_its_sha256_and_addresses(name: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue("built_site" if name == "repository" else "example_site")
    pins = PINS[name]
    found = published(site)
    changed = {key: (pin, found.get(key)) for key, pin in pins.items() if not same(pin, found.get(key))}
    assert not changed, f"published versions changed (pinned, now): {json.dumps(changed, indent=1)}"
    for key, pin in pins.items():
        assert local(site, pin["url"]).is_file(), f"{key}: {pin['url']} is not in the site"
        data = json.loads(local(site, pin["data_url"]).read_text("utf-8"))
        assert data["sha256"] == pin["sha256"], key
        if found[key]["pdf_url"]:
            assert local(site, pin["pdf_url"]).is_file(), f"{key}: {pin['pdf_url']} is missing"


def test_the_pins_cover_every_site_and_many_versions() -> None:
    # A pins file emptied by mistake would pass the test above.
    assert len(PINS["repository"]) >= 8 and len(PINS["examples"]) >= 37
