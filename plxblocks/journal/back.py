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


def back_link(candidates, *, host: str, journal_path: str) -> str:
    """The first of *candidates* (``back`` parameter, then Referer) that is a path, or an http(s)
    address on *host*, and is not the journal page itself, as ``/path?query#fragment``; ``""``
    when none is. The scheme is not compared: behind a TLS proxy the application sees http while
    the browser's Referer says https, and the link written is a path, on the page's own origin."""
    hosts = {host, host.removesuffix(":80").removesuffix(":443")}  # WebOb says "testserver:80"
    for url in candidates:
        if not url or len(url) > MAX_LENGTH:
            continue
        if not url_has_allowed_host_and_scheme(url, allowed_hosts=hosts):
            continue
        parts = urlsplit(url)
        if not parts.path.startswith("/"):
            continue
        if parts.path.rstrip("/") == journal_path.rstrip("/"):
            continue  # a reload or a filter of the journal page: not the way back
        return urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return ""
