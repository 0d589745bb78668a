"""Canonical article URLs: the same page under tracking parameters or fragments is one URL."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hmb_", "ga_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "yclid",
        "ysclid",
        "msclkid",
        "igshid",
        "mkt_tok",
        "_openstat",
        "from",
        "ref",
        "ref_src",
        "rss",
        "share",
        "_hsenc",
        "_hsmi",
        "twclid",
        "vero_id",
        "spm",
        "cmpid",
        "at_medium",
        "at_campaign",
        "oly_enc_id",
        "oly_anon_id",
        "rb_clickid",
        "s_cid",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


# Names that mark a shared article link but may select what a feed URL serves ("?rss=1", "?from=...").
_FEED_SELECTORS = frozenset({"from", "ref", "rss", "share", "spm", "s_cid"})


def canonical_feed_url(url: str | None) -> str | None:
    """A feed's URL as stored: like ``canonical_url``, but parameters that may pick the feed stay."""
    return canonical_url(url, keep=_FEED_SELECTORS)


def canonical_url(url: str | None, *, keep: frozenset[str] = frozenset()) -> str | None:
    """The URL without tracking parameters, fragment, default port or host case; None if not http(s).

    Parameters named in ``keep`` stay although they are on the tracking list."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    if ":" in host:  # an IPv6 address keeps its brackets: "http://[::1]/"
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}{':' + parts.password if parts.password else ''}@{host}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() in keep
        or (not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES)
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query, doseq=True), ""))


def site_name(url: str | None) -> str | None:
    """The site's host without "www." ("https://www.inform.kz/ru/x" gives "inform.kz"), or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    # urlsplit keeps the case of what follows a "%" (an IPv6 zone): lowercase all of it.
    host = host.lower().removeprefix("www.")
    return host if any(ch.isalnum() for ch in host) else None


_URL_LIKE = re.compile(r"^\s*[a-z][a-z0-9+.-]*://|^\s*[^\s/@]+:[^\s/@]*@", re.IGNORECASE)
# Query parameters that carry credentials: never shown, whatever their value.
_SECRET_PARAMS = re.compile(
    r"(key|token|secret|passw|pass|pwd|auth|sig|signature|session|sid|credential|hash)", re.IGNORECASE
)
SOURCE_PLACEHOLDER = "?"


def looks_like_url(text: str) -> bool:
    """True for "https://...", "tg://..." and "user:pass@host" forms."""
    return bool(_URL_LIKE.match(text))


def source_label(title: str | None, url: str | None) -> str:
    """What a source is shown as: its title, or the host of its URL when the title is empty or is
    itself a URL. Never the userinfo, path or query of a URL, which may hold credentials."""
    text = (title or "").strip()
    if text and not looks_like_url(text):
        return text
    return site_name(text) or site_name(url) or SOURCE_PLACEHOLDER


def public_url(url: str) -> str:
    """``url`` fit to show in chat: without userinfo, fragment, or query parameters that carry secrets."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return site_name(url) or SOURCE_PLACEHOLDER
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None:
        host = f"{host}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _SECRET_PARAMS.search(k)
    ]
    return urlunsplit((parts.scheme, host, parts.path, urlencode(query, doseq=True), ""))
