"""Builds killed with SIGKILL at chosen moments of a cold build with PDFs (SPEC §19): the
previous `site/` stays whole, and the next build removes what the killed one left (staging
folders beside `site/`, temporary files in the kept folder) and publishes what a cold build
does. Each moment is reached deterministically (`inject.py` kills the process at the N-th
call of a function)."""

from __future__ import annotations

import signal

import pytest

from faults.kept_site import Sites, build, tree

MOMENTS = {
    "PDFs being laid out": ("kill-before", "policypress.emit.pdf:VersionPdf._result", 3),
    "MkDocs rendering pages": ("kill-before", "mkdocs.commands.build:_build_page", 5),
    "a kept entry under its temporary name": ("kill-after", "policypress.kept.entries:_describe", 3),
    "a kept entry without its record yet": ("kill-before", "policypress.kept.entries:Entries._write_record", 4),
    "the built site not yet in place": ("kill-before", "policypress.kept.published:_exchange", 1),
    "the site in place, the previous not yet deleted": ("kill-after", "policypress.kept.published:_exchange", 1),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_build_killed_at_any_moment_leaves_the_site_whole_and_the_next_build_cleans_up(sites: Sites, moment: str) -> None:
    project = sites.cold("killed-" + moment.replace(" ", "-").replace(",", ""))
    killed = build(project, *(str(part) for part in MOMENTS[moment]))
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]  # the moment was reached
    assert tree(project / "site") == sites.reference  # the previous site (or the new one), whole
    sites.check(project, build(project))
