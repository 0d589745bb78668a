"""Advertising posts: an ``erid`` token (the Russian ad-register id) or a "Реклама" label.

Channels must mark every paid post with its register id ("erid: 2Vtzqx...", "?erid=..." in a link)
and the word "Реклама" with the advertiser; such posts are stored flagged and shown as no news.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# "erid" as a token of its own: "erid: LjN8K", "?erid=NVtz", "#erid"; not inside "eurypterid".
_ERID = re.compile(r"(?<![A-Za-z])erid(?![A-Za-z])", re.IGNORECASE)
# A label line: "Реклама", "Реклама.", "Реклама: ООО «Ромашка»", "Реклама ПАО МТС", "#реклама",
# "На правах рекламы"; a sentence about advertising ("Рекламу запретили") is news, not a label.
_LABEL = re.compile(
    r"^[^\w#]*(?:(?:#?реклама|#ad|#промо)(?:\s*$|\s*[.:,|•·—–-]|\s+(?:ООО|ИП|АО|ПАО|ОАО|ЗАО|ТОО)\b)"
    r"|на\s+правах\s+рекламы\b)"
    r"|#реклама\b",
    re.IGNORECASE | re.MULTILINE,
)


def is_advertisement(text: str, links: Iterable[str] = ()) -> bool:
    """True when the post or one of its links carries an ``erid`` or the text has a "Реклама" label."""
    if _ERID.search(text) or _LABEL.search(text):
        return True
    return any(_ERID.search(link) for link in links)
