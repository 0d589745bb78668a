"""Shared fixtures: settings pointing at temporary storage, and where the shared data folder is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so a red build is reproducible and never luck;
# HYPOTHESIS_PROFILE=explore draws new ones each run (what to run locally to look for new bugs).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
KAZINFORM_SAMPLE = SHARED / "examples" / "kazinform_sample.txt"


def require_shared(path: Path) -> Path:
    """The path inside ../shared, or skip the test when that folder is not beside the checkout."""
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
