"""Plain language (SPEC §16): reading levels per page and section, before → after in the check
summary, and a warning (never a failure) above a document's `plain_language` goal."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, policypress
from policy_repo import PolicyRepo
from policypress.readability import GUIDANCE, measurable, reading_level

SCHEMA = json.loads((REPO / "build_hooks" / "policypress" / "schemas" / "readability-output.schema.json").read_text())

HARD = (
    "Notwithstanding the foregoing, and insofar as applicable legislation in the relevant jurisdiction "
    "so permits, Acme may, at its sole discretion and without prejudice to any contractual stipulation "
    "or statutory entitlement otherwise available, retain aggregated operational telemetry indefinitely."
)


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def goal_repo(tmp_path: Path, max_grade: float = 10) -> PolicyRepo:
    """main with one release of a document whose plain-language goal is `max_grade`; a branch."""
    repo = PolicyRepo(tmp_path / "repo")
    repo.settings = {"plain_language": {"max_grade": max_grade}}
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.git("checkout", "-q", "-b", "change")
    return repo


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("We keep server logs for ninety days.", "en", lambda v: v < 6),
        (HARD, "en", lambda v: v > 20),
        ("Wir speichern Ihre Daten für neunzig Tage. Danach löschen wir sie.", "de", lambda v: v < 6),
        ("Guardamos sus datos durante noventa días.", "es", lambda v: v > 50),  # reading ease: higher is easier
        ("Guardamos seus dados por noventa dias.", "pt-BR", lambda v: v is None),  # textstat has no Portuguese measure
        ("", "en", lambda v: v is None),
    ],
)
def test_reading_level_per_language(text: str, language: str, expected) -> None:
    assert expected(reading_level(text, language))


def test_list_items_are_sentences_of_their_own() -> None:
    assert measurable("- Ask for a copy\n- Object to processing\n3. Write to us: here") == (
        "Ask for a copy. Object to processing. Write to us: here."
    )


def test_a_release_that_adds_a_hard_sentence_draws_a_warning_and_passes(tmp_path: Path) -> None:
    repo = goal_repo(tmp_path)
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for ninety days. " + HARD]
    repo.release("2026-02-01", "Telemetry.")
    repo.commit("Telemetry", "2026-01-20")
    result = policypress("check", "--base", "main", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "#### Plain language: Flesch–Kincaid grade, goal at most 10.0" in out
    assert out.count(GUIDANCE) == 1
    row = next(line for line in out.splitlines() if line.startswith("| 2.2 Logs |"))
    before, after = (float(cell.split()[0]) for cell in row.split("|")[2:4])
    assert before < 10 < after and "above the goal" in row
    assert "> **Warning:** 2.2 Logs reads at" in out and "above the plain-language goal of 10.0" in out
    assert "warning: Test Policy, release 2026-02-01: 2.2 Logs reads at grade" in result.stderr
    assert "above plain_language max_grade 10" in result.stderr


def test_a_release_that_simplifies_draws_no_warning(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.settings = {"plain_language": {"max_grade": 10}}
    repo.sections["data"]["sections"][1]["blocks"] = [HARD]
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.git("checkout", "-q", "-b", "change")
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep usage data for as long as the law allows. Then we delete it."]
    repo.release("2026-02-01", "Plainer telemetry.")
    repo.commit("Plainer", "2026-01-20")
    result = policypress("check", "--base", "main", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("| 2.2 Logs |"))
    before, after = (float(cell.split()[0]) for cell in row.split("|")[2:4])
    assert after < 10 < before
    assert "Warning:" not in result.stdout and "warning:" not in result.stderr


def test_a_harder_section_still_under_the_goal_is_shown_but_not_warned(tmp_path: Path) -> None:
    repo = goal_repo(tmp_path, max_grade=30)
    repo.sections["data"]["sections"][1]["blocks"] = [HARD]
    repo.release("2026-02-01", "Telemetry.")
    repo.commit("Telemetry", "2026-01-20")
    result = policypress("check", "--base", "main", cwd=repo.path)
    assert result.returncode == 0 and "| 2.2 Logs |" in result.stdout
    assert "warning:" not in result.stderr


def test_a_bad_goal_is_a_located_error(tmp_path: Path) -> None:
    repo = goal_repo(tmp_path)
    repo.settings = {"plain_language": {"max_grade": "easy"}}
    repo.write_policy()
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "policy_src/settings.yaml:" in result.stderr and "max_grade" in result.stderr


def test_readability_command_per_page_and_section(tmp_path: Path) -> None:
    repo = goal_repo(tmp_path)
    result = policypress("readability", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("guidance") == 1 and out.startswith("Reading level of each page and section. " + GUIDANCE)
    assert "Test Policy, The North (/north/, en): Flesch–Kincaid grade " in out
    assert "Test Policy, complete text (/full/, en):" in out
    data = json.loads(policypress("readability", "--region", "south", "--format", "json", cwd=repo.path).stdout)
    jsonschema.validate(data, SCHEMA)
    (page,) = data["documents"][0]["pages"]
    assert page["page"] == "south" and page["measure"] == {"name": "Flesch–Kincaid grade", "grade": True}
    sections = {s["number"]: s for s in page["sections"]}
    assert "2.3" not in {s["number"] for s in page["sections"] if s["id"] == "north-rules"}
    assert sections["2.2"]["title"] == "Logs" and sections["2.2"]["level"] == reading_level(
        "Logs.\nWe keep server logs for ninety days.", "en"
    )
    assert policypress("readability", "--region", "nowhere", cwd=repo.path).returncode == 2


def test_a_translated_page_without_a_measure_says_so(tmp_path: Path) -> None:
    repo = goal_repo(tmp_path)
    repo.regions["regions"][1]["languages"] = {"pt-BR": "fallback"}
    repo.write_policy()
    result = policypress("readability", "--region", "south", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "Test Policy, The South (/pt-br/south/, pt-BR): no measure for this language" in result.stdout
    data = json.loads(policypress("readability", "--region", "south", "--format", "json", cwd=repo.path).stdout)
    jsonschema.validate(data, SCHEMA)
    translated = data["documents"][0]["pages"][1]
    assert translated["measure"] is None and translated["level"] is None


def test_the_connic_policys_reading_levels_validate_against_the_schema() -> None:
    result = policypress("readability", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    pages = {page["page"]: page for page in data["documents"][0]["pages"]}
    assert list(pages) == ["full", "eea", "uk", "switzerland", "california", "us-states", "brazil", "global"]
    # California has no section 8 (International Data Transfers): its sections are numbered for its page.
    california = [s["id"] for s in pages["california"]["sections"]]
    assert "international-transfers" not in california and "international-transfers" in [s["id"] for s in pages["eea"]["sections"]]
    assert all(10 < page["level"] < 20 for page in pages.values())  # a legal text, read as such
    assert data["guidance"] == GUIDANCE


def test_a_document_in_a_language_without_a_measure_says_so_and_never_warns(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.settings = {"locale": "pt_BR", "plain_language": {"max_grade": 5}}
    repo.release("2026-01-10", "Primeira versão.")
    repo.commit("First release", "2026-01-10")
    repo.git("checkout", "-q", "-b", "change")
    repo.sections["data"]["sections"][1]["blocks"] = [HARD]
    repo.release("2026-02-01", "Telemetria.")
    repo.commit("Telemetry", "2026-01-20")
    result = policypress("check", "--base", "main", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "#### Plain language: no measure for this language\n" in result.stdout
    assert "| 2.2 Logs |" not in result.stdout and "warning:" not in result.stderr
