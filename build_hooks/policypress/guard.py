"""The published-version guard: nothing a deployed site published may change or vanish.

It compares the deployed `/api/policy.json` with what this build would publish: every
version of every region there must still exist, with the same sha256 of its text. A
PolicyPress upgrade, a template override or a rewritten history that would alter published
text is caught before it is deployed. Translated versions are published text too (SPEC §10):
policy.json lists them per language, and they are compared under "<language>/<region>".
Each version's PDF (SPEC §14) is compared by the sha256 of its bytes, under its address
(after `policypress.records` kept the live bytes of each, which the build publishes).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from policypress.errors import Location, PolicyError, Problem

_TIMEOUT_SECONDS = 30


def read_published(source: str) -> dict[str, Any] | None:
    """The deployed policy.json from a file or URL; None when the site has never been
    deployed (HTTP 404 from a URL)."""
    location = Location(source)
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=_TIMEOUT_SECONDS) as response:  # noqa: S310 (http only)
                raw = response.read()
        else:
            raw = Path(source).read_bytes()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise PolicyError.single(location, f"could not read the published data: HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or error
        raise PolicyError.single(location, f"could not read the published data: {reason}") from None
    try:
        data = json.loads(raw)
        for region in published_scopes(data).values():
            for version in region["versions"]:
                str(version["version"]), str(version["sha256"])
    except (ValueError, KeyError, TypeError):
        raise PolicyError.single(location, "this is not a PolicyPress policy.json (api/policy.json)") from None
    return data


def published_scopes(data: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every scope of a policy.json by its guard key: region ids, "full", and
    "<language>/<region>" for translated regions (older files have none)."""
    scopes = {region["id"]: region for region in [*data["regions"], data["full"]]}
    for translation in data.get("translations", []):
        for region in translation["regions"]:
            scopes[f"{translation['language']}/{region['id']}"] = region
    return scopes


def guard_problems(source: str, published: Mapping[str, Any], current: Mapping[str, Mapping[str, str]]) -> list[Problem]:
    """Problems for every published version that changed or vanished.

    `current` maps region ids (and "full", and "<language>/<region>") to {version: sha256} as
    this build would publish.
    """
    location = Location(source)
    problems = []
    for key, region in published_scopes(published).items():
        now = current.get(key, {})
        for version in region["versions"]:
            name, sha = version["version"], version["sha256"]
            if name not in now:
                problems.append(
                    Problem(
                        location,
                        f"version {name} of '{key}' is published but this build does not have it; "
                        "published versions stay for good — restore its release entry and history",
                    )
                )
            elif now[name] != sha:
                problems.append(
                    Problem(
                        location,
                        f"the text of published version {name} of '{key}' would change (sha256 "
                        f"{sha[:12]}… published, {now[name][:12]}… now); published text never changes — "
                        "undo what changed how it renders (an upgrade, a template, a rewritten history)",
                    )
                )
    return problems


def published_pdfs(data: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Every published PDF of a policy.json: its address → (guard key and version, sha256).
    Files published before PDFs existed list none."""
    found = {}
    for key, region in published_scopes(data).items():
        for version in region["versions"]:
            if isinstance(version, Mapping) and "pdf_url" in version and "pdf_sha256" in version:
                found[str(version["pdf_url"])] = (f"version {version['version']} of '{key}'", str(version["pdf_sha256"]))
    return found


def pdf_problems(source: str, published: Mapping[str, Any], current: Mapping[str, Callable[[], str]]) -> list[Problem]:
    """Problems for every published PDF whose bytes would change or that would vanish.

    `current` maps each PDF's address, as this build would publish it, to a function giving
    the sha256 of its bytes (made, or read from the files a publishing build kept)."""
    location = Location(source)
    problems = []
    for address, (what, sha) in published_pdfs(published).items():
        now = current.get(address)
        if now is None:
            problems.append(Problem(location, f"the PDF of {what} ({address}) is published but this build does not make it; "
                                              "published PDFs stay for good"))
        elif (made := now()) != sha:
            problems.append(
                Problem(
                    location,
                    f"the PDF of published {what} would change (sha256 {sha[:12]}… published, {made[:12]}… now); "
                    "a published PDF never changes — its live bytes are kept as a record by "
                    "`policypress check --published`: run it against the live site",
                )
            )
    return problems
