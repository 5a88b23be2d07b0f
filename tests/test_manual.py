"""The manual (manual/, SPEC §21): it builds with --strict and without a network, long pages
have a table of contents, the tutorial's shell blocks run as written, the generated reference
pages match the schemas and the command line, the README stays short, and every section of the
README it replaced has a home in it."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import click
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO

MANUAL = REPO / "manual"
DOCS = MANUAL / "docs"
BIN = Path(sys.executable).parent
TUTORIAL = sorted((DOCS / "tutorial").glob("*.md"))


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("manual_generate", MANUAL / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def manual_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("manual-site")
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(MANUAL / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def built_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if p.parent.name not in ("search", "assets"))


def test_the_manual_builds_strict_with_every_page_in_its_navigation(manual_site: Path) -> None:
    sources = {p.relative_to(DOCS).with_suffix("").as_posix() for p in DOCS.rglob("*.md")}
    built = {p.parent.relative_to(manual_site).as_posix() for p in built_pages(manual_site)}
    expected = {s.removesuffix("/index").removesuffix("index") or "." for s in sources}
    assert built == expected
    home = BeautifulSoup((manual_site / "index.html").read_text("utf-8"), "html.parser")
    linked = {a["href"].strip("./").removesuffix("/") for a in home.select("nav.md-nav--primary a[href]")}
    for section in ("tutorial", "how-to", "reference", "explanation"):
        assert any(link.startswith(section) for link in linked), section
    # The pages other changes wrote are in the navigation (the hook drops only missing ones).
    for page in ("reference/source-files", "how-to/migrate", "explanation/guarantees",
                 "reference/blocks-in-items-and-cells", "how-to/import-shapes", "explanation/pdfs",
                 "how-to/published-pdfs", "explanation/kept-files", "reference/section-history",
                 "how-to/section-summaries"):
        assert page in linked, page


def test_the_manual_loads_nothing_from_other_hosts(manual_site: Path) -> None:
    """No web fonts, scripts, stylesheets or pictures from elsewhere: it reads offline."""
    for page in built_pages(manual_site):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        loaded = [tag["src"] for tag in soup.select("script[src], img[src]")]
        loaded += [tag["href"] for tag in soup.select("link[href]") if tag.get("rel") != ["canonical"]]
        assert not [url for url in loaded if re.match(r"(https?:)?//", url)], page


def test_long_pages_have_a_table_of_contents(manual_site: Path) -> None:
    """A page with more headings than fit on a screen shows them in Material's table of contents."""
    config = yaml.load((MANUAL / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    assert "toc.integrate" not in config["theme"].get("features", [])
    long_pages = 0
    for page in built_pages(manual_site):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        headings = soup.select("article h2, article h3")
        if len(headings) < 6:
            continue
        long_pages += 1
        toc = soup.select("nav.md-nav--secondary a.md-nav__link")
        assert len(toc) >= len([h for h in headings if h.get("id")]), page
    assert long_pages >= 3


def test_the_generated_reference_pages_match_the_schemas_and_the_command_line() -> None:
    result = subprocess.run([sys.executable, str(MANUAL / "generate.py"), "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_the_drift_check_fails_when_a_schema_or_the_command_line_changes(tmp_path: Path) -> None:
    module = generator()
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    for schema in module.SCHEMAS.glob("*.json"):
        (schemas / schema.name).write_text(schema.read_text("utf-8"), "utf-8")
    settings = json.loads((schemas / "settings.schema.json").read_text("utf-8"))
    settings["properties"]["review_days"] = {"type": "integer", "minimum": 1, "description": "Days a reviewer has."}
    (schemas / "settings.schema.json").write_text(json.dumps(settings), "utf-8")
    module.SCHEMAS = schemas
    changed = module.pages()[module.REFERENCE / "source-files.md"]
    assert "| `review_days` | whole number |  | Days a reviewer has. At least 1. |" in changed
    assert changed != (module.REFERENCE / "source-files.md").read_text("utf-8")

    from policypress.cli import main

    @click.command()
    @click.option("--loud", is_flag=True, help="Shout.")
    def shout(loud: bool) -> None:
        """Say it louder."""

    main.add_command(shout)
    try:
        page = module.command_page()
    finally:
        main.commands.pop("shout")
    assert "## `policypress shout`" in page and "| `--loud` | flag |  | Shout. |" in page
    assert page != (module.REFERENCE / "command-line.md").read_text("utf-8")


def test_every_schema_has_its_place_in_the_reference() -> None:
    module = generator()
    shown = {name for name, _ in module.SOURCE_FILES + module.JSON_API}
    assert shown == {p.name for p in module.SCHEMAS.glob("*.schema.json")}, "add the schema to SOURCE_FILES or JSON_API in manual/generate.py"


def test_every_command_and_source_key_is_in_the_reference() -> None:
    from policypress.cli import main

    commands = (DOCS / "reference/command-line.md").read_text("utf-8")
    overview = (DOCS / "reference/commands.md").read_text("utf-8")
    for name, command in main.commands.items():
        assert f"`policypress {name}`" in commands
        assert re.search(rf"`policypress {name}[ `]", overview), f"add {name} to reference/commands.md"
        for param in command.params:
            if isinstance(param, click.Option):
                assert f"`{param.opts[0]}`" in commands, (name, param.opts)
    keys = (DOCS / "reference/source-files.md").read_text("utf-8")
    for key in json.loads((REPO / "build_hooks/policypress/schemas/settings.schema.json").read_text())["properties"]:
        assert f"| `{key}` |" in keys


# --- the tutorial ---------------------------------------------------------------------------

FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)


def tutorial_blocks() -> list[tuple[str, str]]:
    """The tutorial's fenced blocks in order, as (language, text)."""
    return [(m.group(1), m.group(2)) for page in TUTORIAL for m in FENCE.finditer(page.read_text("utf-8"))]


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    """Every bash block of the tutorial, in order, in one shell, in an empty folder (`mkdocs
    serve` lines aside, which would not return); each text block after a bash block is what
    that block printed."""
    blocks = tutorial_blocks()
    shell = [text for language, text in blocks if language == "bash"]
    assert len(shell) >= 8
    script = ["set -euo pipefail"]
    for number, text in enumerate(shell):
        lines = [line for line in text.splitlines() if not line.lstrip().startswith("mkdocs serve")]
        script += [f"echo '@@block {number}'", *lines]
    folder = tmp_path / "empty"
    folder.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    # A fresh machine: no global git configuration (the tutorial sets its own identity), the
    # package's commands on PATH, and the real date (the tutorial's releases carry their own).
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GIT_", "POLICYPRESS_AS_OF"))}
    env |= {"HOME": str(home), "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "NO_MKDOCS_2_WARNING": "1",
            "GIT_CONFIG_NOSYSTEM": "1"}
    result = subprocess.run(["bash", "-c", "\n".join(script)], cwd=folder, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    outputs = dict(re.findall(r"^@@block (\d+)\n(.*?)(?=^@@block |\Z)", result.stdout, re.M | re.S))
    shown = 0
    number = -1
    for language, text in blocks:
        if language == "bash":
            number += 1
        elif language == "text" and number >= 0 and (previous := blocks[blocks.index((language, text)) - 1])[0] == "bash":
            assert previous[1] == shell[number]
            printed = outputs[str(number)]
            for line in text.splitlines():
                assert line.strip() in printed, (line, printed[:2000])
            shown += 1
    assert shown >= 4
    site = folder / "bakery"
    assert (site / "site/notices/2026-03-01/eea.txt").is_file()
    page = BeautifulSoup((site / "site/eea/index.html").read_text("utf-8"), "html.parser")
    assert "Upcoming change: a new version takes effect on March 31, 2026." in page.get_text(" ")


# --- the README ----------------------------------------------------------------------------

def test_the_readme_is_short_and_its_test_command_is_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= 150
    setup, test = re.search(r"```sh\n(.*?)\n(.*?)\n```", readme, re.S).groups()
    assert setup.split("#")[0].strip() == "bash .ci/setup && .venv/bin/mkdocs serve"
    ci = (REPO / ".ci/run").read_text("utf-8").strip().splitlines()[-1]
    assert test.split("#")[0].strip() == ci
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if "://" not in target:
            assert (REPO / target).exists(), target


def test_the_publish_workflow_builds_and_publishes_the_manual() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text("utf-8"))
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
    assert any("mkdocs build --strict -f manual/mkdocs.yml" in run for run in runs)


# Every section of the README as it was before the manual (749 lines), and where it lives now,
# with a phrase of it that must be there.
README_SECTIONS = {
    "the two commands": ("explanation/dependencies.md", "`.ci/run`, what CI runs, is the second command"),
    "Use PolicyPress in your own site": ("how-to/new-site.md", "writes a site that holds no copy of the engine"),
    "For legal editors: how a change reaches readers": ("how-to/change-and-release.md", "**Add a release** when the change is final"),
    "Migrating an existing policy": ("how-to/migrate.md", "keeps every word or"),
    "bring the history along (--from-git)": ("how-to/migrate.md", "--from-git ../old-repo --path docs/privacy.md"),
    "the live preview and the draft": ("how-to/preview.md", "shows unreleased text as a draft"),
    "Blocks": ("reference/blocks.md", "A cell is either text"),
    "For legal editors: disclosure coverage": ("how-to/coverage.md", "It is guidance for editors, not"),
    "For reviewers: the pull-request summary, the region matrix and plain language": ("how-to/review.md", "Three tools help whoever reviews"),
    "Translations": ("how-to/translate.md", "policypress translations update [--language L]"),
    "Translations: for readers, for editors, Material upgrades": ("explanation/translated-pages.md", "How it follows Material upgrades"),
    "The site": ("reference/urls.md", "| `/<region>/history/` |"),
    "What changed since a version": ("explanation/since-pages.md", "since_versions: 0"),
    "A PDF of every version": ("how-to/pdfs.md", "PDF of this version"),
    "Commands": ("reference/commands.md", "misuse of the command line exits"),
    "Publishing": ("how-to/github-pages.md", "least-privilege permissions"),
    "What is guaranteed": ("explanation/guarantees.md", "Published text never changes or vanishes"),
    "How it is built": ("explanation/how-it-is-built.md", "The plugin and the hook"),
    "Why each dependency": ("explanation/dependencies.md", "| typst (`>=0.15.2,<0.16`) |"),
    "the wheel": ("explanation/how-it-is-built.md", "`pip wheel .` in this repository"),
}


@pytest.mark.parametrize("section", README_SECTIONS)
def test_every_section_of_the_old_readme_has_a_home_in_the_manual(section: str) -> None:
    page, phrase = README_SECTIONS[section]
    assert phrase in (DOCS / page).read_text("utf-8")
