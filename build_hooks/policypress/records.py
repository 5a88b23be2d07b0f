"""Keeping the live bytes of published PDFs as records (SPEC §18), for `check --published`.

Every version that a deployed `api/…/policy.json` lists with a `pdf_url` and `pdf_sha256` has
a published PDF. Each one the kept records lack is fetched from where the live site serves
it and kept only if its bytes give the published sha256, so the build that follows publishes
the same bytes instead of making the PDF again with today's renderer. Bytes that do not match
are refused (the record would vouch for a PDF that was never published), as is a fetch that
fails: each with one line naming the version, and nothing is kept.
"""

from __future__ import annotations

import hashlib
import http.client
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policypress.errors import Location, Problem
from policypress.guard import published_pdfs
from policypress.kept.records import PdfRecords

_TIMEOUT_SECONDS = 30
# Fetches wait on the network, not the processor: a few at once, kind to the live host.
_FETCHES_AT_ONCE = 8


@dataclass(frozen=True)
class PublishedPdf:
    """One published PDF the records lack."""

    uri: str
    """Its address in the site (`north/2026-01-10/privacy-policy-north-2026-01-10.pdf`)."""
    what: str
    """The version it is of, in words ("version 2026-01-10 of 'north'")."""
    sha256: str
    """The sha256 the published policy.json lists for it."""
    source: str
    """Where its live bytes are read: its published URL, or a file of a copy of the site."""


def missing_records(published: Mapping[str, Any], records: PdfRecords, site_url: str,
                    live: Callable[[str], str]) -> list[PublishedPdf]:
    """The published PDFs of one policy.json that `records` lack (or hold other bytes for).

    `live` turns a PDF's path in the site into where its live bytes are read. A PDF whose
    address is outside `site_url` is left to the guard (this site does not make it)."""
    wanted = []
    for address, (what, sha) in published_pdfs(published).items():
        if not address.startswith(site_url):
            continue
        uri = address.removeprefix(site_url)
        if records.digest(uri) != sha:
            wanted.append(PublishedPdf(uri, what, sha, live(uri)))
    return wanted


def keep_records(location: str, wanted: list[PublishedPdf], records: PdfRecords) -> list[Problem]:
    """Fetch every PDF of `wanted`, check its bytes against its published sha256 and keep
    them all in `records`; problems (at `location`, the published data) for each that could
    not be fetched or does not match, and then nothing is kept."""
    where = Location(location)
    with ThreadPoolExecutor(_FETCHES_AT_ONCE) as pool:
        fetched = list(pool.map(_fetch, [pdf.source for pdf in wanted]))
    problems = []
    for pdf, (content, failure) in zip(wanted, fetched, strict=True):
        if content is None:
            problems.append(Problem(where, f"could not fetch the published PDF of {pdf.what} from {pdf.source}: {failure}; "
                                           "nothing was kept (try again when the live site answers)"))
            continue
        if (served := hashlib.sha256(content).hexdigest()) != pdf.sha256:
            problems.append(Problem(where, (
                f"the live PDF of {pdf.what} ({pdf.source}) does not match the published data: sha256 {served} served, "
                f"{pdf.sha256} published; refused, nothing was kept — find out why the live site serves other bytes "
                "(see the manual: Published PDFs are records)")))
    if problems:
        return problems
    try:
        for pdf, (content, _) in zip(wanted, fetched, strict=True):
            assert content is not None
            records.keep(pdf.uri, content)
    except OSError as error:
        return [Problem(where, f"could not keep the published PDFs in {records.root}: {error.strerror or error}; the build "
                               "would make them again with today's renderer")]
    return []


def _fetch(source: str) -> tuple[bytes | None, str]:
    """The bytes at `source` (an http(s) URL or a file), or None and why not."""
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=_TIMEOUT_SECONDS) as response:  # noqa: S310 (http only)
                return response.read(), ""
        return Path(source).read_bytes(), ""
    except urllib.error.HTTPError as error:
        return None, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or error
        return None, str(reason)
