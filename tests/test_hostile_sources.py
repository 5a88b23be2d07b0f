"""Hostile text in sources is refused by `validate` with a clear message (or, in code spans,
shown as written: see test_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import policypress

CONTACT = "policy_src/sections/contact.yaml"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("<script>alert(1)</script>", "raw HTML ('<script>') is not allowed in policy text"),
        ('<img src=x onerror="alert(1)">', "raw HTML ('<img src=x onerror=\"alert(1)\">') is not allowed"),
        ("<div onclick='alert(1)'>Click</div>", "raw HTML ('<div onclick='alert(1)'>') is not allowed"),
        ("[Click](javascript:alert(1))", "link to 'javascript:alert(1' is not allowed"),
        ("[Click](&#106;avascript:alert(1))", "link to '&#106;avascript:alert(1' is not allowed"),
        ("[Click][x]\n\n[x]: javascript:alert(1)", "link to 'javascript:alert(1)' is not allowed"),
        ("<!-- hidden -->", "raw HTML ('<!-- hidden -->') is not allowed"),
        ("{% if true %}x{% endif %}", "'{%' is template syntax, which policy text cannot use"),
        ("{{ 7 * 7 }}", "'{{ 7 * 7 }}' is neither a placeholder"),
        ("{{ settings.__class__ }}", "'{{ settings.__class__ }}' is neither a placeholder"),
    ],
)
def test_hostile_text_is_refused(payload: str, message: str, project: Path) -> None:
    path = project / CONTACT
    path.write_text(path.read_text().replace("  - Connic\n", "  - |-\n" + "".join(f"    {line}\n" for line in payload.splitlines()), 1))
    result = policypress("validate", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"^{re.escape(CONTACT)}:\d+:\d+: error: .*{re.escape(message)}", result.stderr, re.MULTILINE), result.stderr


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("policy_src/regions.yaml", "name: Brazil", "name: Brazil <b>now</b>", "in the name of region 'brazil': raw HTML"),
        ("policy_src/settings.yaml", "privacy_email: privacy@connic.co", "privacy_email: <a href=x>privacy</a>",
         "in 'privacy_email': raw HTML"),
        ("policy_src/settings.yaml", "privacy_email: privacy@connic.co", "privacy_email: '{{ dpo_email }}'",
         "in 'privacy_email': template syntax is not allowed"),
        ("policy_src/releases.yaml", "summary: First published version.", "summary: First <script>x</script>",
         "in the summary: raw HTML"),
    ],
)
def test_hostile_settings_and_names_are_refused(file: str, old: str, new: str, message: str, project: Path) -> None:
    path = project / file
    path.write_text(path.read_text().replace(old, new))
    result = policypress("validate", cwd=project)
    assert result.returncode == 1 and message in result.stderr, result.stderr


def test_markdown_autolinks_and_comparisons_are_not_html(project: Path) -> None:
    path = project / CONTACT
    path.write_text(path.read_text().replace("  - Connic\n", "  - Connic <https://example.org/> <privacy@example.org>, 1 < 2 > 0\n", 1))
    assert policypress("validate", cwd=project).returncode == 0
