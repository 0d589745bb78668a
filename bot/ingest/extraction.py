"""Page extraction in worker processes: a hostile page costs its own entry, never the bot's time.

trafilatura and lxml run in C for most of their time: a thread cannot be stopped, and a page with
100,000 attributes on one element takes minutes of CPU. Each extraction here runs in a child
process with a time limit (``EXTRACT_SECONDS``) and an address-space cap (``EXTRACT_MEMORY_BYTES``);
a child past its time is killed and a fresh one started for the next page.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

log = logging.getLogger(__name__)

EXTRACT_WORKERS = 2
EXTRACT_SECONDS = 15.0
EXTRACT_MEMORY_BYTES = 2 * 1024 * 1024 * 1024
# Pages larger than this are not extracted at all (the feed's lead is kept): well under the fetch cap.
MAX_EXTRACT_BYTES = 2 * 1024 * 1024

Extract = Callable[[bytes | str, str | None], str | None]


class ExtractionTimeout(Exception):
    """The page took longer than the time limit; its worker was killed."""


def _serve(conn: Connection, extract: Extract, memory_limit: int) -> None:
    """The child: extract each page sent until the pipe closes."""
    if memory_limit:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    while True:
        try:
            page, url = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: str | None = extract(page, url)
        except MemoryError:
            result = None
        except Exception:  # the parent logs the page; the child must stay up for the next one
            result = None
        conn.send(result)


class _Worker:
    def __init__(self, extract: Extract, memory_limit: int) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a process running threads
        self.conn, child = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child, extract, memory_limit), name="page-extractor", daemon=True
        )
        self.process.start()
        child.close()

    def call(self, page: bytes | str, url: str | None, seconds: float) -> str | None:
        """Blocking: send the page, wait at most ``seconds`` for the text (run in a thread)."""
        self.conn.send((page, url))
        if not self.conn.poll(seconds):
            raise ExtractionTimeout(f"extraction took longer than {seconds:g} s")
        result: str | None = self.conn.recv()
        return result

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class ExtractionPool:
    """A few extraction processes, started on first use; ``close`` ends them."""

    def __init__(
        self,
        extract: Extract,
        *,
        workers: int = EXTRACT_WORKERS,
        seconds: float = EXTRACT_SECONDS,
        memory_limit: int = EXTRACT_MEMORY_BYTES,
    ) -> None:
        self.extract_function = extract
        self.seconds = seconds
        self.memory_limit = memory_limit
        self._idle: asyncio.Queue[_Worker | None] = asyncio.Queue()
        for _ in range(workers):
            self._idle.put_nowait(None)  # a place for a worker, started when needed
        self._all: set[_Worker] = set()
        self.killed = 0

    async def extract(self, page: bytes | str, url: str | None) -> str | None:
        """The page's text; ExtractionTimeout when it took too long (the worker is replaced)."""
        worker = await self._idle.get()
        try:
            if worker is None or not worker.process.is_alive():
                if worker is not None:
                    self._forget(worker)
                worker = await asyncio.to_thread(_Worker, self.extract_function, self.memory_limit)
                self._all.add(worker)
            try:
                return await asyncio.to_thread(worker.call, page, url, self.seconds)
            except asyncio.CancelledError:
                # Its answer would reach the next page's caller: this worker goes.
                self._forget(worker)
                worker = None
                raise
            except (ExtractionTimeout, EOFError, OSError) as exc:
                self.killed += 1
                self._forget(worker)
                worker = None
                if isinstance(exc, ExtractionTimeout):
                    raise
                return None  # the worker died (out of memory): no text from this page
        finally:
            self._idle.put_nowait(worker)

    def _forget(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)

    def close(self) -> None:
        """End every worker process."""
        for worker in list(self._all):
            self._forget(worker)
