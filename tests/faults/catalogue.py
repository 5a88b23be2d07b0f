"""The fault catalogue: broken sources and release logs, each with where it must be reported.

A case changes one file of a copy of the real policy (`apply`); the expected line is where the
marker text sits in the reported file, so tests check locations, not just messages.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

@dataclass(frozen=True)
class Case:
    name: str
    path: str
    old: str
    new: str
    message: str
    marker: str
    """Text on the line the problem should be reported at (in the broken file)."""
    raw: bytes | None = None
    at: str | None = None
    """The file the problem is reported in, when it is not the broken one."""
    last: bool = False
    """Whether the marker's last occurrence (not its first) is where the problem is."""
    commit: bool = False
    """Commit the broken file: release-log rules are about what the history holds."""
    prepare: Callable[[Path], None] | None = None
    """Anything else the case needs done to the project before the edit."""


def line_of(text: str, marker: str, last: bool = False) -> int:
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert lines, f"marker {marker!r} not in file"
    return lines[-1] if last else lines[0]


VALIDATE_CASES = [
    Case("tab indentation", "policy_src/settings.yaml", "  dpo_email:", "\tdpo_email:",
         "YAML syntax", "dpo_email:"),
    Case("unknown key", "policy_src/settings.yaml", "title: Privacy Policy", "titel: Privacy Policy",
         "unknown key 'titel'", "titel:"),
    Case("missing required key", "policy_src/sections/cookies.yaml", "title: Cookies and Tracking Technologies\n", "",
         "missing required key 'title'", "id: cookies"),
    Case("wrong type", "policy_src/settings.yaml", "notice_days: 30", "notice_days: thirty",
         "notice_days must be a whole number", "notice_days:"),
    Case("unknown tag on a region", "policy_src/regions.yaml", "tags: [gdpr, uk]", "tags: [gdpr, ukk]",
         "unknown jurisdiction tag 'ukk'", "- id: uk"),
    Case("duplicate region id", "policy_src/regions.yaml", "- id: switzerland", "- id: eea",
         "region id 'eea' is used twice", "- id: eea", last=True),
    Case("unknown placeholder", "policy_src/sections/childrens-privacy.yaml", "{{ privacy_email }}",
         "{{ privacy_mail }}", "unknown placeholder '{{ privacy_mail }}'", "please contact us at"),
    Case("unknown reference", "policy_src/sections/information-we-collect.yaml", "{{ section:cookies }}",
         "{{ section:cookie }}", "reference to unknown section 'cookie'", "See {{ section:cookie }}"),
    Case("reference to a section missing from some pages", "policy_src/sections/introduction.yaml",
         "we have noted this in the relevant sections.",
         "we have noted this in the relevant sections, e.g. {{ section:california-rights }}.",
         "not on the page of brazil, eea, global, switzerland, uk, us-states", "we have noted this"),
    Case("duplicate section id", "policy_src/sections/data-security.yaml", "id: security-measures",
         "id: retention-periods", "section id 'retention-periods' is already used", "id: retention-periods"),
    Case("unknown tag on a block", "policy_src/sections/contact.yaml", "tags: [gdpr]", "tags: [gdrp]",
         "unknown jurisdiction tag 'gdrp'", "- text: '**Right to Lodge"),
    Case("impossible date", "policy_src/releases.yaml", "published: 2025-12-19", "published: 2025-02-30",
         "published must be a real date", "published:"),
    Case("duplicate version", "policy_src/releases.yaml", "summary: First published version.\n",
         "summary: First published version.\n- version: \"2025-12-19\"\n  summary: Again.\n",
         "version '2025-12-19' is already in the release log", "- version:", last=True),
    Case("effective before published", "policy_src/releases.yaml", "  material: false",
         "  effective: 2025-12-01\n  material: false", "takes effect (2025-12-01) before it is published",
         "- version:"),
    Case("material for an unknown region", "policy_src/releases.yaml", "material: false",
         "material: [californa]", "'material' names unknown region 'californa'", "- version:"),
    Case("template syntax", "policy_src/sections/third-party-services.yaml", "This Privacy Policy does not apply",
         "This Privacy Policy {% if x %} does not apply", "'{%' is template syntax", "{% if x %}"),
    Case("section missing from the outline", "policy_src/settings.yaml", "  - childrens-privacy\n", "",
         "section 'childrens-privacy' is not in the 'sections' list", "id: childrens-privacy",
         at="policy_src/sections/childrens-privacy.yaml"),
    Case("content shown on no page", "policy_src/sections/international-transfers.yaml", "tags: [uk]",
         "tags: [ccpa]", "this list item appears on no region page", "**UK International Data Transfer"),
    Case("non-UTF-8 bytes", "policy_src/sections/introduction.yaml", "", "", "not valid UTF-8", "Connic operates",
         raw="Connic operates".encode()),
    Case("empty file", "policy_src/sections/contact.yaml", "", "", "the file is empty", "", raw=b""),
]


