"""Shared fixtures: settings pointing at temporary storage, and where the shared data folder is."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
KAZINFORM_SAMPLE = SHARED / "examples" / "kazinform_sample.txt"


def require_shared(path: Path) -> Path:
    """The path inside ../shared, or skip the test when that folder is not beside the checkout."""
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
