"""The fault tests' shared fixture: one small published site, built once per session."""

from __future__ import annotations

import pytest

from faults.kept_site import Sites, make_sites


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    """The template repository after a cold publishing build, and its output."""
    return make_sites(tmp_path_factory.mktemp("kept-faults"))
