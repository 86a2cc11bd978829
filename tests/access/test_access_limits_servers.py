"""The limits across TWO real servers (three worker processes) on one database: a stranger's
guesses, spread over both servers, are counted once and refuse the stranger — while the owner's
tracking and the officer's sign-in go through. Once with the counters in the database (SQLite
or PostgreSQL, as the suite runs), once in Redis. The servers sit behind a "proxy" (127.0.0.1,
trusted by LOCALGOV_TRUST_X_FORWARDED_FOR) that names each citizen in X-Forwarded-For."""

from __future__ import annotations

import json
import time
import uuid

import pytest
from tests.access.conftest import REDIS_URL, require_redis
from tests.access.servers import LOGIN_PER_CLIENT, Client, Pair, prepared_database, two_servers

WINDOW, LOCKOUT = 600, 900  # the defaults: LOCALGOV_LOOKUP_WINDOW_SECONDS, LOCALGOV_LOGIN_LOCKOUT_SECONDS


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    with prepared_database(tmp_path_factory.mktemp("limits")) as prepared:
        yield prepared


@pytest.fixture(scope="module", params=["database", "redis"])
def pair(request, database):
    """The same database under both stores: the database store's counters stay in its table,
    unseen by the Redis run (distinct dossiers, officers and addresses per test besides)."""
    prefix = f"localgov-test:{uuid.uuid4().hex}:"
    if request.param == "redis":
        require_redis()
    with two_servers(database, store=request.param, redis_url=REDIS_URL, prefix=prefix) as servers:
        yield servers
    if request.param == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        names = list(client.scan_iter(match=prefix + "*"))
        if names:
            client.delete(*names)


def _track(who: Client, base: str, code: str, secret: str):
    return who.post_form(base, "/tra-cuu/", {"ma": code, "secret": secret})


def _retry_after(answer) -> int:
    assert "retry-after" in answer.headers, answer.headers
    return int(answer.headers["retry-after"])


def test_the_owner_tracks_while_a_stranger_is_refused(pair: Pair):
    a, b = pair.urls
    code, secret = pair.dossiers[0]["code"], pair.dossiers[0]["secret"]
    stranger = Client(forwarded_for="198.51.100.7")
    started = time.monotonic()
    # Wrong secrets, alternately on server A and server B: one count for both servers. The
    # tenth puts the code under guard, and this stranger has spent more than the guarded tries.
    statuses = [_track(stranger, (a, b)[i % 2], code, f"SAI{i:07d}").status for i in range(12)]
    assert statuses == [422] * 10 + [429] * 2
    refused = _track(stranger, b, code, secret)  # even the right secret: a refusal reveals nothing
    assert refused.status == 429
    assert WINDOW - (time.monotonic() - started) - 1 <= _retry_after(refused) <= WINDOW
    # The owner, from their own address, on either server: in.
    owner = Client(forwarded_for="203.0.113.5")
    opened = _track(owner, b, code, secret)
    assert opened.status == 302 and opened.headers["location"] == f"/ho-so/{code}/"
    assert code in owner.request(a, f"/ho-so/{code}/").text  # the session works on the other server
    api = Client(forwarded_for="203.0.113.6").request(a, f"/api/v1/dossiers/{code}",
                                                      headers={"X-Dossier-Secret": secret})
    assert api.status == 200 and json.loads(api.text)["code"] == code
    # A second stranger on the guarded code is checked, for the guarded tries only.
    other = Client(forwarded_for="198.51.100.8")
    assert [_track(other, (b, a)[i % 2], code, f"KHAC{i:06d}").status for i in range(4)] == [422, 422, 422, 429]


def test_one_client_guessing_many_codes_is_stopped_on_both_servers(pair: Pair):
    a, b = pair.urls
    guesser = Client(forwarded_for="198.51.100.20")
    answers = [guesser.request((a, b)[i % 2], f"/api/v1/dossiers/H01-250804-{i:04d}",
                               headers={"X-Dossier-Secret": "ABCDEFGHIJ"}) for i in range(22)]
    assert [r.status for r in answers] == [404] * 20 + [429] * 2
    refused = answers[-1]
    assert json.loads(refused.text)["code"] == "rate_limited"
    assert WINDOW - 5 <= _retry_after(refused) <= WINDOW  # the 20th wrong guess locked it for the window
    # The owner of a real dossier is not that client.
    code, secret = pair.dossiers[1]["code"], pair.dossiers[1]["secret"]
    owner = Client(forwarded_for="203.0.113.21")
    assert owner.request(b, f"/api/v1/dossiers/{code}", headers={"X-Dossier-Secret": secret}).status == 200


