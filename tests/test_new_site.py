"""`policypress new DIR`: a complete site holding no copy of the engine (SPEC section 15)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from conftest import REPO, mkdocs_build, policypress, run
from policypress.laws import catalogue
from policypress.site import build_site

BIN = Path(sys.executable).parent
FILES = [
    ".github/workflows/check.yml",
    ".github/workflows/publish.yml",
    ".gitignore",
    "README.md",
    "docs/assets/policypress.css",
    "mkdocs.yml",
    "overrides/main.html",
    "overrides/partials/search.html",
    "policy_src/regions.yaml",
    "policy_src/releases.yaml",
    "policy_src/sections/getting-started.yaml",
    "policy_src/settings.yaml",
    "requirements.txt",
]
# SPEC section 3: the regions of the sample policy, with the tags their pages show.
SECTION_3 = {
    "eea": ("European Economic Area", ["gdpr"]),
    "uk": ("United Kingdom", ["gdpr", "uk"]),
    "switzerland": ("Switzerland", ["gdpr"]),
    "california": ("California", ["ccpa"]),
    "us-states": ("Other US states", ["other-privacy-laws"]),
    "brazil": ("Brazil", ["other-privacy-laws"]),
    "global": ("Rest of the world", ["other-privacy-laws"]),
}


def new(tmp_path: Path, *args: str, folder: str = "site") -> tuple[Path, subprocess.CompletedProcess[str]]:
    return tmp_path / folder, policypress("new", folder, *args, cwd=tmp_path)


def written(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and ".git/" not in p.as_posix() + "/")


def test_new_writes_a_complete_site_without_the_engine(tmp_path: Path) -> None:
    root, result = new(tmp_path, "--company", "Fernhill Bakeries")
    assert result.returncode == 0, result.stderr
    assert written(root) == FILES
    assert f"Wrote {len(FILES)} files" in result.stdout
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    assert config["plugins"] == ["search", "policypress"]
    assert "hooks" not in config and "repo_url" not in config  # no engine copy, no repository stats
    assert config["theme"]["font"] is False and config["theme"]["custom_dir"] == "overrides"
    assert config["site_name"] == "Fernhill Bakeries Privacy Policy"
    assert config["site_url"] == "https://example.com/privacy-policy/"
    assert config["strict"] is True and config["extra_css"] == ["assets/policypress.css"]
    # The engine is installed by requirement: this version by default.
    requirements = (root / "requirements.txt").read_text().splitlines()
    assert [line for line in requirements if not line.startswith("#")] == [f"policypress=={version('policypress')}"]
    for text in (root / name for name in FILES):
        content = text.read_text("utf-8")
        assert "Connic" not in content and "connic" not in content, text
        assert "build_hooks/mkdocs_hooks" not in content, text
    settings = yaml.safe_load((root / "policy_src/settings.yaml").read_text())
    assert settings["controller"] == "Fernhill Bakeries" and settings["title"] == "Privacy Policy"
    assert settings["sections"] == ["getting-started"] and settings["locale"] == "en_US"
    assert yaml.safe_load((root / "policy_src/releases.yaml").read_text()) == []
    # What a killed build leaves beside site/ (staging folders) is ignored too.
    assert (root / ".gitignore").read_text().split() == [".venv/", "site/", ".cache/", "__pycache__/", ".*.staging/", ".*.previous/"]


def test_the_readme_for_editors_starts_with_the_two_commands(tmp_path: Path) -> None:
    root, result = new(tmp_path, "--company", "Fernhill Bakeries", "--site-url", "https://policies.fernhill.example/privacy")
    assert result.returncode == 0, result.stderr
    readme = (root / "README.md").read_text()
    lines = readme.splitlines()
    assert lines[0] == "# Fernhill Bakeries Privacy Policy"
    setup = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && "
    assert lines[2:6] == [
        "```sh",
        f"{setup}.venv/bin/mkdocs serve   # set up, then preview at http://127.0.0.1:8000/privacy/",
        f"{setup}.venv/bin/policypress check && .venv/bin/mkdocs build --strict   # set up, then check the sources and build the site",
        "```",
    ]
    assert yaml.safe_load((root / "mkdocs.yml").read_text())["site_url"] == "https://policies.fernhill.example/privacy/"


def test_the_one_section_tells_the_editor_what_to_do_next(tmp_path: Path) -> None:
    root, _ = new(tmp_path, "--company", "Fernhill Bakeries", "--title", "Customer Privacy Notice")
    section = yaml.safe_load((root / "policy_src/sections/getting-started.yaml").read_text())
    assert section["id"] == "getting-started"
    first = section["blocks"][0]
    assert first.startswith("This site was made by `policypress new` for Fernhill Bakeries.")
    assert "it is not part of the policy. Replace it with the text of the Customer Privacy Notice" in first
    steps = " ".join(section["blocks"][1]["items"])
    for command in ("policypress import policy.md", "mkdocs serve", "policypress check", "policypress release VERSION"):
        assert command in steps


def test_the_regions_come_from_the_presets_of_section_3_with_their_laws(tmp_path: Path) -> None:
    root, _ = new(tmp_path, "--company", "Fernhill Bakeries")
    regions = yaml.safe_load((root / "policy_src/regions.yaml").read_text())
    assert {r["id"]: (r["name"], r["tags"]) for r in regions["regions"]} == SECTION_3
    assert list(regions["tags"]) == ["gdpr", "uk", "ccpa", "other-privacy-laws"]
    laws = {r["id"]: r["laws"] for r in regions["regions"]}
    assert laws["eea"] == ["gdpr"] and laws["uk"] == ["uk_gdpr"] and laws["brazil"] == ["lgpd"] and laws["global"] == []
    assert {law for ids in laws.values() for law in ids} <= {law.id for law in catalogue().laws}
    # Some regions, in the order given, with only the tags they use.
    root, result = new(tmp_path, "--company", "Fernhill Bakeries", "--regions", "california,uk", folder="two")
    assert result.returncode == 0, result.stderr
    regions = yaml.safe_load((root / "policy_src/regions.yaml").read_text())
    assert [r["id"] for r in regions["regions"]] == ["california", "uk"]
    assert list(regions["tags"]) == ["gdpr", "uk", "ccpa"]


def test_a_new_sites_validate_check_and_coverage_work_from_day_one(tmp_path: Path) -> None:
    root, _ = new(tmp_path, "--company", "Fernhill Bakeries", "--regions", "eea,california")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.name=E", "-c", "user.email=e@example.test", "commit", "-q", "-m", "New"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    result = policypress("validate", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "policy_src/ is valid: 1 sections, 2 regions, 0 releases."
    result = policypress("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Nothing is published yet" in result.stdout
    result = policypress("coverage", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "European Economic Area (/eea/), laws: gdpr" in result.stdout
    assert "California (/california/), laws: ccpa, ca_caloppa" in result.stdout
    assert "missing         gdpr.controller_identity" in result.stdout


def test_the_language_sets_the_texts_locale_the_themes_language_and_the_landing_page(tmp_path: Path) -> None:
    root, result = new(tmp_path, "--company", "Padaria Fernhill", "--language", "pt-BR", "--title", "Política de Privacidade")
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((root / "policy_src/settings.yaml").read_text())["locale"] == "pt_BR"
    assert 'dates read like "19 de dezembro de 2025"' in (root / "policy_src/settings.yaml").read_text()
    assert yaml.safe_load((root / "mkdocs.yml").read_text())["theme"]["language"] == "pt-BR"
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.name=E", "-c", "user.email=e@example.test", "commit", "-q", "-m", "New"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    site = build_site(root, {"POLICYPRESS_AS_OF": "2026-06-01"}, datetime(2026, 6, 1, tzinfo=UTC), site_url="https://example.test/")
    assert "Nada foi publicado aqui ainda: o documento “Política de Privacidade” de Padaria Fernhill" in site.pages[0].markdown
    root, _ = new(tmp_path, "--company", "Bäckerei Fernhill", "--language", "de", folder="de")
    assert yaml.safe_load((root / "mkdocs.yml").read_text())["theme"]["language"] == "de"


def test_the_engine_requirement_is_what_requirements_txt_and_the_workflows_install(tmp_path: Path) -> None:
    engine = "policypress @ git+https://git.example.test/policypress.git@v9.9"
    root, result = new(tmp_path, "--company", "Fernhill Bakeries", "--engine", engine)
    assert result.returncode == 0, result.stderr
    assert (root / "requirements.txt").read_text().splitlines()[-1] == engine
    for workflow in ("check.yml", "publish.yml"):
        text = (root / ".github/workflows" / workflow).read_text()
        assert ".venv/bin/python -m pip install --quiet -r requirements.txt" in text
        assert "bash .ci/setup" not in text and "examples" not in text


def test_the_generated_workflows_pass_actionlint_and_zizmor(tmp_path: Path) -> None:
    root, _ = new(tmp_path, "--company", "Fernhill Bakeries")
    workflows = sorted(str(p) for p in (root / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 2
    result = run([str(BIN / "actionlint"), *workflows], root)
    assert result.returncode == 0, result.stdout + result.stderr
    result = run([str(BIN / "zizmor"), "--offline", "--min-severity", "high", ".github/workflows"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    publish = yaml.safe_load((root / ".github/workflows/publish.yml").read_text())
    assert publish["permissions"] == {} and set(publish[True]) == {"push", "schedule", "workflow_dispatch"}


def test_the_theme_files_are_the_repositorys_own(tmp_path: Path) -> None:
    root, _ = new(tmp_path, "--company", "Fernhill Bakeries")
    # A new site shows notices and styles pages as this repository's site does: when one of
    # these changes here, copy it to build_hooks/policypress/scaffold/files/ too.
    for name in ("overrides/main.html", "overrides/partials/search.html", "docs/assets/policypress.css"):
        assert (root / name).read_bytes() == (REPO / name).read_bytes(), f"copy {name} to build_hooks/policypress/scaffold/files/{name}"


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    _, result = new(tmp_path, "--company", "Fernhill Bakeries")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "site: error: the folder is not empty (notes.txt); give a new or empty folder for the site"
    assert "Traceback" not in result.stderr
    assert written(folder) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left behind
    (tmp_path / "file").write_text("x")
    _, result = new(tmp_path, "--company", "Fernhill Bakeries", folder="file")
    assert result.returncode == 1 and "file: error: is a file" in result.stderr


def test_an_empty_folder_or_a_fresh_clone_is_used(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    root, result = new(tmp_path, "--company", "Fernhill Bakeries", folder="empty")
    assert result.returncode == 0, result.stderr
    assert written(root) == FILES
    clone = tmp_path / "clone"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    root, result = new(tmp_path, "--company", "Fernhill Bakeries", folder="clone")
    assert result.returncode == 0, result.stderr
    assert written(root) == FILES and (root / ".git" / "HEAD").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Missing option '--company'"),
        (["--company", " "], "give the company's name"),
        (["--company", "F", "--regions", "eea,mars"], "no preset region 'mars'; presets: eea, uk, switzerland, california, us-states, brazil, global"),
        (["--company", "F", "--regions", "eea,eea"], "a region is listed twice"),
        (["--company", "F", "--language", "klingon"], "'klingon' is not a language"),
        (["--company", "F", "--site-url", "example.com"], "'example.com' is not a web address"),
        (["--company", "F", "--engine", "policypress ==="], "is not a pip requirement"),
    ],
)
def test_misuse_exits_2_and_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    _, result = new(tmp_path, *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_new_site_builds_strictly_before_its_first_release_and_the_preview_shows_the_draft(tmp_path: Path) -> None:
    root, _ = new(tmp_path, "--company", "Fernhill Bakeries", "--regions", "eea,global")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    out = tmp_path / "out"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stderr
    landing = (out / "index.html").read_text("utf-8")
    assert "Nothing is published here yet: the Privacy Policy of Fernhill Bakeries will appear on this page" in landing
    assert "Before the first release" not in landing and not (out / "eea").exists()
    preview = build_site(root, {"POLICYPRESS_AS_OF": "2026-06-01"}, datetime(2026, 6, 1, tzinfo=UTC),
                         site_url="https://example.test/", preview=True)
    pages = {page.uri: page.markdown for page in preview.pages}
    assert "Before the first release" in pages["eea/index.md"] and "This site was made by `policypress new`" in pages["global/index.md"]


def test_a_name_the_sources_refuse_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    _, result = new(tmp_path, "--company", "Acme {{ evil }}")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "policy_src/settings.yaml:1:1: error: in 'controller': template syntax is not allowed in settings" in result.stderr
    assert list(tmp_path.iterdir()) == []
