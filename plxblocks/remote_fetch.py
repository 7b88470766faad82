"""Download one remote file for a build: within a total deadline, from public addresses only.

Course content is not always the builder's own (a colleague's course, a pull request built in
CI), and its images are fetched by the computer that builds it. So:

- **A total deadline** per file, redirects included. ``requests``' timeout bounds each socket
  operation, not the whole: a server sending one byte every few seconds held a build for minutes.
  A timer shuts the sockets of a download down when its time is up.
- **Public addresses only**, unless the person running the build opts in (:class:`AddressPolicy`;
  the CLI's ``--allow-private-media``): no loopback, private, link-local (cloud metadata at
  169.254.169.254), unspecified, multicast or reserved address, so content cannot make the build
  read an internal service. Redirects are followed here, by hand, and every hop is checked: its
  name's addresses before connecting, and the address actually connected to after (a name whose
  DNS answer changes between the two, DNS rebinding, is caught there, before a byte is sent).

Hand-written on top of requests because the one library for this (advocate) has not been released
since 2020 and predates urllib3 2. Through a proxy (``HTTPS_PROXY``) the proxy connects: only the
name's addresses, as this computer's DNS gives them, are checked then.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

DEFAULT_DEADLINE = 20.0
"""Seconds one download may take in all (``--media-timeout`` / ``PLX_MEDIA_TIMEOUT``)."""
MAX_REDIRECTS = 5


class FetchError(Exception):
    """The file could not be fetched; ``str()`` says why, without the address (the caller adds it)."""


class _RefusedAddress(FetchError):
    """Raised inside urllib3's connect: not an ``OSError``, so urllib3 lets it through unwrapped."""


@dataclass(frozen=True)
class AddressPolicy:
    """Which non-public addresses a build may fetch from: none (the default), some networks, or all."""

    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    everything: bool = False

    @classmethod
    def parse(cls, text: str) -> AddressPolicy:
        """``""`` (none), ``all``, or networks and addresses separated by commas or spaces."""
        words = text.replace(",", " ").split()
        if words == ["all"]:
            return cls(everything=True)
        networks = []
        for word in words:
            try:
                networks.append(ipaddress.ip_network(word.strip("[]"), strict=False))
            except ValueError:
                raise ValueError(f"'{word}' is not an address or network: expected 'all' or addresses and "
                                 "networks such as 127.0.0.1,10.20.0.0/16,fd00::/8") from None
        return cls(tuple(networks))

    def refusal(self, address: str) -> str | None:
        """Why *address* may not be fetched from (``"a loopback address"``), or None."""
        ip = ipaddress.ip_address(address.split("%")[0])  # an IPv6 zone (fe80::1%eth0) is no part of it
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
        kind = _kind(ip)
        if kind is None or self.everything or any(ip in network for network in self.networks):
            return None
        return kind


def _kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    for test, kind in (("is_unspecified", "an unspecified address"), ("is_loopback", "a loopback address"),
                       ("is_link_local", "a link-local address"), ("is_multicast", "a multicast address"),
                       ("is_private", "a private address"), ("is_reserved", "a reserved address")):
        if getattr(ip, test):
            return kind
    return None if ip.is_global else "not a public address"


NO_PRIVATE = AddressPolicy()


@dataclass(frozen=True)
class Fetched:
    content: bytes
    content_type: str
    """Lower case, without parameters (``image/png``)."""


def download(url: str, *, deadline: float = DEFAULT_DEADLINE, addresses: AddressPolicy = NO_PRIVATE,
             accept_types: tuple[str, ...] = (), accept_names: str = "", max_bytes: int,
             user_agent: str = "plx") -> Fetched:
    """The body of *url*, answered 200 with a content type that starts with one of *accept_types*
    (any, if empty; *accept_names* names them in the message)."""
    guard = _Guard(addresses, deadline)
    try:
        with guard, requests.Session() as session:
            session.headers["User-Agent"] = user_agent
            for scheme in ("http://", "https://"):
                session.mount(scheme, _CheckedAdapter(guard))
            with _final_response(session, url, guard) as response:
                fetched = _read(response, accept_types, accept_names, max_bytes)
    except (FetchError, requests.RequestException) as error:
        # Cut off at the deadline, a response can look like anything: headers ending early, a
        # short body; so the deadline is the reason whenever it has passed.
        if guard.expired or isinstance(error, requests.Timeout):
            raise guard.too_slow() from None
        if isinstance(error, FetchError):
            raise
        raise FetchError(_reason(error)) from None
    if guard.expired:  # the timer may have cut a body whose end is only the connection's close
        raise guard.too_slow()
    return fetched


