"""`policypress new DIR`: a complete site for a company, holding no copy of the engine.

The site's files are package data in `scaffold/files/`, laid out as they are written: a file
ending `.j2` is a Jinja2 template (written without the suffix), any other file is copied as it
is, and a path part `dot-NAME` is written `.NAME` (package data holds no dot files). The
regions come from the presets of `scaffold/regions.yaml` (SPEC section 3), with their tags and
laws. The sources are loaded before anything is written; the site is written whole or not at
all.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
import yaml
from babel import Locale, UnknownLocaleError
from jinja2 import Environment, PackageLoader, StrictUndefined
from packaging.requirements import InvalidRequirement, Requirement

from policypress.documents import engine_version, schema_url
from policypress.emit.templating import format_long_date
from policypress.model import CURRENT_FORMAT
from policypress.sources.site_sources import load_documents
from policypress.sources.tree import DirectoryTree

TEMPLATE_SUFFIX = ".j2"
DOT_PREFIX = "dot-"
DEFAULT_TITLE = "Privacy Policy"
DEFAULT_LANGUAGE = "en_US"
DEFAULT_SITE_URL = "https://example.com/privacy-policy/"
# What a folder may already hold: a fresh clone of an empty repository.
_ALLOWED = frozenset({".git"})


class FolderRefused(Exception):
    """The folder cannot take a new site; the message names it (`path: error: …`)."""


@dataclass(frozen=True)
class NewSite:
    """What `policypress new` was asked for (already checked by `options`)."""

    company: str
    title: str
    regions: tuple[str, ...]
    """Preset region ids, in the order readers see them."""
    locale: str
    """The language of the text, as settings.yaml writes it, e.g. en_US or pt_BR."""
    site_url: str
    engine: str
    """The requirement that installs PolicyPress, e.g. policypress==0.1.0."""


@cache
def presets() -> dict[str, Any]:
    """The region presets: `tags` (id → description) and `regions` (id, name, tags, laws)."""
    return yaml.safe_load((files("policypress") / "scaffold" / "regions.yaml").read_text("utf-8"))


def options(
    company: str, title: str, regions: str | None, language: str, site_url: str, engine: str | None
) -> NewSite:
    """The command line's values checked and normalised; misuse raises click.BadParameter."""
    if not company.strip():
        raise click.BadParameter("give the company's name", param_hint="--company")
    if not title.strip():
        raise click.BadParameter("give the document's title, e.g. Privacy Policy", param_hint="--title")
    known = [region["id"] for region in presets()["regions"]]
    chosen = tuple(part.strip() for part in regions.split(",") if part.strip()) if regions is not None else tuple(known)
    if not chosen:
        raise click.BadParameter(f"name at least one region of: {', '.join(known)}", param_hint="--regions")
    for region in chosen:
        if region not in known:
            raise click.BadParameter(f"no preset region '{region}'; presets: {', '.join(known)}", param_hint="--regions")
    if len(set(chosen)) != len(chosen):
        raise click.BadParameter("a region is listed twice", param_hint="--regions")
    try:
        locale = str(Locale.parse(language.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        raise click.BadParameter(f"'{language}' is not a language; write e.g. en_US, de or pt_BR", param_hint="--language") from None
    url = urlsplit(site_url)
    if url.scheme not in ("http", "https") or not url.netloc or url.query or url.fragment:
        raise click.BadParameter(f"'{site_url}' is not a web address; write e.g. {DEFAULT_SITE_URL}", param_hint="--site-url")
    requirement = engine if engine is not None else f"policypress=={engine_version()}"
    try:
        Requirement(requirement)
    except InvalidRequirement as error:
        raise click.BadParameter(f"'{requirement}' is not a pip requirement ({error})", param_hint="--engine") from None
    return NewSite(company.strip(), title.strip(), chosen, locale, site_url.rstrip("/") + "/", requirement)


def theme_language(locale: str) -> str:
    """Material's language for `locale` (its words: search, navigation), e.g. pt-BR or de;
    English when Material has none."""
    parsed = Locale.parse(locale)
    shipped = files("material") / "templates" / "partials" / "languages"
    candidates = [f"{parsed.language}-{part}" for part in (parsed.territory, parsed.script) if part] + [parsed.language]
    return next((c for c in candidates if (shipped / f"{c}.html").is_file()), "en")


def site_files(site: NewSite) -> dict[str, bytes]:
    """Every file of the new site, by its path in the site."""
    env = Environment(
        loader=PackageLoader("policypress", "scaffold/files"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        autoescape=False,
    )
    env.filters["yaml_string"] = _yaml_scalar
    every = presets()
    regions = [next(r for r in every["regions"] if r["id"] == region) for region in site.regions]
    used = {tag for region in regions for tag in region["tags"]}
    values = {
        "company": site.company,
        "title": site.title,
        "site_name": f"{site.company} {site.title}",
        "site_url": site.site_url,
        "preview_url": "http://127.0.0.1:8000" + urlsplit(site.site_url).path,
        "engine": site.engine,
        "locale": site.locale,
        "theme_language": theme_language(site.locale),
        "example_date": format_long_date(date(2025, 12, 19), site.locale),
        "format": CURRENT_FORMAT,
        "regions": regions,
        "tags": {tag: text for tag, text in every["tags"].items() if tag in used},
        # A new site has no copy of the schemas: its files name those of this engine version.
        "schema_line": lambda schema: f"# yaml-language-server: $schema={schema_url()}{schema}.schema.json",
    }
    written = {}
    for relative, source in _site_sources():
        if relative.endswith(TEMPLATE_SUFFIX):
            template = env.get_template(relative)
            written[_target(relative.removesuffix(TEMPLATE_SUFFIX))] = template.render(values).encode("utf-8")
        else:
            written[_target(relative)] = source.read_bytes()
    return written


def _site_sources() -> Iterator[tuple[str, Traversable]]:
    """The files of `scaffold/files/`, by their path in it."""
    folders: list[tuple[str, Traversable]] = [("", files("policypress") / "scaffold" / "files")]
    while folders:
        prefix, folder = folders.pop()
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name == "__pycache__":
                continue
            if entry.is_dir():
                folders.append((f"{prefix}{entry.name}/", entry))
            else:
                yield f"{prefix}{entry.name}", entry


def _yaml_scalar(value: object) -> str:
    """`value` as a YAML string, quoted only where YAML needs it (e.g. "Acme: Widgets")."""
    dumped = yaml.safe_dump(str(value), allow_unicode=True, width=1_000_000, default_flow_style=True)
    return dumped.removesuffix("\n").removesuffix("\n...")


def _target(relative: str) -> str:
    return "/".join("." + part.removeprefix(DOT_PREFIX) if part.startswith(DOT_PREFIX) else part for part in relative.split("/"))


def new_site(target: Path, site: NewSite) -> list[str]:
    """Write the new site into `target` (created if missing); returns the paths written.

    Refuses (FolderRefused) a folder holding anything but a `.git`, and (PolicyError)
    sources that would not load; nothing is written then."""
    if target.exists() and not target.is_dir():
        raise FolderRefused(f"{target}: error: is a file; give a new folder for the site")
    if target.is_dir() and (found := sorted(p.name for p in target.iterdir() if p.name not in _ALLOWED)):
        shown = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
        raise FolderRefused(f"{target}: error: the folder is not empty ({shown}); give a new or empty folder for the site")
    content = site_files(site)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        for relative, data in content.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        load_documents(DirectoryTree(staging))  # the sources load as written, or nothing is
        if not target.exists():
            staging.rename(target)
        else:
            for entry in sorted(staging.iterdir()):
                os.replace(entry, target / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(content)