def test_an_officer_signs_in_while_a_stranger_is_locked_out(pair: Pair):
    a, b = pair.urls
    officer = pair.officers[0]
    stranger = Client(forwarded_for="198.51.100.30")
    statuses = [stranger.post_form((a, b)[i % 2], "/dang-nhap/",
                                   {"username": officer, "password": f"sai-{i}"}).status for i in range(5)]
    assert statuses == [422] * 4 + [429]  # the fifth already says so
    locked = stranger.post_form(a, "/dang-nhap/", {"username": officer, "password": pair.password})
    assert locked.status == 429 and LOCKOUT - 5 <= _retry_after(locked) <= LOCKOUT
    assert "tạm thời bị khóa" in locked.text
    # The officer at their own desk, on the other server: signed in.
    desk = Client(forwarded_for="203.0.113.40")
    signed_in = desk.post_form(b, "/dang-nhap/", {"username": officer, "password": pair.password})
    assert signed_in.status == 302
    # `localgov access unlock` (any machine, the shared store) lifts the stranger's lock too.
    assert "1 máy" in pair.localgov("access", "unlock", officer)
    again = stranger.post_form(b, "/dang-nhap/", {"username": officer, "password": pair.password})
    assert again.status == 302


def test_a_client_trying_many_accounts_is_stopped(pair: Pair):
    a, b = pair.urls
    stuffer = Client(forwarded_for="198.51.100.50")
    statuses = [stuffer.post_form((a, b)[i % 2], "/dang-nhap/",
                                  {"username": f"nguoi-dung-{i}", "password": "123456789a"}).status
                for i in range(LOGIN_PER_CLIENT + 1)]
    assert statuses == [422] * (LOGIN_PER_CLIENT - 1) + [429] * 2  # the last counted one already says so
    officer = pair.officers[1]
    assert stuffer.post_form(a, "/dang-nhap/", {"username": officer, "password": pair.password}).status == 429
    desk = Client(forwarded_for="203.0.113.50")
    assert desk.post_form(b, "/dang-nhap/", {"username": officer, "password": pair.password}).status == 302


def test_a_header_from_a_client_that_is_not_our_proxy_is_ignored(pair: Pair):
    """From 127.0.0.2 — not the trusted proxy — a different made-up X-Forwarded-For on every
    request buys no fresh tries: the client is 127.0.0.2 throughout."""
    a, b = pair.urls
    answers = [Client(source="127.0.0.2", forwarded_for=f"192.0.2.{i}").request(
        (a, b)[i % 2], f"/api/v1/dossiers/H02-250804-{i:04d}", headers={"X-Dossier-Secret": "ABCDEFGHIJ"})
        for i in range(21)]
    assert [r.status for r in answers] == [404] * 20 + [429]
    assert Client(source="127.0.0.3").request(a, "/api/v1/dossiers/H02-250804-0099",
                                              headers={"X-Dossier-Secret": "ABCDEFGHIJ"}).status == 404


def test_counts_are_exact_when_processes_race(pair: Pair):
    """Four processes add 50 each to one counter at the same time: 200, not fewer."""
    script = """
import sys
from localgov.access import counters
store = counters.store()
for _ in range(50):
    store.hit(["race:one"], 600, counters.now())
"""
    import subprocess
    import sys

    procs = [subprocess.Popen([sys.executable, "-c", "import django; django.setup()\n" + script], env=pair.env,
                              cwd=pair.env["LOCALGOV_HOME"]) for _ in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    out = pair.django("from localgov.access import counters\n"
                      "print(counters.store().get(['race:one'], counters.now())['race:one'].hits)")
    assert out.strip() == "200"
