"""The shared counters (access/counters.py), the same behaviour in the database (SQLite or
PostgreSQL, whichever the suite runs on) and in the real Redis: atomic counts in a window,
a restart after it, locks that end when set, deletion by prefix, purge of expired rows."""

from __future__ import annotations

import time

import pytest

from localgov.access import counters, throttle

pytestmark = pytest.mark.django_db


def test_counts_within_the_window_and_restarts_after_it(throttle_store):
    store = throttle_store
    t0 = counters.now()
    first = store.hit(["a", "b"], 1, t0)
    assert first["a"].hits == first["b"].hits == 1
    assert t0 + 0.9 < first["a"].expires_at <= t0 + 1.0
    second = store.hit(["a"], 1, counters.now())
    assert second["a"].hits == 2
    assert abs(second["a"].expires_at - first["a"].expires_at) < 0.05  # the window is not pushed on
    assert {k: c.hits for k, c in store.get(["a", "b", "c"], counters.now()).items()} == {"a": 2, "b": 1}
    time.sleep(1.1)
    assert store.get(["a", "b"], counters.now()) == {}
    assert store.hit(["a"], 1, counters.now())["a"].hits == 1


def test_expire_at_ends_a_lock_when_set_and_creates_nothing(throttle_store):
    store = throttle_store
    now = counters.now()
    store.hit(["lock"], 900, now)
    store.expire_at("lock", now + 60, now)
    assert 59 <= store.get(["lock"], counters.now())["lock"].seconds_left(counters.now()) <= 60
    store.expire_at("absent", now + 60, now)
    assert store.get(["absent"], counters.now()) == {}


def test_delete_by_prefix_is_exact(throttle_store):
    store = throttle_store
    now = counters.now()
    # '_' and '%' are LIKE wildcards; '*' and '?' are Redis glob characters: all taken literally.
    names = ["login:p:can_bo:1", "login:p:canXbo:1", "login:p:a%b:1", "login:p:aZZb:1", "login:p:x*:1",
             "login:p:xy:1", "login:s:can_bo"]
    store.hit(names, 900, now)
    assert store.delete_prefix("login:p:can_bo:") == 1
    assert store.delete_prefix("login:p:a%b:") == 1
    assert store.delete_prefix("login:p:x*") == 1
    assert sorted(store.get(names, counters.now())) == ["login:p:aZZb:1", "login:p:canXbo:1", "login:p:xy:1",
                                                        "login:s:can_bo"]


def test_expired_counters_are_purged(throttle_store, settings):
    store = throttle_store
    now = counters.now()
    store.hit(["old"], 1, now)
    store.hit(["live"], 900, now)
    time.sleep(1.1)
    store.purge(counters.now())
    if settings.LOCALGOV_THROTTLE_STORE == "database":
        from localgov.access.models import ThrottleCounter

        assert list(ThrottleCounter.objects.values_list("name", flat=True)) == ["live"]
    else:  # Redis expires keys by itself
        assert not store.client.exists(settings.LOCALGOV_THROTTLE_PREFIX + "old")
    assert list(store.get(["old", "live"], counters.now())) == ["live"]


def test_the_database_purges_by_itself(settings):
    """Every PURGE_EVERY counted failures a process deletes the expired rows: the table does not
    grow with every address that ever mistyped (Redis expires keys by itself)."""
    settings.LOCALGOV_THROTTLE_STORE = "database"
    from localgov.access.models import ThrottleCounter

    store = counters.store()
    now = counters.now()
    store.hit([f"gone:{i}" for i in range(50)], 1, now - 10)  # already expired
    for i in range(counters.PURGE_EVERY):
        store.hit([f"new:{i % 3}"], 900, now)
    assert not ThrottleCounter.objects.filter(name__startswith="gone:").exists()
    assert ThrottleCounter.objects.filter(name__startswith="new:").count() == 3


def test_ipv6_clients_are_counted_per_64_network():
    assert throttle.client_part("2001:db8:1:2:aaaa::1") == throttle.client_part("2001:db8:1:2:bbbb::9")
    assert throttle.client_part("2001:db8:1:3::1") != throttle.client_part("2001:db8:1:2::1")
    assert throttle.client_part("198.51.100.1") != throttle.client_part("198.51.100.2")
