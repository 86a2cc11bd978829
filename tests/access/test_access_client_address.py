"""The client address (access/client.py) behind reverse proxies: LOCALGOV_TRUST_X_FORWARDED_FOR
is read from the environment by settings, honoured when set (N proxies, or the proxies'
addresses) and ignored when off — a header the client writes never makes it someone else."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from localgov.access.client import ProxyTrust, check_proxy_setting, client_address, parse_trust, resolve

SPOOF = "6.6.6.6"


def _request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize("value", ["", "0", "false", "off", False, 0, None])
def test_off_ignores_the_header(settings, value):
    settings.LOCALGOV_TRUST_X_FORWARDED_FOR = value
    assert client_address(_request("203.0.113.5", f"{SPOOF}, 198.51.100.1")) == "203.0.113.5"


def test_off_by_default_in_settings():
    from localgov import settings as configured

    if "LOCALGOV_TRUST_X_FORWARDED_FOR" not in os.environ:
        assert parse_trust(str(configured.LOCALGOV_TRUST_X_FORWARDED_FOR)).off


@pytest.mark.parametrize("value", ["1", "true", 1, True])
def test_one_proxy_the_address_it_saw(settings, value):
    settings.LOCALGOV_TRUST_X_FORWARDED_FOR = value
    # The proxy appends the address it saw; what the client wrote in front is ignored.
    assert client_address(_request("127.0.0.1", f"{SPOOF}, 198.51.100.1")) == "198.51.100.1"
    assert client_address(_request("127.0.0.1", "198.51.100.1")) == "198.51.100.1"
    # Not through the proxy (no header): the connection's own address.
    assert client_address(_request("198.51.100.2")) == "198.51.100.2"


def test_two_proxies(settings):
    settings.LOCALGOV_TRUST_X_FORWARDED_FOR = "2"
    assert client_address(_request("10.0.0.2", f"{SPOOF}, 198.51.100.1, 10.0.0.1")) == "198.51.100.1"
    # Fewer entries than proxies: it did not come through them all.
    assert client_address(_request("10.0.0.2", "198.51.100.1")) == "10.0.0.2"


def test_trusted_proxy_addresses(settings):
    settings.LOCALGOV_TRUST_X_FORWARDED_FOR = "10.0.0.0/8, 127.0.0.1"
    assert client_address(_request("127.0.0.1", f"{SPOOF}, 198.51.100.1, 10.0.0.7")) == "198.51.100.1"
    # From an address that is not one of our proxies the header is the client's own writing.
    assert client_address(_request("203.0.113.9", SPOOF)) == "203.0.113.9"
    # Only proxies in the chain: the leftmost.
    assert client_address(_request("127.0.0.1", "10.0.0.8, 10.0.0.7")) == "10.0.0.8"


@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    ("127.0.0.1", "198.51.100.1:51234", "198.51.100.1"),  # a port
    ("127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
    ("127.0.0.1", "::ffff:198.51.100.1", "198.51.100.1"),  # IPv4-mapped
    ("127.0.0.1", "unknown", "127.0.0.1"),  # junk: the connection's address
    ("::ffff:127.0.0.1", "", "127.0.0.1"),
])
def test_address_forms(remote, forwarded, expected):
    assert resolve(remote, forwarded, ProxyTrust(hops=1)) == expected


def test_a_bad_value_is_refused_at_start(settings):
    with pytest.raises(ImproperlyConfigured, match="không phải số máy chủ trung gian"):
        parse_trust("proxy.example")
    with pytest.raises(ImproperlyConfigured):
        parse_trust("99")
    settings.LOCALGOV_TRUST_X_FORWARDED_FOR = "proxy.example"
    errors = check_proxy_setting()
    assert [e.id for e in errors] == ["access.E001"]
    settings.LOCALGOV_TRUST_X_FORWARDED_FOR = "2"
    assert check_proxy_setting() == []


def test_settings_read_the_environment(tmp_path):
    """The variable documented in README/docs is the one settings read (it was once documented
    and never read)."""
    code = ("import django, json; django.setup(); from django.conf import settings; "
            "from localgov.access.client import configured_trust; t = configured_trust(); "
            "print(json.dumps([settings.LOCALGOV_TRUST_X_FORWARDED_FOR, t.hops, [str(n) for n in t.proxies]]))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"DJANGO_SETTINGS_MODULE": "localgov.settings", "LOCALGOV_VAR": str(tmp_path)})
    for value, hops, proxies in [("2", 2, []), ("10.0.0.0/8", 0, ["10.0.0.0/8"]), ("0", 0, [])]:
        env["LOCALGOV_TRUST_X_FORWARDED_FOR"] = value
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert json.loads(out.stdout.strip().splitlines()[-1]) == [value, hops, proxies]


@pytest.mark.usefixtures("throttle_store")
def test_a_spoofed_header_buys_no_fresh_tries(client, settings, db):
    """Off: every guess carries a different X-Forwarded-For, all are one client's guesses."""
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 3
    statuses = [client.get(f"/api/v1/dossiers/H01-250804-{i:04d}", HTTP_X_DOSSIER_SECRET="ABCDEFGHIJ",
                           REMOTE_ADDR="203.0.113.30", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
                for i in range(5)]
    assert statuses == [404, 404, 404, 429, 429]


@pytest.mark.usefixtures("throttle_store")
def test_behind_the_proxy_each_citizen_has_their_own_budget(client, settings, db):
    """On (one proxy): the whole country arrives from the proxy's address, yet one citizen's
    guesses do not spend another's budget."""
    settings.LOCALGOV_TRUST_X_FORWARDED_FOR = "1"
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 3

    def guess(i: int, who: str) -> int:
        return client.get(f"/api/v1/dossiers/H01-250804-{i:04d}", HTTP_X_DOSSIER_SECRET="ABCDEFGHIJ",
                          REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=who).status_code

    assert [guess(i, "198.51.100.1") for i in range(4)] == [404, 404, 404, 429]
    assert guess(9, "198.51.100.2") == 404
    # A client writing its own header in front changes nothing: the proxy's entry is last.
    assert guess(10, "198.51.100.3, 198.51.100.1") == 429
