"""The import's self-check compares the sequence of words in and out (SPEC sections 13 and 17):
a word lost, added or moved stops the import at the place in the source where they part."""

from __future__ import annotations

from pathlib import Path

from conftest import policypress
from policypress.importer.order import SourceWords, check_order, placed_words
from policypress.importer.reading import Reading

LINES = [
    "Tarn Kites collects your name and your email.",
    "We keep them for one year.",
    "<!-- draft note -->",
    "Write to the kite shop.",
]


def _source() -> tuple[SourceWords, Reading]:
    reading = Reading("kites.md", LINES)
    parts = [(LINES[0], 0), (" ", 0), (LINES[1], 1), (" draft note ", 2), (" ", 2), (LINES[3], 3)]
    return placed_words(parts), reading


def _problems(written: str, left_out: str = "") -> list[str]:
    source, reading = _source()
    if left_out:
        reading.leave_out([2, 3], "HTML comment", "invisible to readers", left_out)
    check_order(source, written.split(), reading)
    return [str(p) for p in reading.problems]


def test_placed_words_join_pieces_as_inline_text_and_keep_each_word_s_line() -> None:
    words = placed_words([("Tarn ", 0), ("Ki", 1), ("tes", 2), (" fly", 3)])
    assert words.words == ("Tarn", "Kites", "fly")
    assert words.lines == (0, 1, 3)


def test_the_same_words_in_the_same_order_pass() -> None:
    text = " ".join([LINES[0], LINES[1], LINES[3]])
    assert _problems(text, "draft note") == []


def test_a_lost_word_stops_the_import_where_it_stood() -> None:
    text = " ".join([LINES[0], "We keep them for year.", LINES[3]])
    (problem,) = _problems(text, "draft note")
    assert problem.startswith("kites.md:2:18: error: the import would lose 'one'")
    assert "nothing was written" in problem


def test_left_out_words_must_be_reported_ones() -> None:
    (problem,) = _problems(" ".join([LINES[0], LINES[1], LINES[3]]))
    assert problem.startswith("kites.md:3:6: error: the import would lose 'draft note'")


def test_a_moved_passage_stops_the_import_though_every_word_is_there() -> None:
    # Same words, same counts: only the order tells.
    text = " ".join([LINES[1], LINES[0], LINES[3]])
    (problem,) = _problems(text, "draft note")
    assert problem.startswith("kites.md:1:1: error: the import would write 'We keep them for one year.' "
                              "(which the source has at line 2, column 1) here, before 'Tarn Kites collects")


def test_one_word_moved_is_caught() -> None:
    text = " ".join([LINES[0], "We keep them for one year.", "Write the to kite shop."])
    (problem,) = _problems(text, "draft note")
    assert problem.startswith("kites.md:4:7: error: the import would write 'the' (which the source has at line 4, column 10) here")


def test_a_word_added_is_caught_where_it_would_stand() -> None:
    text = " ".join([LINES[0], "We keep them for one whole year.", LINES[3]])
    (problem,) = _problems(text, "draft note")
    assert problem.startswith("kites.md:2:22: error: the import would write words the source does not have ('whole') here")


def test_a_word_file_has_no_lines_so_its_problem_quotes_the_passage() -> None:
    source, _ = _source()
    reading = Reading("counsel.docx", [], whole_file=True)
    check_order(source, " ".join([LINES[1], LINES[0], LINES[3], "draft note"]).split(), reading)
    (problem,) = reading.problems
    assert str(problem).startswith("counsel.docx: error: the import would write 'We keep them for one year.' here")


# Words written between a table's rows: a browser shows them before the table, and so would the
# import; the source has them between the rows, so the order check stops it.
STRAY = """<h1>Osprey Boats Privacy Notice</h1>
<h2>What we keep</h2>
<table><tr><th>Data</th><th>Kept for</th></tr>
<tr><td>Your name</td><td>1 year</td></tr>
and our partners
<tr><td>Your email</td><td>2 years</td></tr></table>
"""


def test_import_that_would_move_words_stops_with_their_location_and_writes_nothing(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "osprey.html"
    source.write_text(STRAY)
    before = {p: p.read_bytes() for p in (project / "policy_src").rglob("*") if p.is_file()}
    result = policypress("import", str(source), cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{source}:3:16: error: the import would write 'and our partners' "
                                    "(which the source has at line 5, column 1) here, before 'Data Kept for Your name")
    assert "nothing was written" in result.stderr
    assert "please report" not in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in (project / "policy_src").rglob("*") if p.is_file()} == before
