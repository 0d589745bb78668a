"""Shared fixtures: temporary storage on SQLite or PostgreSQL, and where the shared data folder is."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import asyncpg
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


# The PostgreSQL server tests create their databases on (each test its own, dropped after).
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Parametrize a test over both backends (its fixtures ask for ``database_url``).
BOTH_BACKENDS = pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)


_postgres_state: list[str | None] = []  # once known: why PostgreSQL cannot be used, or None


async def require_postgres() -> None:
    """Skip the test, with the reason, when no PostgreSQL server answers (asked once per run)."""
    if not _postgres_state:
        try:
            conn = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=3)
            await conn.close()
            _postgres_state.append(None)
        except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
            _postgres_state.append(
                f"PostgreSQL does not answer at {POSTGRES_ADMIN_URL} ({type(exc).__name__}: {exc})"
            )
    if _postgres_state[0]:
        pytest.skip(_postgres_state[0])


@asynccontextmanager
async def fresh_postgres_database() -> AsyncIterator[str]:
    """The URL of a new empty PostgreSQL database, dropped (with its connections) afterwards."""
    name = f"newsbot_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
        yield f"{base}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A DATABASE_URL for a fresh database: SQLite in ``tmp_path`` unless parametrized "postgresql"."""
    backend = getattr(request, "param", "sqlite")
    if backend == "postgresql":
        await require_postgres()
        async with fresh_postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'data' / 'newsbot.db'}"


@asynccontextmanager
async def storage_on(backend: str, tmp_path: Path) -> AsyncIterator[Storage]:
    """A fresh, migrated storage on ``backend`` ("sqlite" in ``tmp_path``, or "postgresql")."""
    if backend == "postgresql":
        await require_postgres()
        async with fresh_postgres_database() as url:
            opened = await Storage.open(url)
            try:
                yield opened
            finally:
                await opened.close()
    else:
        opened = await Storage.open(tmp_path / "nested" / "db.sqlite")
        try:
            yield opened
        finally:
            await opened.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def any_storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    """A fresh storage, once on SQLite and once on PostgreSQL."""
    async with storage_on(request.param, tmp_path) as opened:
        yield opened


def require_shared(path: Path) -> Path:
    """The path inside ../shared, or skip the test when that folder is not beside the checkout."""
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@contextmanager
def storage_on_own_loop(
    fill: Callable[[Storage], Awaitable[None]], backend: str = "sqlite"
) -> Iterator[tuple[asyncio.AbstractEventLoop, Storage]]:
    """A real storage (SQLite in a temporary folder, or a fresh PostgreSQL database), filled by
    ``fill``, with the event loop it lives on.

    For Hypothesis tests, which cannot be async: they run storage calls with ``loop.run_until_complete``.
    """
    loop = asyncio.new_event_loop()
    try:
        with tempfile.TemporaryDirectory() as folder:
            opened = storage_on(backend, Path(folder))
            storage = loop.run_until_complete(opened.__aenter__())
            try:
                loop.run_until_complete(fill(storage))
                yield loop, storage
            finally:
                loop.run_until_complete(opened.__aexit__(None, None, None))
    finally:
        loop.close()