def apply(case: Case, project: Path) -> str:
    """Break the project as the case says; returns the broken file's text."""
    if case.prepare is not None:
        case.prepare(project)
    broken = _edit(case, project)
    if case.commit:
        stamp = {"GIT_AUTHOR_DATE": "2026-01-15T12:00:00Z", "GIT_COMMITTER_DATE": "2026-01-15T12:00:00Z"}
        for args in (["add", "-A"], ["-c", "user.name=E", "-c", "user.email=e@example.test", "commit", "-qm", case.name]):
            subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env={"PATH": "/usr/bin:/bin", **stamp})
    return broken


def _edit(case: Case, project: Path) -> str:
    target = project / case.path
    if case.raw is not None:
        if case.raw:  # corrupt the line holding the marker with a Latin-1 byte
            data = target.read_bytes().replace(case.raw, case.raw + b" caf\xe9", 1)
        else:
            data = b""
        target.write_bytes(data)
        return data.decode("latin-1")
    text = target.read_text("utf-8")
    assert case.old in text, f"{case.name}: {case.old!r} not in {case.path}"
    broken = text.replace(case.old, case.new, 1)
    target.write_text(broken, "utf-8")
    return broken


def expected_location(case: Case, project: Path, broken: str) -> str:
    """A regular expression for the problem line the case must produce."""
    reported_in = case.at or case.path
    text = (project / reported_in).read_text("utf-8") if case.at else broken
    line = line_of(text, case.marker, case.last) if case.marker else 1
    return rf"^{re.escape(reported_in)}:{line}:\d+: error: .*{re.escape(case.message)}"


def _large_file(project: Path) -> None:
    path = project / "policy_src" / "sections" / "appendix.yaml"
    path.write_text("id: appendix\ntitle: Appendix\nblocks:\n" + "  - Padding text for a very large file.\n" * 60_000)


def _link_outside(project: Path) -> None:
    outside = project.parent / "elsewhere.yaml"
    outside.write_text("id: elsewhere\ntitle: Elsewhere\nblocks: [Text nobody reviewed.]\n")
    (project / "policy_src" / "sections" / "elsewhere.yaml").symlink_to(outside)


def _second_release(project: Path) -> None:
    """Commit a second, published release (so that the log has an order to break)."""
    path = project / "policy_src" / "sections" / "contact.yaml"
    path.write_text(path.read_text().replace("within one month", "within four weeks"))
    log = project / "policy_src" / "releases.yaml"
    log.write_text(log.read_text() + '- version: "2026-01-10"\n  summary: Response time in weeks.\n')
    stamp = {"GIT_AUTHOR_DATE": "2026-01-10T12:00:00Z", "GIT_COMMITTER_DATE": "2026-01-10T12:00:00Z"}
    for args in (["add", "-A"], ["-c", "user.name=E", "-c", "user.email=e@example.test", "commit", "-qm", "Second"]):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, env={"PATH": "/usr/bin:/bin", **stamp})


S = "policy_src/settings.yaml"


def _format_1(project: Path) -> None:
    settings = project / S
    settings.write_text(settings.read_text().replace("format: 2 ", "format: 1 "))

R = "policy_src/regions.yaml"
L = "policy_src/releases.yaml"
SEC = "policy_src/sections/"

