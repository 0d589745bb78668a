"""SSRF guard: URLs the bot fetches must point at public internet addresses.

An admin- or publisher-supplied URL could name ``localhost``, a cloud metadata address or a host on the
operator's LAN. The transport (``bot.ingest.transport``) resolves each request's host once, checks every
address here, and connects to the address it checked: no second lookup can answer differently.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges that Python 3.11's ``ipaddress`` calls global but that are not the public internet.
_NOT_PUBLIC = (
    ipaddress.ip_network("192.0.0.0/24"),  # IETF protocol assignments (3.11 knows only parts of it)
    ipaddress.ip_network("192.88.99.0/24"),  # the deprecated 6to4 relay anycast
    ipaddress.ip_network("fec0::/10"),  # site-local, deprecated but still routed on some LANs
)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class BlockedURLError(Exception):
    """The URL is not http(s) or resolves to an address the bot must not reach.

    ``code`` says which: ``url`` (not an http(s) URL), ``dns`` (the name does not resolve) or
    ``private`` (it resolves to a non-public address).
    """

    def __init__(self, message: str, code: str = "private") -> None:
        super().__init__(message)
        self.code = code


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: IPv4-mapped, 6to4, Teredo (server and client), NAT64."""
    found: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    if any(address in network for network in _NAT64):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def is_public_address(address: IPAddress) -> bool:
    """False for loopback, private, link-local, multicast, reserved and unspecified addresses.

    An IPv6 address that embeds an IPv4 address (IPv4-mapped, 6to4, Teredo, NAT64) is judged by the
    IPv4 address it leads to: ``2002:7f00:1::`` is loopback.
    """
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner:
            return all(is_public_address(v4) for v4 in inner)
    if any(address in network for network in _NOT_PUBLIC):
        return False
    return not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to through the system resolver (a literal resolves to itself)."""
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise BlockedURLError(f"cannot resolve host {host!r}: {exc}", "dns") from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        # IPv6 sockaddrs may carry a zone ("fe80::1%eth0"); the address part is what matters.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise BlockedURLError(f"host {host!r} has no addresses", "dns")
    return addresses


def literal_address(host: str) -> IPAddress | None:
    """The address when ``host`` is an IP literal ("10.0.0.1", "[::1]"), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def check_addresses(host: str, addresses: list[IPAddress]) -> None:
    """Raise BlockedURLError unless every address of ``host`` is public."""
    for address in addresses:
        if not is_public_address(address):
            raise BlockedURLError(f"{host} resolves to a non-public address ({address})")


def check_url_form(url: str) -> None:
    """Raise BlockedURLError unless ``url`` is an http(s) URL with a host and a valid port."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise BlockedURLError(f"not a valid URL: {url!r}", "url") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BlockedURLError(f"only http and https URLs can be fetched: {url!r}", "url")


async def check_url(url: str, *, allow_private: bool) -> None:
    """Raise BlockedURLError unless ``url`` is http(s) and (unless allowed) every address is public.

    A look before any request, for a quick answer to whoever typed the URL; what is fetched is checked
    again, and pinned, by the transport.
    """
    check_url_form(url)
    if allow_private:
        return
    parts = urlsplit(url)
    host = parts.hostname or ""
    check_addresses(host, await resolve(host, parts.port or (443 if parts.scheme == "https" else 80)))
