"""Translations as PO files: update (extract and merge), status, required languages in `check`,
located PO errors — on real git repositories, through the command line."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from conftest import policypress
from policy_repo import PolicyRepo

PO = "policy_src/translations/pt-BR.po"


def translated_repo(tmp_path: Path, north: str = "required", south: str = "fallback") -> PolicyRepo:
    """The test policy, released, with the North requiring and the South falling back to pt-BR."""
    repo = PolicyRepo(tmp_path / "repo")
    repo.regions["regions"][0]["languages"] = {"pt-BR": north}
    repo.regions["regions"][1]["languages"] = {"pt-BR": south}
    repo.release("2026-01-01", "First version.")
    repo.commit("First release", "2026-01-01")
    return repo


def entries(repo: PolicyRepo) -> dict[str, polib.POEntry]:
    return {entry.msgctxt: entry for entry in polib.pofile(str(repo.path / PO)) if not entry.obsolete}


def translate_all(repo: PolicyRepo) -> None:
    """A translator's pass: every entry translated (test text, marked so it can be recognised)."""
    po = polib.pofile(str(repo.path / PO))
    for entry in po:
        entry.msgstr = f"PT {entry.msgid}"
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    po.save()


def test_update_writes_one_entry_per_passage_with_key_and_source_line(tmp_path: Path) -> None:
    repo = translated_repo(tmp_path)
    result = policypress("translations", "update", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert f"{PO}: created" in result.stdout
    found = entries(repo)
    # The document title, the names of the regions offering pt-BR, then every passage in
    # reading order — titles, paragraphs and each list item.
    assert list(found) == [
        "(document)/title", "(region)/north/name", "(region)/south/name",
        "intro/title", "intro/block-1", "intro/block-2",
        "data/title", "data/block-1", "accounts/title", "accounts/block-1", "logs/title", "logs/block-1",
        "north-rules/title", "north-rules/block-1",
        "rights/title", "rights/block-1/item-1", "rights/block-1/item-2", "rights/block-2",
        "contact/title", "contact/block-1",
    ]
    assert found["intro/block-2"].msgid == "Write to {{ email }}."
    assert all(entry.msgstr == "" for entry in found.values())
    # The `#:` comment points at the line the text is written on.
    path, line = found["logs/block-1"].occurrences[0]
    assert path == "policy_src/sections/data.yaml"
    assert (repo.path / path).read_text("utf-8").splitlines()[int(line) - 1].strip() == '"We keep server logs for ninety days."'
    po = polib.pofile(str(repo.path / PO))
    assert po.metadata["Language"] == "pt_BR"
    # Running it again changes nothing (no dates in the header).
    before = (repo.path / PO).read_bytes()
    again = policypress("translations", "update", cwd=repo.path)
    assert "unchanged" in again.stdout
    assert (repo.path / PO).read_bytes() == before


def test_a_source_change_turns_exactly_the_affected_entries_fuzzy(tmp_path: Path) -> None:
    repo = translated_repo(tmp_path)
    policypress("translations", "update", cwd=repo.path)
    translate_all(repo)
    # One paragraph reworded, one new paragraph inserted before another (which moves), one
    # subsection removed.
    repo.sections["intro"]["blocks"] = ["A new first paragraph.", "Acme runs the Acme service.", "Write to {{ email }}."]
    repo.sections["data"]["sections"][1]["blocks"] = ["We keep server logs for thirty days."]
    del repo.sections["data"]["sections"][0]
    repo.write_policy()
    result = policypress("translations", "update", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    found = entries(repo)
    fuzzy = {key for key, entry in found.items() if "fuzzy" in entry.flags}
    assert fuzzy == {"logs/block-1"}
    logs = found["logs/block-1"]
    assert logs.previous_msgid == "We keep server logs for ninety days."
    assert logs.msgstr == "PT We keep server logs for ninety days."
    # The inserted paragraph is new and empty; the ones after it keep their translations.
    assert found["intro/block-1"].msgstr == ""
    assert found["intro/block-2"].msgstr == "PT Acme runs the Acme service."
    assert found["intro/block-3"].msgstr == "PT Write to {{ email }}."
    # The removed subsection's entries are obsolete, kept for when the text comes back.
    obsolete = {entry.msgctxt for entry in polib.pofile(str(repo.path / PO)) if entry.obsolete}
    assert obsolete == {"accounts/title", "accounts/block-1"}
    assert "#~ msgctxt \"accounts/title\"" in (repo.path / PO).read_text("utf-8")
    # Status names the fuzzy and the missing entry with the PO file's path and line.
    status = policypress("translations", "status", cwd=repo.path)
    assert status.returncode == 1
    lines = (repo.path / PO).read_text("utf-8").splitlines()
    for key, word in (("logs/block-1", "fuzzy"), ("intro/block-1", "not translated")):
        match = re.search(rf"{re.escape(PO)}:(\d+): '{re.escape(key)}' .*{word}", status.stdout)
        assert match, status.stdout
        assert lines[int(match.group(1)) - 1].startswith("msgstr")
        assert f'msgctxt "{key}"' in lines[int(match.group(1)) - 3]


def test_status_and_check_fail_only_for_a_required_language(tmp_path: Path) -> None:
    repo = translated_repo(tmp_path)
    result = policypress("check", cwd=repo.path)
    assert result.returncode == 1
    assert f"{PO}:1:1: error: pt-BR is required for north, but there is no {PO}" in result.stderr
    policypress("translations", "update", cwd=repo.path)
    translate_all(repo)
    # Publishing the translation is a release, like any change readers see.
    repo.release("2026-02-01", "Portuguese translation.")
    repo.write_policy()
    assert policypress("translations", "status", cwd=repo.path).returncode == 0
    result = policypress("check", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    # A passage only the South (fallback) shows may stay untranslated…
    po = polib.pofile(str(repo.path / PO))
    po.find("Object to processing.", msgctxt="rights/block-1/item-2").msgstr = ""
    po.save()
    status = policypress("translations", "status", cwd=repo.path)
    assert status.returncode == 0, status.stdout
    assert "'rights/block-1/item-2'" in status.stdout and "not translated" in status.stdout
    assert policypress("check", cwd=repo.path).returncode == 0
    # …but one on the North's page (required) blocks the check, naming the PO entry.
    po.find("Northern readers may ask for a copy of their data.", msgctxt="north-rules/block-1").flags.append("fuzzy")
    po.save()
    lines = (repo.path / PO).read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text == 'msgctxt "north-rules/block-1"') + 2
    result = policypress("check", cwd=repo.path)
    assert result.returncode == 1
    assert f"{PO}:{line}:1: error: pt-BR is required for north: 'north-rules/block-1'" in result.stderr
    assert "fuzzy" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ('msgctxt "intro/title"\nmsgid "About"\nmsgstr "Sobre\n', (6, 8), "not closed"),
        ('msgctxt "intro/title"\nmsgid "About"\nmsgstr "Sobre" o "x"\n', (6, 8), "stray quote"),
        ('msgctxt "intro/title"\nmsgid "About"\nmsgstr "Sobre"\nmsgtxt "x"\n', (7, 1), "not valid in a PO file"),
        ('msgctxt "intro/title"\nmsgid "About"\nmsgstr "Sobre"\n\nmsgctxt "intro/title"\nmsgid "About"\nmsgstr "S"\n', (10, 1), "a second entry"),
        ('msgctxt "intro/block-2"\nmsgid "Write to {{ email }}."\nmsgstr "Escreva para {{ mail }}."\n', (6, 1), "placeholders"),
        ('msgctxt "intro/block-1"\nmsgid "Acme runs the Acme service."\nmsgstr "<b>Acme</b>"\n', (6, 1), "raw HTML"),
        ('msgctxt "intro/title"\nmsgid "About"\nmsgstr "So\u202ebre"\n', (6, 11), "invisible character U+202E"),
    ],
)
def test_a_bad_po_file_gets_a_located_message(tmp_path: Path, text: str, where: tuple[int, int], words: str) -> None:
    repo = translated_repo(tmp_path, north="fallback")
    (repo.path / PO).parent.mkdir(parents=True)
    (repo.path / PO).write_text('msgid ""\nmsgstr ""\n\n' + text, "utf-8")
    # `update` merges whatever parses (and rewrites the file): it sees syntax errors only.
    syntax = words in ("not closed", "stray quote", "not valid in a PO file", "invisible character U+202E")
    for command in (["translations", "status"], ["check"], *([["translations", "update"]] if syntax else [])):
        result = policypress(*command, cwd=repo.path)
        assert result.returncode == 1, (command, result.stdout)
        assert f"{PO}:{where[0]}:{where[1]}: error: " in result.stderr, result.stderr
        assert words in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("languages", "words"),
    [
        ({"pt-BR": "always"}, "is not one of ['required', 'fallback']"),
        ({"PT": "required"}, "BCP 47"),
        ({"xx-QQ": "required"}, "not a language PolicyPress knows"),
        ({"en-US": "fallback"}, "the language the policy is written in"),
        ({"pt-br": "required"}, "another region spells it 'pt-BR'"),
    ],
)
def test_languages_in_regions_yaml_are_checked_with_locations(tmp_path: Path, languages: dict[str, str], words: str) -> None:
    repo = translated_repo(tmp_path)
    repo.regions["regions"][2]["languages"] = languages
    repo.write_policy()
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 1
    assert re.search(r"policy_src/regions\.yaml:\d+:\d+: error: ", result.stderr), result.stderr
    assert words in result.stderr, result.stderr
