"""Passages converted apart from their page (policypress.kept.passages) give exactly the HTML
that converting the whole page gives: on every generated page, on Markdown built to trip the
splitting up, and in a whole MkDocs build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import markdown
import pytest

from conftest import AS_OF, REPO, run
from policy_repo import PolicyRepo
from policypress.kept.passages import PassageCache, join_passages, split_passages
from policypress.site import build_site

# Those of mkdocs.yml, PolicyPress's and MkDocs's own (toc, tables, fenced_code).
EXTENSIONS = ["attr_list", "md_in_html", "tables", "sane_lists", "toc", "fenced_code"]
CONFIGS = {"toc": {"permalink": False}}


def whole(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(text)


def by_passages(text: str) -> str | None:
    skeleton, passages = split_passages(text)
    cache = PassageCache()
    convert = cache.converter("test", lambda: whole)
    return join_passages(whole(skeleton), passages, convert)


def pages_of(root: Path, **kwargs: bool) -> dict[str, str]:
    site = build_site(root, {"POLICYPRESS_AS_OF": AS_OF}, datetime.now(UTC), site_url="https://example.test/p/", **kwargs)
    return {page.uri: page.markdown.split("---\n", 2)[2] for page in site.pages}


def test_every_page_of_the_published_policy_converts_the_same() -> None:
    pages = pages_of(REPO)
    assert len(pages) > 10
    split = 0
    for uri, text in pages.items():
        assert by_passages(text) == whole(text), uri
        split += len(split_passages(text)[1])
    assert split > 100  # the policy pages were split, not left whole


def test_pages_with_lists_tables_links_and_a_draft_convert_the_same(tmp_path: Path) -> None:
    repo = PolicyRepo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.sections["data"]["blocks"] = [
        {"items": ["One thing we collect, described at length.", "Another thing we collect, also described."]},
        {"items": ["A second list right after the first one.", "It must not merge with the first."], "numbered": True},
        {"table": {"header": ["Data", "Kept for"], "rows": [["Logs", "ninety days"], ["Accounts", "while the account exists"]]}},
        "Plain text after the table, long enough to be a passage of its own.",
    ]
    repo.settings["format"] = 2  # tables and numbered lists
    repo.write_policy()
    raw = 0
    for uri, text in pages_of(repo.path, preview=True).items():
        assert by_passages(text) == whole(text), uri
        raw += sum(token.startswith("PolicyPressRaw") for token in split_passages(text)[1])
    assert raw >= 2  # the redlines (the first release's and the draft's) were put back as they are


@pytest.mark.parametrize(
    "text",
    [
        "# T\n\nA paragraph that is long enough to be a passage.\n\n## H { #h }\n\nAnother long passage with *emphasis* here.\n",
        "<div markdown>\n\n- a list item that is long enough\n- and another one\n\n<!-- -->\n\n1. numbered\n2. list\n\n</div>\n",
        "# T\n\nSetext heading, long enough to be a passage\n---\n\nText.\n",
        "# T\n\n    indented code that is long enough to count\n\n## U\n",
        "# T\n\nA link to [another page](other.md) in a long enough passage.\n",
        "# T\n\nA paragraph with an attribute list, long enough.\n{: .note }\n",
        "<div markdown=\"0\">\n\nRaw text inside a raw block, long enough to be a passage.\n\n</div>\n",
        "# T\n\n```\nA fence opened in one passage, long enough\n\n## H\n\nand closed in another.\n```\n",
        "# T\n\n| a | b |\n| --- | --- |\n| a table cell long enough | to be a passage |\n",
        "- item of a list before a heading, long enough\n\n## H\n\n    continuation that would be code\n",
        # Raw blocks, as redlines are: nested elements, entities, comments, a closing tag that
        # shares a line, a block the next paragraph runs into, one not set off before.
        '<div class="redline" markdown="0">\n<h2 id="s">Summary</h2>\n<div class="a">\n<div>in</div>\n</div>\n'
        '<details>\n<summary>2 unchanged</summary>\n<p>a &amp; b &lt;c&gt; &#169; <!-- note --></p>\n</details>\n</div>\n\n'
        "A passage after the raw block, long enough to be one.\n",
        '# T\n\n<div markdown="0">\n<p>closed on the same line</p></div>\n\nText after it, long enough to be a passage.\n',
        '# T\n\n<div markdown="0">\n<p>x</p>\n</div>\nA paragraph right after the block, long enough.\n',
        'Text right before the block, long enough to be a passage.\n<div markdown="0">\n<p>x</p>\n</div>\n',
        '<div markdown="0">\n<p>one</p>\n</div>\n\n<div markdown="0">\n<p>two</p>\n</div>\n\n## After { #after }\n',
    ],
)
def test_tricky_markdown_converts_the_same_or_whole(text: str) -> None:
    joined = by_passages(text)
    # None means the page is converted whole (what the MkDocs hook then does).
    assert joined is None or joined == whole(text)


def test_a_placeholder_that_is_not_its_own_paragraph_makes_the_page_convert_whole() -> None:
    skeleton, passages = split_passages("# T\n\nA passage that is long enough to be split off.\n")
    (token,) = passages
    assert join_passages(f"<h1>T</h1>\n<p>{token} and more</p>", passages, whole) is None
    assert join_passages(f"<h1>T</h1>\n<p>{token}</p>", passages, whole) == (
        "<h1>T</h1>\n<p>A passage that is long enough to be split off.</p>"
    )


def verbose_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose", "-d", str(site_dir)], project)


def test_a_build_with_passages_split_equals_one_without(project: Path, tmp_path: Path) -> None:
    split_site = tmp_path / "split"
    result = verbose_build(project, split_site)
    assert result.returncode == 0, result.stderr
    split = re.search(r"PolicyPress: (\d+) passages of (\d+) pages converted apart", result.stderr)
    assert split and int(split[1]) > 100 and int(split[2]) > 10, result.stderr[-2000:]
    # An extension outside the splittable set turns splitting off (abbr changes nothing here).
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("markdown_extensions:\n", "markdown_extensions:\n  - abbr\n"), "utf-8")
    whole_site = tmp_path / "whole"
    result = verbose_build(project, whole_site)
    assert result.returncode == 0, result.stderr
    assert "converted apart" not in result.stderr

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    expected, actual = tree(whole_site), tree(split_site)
    assert sorted(actual) == sorted(expected)
    differing = [name for name in expected if actual[name] != expected[name]]
    assert not differing, differing[:10]
    assert os.path.getsize(split_site / "index.html") > 0
