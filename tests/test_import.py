"""`policypress import`: every word of a real-shaped policy reaches the built page, in order.

Fixtures in tests/fixtures/import/ are our own invented policies of fictional companies. Each
is imported into a copy of this repository, released, committed and built; the words of the
built /full/ page must be the words markdown-it shows for the original, minus exactly what the
import reported as left out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import REPO, mkdocs_build, policypress
from policy_repo import PolicyRepo
from policypress.errors import PolicyError
from policypress.importer.files import write_plan
from policypress.model import CURRENT_FORMAT
from policypress.importer.section_files import prepare_import
from policypress.sources import load_policy
from policypress.sources.tree import DirectoryTree

FIXTURES = Path(__file__).parent / "fixtures" / "import"
needs_format_2 = pytest.mark.skipif(
    CURRENT_FORMAT < 2, reason="tables, numbered and nested lists and the preamble need source format 2 (issue 11's model)"
)


def _glue(words: list[str]) -> list[str]:
    """Punctuation split off by get_text(" ") ("notice ." after a link) joined back to its word."""
    out: list[str] = []
    for word in words:
        if out and re.fullmatch(r"[.,;:!?)]+", word):
            out[-1] += word
        else:
            out.append(word)
    return out


def source_words(markdown: str) -> list[str]:
    """The words a reader of the original saw, without what import leaves out by design."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"^(?:Last updated|Effective date):.*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"\s*\{#[a-z0-9-]+\}", "", text)
    html = MarkdownIt("commonmark").enable("table").render(text)
    return _glue(BeautifulSoup(html, "html.parser").get_text(" ").split())


def page_words(page: BeautifulSoup) -> list[str]:
    """The words of a built policy page: title and text, without the numbers PolicyPress adds
    (nor the link under each heading to its section's history)."""
    for link in page.select(".policy-text .policy-section-history"):
        link.decompose()
    for heading in page.select(".policy-text h2, .policy-text h3, .policy-text h4, .policy-text h5, .policy-text h6"):
        words = heading.get_text(" ").split()
        if words and re.fullmatch(r"\d+(?:\.\d+)*\.?", words[0]):
            heading.string = " ".join(words[1:])
    title = page.find("h1")
    words = title.get_text(" ").split()
    for element in title.find_next_siblings():
        if {"policy-updated", "policy-meta"} & set(element.get("class") or []):
            continue
        words += element.get_text(" ").split()
    return _glue(words)


def import_release_build(project: Path, fixture: str, tmp_path: Path, *args: str) -> tuple[str, BeautifulSoup]:
    """Import a fixture, release it, commit, build; the import's report and the /full/ page."""
    result = policypress("import", str(FIXTURES / fixture), *args, cwd=project)
    assert result.returncode == 0, result.stderr
    released = policypress("release", "2026-02-01", "--summary", "Imported policy.", "--published", "2026-02-01", cwd=project)
    assert released.returncode == 0, released.stderr
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-02-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-02-01T12:00:00Z"}
    for git_args in (["add", "-A"], ["-c", "user.name=E", "-c", "user.email=e@example.test", "commit", "-q", "-m", "Import"]):
        subprocess.run(["git", *git_args], cwd=project, env=env, check=True, capture_output=True)
    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    return result.stdout, BeautifulSoup((site / "full" / "index.html").read_text("utf-8"), "html.parser")


def report_numbers(report: str) -> tuple[int, int, int]:
    match = re.search(r"Words in: (\d+)\. Words out: (\d+)\. Left out: (\d+)\.", report)
    assert match, report
    words_in, words_out, left_out = (int(n) for n in match.groups())
    assert words_in == words_out + left_out
    listed = sum(int(n) for n in re.findall(r"^  - line \d+: .*?, (\d+) words?:", report, re.MULTILINE))
    assert listed == left_out, report
    return words_in, words_out, left_out


