"""The MkDocs adapter (`policypress.adapter`): the plugin and the hook shim build the same bytes,
and the MkDocs and Material behaviour the adapter relies on is still there (an upgrade that
changes it fails here, naming the module that relies on it)."""

from __future__ import annotations

import importlib.util
import inspect
import re
import shutil
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from conftest import REPO, run
from policypress.adapter.plugin import PolicyPressPlugin
from policypress.adapter.theme_speed import ThemeListing
from test_preview import tree_bytes

HOOK = "build_hooks/mkdocs_hooks.py"


def with_plugin(config: str, options: str = "") -> str:
    """mkdocs.yml's text with the plugin (and `options`) in place of the hook."""
    hook = f"hooks:\n  - {HOOK}\n"
    assert hook in config and "plugins:\n  - search\n" in config
    entry = f"  - policypress:\n{options}" if options else "  - policypress\n"
    return config.replace(hook, "").replace("plugins:\n  - search\n", "plugins:\n  - search\n" + entry)


def build(project: Path, config: str, site: Path) -> None:
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(site)], project)
    assert result.returncode == 0, result.stderr
    shutil.rmtree(project / ".cache", ignore_errors=True)  # each build from nothing kept


def test_the_repository_site_is_the_same_bytes_through_the_plugin_and_through_the_hook(project: Path, tmp_path: Path) -> None:
    (project / "mkdocs-plugin.yml").write_text(with_plugin((project / "mkdocs.yml").read_text("utf-8")), "utf-8")
    build(project, "mkdocs.yml", tmp_path / "hook")
    build(project, "mkdocs-plugin.yml", tmp_path / "plugin")
    through_hook, through_plugin = tree_bytes(tmp_path / "hook"), tree_bytes(tmp_path / "plugin")
    assert "full/index.html" in through_hook and "feed.xml" in through_hook and "sitemap.xml" in through_hook
    assert sorted(through_plugin) == sorted(through_hook)
    differing = [name for name in through_hook if through_plugin[name] != through_hook[name]]
    assert not differing, differing[:10]


