"""SSRF guard: URLs the bot fetches must point at public internet addresses.

An admin-supplied feed URL could name ``localhost``, a cloud metadata address or a host on the
operator's LAN; every request (and every redirect hop) is checked after DNS resolution, and every
address the name resolves to must be public.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedURLError(Exception):
    """The URL is not http(s) or resolves to an address the bot must not reach."""


def is_public_address(address: IPAddress) -> bool:
    """False for loopback, private, link-local, multicast, reserved and unspecified addresses."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
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
    """Every address ``host`` resolves to (a literal address resolves to itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise BlockedURLError(f"cannot resolve host {host!r}: {exc}") from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        # IPv6 sockaddrs may carry a zone ("fe80::1%eth0"); the address part is what matters.
        addresses.append(ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]))
    if not addresses:
        raise BlockedURLError(f"host {host!r} has no addresses")
    return addresses


async def check_url(url: str, *, allow_private: bool) -> None:
    """Raise BlockedURLError unless ``url`` is http(s) and (unless allowed) every address is public."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BlockedURLError(f"not a valid URL: {url!r}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BlockedURLError(f"only http and https URLs can be fetched: {url!r}")
    if allow_private:
        return
    default_port = 443 if parts.scheme == "https" else 80
    for address in await resolve(parts.hostname, port or default_port):
        if not is_public_address(address):
            raise BlockedURLError(f"{parts.hostname} resolves to a non-public address ({address})")
