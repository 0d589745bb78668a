"""The HTTP side of ingestion against a real local server: no mocks of httpx."""

from __future__ import annotations

import ipaddress
import ssl
import time
from collections.abc import AsyncIterator

import pytest
import trustme
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st

from bot.ingest.fetcher import Fetcher, FetchError
from bot.ingest.netguard import BlockedURLError, check_url, is_public_address
from tests.e2e.fake_internet import FakeInternet
from tests.e2e.feed_server import FeedServer, Item, endless_handler, gzip_bomb_handler, rss, slow_handler

# A public address (Python calls it global) that the fake internet routes to a local server.
PUBLIC = "93.184.216.34"
FEED = rss([Item("Заголовок", "http://example.test/1", "Текст новости")])


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as feed_server:
        yield feed_server


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(allow_private_networks=True, timeout=2.0, max_bytes=1024 * 1024) as client:
        yield client


def guarded_fetcher(net: FakeInternet) -> Fetcher:
    """As in production (private networks off), on the fake internet."""
    return Fetcher(allow_private_networks=False, timeout=2.0, resolver=net.resolve, dial=net.dial)


@pytest.mark.parametrize("compress", [None, "gzip", "deflate"])
async def test_plain_and_compressed_bodies(
    server: FeedServer, fetcher: Fetcher, compress: str | None
) -> None:
    url = server.add("/feed.xml", FEED, compress=compress)
    result = await fetcher.fetch(url)
    assert result.status == 200
    assert result.content == FEED


async def test_conditional_requests_get_304(server: FeedServer, fetcher: Fetcher) -> None:
    url = server.add("/feed.xml", FEED, etag='"v1"', last_modified="Tue, 03 Dec 2024 10:00:00 GMT")
    first = await fetcher.fetch(url)
    assert first.etag == '"v1"'
    second = await fetcher.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.content == b""
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'


async def test_permanent_redirects_report_the_new_home(server: FeedServer, fetcher: Fetcher) -> None:
    final = server.add("/new.xml", FEED)
    server.redirect("/old.xml", server.url("/mid.xml"), 301)
    server.redirect("/mid.xml", "/new.xml", 308)
    result = await fetcher.fetch(server.url("/old.xml"))
    assert result.url == final
    assert result.permanent_url == final


async def test_temporary_redirect_keeps_the_url(server: FeedServer, fetcher: Fetcher) -> None:
    server.add("/new.xml", FEED)
    server.redirect("/moved.xml", server.url("/perm.xml"), 301)
    server.redirect("/perm.xml", "/new.xml", 302)
    result = await fetcher.fetch(server.url("/moved.xml"))
    assert result.permanent_url == server.url("/perm.xml")  # only the unbroken 301 prefix counts


async def test_endless_redirects_stop(server: FeedServer, fetcher: Fetcher) -> None:
    server.redirect("/a", "/b", 302)
    server.redirect("/b", "/a", 302)
    with pytest.raises(FetchError, match="redirects"):
        await fetcher.fetch(server.url("/a"))
    assert server.hits["/a"] + server.hits["/b"] == 6


async def test_hanging_server_times_out(server: FeedServer) -> None:
    server.handle("/slow", slow_handler(30))
    async with Fetcher(allow_private_networks=True, timeout=0.5) as client:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out"):
            await client.fetch(server.url("/slow"))
    assert time.monotonic() - started < 3


async def test_endless_stream_is_capped(server: FeedServer, fetcher: Fetcher) -> None:
    server.handle("/huge", endless_handler())
    with pytest.raises(FetchError, match="larger than 1 MB"):
        await fetcher.fetch(server.url("/huge"))


async def test_declared_huge_length_is_refused_before_reading(server: FeedServer, fetcher: Fetcher) -> None:
    url = server.add("/big", b"x" * (2 * 1024 * 1024))
    with pytest.raises(FetchError, match="larger than"):
        await fetcher.fetch(url)


async def test_gzip_bomb_stops_at_the_cap(server: FeedServer, fetcher: Fetcher) -> None:
    server.handle("/bomb", gzip_bomb_handler(64))
    with pytest.raises(FetchError, match="larger than 1 MB"):
        await fetcher.fetch(server.url("/bomb"))


