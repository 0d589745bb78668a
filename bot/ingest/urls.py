"""Canonical article URLs: the same page under tracking parameters or fragments is one URL."""

from __future__ import annotations

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


def canonical_url(url: str | None) -> str | None:
    """The URL without tracking parameters, fragment, default port or host case; None if not http(s)."""
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
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
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
