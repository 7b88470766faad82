"""The way back from "My journal" to the unit the learner came from: same origin only.

The journal page is opened from a unit's "Open my journal" link, so the browser's Referer names
the unit; the page carries it on (``?back=``) through its own filter form, where the Referer is
the journal page itself. Either may be forged (a link in an e-mail can set ``back``), so only an
address on the journal page's own origin is used, and it is written as a path: an absolute,
protocol-relative, ``javascript:`` or other-host address gives no link rather than an open
redirect or a script. Django's ``url_has_allowed_host_and_scheme`` (the check its own login
redirects use) does the parsing; the journal app runs on Django in every runtime.
"""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.utils.http import url_has_allowed_host_and_scheme

MAX_LENGTH = 2000


def back_link(candidates, *, host: str, scheme: str, journal_path: str) -> str:
    """The first of *candidates* (``back`` parameter, then Referer) that is on ``scheme://host``
    and is not the journal page itself, as ``/path?query#fragment``; ``""`` when none is."""
    default_port = {"http": ":80", "https": ":443"}.get(scheme, "")
    hosts = {host, host.removesuffix(default_port) if default_port else host}  # WebOb says "testserver:80"
    for url in candidates:
        if not url or len(url) > MAX_LENGTH:
            continue
        if not url_has_allowed_host_and_scheme(url, allowed_hosts=hosts, require_https=scheme == "https"):
            continue
        parts = urlsplit(url)
        if (parts.scheme and parts.scheme != scheme) or not parts.path.startswith("/"):
            continue
        if parts.path.rstrip("/") == journal_path.rstrip("/"):
            continue  # a reload or a filter of the journal page: not the way back
        return urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return ""
