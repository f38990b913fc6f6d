"""OpenReview API addresses."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def derive_v1_baseurl(baseurl: str) -> str:
    """API v1's URL from API v2's: `api2.` → `api.` (https://api2.openreview.net →
    https://api.openreview.net, api2.dev… → api.dev…). Other hosts are kept as they are: give
    the v1 URL explicitly for them."""
    parts = urlsplit(baseurl.rstrip("/"))
    host = parts.hostname or ""
    if not host.startswith("api2."):
        return baseurl.rstrip("/")
    netloc = parts.netloc.replace(host, "api." + host[len("api2.") :], 1)
    return urlunsplit(parts._replace(netloc=netloc))