def test_the_plugin_reads_the_sources_from_the_folder_its_option_names(project: Path, tmp_path: Path) -> None:
    (project / "legal").mkdir()
    (project / "policy_src").rename(project / "legal" / "policy_src")
    run(["git", "add", "-A"], project)
    run(["git", "-c", "user.name=E", "-c", "user.email=e@example.test", "commit", "-q", "-m", "Move"], project)
    config = with_plugin((project / "mkdocs.yml").read_text("utf-8"), "      sources: legal/policy_src\n")
    config = config.replace("watch:\n  - policy_src\n", "")  # the plugin watches its sources itself
    (project / "mkdocs.yml").write_text(config, "utf-8")
    build(project, "mkdocs.yml", tmp_path / "site")
    assert "Connic" in (tmp_path / "site" / "full" / "index.html").read_text("utf-8")

    (project / "mkdocs.yml").write_text(config.replace("legal/policy_src", "legal"), "utf-8")
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "bad")], project)
    assert result.returncode == 1
    assert "the sources folder must be named policy_src/ (sources: legal)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_site_that_lists_policypress_twice_is_refused(project: Path, tmp_path: Path) -> None:
    config = (project / "mkdocs.yml").read_text("utf-8").replace("plugins:\n  - search\n", "plugins:\n  - search\n  - policypress\n")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], project)
    assert result.returncode == 1
    assert "policypress is listed twice in mkdocs.yml" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def load_hook(path: Path):  # noqa: ANN201 - a module
    """The hook file loaded as MkDocs loads it (`config_options.Hooks._load_hook`)."""
    spec = importlib.util.spec_from_file_location("policypress_hook_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hook_hands_every_event_the_plugin_handles_to_one_plugin() -> None:
    hook = load_hook(REPO / HOOK)
    events = {name for name in vars(PolicyPressPlugin) if name.startswith("on_")}
    assert {name for name in vars(hook) if name.startswith("on_")} == events
    assert len(events) >= 14
    plugins = {getattr(hook, name).__self__ for name in events}
    assert len(plugins) == 1 and isinstance(plugins.pop(), PolicyPressPlugin)
    assert hook.on_config.mkdocs_priority == 100  # the theme is made session-aware first
    assert hook._plugin.config.sources == "policy_src"
    assert len((REPO / HOOK).read_text("utf-8").splitlines()) <= 12


def test_mkdocs_keeps_one_plugin_and_one_hook_module_per_process() -> None:
    """`lifecycle.Run` lives on the plugin: MkDocs 1.6 keeps a plugin instance (and a hook
    module) for the whole process, across the config loads of `mkdocs serve`'s rebuilds."""
    first, second = (load_config(config_file=str(REPO / "examples" / "mkdocs.yml")) for _ in range(2))
    assert first.plugins["policypress"] is second.plugins["policypress"]
    assert isinstance(first.plugins["policypress"], PolicyPressPlugin)
    first, second = (load_config(config_file=str(REPO / "mkdocs.yml")) for _ in range(2))
    assert first.hooks[HOOK] is second.hooks[HOOK]


def test_the_sitemap_reads_only_what_a_kept_page_gives_it() -> None:
    """`kept_pages.SitemapEntry` stands in for a page in MkDocs's `sitemap.xml`, which
    Material uses as it is."""
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    template = config.theme.get_env().get_template("sitemap.xml")
    assert Path(template.filename).parent.parent.name == "mkdocs"
    source = Path(template.filename).read_text("utf-8")
    assert "{%- for file in pages -%}" in source
    assert set(re.findall(r"file\.page\.(\w+)", source)) == {"is_link", "abs_url", "canonical_url", "update_date"}


def test_material_writes_one_site_wide_html_lang() -> None:
    """`generated.set_language` replaces the first `<html lang="…">` of a page."""
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    source = Path(config.theme.get_env().get_template("base.html").filename).read_text("utf-8")
    assert len(re.findall(r'<html lang="', source)) == 1


def test_the_kept_listing_of_the_theme_files_is_what_mkdocs_lists() -> None:
    """`theme_speed.ThemeListing` answers MkDocs's `env.list_templates(filter_func=…)` (how
    `Files.add_files_from_theme` finds the theme files to copy) from a listing kept per session."""
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    env = config.theme.get_env()
    calls: list[tuple[object, object]] = []
    plain = env.list_templates

    def recording(extensions=None, filter_func=None):  # noqa: ANN001, ANN202
        calls.append((extensions, filter_func))
        return plain(extensions, filter_func)

    env.list_templates = recording  # type: ignore[method-assign]
    files = Files([])
    files.add_files_from_theme(env, config)
    assert len(calls) == 1 and calls[0][1] is not None
    extensions, filter_func = calls[0]
    expected = plain(extensions, filter_func)
    listing = ThemeListing()
    static = tuple(sorted(config.theme.static_templates))
    for _ in range(2):  # listed, then kept
        assert listing.names(config.theme.dirs, static, extensions, filter_func) == sorted(expected)
    assert len(files) == len(expected) > 20


def test_the_preview_watches_the_sources_once_whatever_mkdocs_yml_lists() -> None:
    from policypress.adapter.preview import watch

    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    sources = REPO / "policy_src"
    assert config.watch == [str(sources)]  # mkdocs.yml lists it
    watch(config, sources)
    assert config.watch == [str(sources)]
    config.watch.clear()
    watch(config, sources)
    assert config.watch == [str(sources)]


def test_the_server_rebuilds_through_the_builder_on_serve_may_replace() -> None:
    """`preview.serve` replaces `server.builder`: MkDocs's server calls that attribute for every
    rebuild, and `mkdocs serve` hands the server to `on_serve` before it serves."""
    from mkdocs.commands import serve
    from mkdocs.livereload import LiveReloadServer

    assert "self.builder()" in inspect.getsource(LiveReloadServer._build_loop)
    source = inspect.getsource(serve.serve)
    assert source.index("config.plugins.on_serve(server") < source.index("server.serve(")
