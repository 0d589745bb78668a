"""The httpx transport of every fetch: resolve once, check, connect to the address that was checked.

A name that answers a public address to a guard's lookup and 127.0.0.1 to the connection's own lookup
(DNS rebinding) would reach internal pages. Here each request's host is resolved once, every address
is checked (``bot.ingest.netguard``), and the connection goes to one of those very addresses: the URL
keeps its host name, so TLS sends it as SNI and verifies the certificate against it, and the Host
header stays the name. Redirects are separate requests, each resolved and checked again.

The pinned addresses reach httpcore's connect through a context variable set around the request: the
connection is opened inside that call, in the same task. A connect for a host that was not pinned
here fails instead of resolving on its own.
"""

from __future__ import annotations

import contextvars
import ssl
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

import httpcore
import httpx

from bot.ingest.netguard import IPAddress, check_addresses, literal_address, resolve

# (address, port) -> (host, port) actually dialled: identity in production; tests route fake public
# addresses to local servers through it.
Dial = Callable[[IPAddress, int], tuple[str, int]]
SocketOptions = Iterable[
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
]


class Resolver(Protocol):
    """Every address a host name resolves to; raises BlockedURLError when it resolves to none."""

    def __call__(self, host: str, port: int) -> Awaitable[list[IPAddress]]: ...


def direct_dial(address: IPAddress, port: int) -> tuple[str, int]:
    return str(address), port


_pinned: contextvars.ContextVar[dict[str, list[IPAddress]] | None] = contextvars.ContextVar(
    "pinned_addresses", default=None
)


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections only to the addresses pinned for the host by ``PinnedTransport``."""

    def __init__(self, dial: Dial) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._dial = dial

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: SocketOptions | None = None,
    ) -> httpcore.AsyncNetworkStream:
        pins = _pinned.get() or {}
        addresses = pins.get(host.lower())
        if not addresses:
            raise httpcore.ConnectError(f"no checked address for {host}")
        last: Exception | None = None
        for address in addresses:
            try:
                dial_host, dial_port = self._dial(address, port)
                return await self._inner.connect_tcp(
                    dial_host,
                    dial_port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: SocketOptions | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """``httpx.AsyncHTTPTransport`` whose connections go only to checked, pinned addresses.

    ``allow_private`` skips the public-address check (tests, LAN deployments) but still pins.
    ``ssl_context`` defaults to httpx's (certifi's roots, hostname checked against the URL's name).
    """

    def __init__(
        self,
        *,
        allow_private: bool,
        limits: httpx.Limits,
        resolver: Resolver = resolve,
        dial: Dial = direct_dial,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(limits=limits, trust_env=False)
        self.allow_private = allow_private
        self.resolver = resolver
        # The same pool httpx builds, over the pinning backend (the one thing httpx does not expose).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(dial),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # The ASCII form ("xn--..." for an IDN): what DNS is asked and what httpcore connects to.
        host = request.url.raw_host.decode("ascii").lower()
        port = request.url.port or (443 if request.url.scheme == "https" else 80)
        literal = literal_address(host)
        addresses = [literal] if literal is not None else await self.resolver(host, port)
        if not self.allow_private:
            check_addresses(host, addresses)
        pins = dict(_pinned.get() or {})
        pins[host.strip("[]")] = list(addresses)
        token = _pinned.set(pins)
        try:
            return await super().handle_async_request(request)
        finally:
            _pinned.reset(token)
