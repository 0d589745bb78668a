"""Every fetch of a poll (the feed, then the article pages it links) connects only where it checked,
with private networks off as in production: names come from a fake internet the test controls."""

from __future__ import annotations

from pathlib import Path

from bot.ingest.fetcher import Fetcher
from bot.ingest.pipeline import IngestPipeline
from storage import Storage
from tests.e2e.conftest import make_settings
from tests.e2e.fake_internet import FakeInternet
from tests.e2e.feed_server import FeedServer, Item, article_page, rss

NEWS_ADDRESS = "93.184.216.34"
REBIND_ADDRESS = "151.101.1.69"
SECRET = "Internal admin console: database password hunter2"


async def test_a_feed_item_whose_name_rebinds_to_loopback_is_never_fetched_from_it(tmp_path: Path) -> None:
    async with FeedServer() as public, FeedServer() as internal:
        internal.add("/admin", article_page("Admin", [SECRET] * 3), content_type="text/html")
        # The page on the public side sends the reader on to the same name, which now answers 127.0.0.1.
        public.redirect("/story", f"http://rebind.test:{internal.port}/admin", 302)
        lead = "Короткая аннотация новости, полный текст на странице сайта."
        public.add(
            "/feed.xml",
            rss([Item("Новость с подвохом", f"http://rebind.test:{internal.port}/story", lead, guid="r-1")]),
        )
        net = FakeInternet()
        net.name("news.test", NEWS_ADDRESS)
        net.name("rebind.test", REBIND_ADDRESS, "127.0.0.1")
        net.route(NEWS_ADDRESS, public.port)
        net.route(REBIND_ADDRESS, public.port)

        settings = make_settings(tmp_path, "http://127.0.0.1:9", allow_private_networks=False)
        storage = await Storage.open(settings.database_path)
        try:
            source = await storage.sources.ensure("feed", f"http://news.test:{public.port}/feed.xml", "News")
            fetcher = Fetcher(allow_private_networks=False, timeout=3.0, resolver=net.resolve, dial=net.dial)
            async with IngestPipeline.create(storage, settings, fetcher=fetcher) as ingest:
                report = await ingest.poller.poll_source(source)
            assert report.error is None and report.stored == 1
            (article,) = await storage.articles.latest(5)
        finally:
            await storage.close()
        assert public.hits["/story"] == 1  # the page was asked for at the address that was checked
        assert internal.hits["/admin"] == 0
        assert SECRET not in article.text
        assert ("127.0.0.1", internal.port) not in net.dialled