def test_handbook_every_word_in_order_on_the_full_page(project: Path, tmp_path: Path) -> None:
    markdown = (FIXTURES / "handbook.md").read_text()
    report, page = import_release_build(project, "handbook.md", tmp_path)
    # Setext and deep headings nest (##### under #### under ### under a setext ##).
    assert [h.get_text(" ", strip=True) for h in page.select(".policy-text h5")] == ["2.1.1.1 Lost cards"]
    expected = source_words(markdown)
    assert page_words(page) == expected
    words_in, words_out, left_out = report_numbers(report)
    assert words_out == len(expected)
    for reason in ("front matter, 4 words", "HTML comment, 3 words", "HTML comment, 5 words",
                   "date line 'Last updated: March 3, 2024', 5 words", "(--published 2024-03-03)",
                   "date line 'Effective date: April 1, 2024', 5 words", "heading id '{#who-we-are}', 1 word"):
        assert reason in report
    # Anchors and {#id} give the ids; HTML became Markdown.
    assert page.find("h1").get_text() == "Lumen Bakery Privacy Notice"
    assert page.find(id="your-choices") and page.find(id="who-we-are") and page.find(id="what-we-collect")
    online = page.find(id="orders-placed-online").find_next("p")
    assert online.find("strong").get_text() == "strict" and online.find("em").get_text() == "short"
    assert online.find("a")["href"] == "https://payments.example/privacy"
    assert page.find("code", string="stamp_count")
    sections = project / "policy_src" / "sections"
    assert sorted(p.stem for p in sections.glob("*.yaml")) == ["how-long-we-keep-data", "what-we-collect", "who-we-are", "your-choices"]
    assert "title: Lumen Bakery Privacy Notice" in (project / "policy_src" / "settings.yaml").read_text()


@needs_format_2
def test_tables_and_lists_every_word_in_order_tables_and_nesting(project: Path, tmp_path: Path) -> None:
    markdown = (FIXTURES / "tables-lists.md").read_text()
    report, page = import_release_build(project, "tables-lists.md", tmp_path)
    assert page_words(page) == source_words(markdown)
    report_numbers(report)
    tables = page.select(".policy-text table")
    assert len(tables) == 2
    assert [th.get_text() for th in tables[0].select("th")] == ["Data", "Why we need it", "How long"]
    assert "Until the crossing | plus 30 days" in tables[0].get_text()
    assert page.select_one("ol[start='3'] > li > ul > li")  # a bulleted list nested in a numbered one
    assert page.select_one("ul > li > ol > li")
    assert page.select_one("ul > li > ul > li > ul > li")  # three levels
    assert "a preamble of 1 block" in report


