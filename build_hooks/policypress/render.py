"""`policypress render`: the generated site as plain Markdown files and a plain mkdocs.yml.

The output does not need PolicyPress to build: the content outlives any one engine.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from policypress.emit.templating import environment
from policypress.site import Site


def render_site(site: Site, out: Path, *, site_name: str, site_url: str, docs_dir: Path | None, theme: str) -> int:
    """Write every page and file of `site` under `out/docs/`, and `out/mkdocs.yml`.

    Static files of the project's own `docs_dir` (stylesheets, images) are copied along.
    Returns the number of files written.
    """
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    extra_css: list[str] = []
    if docs_dir is not None and docs_dir.is_dir():
        shutil.copytree(docs_dir, docs, dirs_exist_ok=True)
        extra_css = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.css"))
    for page in site.pages:
        _write(docs / page.uri, page.markdown)
    for file in site.files:
        _write(docs / file.uri, file.render())
    env = environment(site.policy.settings.locale)
    config = env.get_template("render/mkdocs.yml.j2").render(
        site_name=site_name,
        site_url=site_url,
        theme=theme,
        extra_css=extra_css,
        # A plain MkDocs site has one navigation: the source language's.
        nav=[page for page in site.pages if page.in_nav and page.language is None],
        not_in_nav=[page.uri for page in site.pages if not page.in_nav or page.language is not None],
    )
    (out / "mkdocs.yml").write_text(config, "utf-8")
    return len(site.pages) + len(site.files)


def _write(target: Path, content: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, "utf-8")
