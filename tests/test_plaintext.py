"""The published plain text (`policypress.plaintext`): format 1 byte for byte as before, format 2's
lists, tables and preamble as README describes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blocks_sources import block_sections, format_2_settings, load, write_sources
from policy_repo import base_sections

from policypress.assemble import assemble
from policypress.plaintext import text_sha256, view_text

# The plain text of a format-1 policy, recorded with PolicyPress before format 2 existed: the
# sha256 of every version published so far depends on it never changing.
FORMAT_1_TEXT = {
    "full": "Test Policy\n1. About\nAcme runs the Acme service.\nWrite to privacy@example.test.\n2. Data\nWe collect what you give us.\n2.1 Accounts\nWe keep your name and e-mail address.\n2.2 Logs\nWe keep server logs for ninety days.\n2.3 Northern rules\nNorthern readers may ask for a copy of their data.\n3. Your rights\n- Ask for a copy.\n- Object to processing.\nSee Section 2 for what we collect.\n- Erase your data, see Section 4.\n- Complain to the regulator.\n4. Contact\nAcme, 1 Test Street.\n",
    "north": "Test Policy\n1. About\nAcme runs the Acme service.\nWrite to privacy@example.test.\n2. Data\nWe collect what you give us.\n2.1 Accounts\nWe keep your name and e-mail address.\n2.2 Logs\nWe keep server logs for ninety days.\n2.3 Northern rules\nNorthern readers may ask for a copy of their data.\n3. Your rights\n- Ask for a copy.\nSee Section 2 for what we collect.\n- Erase your data, see Section 4.\n- Complain to the regulator.\n4. Contact\nAcme, 1 Test Street.\n",
    "south": "Test Policy\n1. About\nAcme runs the Acme service.\nWrite to privacy@example.test.\n2. Data\nWe collect what you give us.\n2.1 Accounts\nWe keep your name and e-mail address.\n2.2 Logs\nWe keep server logs for ninety days.\n3. Your rights\n- Ask for a copy.\n- Object to processing.\nSee Section 2 for what we collect.\n4. Contact\nAcme, 1 Test Street.\n",
    "west": "Test Policy\n1. About\nAcme runs the Acme service.\nWrite to privacy@example.test.\n2. Data\nWe collect what you give us.\n2.1 Accounts\nWe keep your name and e-mail address.\n2.2 Logs\nWe keep server logs for ninety days.\n3. Your rights\n- Ask for a copy.\nSee Section 2 for what we collect.\n4. Contact\nAcme, 1 Test Street.\n",
}
FORMAT_1_SHA256 = {
    "full": "68e989c36bf2bd172220ff5932a692e46384f02e789866d4e9c6c74b4f544a47",
    "north": "048e4b9874a74a1ed3d0ec318d4c623255b5ef5cd82143a6264088773c471731",
    "south": "c1042c6963fa64d667047ba6a73faaa45f59716301af453442dc53dc707d011b",
    "west": "db044dab69b371b8d04d1b57dbc0cc29fd323a3ebbe054677878acadb596117a",
}

# sha256 of the repository's own versions as published before format 2 (api/policy.json).
PUBLISHED = {
    ("full", "2025-12-19"): "1b26aeba6c2d250e7e966dc0e37d18ace5ea84cc185e223438e893d332877851",
    ("eea", "2025-12-19"): "f69414a915527087698eadd91f3883bdc86cd863193308d9efa57f07887ced55",
    ("uk", "2025-12-19"): "cc271ec5438462b31a5ebdfb5f9b4d3dd0bd782030c91924a49a394adad186dc",
    ("switzerland", "2025-12-19"): "f69414a915527087698eadd91f3883bdc86cd863193308d9efa57f07887ced55",
    ("california", "2025-12-19"): "740e53e621327adf68199ca5a34ad6b393048478d5509bac0b73d9b996dd59b0",
    ("us-states", "2025-12-19"): "7f9985868ff77d1259fbbfa78a8a8cbff873a6b413152a894aad370e764f27b8",
    ("brazil", "2025-12-19"): "7f9985868ff77d1259fbbfa78a8a8cbff873a6b413152a894aad370e764f27b8",
    ("global", "2025-12-19"): "7f9985868ff77d1259fbbfa78a8a8cbff873a6b413152a894aad370e764f27b8",
}


def format_1_sections() -> dict:
    sections = base_sections()
    sections["rights"]["blocks"].append(
        {"items": ["**Erase** your data, see {{ section:contact }}.", "Complain to\nthe regulator."], "tags": ["north-law"]}
    )
    return sections


@pytest.mark.parametrize("scope", sorted(FORMAT_1_TEXT))
def test_format_1_text_is_byte_identical(scope: str, tmp_path: Path) -> None:
    policy = load(write_sources(tmp_path, format_1_sections()))
    assert policy.settings.format == 1
    text = view_text(assemble(policy, None if scope == "full" else policy.region(scope)))
    assert text == FORMAT_1_TEXT[scope]
    assert text_sha256(text) == FORMAT_1_SHA256[scope]


def test_published_versions_keep_their_sha256(built_site: Path) -> None:
    data = json.loads((built_site / "api" / "policy.json").read_text("utf-8"))
    found = {(scope["id"], v["version"]): v["sha256"] for scope in [data["full"], *data["regions"]] for v in scope["versions"]}
    assert {key: found.get(key) for key in PUBLISHED} == PUBLISHED


FORMAT_2_SOUTH = """Test Policy
This policy explains what Acme does with your data.
1. About
Acme runs the Acme service.
Write to privacy@example.test.
2. Data
We collect what you give us.
Cookie | Purpose | Kept for
session | Keeps you signed in; see Section 4 | Until you sign out
south-count | Counts visits from the South | 
3. Third step.
4. Fourth step, in parts:
  - Part one.
  - Part two, numbered:
    1. Sub one.
    2. Sub two.
  - Part three, southern only.
- A bulleted list right after a numbered one.
2.1 Accounts
We keep your name and e-mail address.
2.1.1 A heading with nothing under it
2.1.2 Level three
2.1.2.1 Level four
2.1.2.1.1 Level five
Five levels down.
2.1.2.2 Level four, everywhere
See Section 2.1.2.
2.2 Logs
We keep server logs for ninety days.
3. Your rights
- Ask for a copy.
- Object to processing.
See Section 2 for what we collect.
4. Contact
Acme, 1 Test Street.
"""


def test_format_2_text_of_lists_tables_and_preamble(tmp_path: Path) -> None:
    policy = load(write_sources(tmp_path, block_sections(), format_2_settings()))
    assert view_text(assemble(policy, policy.region("south"))) == FORMAT_2_SOUTH