MORE_VALIDATE_CASES = [
    Case("unknown time zone", S, "timezone: UTC", "timezone: Mars/Olympus", "unknown time zone 'Mars/Olympus'", ""),
    Case("unknown locale", S, "locale: en_US", "locale: xx_YY", "unknown locale 'xx_YY'", ""),
    Case("newer source format", S, "format: 2 ", "format: 99 ", "newer than this PolicyPress reads", "format: 99"),
    Case("invalid placeholder name", S, "  dpo_email:", "  DPO-Email:", "placeholder names use lowercase", "privacy_email:"),
    Case("outline names a missing section", S, "  - contact\n", "  - contact\n  - annex\n",
         "the outline lists section 'annex'", ""),
    Case("unclosed quote", S, "title: Privacy Policy", 'title: "Privacy Policy', "the quote opened here is not closed",
         "title:"),
    Case("empty settings", S, "", "", "the file is empty", "", raw=b""),
    Case("settings not UTF-8", S, "", "", "not valid UTF-8", "controller:", raw=b"controller: Connic"),
    Case("reserved region id", R, "- id: global", "- id: full", "region id 'full' is reserved", "- id: full"),
    Case("region without a name", R, "    name: Brazil\n", "", "missing required key 'name'", "- id: brazil"),
    Case("region id in capitals", R, "- id: eea", "- id: EEA", "ids use lowercase letters", "- id: EEA"),
    Case("tags as a list", R, "tags:\n  gdpr:", "tags: [gdpr]\nold_tags:\n  gdpr:", "'tags' must be a mapping", "tags: [gdpr]"),
    Case("duplicate key", R, "  uk: Passages", "  gdpr: Again\n  uk: Passages", "duplicate key", "gdpr: Again"),
    Case("malformed placeholder", SEC + "childrens-privacy.yaml", "{{ privacy_email }}", "{{ Privacy Email }}",
         "is neither a placeholder", "please contact us at"),
    Case("section with no content", SEC + "third-party-services.yaml", "blocks:", "sections: []\nold_blocks:",
         "unknown key 'old_blocks'", "old_blocks:"),
    Case("empty section in format 1", SEC + "childrens-privacy.yaml", "title: Children's Privacy\n",
         "title: Children's Privacy\nsections:\n  - id: kids-annex\n    title: Annex\n",
         "section 'kids-annex' has no blocks and no subsections, which needs source format 2", "- id: kids-annex",
         prepare=lambda project: _format_1(project)),
    Case("table row of the wrong width", SEC + "childrens-privacy.yaml", "blocks:\n",
         "blocks:\n  - table:\n      header: [Age, Rule]\n      rows:\n        - [Under 13, Parental consent]\n        - [Under 18]\n",
         "row 2 of this table has 1 cell, but the header has 2", "- [Under 18]"),
    Case("block of the wrong type", SEC + "childrens-privacy.yaml", "blocks:\n", "blocks:\n  - 42\n",
         "text must be a non-empty string", "- 42"),
    Case("empty tag list", SEC + "contact.yaml", "tags: [gdpr]", "tags: []", "'tags' must not be empty", "tags: []"),
    Case("reference in a title", SEC + "childrens-privacy.yaml", "title: Children's Privacy",
         "title: Children's Privacy ({{ section:cookies }})", "a section title cannot refer to another section",
         "title: Children"),
    Case("unknown key in a block", SEC + "contact.yaml", "  - text: '**Right", "  - txt: x\n    text: '**Right",
         "unknown key 'txt'", "- txt: x"),
    Case("very large file", SEC + "appendix.yaml", "", "", "source files are limited to 2 MB", "", prepare=_large_file),
    Case("link outside policy_src", SEC + "elsewhere.yaml", "", "", "outside policy_src/", "", prepare=_link_outside),
    Case("reserved version", L, 'version: "2025-12-19"', 'version: "history"', "version 'history' is reserved",
         "- version:"),
    Case("version with spaces", L, 'version: "2025-12-19"', 'version: "Dec 19"', "versions use lowercase letters",
         "- version:"),
    Case("release without a summary", L, "  summary: First published version.\n", "",
         "missing required key 'summary'", "- version:"),
    Case("material with too little notice", L, "  material: false", "  effective: 2026-01-02\n  material: true",
         "is material but takes effect 14 days after it is published", "- version:"),
    Case("release log not a list", L, '- version: "2025-12-19"', 'version: "2025-12-19"\nx:', "must be a list",
         'version: "2025-12-19"'),
]

HISTORY_CASES = [
    Case("published release removed", L, '- version: "2026-01-10"', '- version: "2026-02-01"',
         "release '2026-01-10' was published", "", commit=True, prepare=_second_release),
    Case("published releases reordered", L, '- version: "2025-12-19"\n  published: 2025-12-19\n  material: false\n  summary: First published version.\n- version: "2026-01-10"\n  summary: Response time in weeks.\n',
         '- version: "2026-01-10"\n  summary: Response time in weeks.\n- version: "2025-12-19"\n  published: 2025-12-19\n  material: false\n  summary: First published version.\n',
         "release '2026-01-10' is out of place", '- version: "2026-01-10"', commit=True, prepare=_second_release),
    Case("release entry not committed", L, "summary: First published version.\n",
         'summary: First published version.\n- version: "2026-02-01"\n  summary: Not committed.\n',
         "release '2026-02-01' is in no commit", '- version: "2026-02-01"'),
    Case("text changed without a release", SEC + "contact.yaml", "within one month", "within four weeks",
         "differs from the latest release '2025-12-19', but releases.yaml has no new entry", "", at=L, commit=True),
    Case("effective before the commit's date", L, "summary: First published version.\n",
         'summary: First published version.\n- version: "2026-01-15"\n  effective: 2026-01-01\n  summary: Back-dated.\n',
         "takes effect (2026-01-01) before it is published (2026-01-15)", '- version: "2026-01-15"', commit=True),
    Case("material notice too short from the commit's date", L, "summary: First published version.\n",
         'summary: First published version.\n- version: "2026-01-15"\n  effective: 2026-01-20\n  material: [california]\n  summary: Soon.\n',
         "is material but takes effect 5 days after it is published", '- version: "2026-01-15"', commit=True),
    Case("effective before an earlier release's", L, "summary: First published version.\n",
         'summary: First published version.\n- version: "2026-01-15"\n  material: true\n  summary: Later.\n'
         '- version: "2026-01-16"\n  summary: Sooner.\n',
         "takes effect (2026-01-15) before the earlier release '2026-01-15' (2026-02-14)",
         '- version: "2026-01-16"', commit=True),
]

