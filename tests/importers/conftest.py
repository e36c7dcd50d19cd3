"""Fixtures for the importer tests: the real list slices kept beside the repository.

CI clones the repository into a folder with a copy of ``shared/`` next to it, so the
slices are found relative to the repository root, not by an absolute path.
"""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
REAL_DATA = (REPO_ROOT / ".." / "shared" / "data" / "real").resolve()


@pytest.fixture(scope="session")
def real_data() -> Path:
    if not (REAL_DATA / "README.md").is_file():
        pytest.skip(f"real list slices not found at {REAL_DATA} (expected ../shared beside repo)")
    return REAL_DATA


def by_id(records):
    return {r.entry_id: r for r in records}
