"""MkDocs adapter for PolicyPress: validate in `on_config`, add the generated pages in `on_files`.

No policy logic lives here; it only translates between MkDocs and `policypress.site`. Imports
stay at module top (MkDocs loads hooks as modules), and the built site travels inside each
build's config, so nothing policy-related outlives a build under `mkdocs serve`.

`mkdocs build` writes into a staging folder next to `site/` and moves it into place only when
the whole build succeeded (strict-mode warnings included): a failed build leaves the previous
site as it was. MkDocs tells hooks the command and the outcome only through `on_startup`,
`on_build_error` and `on_shutdown`, which get no config, so that bookkeeping lives in
`_process`, one per process (and `mkdocs build` is one build per process).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from policypress.emit.templating import MARKDOWN_EXTENSIONS
from policypress.errors import PolicyError
from policypress.site import Site, build_site

_KEY = "policypress"

# Live previews show unreleased text as a draft; only `mkdocs build` publishes atomically.
_PREVIEW_COMMANDS = frozenset({"serve"})
_STAGED_COMMANDS = frozenset({"build"})
_process: dict[str, Any] = {"command": None, "target": None, "staging": None, "failed": False}


def on_startup(command: str, dirty: bool) -> None:
    """Remember which command this process runs."""
    _process.update(command=command, target=None, staging=None, failed=False)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Build the policy site before MkDocs cleans `site/`, so bad sources change nothing."""
    root = Path(config.config_file_path).parent
    try:
        site = build_site(
            root,
            os.environ,
            datetime.now(UTC),
            site_url=config.site_url,
            directory_urls=config.use_directory_urls,
            override_dir=root / "overrides" / "policypress",
            preview=_process["command"] in _PREVIEW_COMMANDS,
        )
    except PolicyError as error:
        raise PluginError(f"PolicyPress found problems in the policy sources:\n{error}") from None
    config.extra[_KEY] = site  # also what theme overrides read (notices, dates)
    for extension in MARKDOWN_EXTENSIONS:  # tables and numbered lists, whatever mkdocs.yml lists
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)
    if _process["command"] in _STAGED_COMMANDS:
        target = Path(config.site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".staging", dir=target.parent)
        _process.update(target=target, staging=staging)
        config.site_dir = staging
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page and file; the nav lists the policy pages unless mkdocs.yml sets one."""
    site: Site = config.extra[_KEY]
    root = Path(config.config_file_path).parent
    # mkdocs.yml's edit_uri points at the repository root, so edit links name repository paths.
    docs_prefix = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
    for file in files.documentation_pages():
        file.edit_uri = f"{docs_prefix}/{file.src_uri}"
    for page in site.pages:
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(f"docs/{page.uri} clashes with a page PolicyPress generates; rename or remove it")
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.uri, content=page.markdown, inclusion=inclusion)
        file.edit_uri = page.edit_path
        files.append(file)
    if config.nav is None:
        generated_uris = {page.uri for page in site.pages}
        config.nav = _nav(site) + [
            file.src_uri for file in files.documentation_pages() if file.src_uri not in generated_uris
        ]
    return files


def _nav(site: Site) -> list[dict[str, Any]]:
    """The policy pages; on a site of several documents, grouped under each document's title."""
    nav: list[dict[str, Any]] = []
    groups: dict[str, list[dict[str, str]]] = {}
    for page in site.pages:
        if not page.in_nav:
            continue
        if page.group is None:
            nav.append({page.title: page.uri})
        else:
            if page.group not in groups:
                groups[page.group] = []
                nav.append({page.group: groups[page.group]})
            groups[page.group].append({page.title: page.uri})
    return nav


def on_post_build(config: MkDocsConfig) -> None:
    """Write feeds, data and notices, one at a time (MkDocs needs nothing from them)."""
    site: Site = config.extra[_KEY]
    for generated in site.files:
        target = Path(config.site_dir) / generated.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(generated.render(), "utf-8")


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Date pages by the as-of date, not the clock: the sitemap then depends only on the
    commit and the as-of date, so two builds of them are byte-identical."""
    site: Site = config.extra[_KEY]
    page.update_date = site.as_of.isoformat()
    return page


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Each page in its own language: Material's <html lang> is site-wide (theme.language),
    so a translated page's is set from the language the engine wrote in its front matter."""
    language = page.meta.get("policypress_lang") if page.meta else None
    if not language:
        return output
    return re.sub(r'<html lang="[^"]*"', f'<html lang="{language}"', output, count=1)


def on_build_error(error: Exception) -> None:
    """Throw the staged output away; the previous site stays."""
    _process["failed"] = True
    if _process["staging"]:
        shutil.rmtree(_process["staging"], ignore_errors=True)


def on_shutdown() -> None:
    """Move a successful build into place."""
    target, staging = _process["target"], _process["staging"]
    if target is None or staging is None or _process["failed"] or not Path(staging).is_dir():
        return
    previous = None
    if target.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".previous", dir=target.parent))
        target.rename(previous / target.name)
    Path(staging).rename(target)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
