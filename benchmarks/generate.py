"""Make a real git repository holding N releases of a synthetic policy the size of the seed.

The text is generated (deterministically, from a seed) so that no policy text is invented for
a real company; its shape follows the Connic policy: 15 sections, about 55 subsections and
270 paragraphs and list items, about 35 kB, tagged for the same seven regions. Each release
changes a few passages spread over sections and regions; about one in five is material.

    python benchmarks/generate.py --releases 100 --out /tmp/bench-100
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
WORDS = (
    "account access address agent analytics apply basis billing business choose collect communicate "
    "company consent contact contract cookies customer data delete deploy describe device disclose "
    "email ensure provide example export request information interest legal limit location log "
    "maintain manage measure notice obligation operate partner payment period personal platform "
    "policy portability preference process processor profile protect provider purpose receive record "
    "region relevant remove request require retain review right secure security service session "
    "share standard store subscription support system technical third transfer update usage use user"
).split()
SUBSECTIONS = [0, 0, 4, 6, 6, 2, 3, 2, 5, 6, 0, 0, 0, 6, 0]
REGIONS = {
    "tags": {"gdpr": "GDPR passages", "uk": "United Kingdom only", "ccpa": "California", "other": "Other laws"},
    "regions": [
        {"id": "eea", "name": "European Economic Area", "tags": ["gdpr"]},
        {"id": "uk", "name": "United Kingdom", "tags": ["gdpr", "uk"]},
        {"id": "switzerland", "name": "Switzerland", "tags": ["gdpr"]},
        {"id": "california", "name": "California", "tags": ["ccpa"]},
        {"id": "us-states", "name": "Other US states", "tags": ["other"]},
        {"id": "brazil", "name": "Brazil", "tags": ["other"]},
        {"id": "global", "name": "Rest of the world", "tags": ["other"]},
    ],
}


def sentence(rng: random.Random, words: int = 18) -> str:
    chosen = [rng.choice(WORDS) for _ in range(rng.randint(max(2, words - 6), words + 6))]
    return " ".join(chosen).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, 14) for _ in range(rng.randint(1, 2)))


def blocks(rng: random.Random, count: int) -> list[Any]:
    out: list[Any] = []
    for _ in range(count):
        if rng.random() < 0.3:
            out.append({"items": [sentence(rng, 10) for _ in range(rng.randint(2, 5))]})
        else:
            out.append(paragraph(rng))
    return out


def make_policy(rng: random.Random) -> dict[str, Any]:
    sections = {}
    for number, subsections in enumerate(SUBSECTIONS, start=1):
        section_id = f"section-{number}"
        section: dict[str, Any] = {"id": section_id, "title": sentence(rng, 4)[:-1], "blocks": blocks(rng, 2)}
        if number == 8:
            section["tags"] = ["gdpr"]
        if number == 14:
            section["tags"] = ["ccpa"]
        if subsections:
            section["sections"] = []
            for sub in range(1, subsections + 1):
                child: dict[str, Any] = {"id": f"{section_id}-{sub}", "title": sentence(rng, 5)[:-1], "blocks": blocks(rng, 3)}
                if number == 9:
                    child["tags"] = [["gdpr"], ["ccpa"], ["other"], None, None, None][sub - 1]
                    if child["tags"] is None:
                        del child["tags"]
                if number == 4:
                    child["blocks"].append({"text": "Legal basis: " + sentence(rng), "tags": ["gdpr"]})
                section["sections"].append(child)
        sections[section_id] = section
    sections["section-8"]["blocks"].append({"items": [sentence(rng), {"text": sentence(rng), "tags": ["uk"]}]})
    return sections


def change(rng: random.Random, sections: dict[str, Any]) -> None:
    """One editorial change somewhere: reword, add or drop a passage, rename a subsection."""
    section = sections[rng.choice(list(sections))]
    target = rng.choice(section.get("sections") or [section])
    kind = rng.random()
    texts = [i for i, b in enumerate(target["blocks"]) if isinstance(b, str)]
    if kind < 0.6 and texts:
        index = rng.choice(texts)
        words = target["blocks"][index].split()
        position = rng.randrange(len(words))
        words[position : position + 3] = [rng.choice(WORDS) for _ in range(rng.randint(1, 4))]
        target["blocks"][index] = " ".join(words)
    elif kind < 0.8:
        target["blocks"].insert(rng.randrange(len(target["blocks"]) + 1), paragraph(rng))
    elif kind < 0.9 and len(target["blocks"]) > 1:
        del target["blocks"][rng.randrange(len(target["blocks"]))]
    else:
        target["title"] = sentence(rng, 4)[:-1]


def dump(data: Any, header: str) -> str:
    yaml = YAML()
    yaml.representer.ignore_aliases = lambda *args: True  # editors write no anchors
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(data, out)
    return header + out.getvalue()


def write(repo: Path, sections: dict[str, Any], releases: list[dict[str, Any]], document: str = "", title: str = "Privacy Policy") -> None:
    """One document's files: the primary at the root of policy_src/, others under documents/."""
    src = repo / "policy_src" / ("documents/" + document if document else "")
    up = "../" * (3 if document else 1)
    shutil.rmtree(src / "sections", ignore_errors=True)
    (src / "sections").mkdir(parents=True)
    schema = "# yaml-language-server: $schema={}build_hooks/policypress/schemas/{}.schema.json\n"
    settings = {
        "format": 1, "title": title, "controller": "Example Co", "notice_days": 30, "recent_days": 30,
        "timezone": "UTC", "locale": "en_US", "placeholders": {"email": "privacy@example.test"},
        "sections": list(sections),
    }
    (src / "settings.yaml").write_text(dump(settings, schema.format(up, "settings")))
    if not document:
        (src / "regions.yaml").write_text(dump(REGIONS, schema.format(up, "regions")))
    (src / "releases.yaml").write_text(dump(releases, schema.format(up, "releases")))
    for section_id, section in sections.items():
        (src / "sections" / f"{section_id}.yaml").write_text(dump(section, schema.format(up + "../", "section")))


