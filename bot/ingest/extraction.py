"""Page extraction in worker processes: a hostile page costs its own entry, never the bot's time.

trafilatura and lxml run in C for most of their time: a thread cannot be stopped, and a page with
100,000 attributes on one element takes minutes of CPU. Each extraction here runs in a child
process (``python -m bot.ingest.extraction MODULE:FUNCTION``) with a time limit
(``EXTRACT_SECONDS``) and an address-space cap (``EXTRACT_MEMORY_BYTES``); a child past its time is
killed and a fresh one started for the next page.

The pipe protocol: once its imports are done the child says so (a length and ``"ready"``); then a
request is a 4-byte big-endian length, a JSON header (``url``, ``binary``), and the page itself; the
answer is a 4-byte length and JSON (the text, or null). The time limit counts from the request, so
a slow start on a busy machine never passes for a hostile page. Children are started as
plain subprocesses, not through multiprocessing, so no main module is ever imported twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import logging
import resource
import struct
import sys
from collections.abc import Callable
from typing import BinaryIO

log = logging.getLogger(__name__)

EXTRACT_WORKERS = 2
EXTRACT_SECONDS = 15.0
# A child that has not finished its imports by then is taken as broken (no text from the page).
START_SECONDS = 120.0
EXTRACT_MEMORY_BYTES = 2 * 1024 * 1024 * 1024
# Pages larger than this are not extracted at all (the feed's lead is kept): well under the fetch cap.
MAX_EXTRACT_BYTES = 2 * 1024 * 1024
DEFAULT_EXTRACTOR = "bot.ingest.pages:extract_main_text"

Extract = Callable[[bytes | str, str | None], str | None]
_LENGTH = struct.Struct(">I")


class ExtractionTimeout(Exception):
    """The page took longer than the time limit; its worker was killed."""


class _WorkerDidNotStart(Exception):
    """The child exited or said something else before it was ready."""


def _frame(payload: bytes) -> bytes:
    return _LENGTH.pack(len(payload)) + payload


def _load(target: str) -> Extract:
    module, _, name = target.partition(":")
    function: Extract = getattr(importlib.import_module(module), name)
    return function


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    async def ready(self) -> None:
        """Wait for the child's "ready" (its imports done)."""
        stdout = self.process.stdout
        assert stdout is not None
        (size,) = _LENGTH.unpack(await stdout.readexactly(_LENGTH.size))
        if json.loads(await stdout.readexactly(size)) != "ready":
            raise _WorkerDidNotStart("the extraction worker answered before it was ready")

    async def call(self, page: bytes | str, url: str | None) -> str | None:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        binary = isinstance(page, bytes)
        body = page if isinstance(page, bytes) else page.encode("utf-8", "surrogatepass")
        header = json.dumps({"url": url, "binary": binary}).encode()
        stdin.write(_frame(header) + _frame(body))
        await stdin.drain()
        (size,) = _LENGTH.unpack(await stdout.readexactly(_LENGTH.size))
        answer = json.loads(await stdout.readexactly(size))
        return answer if isinstance(answer, str) else None

    async def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.process.wait(), 5)


class ExtractionPool:
    """A few extraction processes, started on first use; ``close`` ends them.

    ``extractor`` names the function the children run, as ``module:function``.
    """

    def __init__(
        self,
        extractor: str = DEFAULT_EXTRACTOR,
        *,
        workers: int = EXTRACT_WORKERS,
        seconds: float = EXTRACT_SECONDS,
        memory_limit: int = EXTRACT_MEMORY_BYTES,
    ) -> None:
        self.extractor = extractor
        self.seconds = seconds
        self.memory_limit = memory_limit
        self._idle: asyncio.Queue[_Worker | None] = asyncio.Queue()
        for _ in range(workers):
            self._idle.put_nowait(None)  # a place for a worker, started when needed
        self._all: set[_Worker] = set()
        self.killed = 0

    async def _start(self) -> _Worker | None:
        """A fresh worker, ready for a page; None (logged) when it does not start."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.ingest.extraction",
            self.extractor,
            str(self.memory_limit),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        worker = _Worker(process)
        self._all.add(worker)
        try:
            async with asyncio.timeout(START_SECONDS):
                await worker.ready()
        except (TimeoutError, asyncio.IncompleteReadError, ValueError, _WorkerDidNotStart) as exc:
            log.error("extraction worker did not start: %s", type(exc).__name__)
            await self._forget(worker)
            return None
        except asyncio.CancelledError:
            await self._forget(worker)
            raise
        return worker

    async def extract(self, page: bytes | str, url: str | None) -> str | None:
        """The page's text; ExtractionTimeout when it took too long (the worker is replaced)."""
        worker = await self._idle.get()
        try:
            if worker is None or not worker.alive:
                if worker is not None:
                    await self._forget(worker)
                worker = await self._start()
                if worker is None:
                    return None
            try:
                async with asyncio.timeout(self.seconds):
                    return await worker.call(page, url)
            except TimeoutError:
                self.killed += 1
                await self._forget(worker)
                worker = None
                raise ExtractionTimeout(f"extraction took longer than {self.seconds:g} s") from None
            except (asyncio.IncompleteReadError, ConnectionError, ValueError) as exc:
                # The worker died (out of memory) or answered nonsense: no text from this page.
                log.warning("page %s: extraction worker failed: %s", url, type(exc).__name__)
                await self._forget(worker)
                worker = None
                return None
            except asyncio.CancelledError:
                # Its answer would reach the next page's caller: this worker goes.
                await self._forget(worker)
                worker = None
                raise
        finally:
            self._idle.put_nowait(worker)

    async def _forget(self, worker: _Worker) -> None:
        self._all.discard(worker)
        await worker.kill()

    async def close(self) -> None:
        """End every worker process."""
        for worker in list(self._all):
            await self._forget(worker)


def _serve(extract: Extract, source: BinaryIO, sink: BinaryIO) -> None:
    """The child: extract each page read from ``source`` until it closes."""
    while True:
        head = source.read(_LENGTH.size)
        if len(head) < _LENGTH.size:
            return
        header = json.loads(source.read(_LENGTH.unpack(head)[0]))
        (size,) = _LENGTH.unpack(source.read(_LENGTH.size))
        body = source.read(size)
        page: bytes | str = body if header.get("binary") else body.decode("utf-8", "surrogatepass")
        try:
            result = extract(page, header.get("url"))
        except MemoryError:
            result = None
        except Exception:  # the parent logs nothing useful from here; the child stays up
            result = None
        sink.write(_frame(json.dumps(result).encode()))
        sink.flush()


def main(argv: list[str]) -> int:
    target, memory_limit = argv[0], int(argv[1]) if len(argv) > 1 else 0
    if memory_limit:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    extract = _load(target)
    sys.stdout.buffer.write(_frame(json.dumps("ready").encode()))
    sys.stdout.buffer.flush()
    _serve(extract, sys.stdin.buffer, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
