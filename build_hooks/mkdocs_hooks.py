"""MkDocs adapter for PolicyPress: validate in `on_config`, add the generated pages in `on_files`.

No policy logic lives here; it only translates between MkDocs and `policypress.site`. Imports
stay at module top (MkDocs loads hooks as modules) and nothing is kept between builds: under
`mkdocs serve` each rebuild gets a fresh config, and the built site travels inside it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from policypress.errors import PolicyError
from policypress.site import Site, build_site

_KEY = "policypress"

# Commands whose builds are live previews, which show unreleased text as a draft. MkDocs tells
# hooks the command only in on_startup, once per process; it is fixed for the process's life.
_PREVIEW_COMMANDS = frozenset({"serve"})
_process = {"preview": False}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process is `mkdocs serve`."""
    _process["preview"] = command in _PREVIEW_COMMANDS


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
            preview=_process["preview"],
        )
    except PolicyError as error:
        raise PluginError(f"PolicyPress found problems in the policy sources:\n{error}") from None
    config.extra[_KEY] = site  # also what theme overrides read (notices, dates)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page; the nav lists the policy pages unless mkdocs.yml sets one."""
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
    for generated in site.files:
        files.append(File.generated(config, generated.uri, content=generated.content))
    if config.nav is None:
        generated = {page.uri for page in site.pages}
        config.nav = [{page.title: page.uri} for page in site.pages if page.in_nav] + [
            file.src_uri for file in files.documentation_pages() if file.src_uri not in generated
        ]
    return files