@pytest.mark.parametrize("status", [404, 500, 503])
async def test_http_errors(server: FeedServer, fetcher: Fetcher, status: int) -> None:
    url = server.add("/err", b"oops", status=status)
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        await fetcher.fetch(url)


async def test_refused_connection_is_a_fetch_error(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError):
        await fetcher.fetch("http://127.0.0.1:9/feed.xml")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost/feed",
        "http://10.0.0.5/feed",
        "http://192.168.1.1/feed",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://0.0.0.0/feed",
        "http://[2002:7f00:1::]/feed",  # 6to4 of 127.0.0.1
        "http://[2002:a9fe:a9fe::1]/latest",  # 6to4 of 169.254.169.254
        "http://[64:ff9b::a00:5]/feed",  # NAT64 of 10.0.0.5
        "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/feed",  # Teredo, client 10.0.0.1
        "http://192.0.0.8/feed",
        "http://[fec0::1]/feed",
        "file:///etc/passwd",
        "gopher://example.com/",
    ],
)
async def test_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(BlockedURLError):
        await check_url(url, allow_private=False)


async def test_public_address_literal_passes() -> None:
    await check_url("https://93.184.216.34/feed.xml", allow_private=False)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("2002:5db8:d822::1", True),  # 6to4 of 93.184.216.34
        ("2002:c0a8:101::1", False),  # 6to4 of 192.168.1.1
        ("64:ff9b::5db8:d822", True),  # NAT64 of a public address
        ("64:ff9b:1::7f00:1", False),  # local-use NAT64 of loopback
        ("::ffff:93.184.216.34", True),
        ("::ffff:10.1.2.3", False),
        ("2606:4700::1111", True),
        ("192.0.0.170", False),
    ],
)
def test_embedded_ipv4_is_the_address(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


async def test_redirect_to_a_private_address_is_refused(server: FeedServer) -> None:
    net = FakeInternet()
    net.name("feeds.test", PUBLIC)
    net.route(PUBLIC, server.port)
    server.redirect("/go", "http://169.254.169.254/latest/meta-data", 302)
    async with guarded_fetcher(net) as client:
        with pytest.raises(FetchError, match="non-public") as caught:
            await client.fetch(f"http://feeds.test:{server.port}/go")
    assert caught.value.code == "private"
    assert server.hits["/go"] == 1


async def test_a_rebinding_name_never_reaches_loopback(server: FeedServer) -> None:
    """The name answers a public address, then 127.0.0.1: each request connects where its check looked."""
    async with FeedServer() as internal:
        internal.add("/secret", b"internal admin page")
        server.add("/secret", FEED)
        net = FakeInternet()
        net.name("rebind.test", PUBLIC, "127.0.0.1")
        net.route(PUBLIC, server.port)
        url = f"http://rebind.test:{internal.port}/secret"
        async with guarded_fetcher(net) as client:
            first = await client.fetch(url)
            assert first.content == FEED
            assert net.lookups["rebind.test"] == 1  # one lookup per request: no second answer to differ
            with pytest.raises(FetchError, match="non-public"):
                await client.fetch(url)
        assert internal.hits["/secret"] == 0
        assert ("127.0.0.1", internal.port) not in net.dialled


async def test_a_rebinding_name_is_checked_again_on_a_redirect(server: FeedServer) -> None:
    async with FeedServer() as internal:
        internal.add("/secret", b"internal admin page")
        net = FakeInternet()
        net.name("rebind.test", PUBLIC, "127.0.0.1")
        net.route(PUBLIC, server.port)
        server.redirect("/start", f"http://rebind.test:{internal.port}/secret", 302)
        async with guarded_fetcher(net) as client:
            with pytest.raises(FetchError, match="non-public"):
                await client.fetch(f"http://rebind.test:{internal.port}/start")
        assert server.hits["/start"] == 1
        assert internal.hits["/secret"] == 0


async def test_the_host_name_is_kept_for_the_host_header(server: FeedServer) -> None:
    server.add("/feed.xml", FEED)
    net = FakeInternet()
    net.name("news.test", ["2606:4700::1", PUBLIC])
    net.route("2606:4700::1", server.port)
    async with guarded_fetcher(net) as client:
        result = await client.fetch(f"http://news.test:{server.port}/feed.xml")
    assert result.content == FEED
    assert server.requests[-1][1]["Host"] == f"news.test:{server.port}"
    assert net.dialled == [("127.0.0.1", server.port)]  # the first checked address, no lookup of its own


async def test_an_internationalized_name_is_resolved_and_pinned_in_its_ascii_form(server: FeedServer) -> None:
    server.add("/feed.xml", FEED)
    net = FakeInternet()
    net.name("xn--80adsfqgbybie.xn--p1ai", PUBLIC)  # "новостисайт.рф"
    net.route(PUBLIC, server.port)
    async with guarded_fetcher(net) as client:
        result = await client.fetch(f"http://новостисайт.рф:{server.port}/feed.xml")
    assert result.content == FEED
    assert server.requests[-1][1]["Host"] == f"xn--80adsfqgbybie.xn--p1ai:{server.port}"


async def test_every_address_of_a_name_must_be_public(server: FeedServer) -> None:
    net = FakeInternet()
    net.name("mixed.test", [PUBLIC, "10.0.0.7"])
    net.route(PUBLIC, server.port)
    server.add("/feed.xml", FEED)
    async with guarded_fetcher(net) as client:
        with pytest.raises(FetchError, match="non-public"):
            await client.fetch(f"http://mixed.test:{server.port}/feed.xml")
    assert server.hits["/feed.xml"] == 0


async def test_private_networks_refused_at_the_first_request(server: FeedServer) -> None:
    url = server.add("/feed.xml", FEED)
    async with Fetcher(allow_private_networks=False, timeout=2.0) as client:
        with pytest.raises(FetchError, match="non-public"):
            await client.fetch(url)
    assert server.hits["/feed.xml"] == 0


async def _tls_server(cert_for: str, ca: trustme.CA, seen_names: list[str]) -> web.AppRunner:
    app = web.Application()

    async def feed(request: web.Request) -> web.Response:
        return web.Response(body=FEED, content_type="application/rss+xml", headers={"X-Host": request.host})

    app.router.add_get("/feed.xml", feed)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(cert_for).configure_cert(context)

    def remember_name(_socket: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
        seen_names.append(str(name))

    context.sni_callback = remember_name
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context).start()
    return runner


@pytest.mark.parametrize(("cert_for", "accepted"), [("secure.test", True), ("other.test", False)])
async def test_tls_to_a_pinned_address_keeps_the_name_for_sni_and_the_certificate(
    cert_for: str, accepted: bool
) -> None:
    ca = trustme.CA()
    seen_names: list[str] = []
    runner = await _tls_server(cert_for, ca, seen_names)
    port = runner.addresses[0][1]
    net = FakeInternet()
    net.name("secure.test", PUBLIC)
    net.route(PUBLIC, port)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    try:
        async with Fetcher(
            allow_private_networks=False,
            timeout=3.0,
            resolver=net.resolve,
            dial=net.dial,
            ssl_context=client_context,
        ) as client:
            if accepted:
                result = await client.fetch(f"https://secure.test:{port}/feed.xml")
                assert result.content == FEED and result.headers["X-Host"] == f"secure.test:{port}"
            else:  # the certificate is checked against the name, not the address connected to
                with pytest.raises(FetchError):
                    await client.fetch(f"https://secure.test:{port}/feed.xml")
    finally:
        await runner.cleanup()
    assert seen_names and set(seen_names) == {"secure.test"}
    assert net.dialled == [("127.0.0.1", port)]


@given(st.ip_addresses(v=4))
def test_every_ipv6_form_of_an_ipv4_address_is_judged_as_that_address(v4: ipaddress.IPv4Address) -> None:
    expected = is_public_address(v4)
    forms = [
        ipaddress.IPv6Address(f"::ffff:{v4}"),  # IPv4-mapped
        ipaddress.IPv6Address((0x2002 << 112) | (int(v4) << 80) | 1),  # 6to4
        ipaddress.IPv6Address((0x0064FF9B << 96) | int(v4)),  # NAT64
        # Teredo with a public server: the client (stored inverted) decides.
        ipaddress.IPv6Address((0x20010000 << 96) | (0x5DB8D822 << 64) | (int(v4) ^ 0xFFFFFFFF)),
    ]
    for form in forms:
        assert is_public_address(form) is expected, form
