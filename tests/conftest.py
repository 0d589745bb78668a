"""Shared fixtures: settings pointing at temporary storage, and where the shared data folder is."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

from storage import Storage

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


@contextmanager
def storage_on_own_loop(
    fill: Callable[[Storage], Awaitable[None]],
) -> Iterator[tuple[asyncio.AbstractEventLoop, Storage]]:
    """A real SQLite storage in a temporary folder, filled by ``fill``, with the event loop it lives on.

    For Hypothesis tests, which cannot be async: they run storage calls with ``loop.run_until_complete``.
    """
    loop = asyncio.new_event_loop()
    with tempfile.TemporaryDirectory() as folder:
        storage = loop.run_until_complete(Storage.open(Path(folder) / "db.sqlite"))
        try:
            loop.run_until_complete(fill(storage))
            yield loop, storage
        finally:
            loop.run_until_complete(storage.close())
            loop.close()