# --- Untrusted input (SPEC section 12) ----------------------------------------------------

def alias_bomb(levels: int) -> str:
    """A section file with the "billion laughs" pattern: 9**levels strings once expanded."""
    lines = ["id: bomb", "title: Bomb", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    lines.append(f"blocks: *l{levels}")
    return "\n".join(lines) + "\n"


def _writes(name: str, text: str) -> Callable[[Path], None]:
    def prepare(project: Path) -> None:
        (project / SEC / name).write_text(text, "utf-8")
    return prepare


INVISIBLE = {
    0x202A: "LEFT-TO-RIGHT EMBEDDING", 0x202B: "RIGHT-TO-LEFT EMBEDDING", 0x202C: "POP DIRECTIONAL FORMATTING",
    0x202D: "LEFT-TO-RIGHT OVERRIDE", 0x202E: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
    0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
    0x200B: "ZERO WIDTH SPACE", 0x200C: "ZERO WIDTH NON-JOINER", 0x200D: "ZERO WIDTH JOINER",
    0x2060: "WORD JOINER", 0xFEFF: "ZERO WIDTH NO-BREAK SPACE",
}
DIRECTION_MARKS = {0x200E: "LEFT-TO-RIGHT MARK", 0x200F: "RIGHT-TO-LEFT MARK", 0x061C: "ARABIC LETTER MARK"}

UNTRUSTED_CASES = [
    *[Case(f"alias bomb of {levels} levels", SEC + "bomb.yaml", "", "", "YAML anchor '&l0' is not allowed", "l0: &l0",
           prepare=_writes("bomb.yaml", alias_bomb(levels))) for levels in (3, 6, 9)],
    Case("merge key", SEC + "merged.yaml", "", "", "YAML merge key '<<' is not allowed", "<<:",
         prepare=_writes("merged.yaml", "id: merged\ntitle: Merged\nblocks:\n  - text: A tagged paragraph.\n"
                         "    <<: {tags: [gdpr]}\n")),
    Case("huge value", SEC + "huge.yaml", "", "", "a value of 1,500,000 characters", "- xxx",
         prepare=_writes("huge.yaml", "id: huge\ntitle: Huge\nblocks:\n  - " + "x" * 1_500_000 + "\n")),
    Case("deep nesting in brackets", SEC + "deep.yaml", "", "", "nested more than 32 levels deep", "blocks:",
         prepare=_writes("deep.yaml", "id: deep\ntitle: Deep\nblocks: " + "[" * 5_000 + "]" * 5_000 + "\n")),
    Case("deep nesting by indentation", SEC + "indented.yaml", "", "", "nested more than 32 levels deep", "k32:",
         prepare=_writes("indented.yaml", "id: indented\ntitle: Indented\n"
                         + "".join("  " * n + f"k{n}:\n" for n in range(60)) + "  " * 60 + "end\n")),
    Case("too many values", SEC + "many.yaml", "", "", "more than 20,000 values in one file", "blocks:",
         prepare=_writes("many.yaml", "id: many\ntitle: Many\nblocks: [" + "a, " * 30_000 + "a]\n")),
    *[Case(f"invisible U+{code:04X} in text", SEC + "introduction.yaml", "Connic operates", f"Connic{chr(code)} operates",
           f"U+{code:04X} {name}", "operates") for code, name in INVISIBLE.items()],
    *[Case(f"direction mark U+{code:04X} in an English policy", SEC + "introduction.yaml", "Connic operates",
           f"Connic{chr(code)} operates", f"U+{code:04X} {name}", "operates") for code, name in DIRECTION_MARKS.items()],
    Case("right-to-left override in settings", S, "title: Privacy Policy", "title: Privacy \u202ePolicy",
         "U+202E RIGHT-TO-LEFT OVERRIDE", "title:"),
    Case("zero-width space in a comment", R, "- id: eea", "- id: eea  # \u200b", "U+200B ZERO WIDTH SPACE", "- id: eea"),
    Case("bidi isolate in the release log", L, "summary: First published version.", "summary: First \u2066published version.",
         "U+2066 LEFT-TO-RIGHT ISOLATE", "summary:"),
]

CATALOGUE = VALIDATE_CASES + MORE_VALIDATE_CASES + HISTORY_CASES + UNTRUSTED_CASES
