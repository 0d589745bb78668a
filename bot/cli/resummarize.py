"""``python -m bot resummarize``: every stored article summarized again, after a summarizer upgrade.

Ads are flagged again too: a stored text that carries an ad's marks is an ad now. A flag set at
ingestion stays, since the link that carried it (an ``erid`` in a link target) is not stored.
"""

from __future__ import annotations

from bot.config import Settings
from bot.text.ads import is_advertisement
from bot.text.language import detect_language
from bot.text.summarizer import summarize
from storage import Storage


async def run_resummarize(settings: Settings) -> int:
    """Summarize every stored article again (after a summarizer upgrade); prints how many changed."""
    storage = await Storage.open(settings.database_target)
    changed = 0
    try:
        ids = await storage.articles.iter_ids()
        for article_id in ids:
            article = await storage.articles.get(article_id)
            if article is None:
                continue
            lang = detect_language(f"{article.title}\n{article.text}")
            summary = summarize(article.text, article.title, max_chars=settings.summary_max_chars, lang=lang)
            is_ad = article.is_ad or is_advertisement(f"{article.title}\n{article.text}")
            if summary != article.summary or lang != article.lang or is_ad != article.is_ad:
                await storage.articles.set_summary(article_id, summary, lang, is_ad=is_ad)
                changed += 1
    finally:
        await storage.close()
    print(f"resummarized {len(ids)} articles, {changed} changed")
    return 0
