"""plxblocks.remote_fetch: which addresses a build may fetch media from (issue 11.10). The
deadline and redirects are tested through real builds in tests/scorm/test_media.py."""
from __future__ import annotations

import socket

import pytest

from plxblocks import remote_fetch
from plxblocks.remote_fetch import NO_PRIVATE, AddressPolicy, FetchError, download


@pytest.mark.parametrize("address,kind", [
    ("127.0.0.1", "a loopback address"), ("127.9.9.9", "a loopback address"), ("::1", "a loopback address"),
    ("::ffff:127.0.0.1", "a loopback address"), ("10.1.2.3", "a private address"),
    ("172.16.0.1", "a private address"), ("192.168.1.1", "a private address"), ("fd00::1", "a private address"),
    ("169.254.169.254", "a link-local address"), ("fe80::1%eth0", "a link-local address"),
    ("0.0.0.0", "an unspecified address"), ("::", "an unspecified address"),
    ("224.0.0.1", "a multicast address"), ("ff02::1", "a multicast address"),
    ("100.64.0.1", "not a public address"), ("240.0.0.1", "a private address"),
])
def test_non_public_addresses_are_refused_by_default(address, kind):
    assert NO_PRIVATE.refusal(address) == kind


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert NO_PRIVATE.refusal(address) is None


def test_the_opt_in_allows_the_networks_named_and_no_others():
    policy = AddressPolicy.parse("127.0.0.1, 10.20.0.0/16 [fd00::1]")
    assert policy.refusal("127.0.0.1") is None and policy.refusal("10.20.3.4") is None
    assert policy.refusal("fd00::1") is None
    assert policy.refusal("127.0.0.2") == "a loopback address"
    assert policy.refusal("10.21.0.1") == "a private address"
    assert AddressPolicy.parse("all").refusal("169.254.169.254") is None
    assert AddressPolicy.parse("") == NO_PRIVATE


@pytest.mark.parametrize("text", ["localhost", "1", "10.0.0.0/33", "all,10.0.0.1"])
def test_an_opt_in_that_is_not_networks_is_an_error(text):
    with pytest.raises(ValueError, match="is not an address or network"):
        AddressPolicy.parse(text)


def test_cloud_metadata_is_refused_before_connecting(monkeypatch):
    def no_connection(*args, **kwargs):
        raise AssertionError("connected")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    with pytest.raises(FetchError) as error:
        download("http://169.254.169.254/latest/meta-data/", max_bytes=100)
    assert str(error.value).startswith("169.254.169.254 is a link-local address: plx fetches media only from "
                                       "public addresses")


def test_an_https_connection_is_checked_where_it_lands_before_any_tls(monkeypatch):
    """The name looks public when checked; the connection lands on 127.0.0.1, where a plain TCP
    listener sees nothing at all: not even the TLS hello."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    port = listener.getsockname()[1]
    monkeypatch.setattr(remote_fetch, "_addresses", lambda host, port: ["93.184.215.14"])
    with listener:
        with pytest.raises(FetchError) as error:
            download(f"https://localhost:{port}/chart.png", max_bytes=100, deadline=5)
        assert str(error.value).startswith("localhost is at 127.0.0.1, a loopback address")
        connection, _ = listener.accept()  # the connection was made, then closed unused
        with connection:
            connection.settimeout(5)
            assert connection.recv(100) == b""
