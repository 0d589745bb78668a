"""HTTP for ingestion: one shared httpx client, polite per host, bounded in time and size.

Every request goes through ``PinnedTransport``: its host is resolved once, checked by the SSRF guard and
connected to at the checked address. Redirects are followed here rather than by httpx so that every hop
is such a request, at most ``MAX_REDIRECTS`` are taken, and a chain of permanent ones (301/308) can move
the stored feed URL.
Bodies are decompressed here too, with a cap on the decompressed size: a gzip bomb stops at the cap
instead of filling memory.
"""

from __future__ import annotations

import asyncio
import ssl
import zlib
from dataclasses import dataclass
from types import TracebackType
from typing import Self
from urllib.parse import urljoin, urlsplit

import httpx

from bot.ingest.netguard import BlockedURLError, check_url_form, resolve
from bot.ingest.transport import Dial, PinnedTransport, Resolver, direct_dial

MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 20.0
PER_HOST_LIMIT = 4
MAX_CONNECTIONS = 32
USER_AGENT = "newsbot/0.1 (+https://github.com/; RSS reader)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, */*;q=0.5"
)
_PERMANENT = frozenset({301, 308})
_REDIRECT = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """The resource could not be fetched; the message says why in a line for the log.

    ``code`` names the kind of failure for ``bot.ingest.failures`` ("timeout", "http-404", "dns"...).
    """

    def __init__(self, message: str, code: str = "network") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A finished response: ``content`` is decompressed; empty for 304."""

    url: str
    status: int
    content: bytes
    headers: httpx.Headers
    # Where the resource permanently lives now, when every redirect up to there was 301/308.
    permanent_url: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self._header("etag")

    @property
    def last_modified(self) -> str | None:
        return self._header("last-modified")

    @property
    def content_type(self) -> str:
        return self._header("content-type") or ""

    def _header(self, name: str) -> str | None:
        value = self.headers.get(name)
        return str(value) if value is not None else None


class _Decoder:
    """Streaming gzip/deflate/identity decoder that refuses to produce more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []
        encoding = encoding.strip().lower()
        self._raw_deflate_retry = False
        if encoding in ("", "identity"):
            self._zlib: zlib._Decompress | None = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            # "deflate" is meant to be zlib-wrapped, but some servers send a raw stream.
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
            self._raw_deflate_retry = True
        else:
            raise FetchError(f"unsupported content encoding {encoding!r}", "body")

    def _append(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(f"response larger than {self.limit // (1024 * 1024)} MB", "size")
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._zlib is None:
            self._append(chunk)
            return
        data = chunk
        while data:
            try:
                # max_length bounds what one call may inflate: the cap holds within a chunk too.
                out = self._zlib.decompress(data, self.limit - self.size + 1)
            except zlib.error as exc:
                if self._raw_deflate_retry and self.size == 0:
                    self._raw_deflate_retry = False
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError(f"corrupt compressed body: {exc}", "body") from exc
            self._raw_deflate_retry = False
            self._append(out)
            data = self._zlib.unconsumed_tail

    def result(self) -> bytes:
        if self._zlib is not None:
            self._append(self._zlib.flush())
        return b"".join(self.parts)


class Fetcher:
    """The one HTTP client of ingestion. Use as an async context manager, or call ``aclose``."""

    def __init__(
        self,
        *,
        allow_private_networks: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = MAX_BYTES,
        per_host: int = PER_HOST_LIMIT,
        max_connections: int = MAX_CONNECTIONS,
        resolver: Resolver = resolve,
        dial: Dial = direct_dial,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """``resolver`` and ``dial`` are the system's DNS and direct connections; tests put a fake
        internet there (names that answer what the test says, addresses routed to local servers).
        ``ssl_context`` replaces the default TLS roots (a test CA, a company's own CA)."""
        self.allow_private_networks = allow_private_networks
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
        self._client = httpx.AsyncClient(
            transport=PinnedTransport(
                allow_private=allow_private_networks,
                limits=limits,
                resolver=resolver,
                dial=dial,
                ssl_context=ssl_context,
            ),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=False,
            # Proxies from the environment would hide where requests really go from the SSRF guard.
            trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    def _host_slot(self, url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        slot = self._hosts.get(host)
        if slot is None:
            slot = self._hosts[host] = asyncio.Semaphore(self.per_host)
        return slot

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
    ) -> FetchResult:
        """GET ``url`` with conditional headers; raise FetchError on anything but 2xx or 304.

        The whole exchange, redirects included, must finish within the timeout.
        """
        try:
            async with asyncio.timeout(self.timeout):
                return await self._fetch(url, etag=etag, last_modified=last_modified, accept=accept)
        except (TimeoutError, httpx.TimeoutException):
            raise FetchError(f"timed out after {self.timeout:g} s", "timeout") from None
        except BlockedURLError as exc:
            raise FetchError(str(exc), exc.code) from exc
        except httpx.HTTPError as exc:
            code = "connect" if isinstance(exc, httpx.ConnectError) else "network"
            raise FetchError(
                f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__, code
            ) from exc

    async def _fetch(
        self, url: str, *, etag: str | None, last_modified: str | None, accept: str
    ) -> FetchResult:
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        permanent_url: str | None = None
        still_permanent = True
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            # The transport resolves, checks and pins each hop's host; the form is checked first.
            check_url_form(current)
            async with self._host_slot(current):
                request = self._client.build_request("GET", current, headers=headers)
                response = await self._client.send(request, stream=True)
                try:
                    if response.status_code in _REDIRECT:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"HTTP {response.status_code} without a Location", "redirects")
                        target = urljoin(current, location.strip())
                        still_permanent = still_permanent and response.status_code in _PERMANENT
                        if still_permanent:
                            permanent_url = target
                        current = target
                        continue
                    if response.status_code == 304:
                        return FetchResult(current, 304, b"", response.headers, permanent_url)
                    if not 200 <= response.status_code < 300:
                        raise FetchError(f"HTTP {response.status_code}", f"http-{response.status_code}")
                    content = await self._read_body(response)
                    return FetchResult(
                        current, response.status_code, content, response.headers, permanent_url
                    )
                finally:
                    await response.aclose()
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", "redirects")

    async def _read_body(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"response larger than {self.max_bytes // (1024 * 1024)} MB", "size")
        decoder = _Decoder(response.headers.get("content-encoding", ""), self.max_bytes)
        async for chunk in response.aiter_raw():
            decoder.feed(chunk)
        return decoder.result()
