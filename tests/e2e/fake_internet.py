"""A fake internet for fetch tests: names answer what the test says, and fake public addresses lead to
local servers. Nothing here ever connects outside the machine: an address with no route fails."""

from __future__ import annotations

import ipaddress
from collections import Counter

import httpcore

from bot.ingest.netguard import BlockedURLError, IPAddress


class FakeInternet:
    """``resolve`` and ``dial`` for ``Fetcher(resolver=..., dial=...)``."""

    def __init__(self) -> None:
        self._answers: dict[str, list[list[IPAddress]]] = {}
        self._routes: dict[IPAddress, int] = {}
        self.lookups: Counter[str] = Counter()
        self.dialled: list[tuple[str, int]] = []

    def name(self, host: str, *answers: str | list[str]) -> None:
        """``host`` answers each of ``answers`` in turn (a list is several addresses), then the last."""
        self._answers[host.lower()] = [
            [ipaddress.ip_address(a) for a in ([answer] if isinstance(answer, str) else answer)]
            for answer in answers
        ]

    def route(self, address: str, local_port: int) -> None:
        """Connections to ``address`` (any port) reach the local server on ``local_port``."""
        self._routes[ipaddress.ip_address(address)] = local_port

    async def resolve(self, host: str, port: int) -> list[IPAddress]:
        answers = self._answers.get(host.lower())
        if not answers:
            raise BlockedURLError(f"cannot resolve host {host!r}: unknown to the fake internet", "dns")
        index = min(self.lookups[host.lower()], len(answers) - 1)
        self.lookups[host.lower()] += 1
        return answers[index]

    def dial(self, address: IPAddress, port: int) -> tuple[str, int]:
        if address in self._routes:
            target = ("127.0.0.1", self._routes[address])
        elif address.is_loopback:
            target = (str(address), port)  # the machine's own services: what the guard must keep out
        else:
            raise httpcore.ConnectError(f"no route to {address} on the fake internet")
        self.dialled.append(target)
        return target