def git(repo: Path, *args: str, day: date | None = None) -> None:
    env = dict(os.environ)
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day.isoformat()}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def generate(out: Path, releases: int, seed: int = 20251219, documents: int = 1) -> Path:
    """Create the repository at `out` (replacing it) and return its path.

    With `documents` > 1, further documents of the same size (policy_src/documents/doc-N/)
    get their own releases, in the same weekly commits: each document has `releases` releases."""
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in ("docs", "overrides"):
        shutil.copytree(REPO / name, out / name)
    (out / "build_hooks").mkdir()
    shutil.copy(REPO / "build_hooks" / "mkdocs_hooks.py", out / "build_hooks")
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    git(out, "init", "-q", "-b", "main")
    (out / ".gitignore").write_text(".cache/\n")  # publishing builds keep rendered pages there
    git(out, "config", "user.email", "bench@example.test")
    git(out, "config", "user.name", "Benchmark")
    names = ["", *(f"doc-{n}" for n in range(2, documents + 1))]
    texts = {name: make_policy(rng) for name in names}
    logs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    latest = {name: date(2020, 1, 1) for name in names}
    day = date(2020, 1, 1)
    for number in range(releases):
        for name in names:
            sections = texts[name]
            if number:
                for _ in range(rng.randint(1, 3)):
                    change(rng, sections)
            material = number > 0 and rng.random() < 0.2
            effective = max(day + timedelta(days=30 if material else 0), latest[name])
            entry: dict[str, Any] = {"version": f"{day.isoformat()}", "published": day, "material": material,
                                     "summary": sentence(rng, 10)}
            if effective != day + timedelta(days=30 if material else 0):
                entry["effective"] = effective
            logs[name].append(entry)
            latest[name] = effective
            write(out, sections, logs[name], name, "Privacy Policy" if not name else f"Document {name[4:]}")
        git(out, "add", "-A")
        git(out, "commit", "-q", "-m", f"Release {entry['version']}", day=day)
        day += timedelta(days=7)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--documents", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.releases, documents=args.documents)
    print(f"{args.out}: {args.releases} releases")


if __name__ == "__main__":
    main()
