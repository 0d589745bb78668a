"""A local web server for ingestion tests: feeds, article pages and every way a site can misbehave.

Routes are set per path and may change between polls; ``hits`` counts requests per path and
``requests`` keeps their headers, so tests see conditional requests and redirects happen.
"""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from types import TracebackType
from typing import Self

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Item:
    """One feed entry."""

    title: str
    link: str
    text: str
    guid: str | None = None
    published: datetime | None = None
    raw_date: str | None = None  # used verbatim instead of ``published`` (for invalid dates), any format


def rss(
    items: list[Item], *, title: str = "Лента новостей", encoding: str = "utf-8", declare: bool = True
) -> bytes:
    """An RSS 2.0 document in ``encoding`` (with an XML declaration naming it unless ``declare`` is False)."""
    parts = []
    for item in items:
        date = item.raw_date or (format_datetime(item.published) if item.published else None)
        parts.append(
            "<item>"
            f"<title>{escape(item.title)}</title><link>{escape(item.link)}</link>"
            f"<description>{escape(item.text)}</description>"
            + (f'<guid isPermaLink="false">{escape(item.guid)}</guid>' if item.guid else "")
            + (f"<pubDate>{escape(date)}</pubDate>" if date else "")
            + "</item>"
        )
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n' if declare else ""
    doc = (
        f'{head}<rss version="2.0"><channel><title>{escape(title)}</title>'
        f"<link>http://example.test/</link><description>Новости</description>{''.join(parts)}</channel></rss>"
    )
    return doc.encode(encoding)


def atom(items: list[Item], *, title: str = "Atom лента") -> bytes:
    entries = []
    for item in items:
        stamp = item.raw_date or (item.published or datetime(2024, 12, 3, tzinfo=UTC)).isoformat()
        entries.append(
            f'<entry><title>{escape(item.title)}</title><link rel="alternate" href="{escape(item.link)}"/>'
            f"<id>{escape(item.guid or item.link)}</id><updated>{escape(stamp)}</updated>"
            f'<content type="html">{escape(item.text)}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:test:atom</id><updated>2024-12-03T10:00:00Z</updated>"
        f"{''.join(entries)}</feed>"
    ).encode()


def rdf(items: list[Item], *, title: str = "RDF лента") -> bytes:
    """An RSS 1.0 (RDF) document."""
    parts = []
    for item in items:
        date = item.raw_date or (item.published.isoformat() if item.published else None)
        parts.append(
            f'<item rdf:about="{escape(item.link)}"><title>{escape(item.title)}</title>'
            f"<link>{escape(item.link)}</link><description>{escape(item.text)}</description>"
            + (f"<dc:date>{escape(date)}</dc:date>" if date else "")
            + "</item>"
        )
    entries = "".join(parts)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="http://example.test/"><title>{escape(title)}</title>'
        "<link>http://example.test/</link><description>d</description></channel>"
        f"{entries}</rdf:RDF>"
    ).encode()


def article_page(title: str, paragraphs: list[str]) -> bytes:
    """A news page with everything around the article a reader does not want in its text."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>{escape(title)} — Новостной портал</title>
<script>window.dataLayer = [{{"event": "pageview"}}];</script><style>.ad{{color:red}}</style></head>
<body>
<div id="cookie-banner" class="cookie-consent">Мы используем файлы cookie. Продолжая пользоваться сайтом,
вы соглашаетесь с политикой обработки данных. <button>Принять</button></div>
<header><nav class="menu"><ul><li><a href="/">Главная</a></li><li><a href="/politics">Политика</a></li>
<li><a href="/economy">Экономика</a></li><li><a href="/sport">Спорт</a></li></ul></nav></header>
<div class="ad banner">РЕКЛАМА: Купите новый смартфон со скидкой 50 процентов только сегодня!</div>
<main><article><h1>{escape(title)}</h1><div class="article-body">{body}</div></article>
<aside class="related"><h3>Читайте также</h3><ul>
<li><a href="/n/1">Курс доллара вырос на открытии торгов</a></li>
<li><a href="/n/2">В Алматы ожидается снегопад</a></li></ul></aside>
<section class="comments" id="comments"><h3>Комментарии</h3>
<div class="comment"><p>Читатель Иван: Отличная новость, спасибо редакции за оперативность!</p></div>
<div class="comment"><p>Читатель Мария: Не согласна с автором, всё было совсем не так.</p></div>
</section></main>
<footer><p>© 2024 Новостной портал. Все права защищены.</p></footer></body></html>""".encode()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    compress: str | None = None  # "gzip" or "deflate"
    handler: Handler | None = None


class FeedServer:
    """aiohttp on 127.0.0.1, a random port; ``url(path)`` is where ``path`` is served."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._dispatch)
        # A short shutdown: hanging handlers are the point of some tests and must not hold up teardown.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes = b"", **options: object) -> str:
        """Serve ``body`` at ``path`` (options as in Route); returns the full URL."""
        self.routes[path] = Route(body=body, **options)  # type: ignore[arg-type]
        return self.url(path)

    def handle(self, path: str, handler: Handler) -> str:
        self.routes[path] = Route(handler=handler)
        return self.url(path)

    def redirect(self, path: str, target: str, status: int = 301) -> str:
        return self.add(path, status=status, headers={"Location": target})

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path_qs if request.path_qs in self.routes else request.path
        self.hits[path] += 1
        self.requests.append((path, dict(request.headers)))
        route = self.routes.get(path)
        if route is None:
            return web.Response(status=404, text="not found")
        if route.handler is not None:
            return await route.handler(request)
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
            if request.headers.get("If-None-Match") == route.etag:
                return web.Response(status=304, headers=headers)
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
            if request.headers.get("If-Modified-Since") == route.last_modified:
                return web.Response(status=304, headers=headers)
        body = route.body
        if route.compress == "gzip":
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        elif route.compress == "deflate":
            body = zlib.compress(body)
            headers["Content-Encoding"] = "deflate"
        if route.status >= 300:
            return web.Response(status=route.status, headers=headers, body=body)
        headers["Content-Type"] = route.content_type
        return web.Response(status=route.status, headers=headers, body=body)


def slow_handler(delay: float) -> Handler:
    """A server that accepts the request and then says nothing for ``delay`` seconds."""

    async def handler(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(delay)
        return web.Response(text="late")

    return handler


def endless_handler(chunk: bytes = b"<item>" + b"x" * 65536 + b"</item>") -> Handler:
    """A response that never ends (a "10 GB" feed): chunks until the client hangs up."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        await response.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>')
        try:
            for _ in range(200_000):  # 13 GB if anyone read it all
                await response.write(chunk)
        except (ConnectionResetError, RuntimeError):
            pass
        return response

    return handler


def gzip_bomb_handler(uncompressed_mb: int = 200) -> Handler:
    """A small gzip body that inflates to ``uncompressed_mb`` megabytes of zeros."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1024 * 1024)
    payload = b"".join(compressor.compress(block) for _ in range(uncompressed_mb)) + compressor.flush()

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(
            body=payload, headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}
        )

    return handler