@contextmanager
def _final_response(session: requests.Session, url: str, guard: _Guard) -> Iterator[requests.Response]:
    """The response at the end of *url*'s redirects, each hop checked by *guard*; body unread."""
    for _ in range(MAX_REDIRECTS + 1):
        guard.check_name(url)
        left = guard.left()
        with session.get(url, stream=True, allow_redirects=False, timeout=(left, left)) as response:
            if not response.is_redirect:
                yield response
                return
            url = urljoin(url, response.headers["Location"])
    raise FetchError(f"more than {MAX_REDIRECTS} redirects (the last to {url})")


def _read(response: requests.Response, accept_types: tuple[str, ...], accept_names: str,
          max_bytes: int) -> Fetched:
    if response.status_code != 200:
        raise FetchError(f"the server answered {response.status_code} {response.reason or ''}".rstrip())
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if accept_types and not kind.startswith(accept_types):
        raise FetchError(f"expected {accept_names}, got {kind or 'no content type'}")
    content = bytearray()
    for chunk in response.iter_content(64 * 1024):
        content += chunk
        if len(content) > max_bytes:
            raise FetchError(f"larger than {max_bytes // (1024 * 1024)} MB")
    return Fetched(bytes(content), kind)


class _Guard:
    """The deadline and the address policy of one download, shared with its connections."""

    def __init__(self, addresses: AddressPolicy, deadline: float):
        self.addresses = addresses
        self.deadline = deadline
        self.expired = False
        self._end = time.monotonic() + deadline
        self._sockets: list[socket.socket] = []
        self._done = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(deadline, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Guard:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()

    def left(self) -> float:
        left = self._end - time.monotonic()
        if left <= 0 or self.expired:
            raise self.too_slow()
        return left

    def too_slow(self) -> FetchError:
        return FetchError(f"no complete answer within {self.deadline:g} s: if the server is only slow, "
                          "raise --media-timeout (PLX_MEDIA_TIMEOUT)")

    def check_name(self, url: str) -> None:
        """Before connecting: the scheme, and every address the host name has."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url} is not an http or https address")
        if self.addresses.everything:
            return
        for address in _addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)):
            self._refuse_if_not_allowed(parts.hostname, address)

    def connected(self, sock: socket.socket, host: str) -> None:
        """After connecting, before sending: the address connected to; and watch the socket."""
        if not self.addresses.everything:
            self._refuse_if_not_allowed(host, sock.getpeername()[0])
        with self._lock:
            if self.expired:
                raise self.too_slow()
            self._sockets.append(sock)

    def _refuse_if_not_allowed(self, host: str, address: str) -> None:
        kind = self.addresses.refusal(address)
        if kind:
            at = f"{host} is" if host.strip("[]") == address else f"{host} is at {address},"
            raise _RefusedAddress(f"{at} {kind}: plx fetches media only from public addresses (if this server "
                                  "is yours, allow it with --allow-private-media or PLX_ALLOW_PRIVATE_MEDIA)")

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            for sock in self._sockets:
                try:  # socket.socket's own shutdown: ssl.SSLSocket's would also drop its TLS state,
                    # under the feet of the thread reading from it
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass


def _addresses(host: str, port: int) -> list[str]:
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})
    except socket.gaierror:
        raise FetchError(f"could not find the server {host} (check the address and the network)") from None


class _CheckedConnection:
    """Mixed into urllib3's connections: each new socket goes past :meth:`_Guard.connected`."""

    guard: _Guard

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        try:
            self.guard.connected(sock, self.host)
        except BaseException:
            sock.close()
            raise
        return sock


class _CheckedAdapter(HTTPAdapter):
    def __init__(self, guard: _Guard):
        self._guard = guard  # before super().__init__, which builds the pool manager
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": self._checked(HTTPConnectionPool), "https": self._checked(HTTPSConnectionPool)}

    def _checked(self, pool: type) -> type:
        connection = type(f"Checked{pool.ConnectionCls.__name__}", (_CheckedConnection, pool.ConnectionCls),
                          {"guard": self._guard})
        return type(f"Checked{pool.__name__}", (pool,), {"ConnectionCls": connection})


def _reason(error: requests.RequestException) -> str:
    if isinstance(error, requests.ConnectionError):
        return "could not connect (check the address and the network)"
    return str(error) or type(error).__name__