def test_template_variables_stop_the_import_unless_defined(project: Path) -> None:
    before = subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True).stdout
    result = policypress("import", str(FIXTURES / "templates.md"), cwd=project)
    assert result.returncode == 1
    path = FIXTURES / "templates.md"
    assert f"{path}:1:3: error: '{{{{ site.company_name }}}}' is a template variable; give its value with --define site.company_name=VALUE" in result.stderr
    assert f"{path}:5:10: error: '{{{{ support_email }}}}' is a template variable" in result.stderr
    assert f"{path}:9:1: error:" in result.stderr and "Traceback" not in result.stderr
    assert subprocess.run(["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True).stdout == before

    result = policypress("import", str(path), "--define", "support_email=help@harbour.example",
                         "--define", "site.company_name=Lumen Bakery", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Filled from --define: site.company_name, support_email." in result.stdout
    settings = (project / "policy_src" / "settings.yaml").read_text()
    assert "support_email: help@harbour.example" in settings and "title: Lumen Bakery Terms of Privacy" in settings
    contact = (project / "policy_src" / "sections" / "contact.yaml").read_text()
    assert "Write to {{ support_email }} with any question" in contact
    assert "Lumen Bakery is registered in Tallinn." in (project / "policy_src" / "sections" / "company.yaml").read_text()
    assert policypress("validate", cwd=project).returncode == 0


def test_html_without_markdown_equivalent_and_template_tags_stop_the_import(project: Path) -> None:
    sections = sorted((project / "policy_src" / "sections").iterdir())
    result = policypress("import", str(FIXTURES / "refused.md"), cwd=project)
    assert result.returncode == 1
    path = FIXTURES / "refused.md"
    assert ":5:" not in result.stderr  # a <span> is unwrapped, its words kept (tests/test_import_inline_html.py)
    assert f"{path}:7:1: error: the HTML element <iframe> has no Markdown equivalent" in result.stderr
    assert f"{path}:9:1: error: '{{%' is template syntax" in result.stderr
    assert f"{path}:11:1: error: '{{%' is template syntax" in result.stderr
    assert sorted((project / "policy_src" / "sections").iterdir()) == sections


def test_a_table_row_wider_than_its_header_stops_the_import(project: Path, tmp_path: Path) -> None:
    # GFM drops cells beyond the header's width; import must refuse rather than lose them.
    source = tmp_path / "wide.md"
    source.write_text("# Terms\n\n## Fees\n\n| Plan | Fee |\n|---|---|\n| Basic | 5 | waived for students |\n| Pro \\| Team | 9 |\n")
    sections = sorted((project / "policy_src" / "sections").iterdir())
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 1, result.stdout
    assert f"{source}:7:1: error: this table row has 3 cells but the header has 2" in result.stderr
    assert ":8:" not in result.stderr  # an escaped pipe is text, not a cell boundary
    assert "Traceback" not in result.stderr
    assert sorted((project / "policy_src" / "sections").iterdir()) == sections


def test_import_writes_nothing_when_the_sources_would_not_validate(project: Path, tmp_path: Path) -> None:
    tags = tmp_path / "tags.yaml"
    tags.write_text("Your choices: [atlantis]\n")
    settings = (project / "policy_src" / "settings.yaml").read_text()
    result = policypress("import", str(FIXTURES / "handbook.md"), "--tags", str(tags), cwd=project)
    assert result.returncode == 1
    assert "the import would write this, which is not valid (nothing was written): unknown jurisdiction tag 'atlantis'" in result.stderr
    assert (project / "policy_src" / "settings.yaml").read_text() == settings
    assert (project / "policy_src" / "sections" / "cookies.yaml").exists()


def _commit(repo: Path, message: str, day: str) -> None:
    stamp = f"{day}T09:30:00+02:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, capture_output=True)
    subprocess.run(["git", "-c", "user.name=Old Editor", "-c", "user.email=old@example.test", "commit", "-q", "-m", message],
                   cwd=repo, env=env, check=True, capture_output=True)


def test_from_git_brings_history_with_renames_and_skips_versions_that_change_nothing(tmp_path: Path) -> None:
    old = tmp_path / "old-site"
    old.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=old, check=True)
    policy = old / "privacy.md"
    policy.write_text("# Orchard Privacy\n\nLast updated: May 1, 2019\n\n## Who we are\n\nWe are Orchard.\n")
    _commit(old, "First policy", "2019-05-01")
    policy.write_text(policy.read_text().replace("We are Orchard.", "We are Orchard Co-op."))
    _commit(old, "Name the co-op", "2020-03-02")
    (old / "legal").mkdir()
    subprocess.run(["git", "mv", "privacy.md", "legal/privacy.md"], cwd=old, check=True)
    _commit(old, "Move the policy to legal/", "2020-04-01")
    moved = old / "legal" / "privacy.md"
    moved.write_text(moved.read_text().replace("May 1, 2019", "April 2, 2020") + "\n<!-- checked by counsel -->\n")
    _commit(old, "Bump the date", "2020-04-02")
    moved.write_text(moved.read_text() + "\n## Contact\n\nWrite to the orchard office.\n")
    _commit(old, "Add a contact section", "2021-07-15")

    repo = PolicyRepo(tmp_path / "policy")
    repo.commit("Empty policy", "2019-01-01")
    result = policypress("import", "--from-git", str(old), "--path", "legal/privacy.md", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "(2020-04-01, 'Move the policy to legal/'): skipped, its imported text changes nothing" in result.stdout
    assert "(2020-04-02, 'Bump the date'): skipped, its imported text changes nothing" in result.stdout
    assert "Imported 5 versions of legal/privacy.md: 3 releases, 2 skipped." in result.stdout
    log = subprocess.run(["git", "log", "--format=%cI|%an|%s"], cwd=repo.path, capture_output=True, text=True).stdout.splitlines()
    assert log[:3] == [
        "2021-07-15T09:30:00+02:00|Old Editor|Import legal/privacy.md as of " + log[0].split(" as of ")[1].split(":")[0] + ": Add a contact section",
        log[1], log[2],
    ]
    assert [line.split("|")[0] for line in log[:3]] == ["2021-07-15T09:30:00+02:00", "2020-03-02T09:30:00+02:00", "2019-05-01T09:30:00+02:00"]
    releases = load_policy(DirectoryTree(repo.path)).releases
    assert [(r.version, str(r.published), r.summary) for r in releases] == [
        ("2019-05-01", "2019-05-01", "First policy"),
        ("2020-03-02", "2020-03-02", "Name the co-op"),
        ("2021-07-15", "2021-07-15", "Add a contact section"),
    ]
    site = tmp_path / "site"
    built = mkdocs_build(repo.path, site)
    assert built.returncode == 0, built.stderr
    assert "We are Orchard." in (site / "full" / "2019-05-01" / "index.html").read_text()
    changes = BeautifulSoup((site / "full" / "2020-03-02" / "changes" / "index.html").read_text(), "html.parser")
    assert "Co-op" in changes.get_text()
    assert [e["href"] for e in BeautifulSoup((site / "full" / "history" / "index.html").read_text(), "html.parser").select("a[href*='2020-03-02']")]


def test_a_release_that_changes_nothing_is_an_error(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.release("2026-01-20", "Nothing really.")
    repo.commit("Empty release", "2026-01-20")
    result = mkdocs_build(repo.path, tmp_path / "site")
    assert result.returncode == 1
    assert re.search(r"policy_src/releases.yaml:\d+:\d+: error: release '2026-01-20' changes nothing: every page reads "
                     r"as in release '2026-01-10'", result.stderr)
    checked = policypress("check", "--base", "HEAD~1", cwd=repo.path)
    assert checked.returncode == 1 and "release '2026-01-20' changes nothing" in checked.stderr


# -- property: generated Markdown never makes import write invalid sources or crash ------------

_WORD = st.sampled_from(["data", "we", "keep", "your", "name", "Acme", "e-mail", "30", "days", "law", "é", "&amp;", "x_y", "a*b"])
_INLINE = st.one_of(
    _WORD,
    _WORD.map(lambda w: f"**{w}**"),
    _WORD.map(lambda w: f"*{w}*"),
    _WORD.map(lambda w: f"`{w}`"),
    _WORD.map(lambda w: f"[{w}](https://example.test/{w.strip('&;*')})"),
    st.sampled_from(["<b>bold</b>", "<br>", "<em>it</em>", "<span>no</span>", "{{ name }}", "{% if %}", "<!-- note -->",
                     '<a name="anchor"></a>', "\\*", "|", "<code>c</code>", "[Section 1](#who)", "<u>under</u>",
                     '<font color="red">red</font>', "x<sup>1</sup>", '<img src="l.png" alt="logo">', "<iframe></iframe>"]),
)
_LINE = st.lists(_INLINE, min_size=1, max_size=6).map(" ".join)
_BLOCK = st.one_of(
    _LINE,
    st.tuples(st.integers(1, 6), _LINE).map(lambda t: "#" * t[0] + " " + t[1]),
    _LINE.map(lambda line: f"{line}\n{'=' * 3}"),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {i}" for i in items)),
    st.lists(_LINE, min_size=1, max_size=3).map(lambda items: "\n".join(f"{n + 2}. {i}" for n, i in enumerate(items))),
    st.tuples(_LINE, _LINE).map(lambda t: f"- {t[0]}\n  - {t[1]}"),
    st.tuples(_LINE, _LINE).map(lambda t: f"| {t[0]} | h |\n|---|---|\n| {t[1]} | c |"),
    _LINE.map(lambda line: f"> {line}"),
    # Blocks inside items and cells (source format 4), as converters and pages write them.
    st.tuples(_LINE, _LINE, _LINE).map(lambda t: f"| h | i |\n|---|---|\n| {t[0]} | *   {t[1]}<br>*   {t[2]}<br><br>{t[0]} |"),
    st.tuples(_LINE, _LINE).map(lambda t: f"| h |\n|---|\n| 1. {t[0]}<br>    - {t[1]}<br>2. {t[1]} |"),
    st.tuples(_LINE, _LINE, _LINE).map(lambda t: f"- {t[0]}\n\n  - {t[1]}\n\n  {t[2]}"),
    st.tuples(_WORD, _WORD).map(lambda t: f"<ul><li><p>{t[0]}</p><ul><li>{t[1]}</li></ul><p>{t[0]}</p></li></ul>"),
    _LINE.map(lambda line: f"```\n{line}\n```"),
    st.sampled_from(["<!-- hidden -->", "<table><tr><th>a</th></tr><tr><td>b</td></tr></table>", "<ul><li>one</li></ul>",
                     "---\n", "Last updated: May 1, 2024", "<div><p>para</p></div>", "<script>x</script>"]),
)
_DOCUMENT = st.lists(_BLOCK, min_size=1, max_size=10).map("\n\n".join)


@pytest.fixture(scope="module")
def empty_policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = PolicyRepo(tmp_path_factory.mktemp("property") / "repo")
    return repo.path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(markdown=_DOCUMENT)
def test_generated_markdown_never_makes_import_write_invalid_sources(empty_policy: Path, tmp_path_factory: pytest.TempPathFactory, markdown: str) -> None:
    root = tmp_path_factory.mktemp("import")
    shutil.copytree(empty_policy / "policy_src", root / "policy_src")
    try:
        plan, report = prepare_import(root, markdown, "generated.md", None, {})
    except PolicyError as error:
        assert all(str(p).startswith(("generated.md:", "policy_src/")) for p in error.problems)
        return
    write_plan(root, plan)
    load_policy(DirectoryTree(root))  # what import wrote is valid
    numbers = re.search(r"Words in: (\d+)\. Words out: (\d+)\. Left out: (\d+)\.", "\n".join(report))
    assert numbers and int(numbers[1]) == int(numbers[2]) + int(numbers[3])
    json.dumps(plan)
