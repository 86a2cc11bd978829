"""Expiring counters shared by every worker of every server: the store behind the look-up
limits and the sign-in lockout (access/throttle.py).

Two stores, chosen by the setting `LOCALGOV_THROTTLE_STORE`:

- `database` (the default): the table `access_throttlecounter` (name, hits, expires_at in epoch
  milliseconds). One statement counts several keys at once — an `INSERT … ON CONFLICT DO UPDATE
  … RETURNING` upsert that restarts a counter whose window has passed — on SQLite (3.35+) and
  PostgreSQL alike. Expired rows are deleted every `PURGE_EVERY` counted failures of a process
  and by `localgov access purge-counters`.
- `redis` (the default when `REDIS_URL` is set): one key per counter under
  `LOCALGOV_THROTTLE_PREFIX`, counted with `SET NX PX` + `INCR` + `PTTL` in one MULTI; Redis
  expires them by itself.

Time is the server's clock (`time.time()`); servers that share a store keep their clocks in
step (NTP), as they must for their logs anyway.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from localgov.access.models import ThrottleCounter

PURGE_EVERY = 256


@dataclass(frozen=True)
class Count:
    hits: int
    expires_at: float  # epoch seconds

    def seconds_left(self, now: float) -> int:
        """Whole seconds until the counter expires (at least 1): the Retry-After value."""
        return max(1, math.ceil(self.expires_at - now))


class CounterStore(Protocol):
    def hit(self, keys: Sequence[str], window: float, now: float) -> dict[str, Count]:
        """Add one to each key (a key that is absent or expired restarts at 1 for `window`
        seconds) and return the new counts."""
        ...

    def get(self, keys: Sequence[str], now: float) -> dict[str, Count]:
        """The live counters among `keys` (absent and expired ones are left out)."""
        ...

    def expire_at(self, key: str, until: float, now: float) -> None:
        """Make a live `key` expire at `until` (a lock's end); an absent or expired key stays so."""
        ...

    def delete(self, keys: Iterable[str]) -> int: ...

    def delete_prefix(self, prefix: str) -> int: ...

    def purge(self, now: float) -> int:
        """Delete expired counters; the number deleted."""
        ...


def _ms(seconds: float) -> int:
    return int(math.floor(seconds * 1000))


class DatabaseStore:
    """Counters in the `access_throttlecounter` table of the default database."""

    def __init__(self) -> None:

        self.table = connection.ops.quote_name(ThrottleCounter._meta.db_table)
        self._hits = 0
        self._lock = threading.Lock()

    def hit(self, keys: Sequence[str], window: float, now: float) -> dict[str, Count]:
        keys = list(dict.fromkeys(keys))
        now_ms, until_ms = _ms(now), _ms(now + window)
        t = self.table
        values = ", ".join(["(%s, 1, %s)"] * len(keys))
        params: list[Any] = [p for k in keys for p in (k, until_ms)]
        sql = (f"INSERT INTO {t} (name, hits, expires_at) VALUES {values} "  # noqa: S608 - our table name
               f"ON CONFLICT (name) DO UPDATE SET "
               f"hits = CASE WHEN {t}.expires_at <= %s THEN 1 ELSE {t}.hits + 1 END, "
               f"expires_at = CASE WHEN {t}.expires_at <= %s THEN excluded.expires_at ELSE {t}.expires_at END "
               f"RETURNING name, hits, expires_at")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, now_ms, now_ms])
            rows = cursor.fetchall()
        self._maybe_purge(now)
        return {key: Count(int(hits), int(expires) / 1000) for key, hits, expires in rows}

    def get(self, keys: Sequence[str], now: float) -> dict[str, Count]:
        if not keys:
            return {}
        marks = ", ".join(["%s"] * len(keys))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT name, hits, expires_at FROM {self.table} "  # noqa: S608 - our table name
                           f"WHERE name IN ({marks}) AND expires_at > %s", [*keys, _ms(now)])
            return {key: Count(int(hits), int(expires) / 1000) for key, hits, expires in cursor.fetchall()}

    def expire_at(self, key: str, until: float, now: float) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {self.table} SET expires_at = %s "  # noqa: S608 - our table name
                           f"WHERE name = %s AND expires_at > %s", [_ms(until), key, _ms(now)])

    def delete(self, keys: Iterable[str]) -> int:
        keys = list(keys)
        if not keys:
            return 0
        marks = ", ".join(["%s"] * len(keys))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE name IN ({marks})", keys)  # noqa: S608
            return cursor.rowcount

    def delete_prefix(self, prefix: str) -> int:
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE name LIKE %s ESCAPE %s",  # noqa: S608
                           [pattern, "\\"])
            return cursor.rowcount

    def purge(self, now: float) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE expires_at <= %s", [_ms(now)])  # noqa: S608
            return cursor.rowcount

    def _maybe_purge(self, now: float) -> None:
        with self._lock:
            self._hits += 1
            due = self._hits % PURGE_EVERY == 0
        if due:
            self.purge(now)


class RedisStore:
    """Counters as Redis keys `<prefix><key>` with a time to live."""

    def __init__(self, url: str, prefix: str) -> None:
        # the Redis client: only when REDIS_URL selects it
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.prefix = prefix

    def hit(self, keys: Sequence[str], window: float, now: float) -> dict[str, Count]:
        keys = list(dict.fromkeys(keys))
        pipe = self.client.pipeline(transaction=True)
        for key in keys:
            name = self.prefix + key
            pipe.set(name, 0, px=_ms(window), nx=True)
            pipe.incr(name)
            pipe.pttl(name)
        answers = pipe.execute()
        return {key: Count(int(answers[3 * i + 1]), now + max(int(answers[3 * i + 2]), 0) / 1000)
                for i, key in enumerate(keys)}

    def get(self, keys: Sequence[str], now: float) -> dict[str, Count]:
        if not keys:
            return {}
        pipe = self.client.pipeline(transaction=True)
        for key in keys:
            pipe.get(self.prefix + key)
            pipe.pttl(self.prefix + key)
        answers = pipe.execute()
        found: dict[str, Count] = {}
        for i, key in enumerate(keys):
            value, left = answers[2 * i], int(answers[2 * i + 1])
            if value is not None and left > 0:
                found[key] = Count(int(value), now + left / 1000)
        return found

    def expire_at(self, key: str, until: float, now: float) -> None:
        self.client.pexpire(self.prefix + key, max(1, _ms(until - now)))  # no-op on an absent key

    def delete(self, keys: Iterable[str]) -> int:
        names = [self.prefix + k for k in keys]
        return int(self.client.delete(*names)) if names else 0

    def delete_prefix(self, prefix: str) -> int:
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.prefix + prefix) + "*"
        names = list(self.client.scan_iter(match=pattern, count=500))
        return int(self.client.delete(*names)) if names else 0

    def purge(self, now: float) -> int:
        return 0  # Redis expires keys by itself


_stores: dict[tuple[str, str, str], CounterStore] = {}
_stores_lock = threading.Lock()


def store() -> CounterStore:
    """The configured store, one per process and configuration."""
    kind = str(getattr(settings, "LOCALGOV_THROTTLE_STORE", "database") or "database").strip().lower()
    url = str(getattr(settings, "REDIS_URL", "") or "")
    prefix = str(getattr(settings, "LOCALGOV_THROTTLE_PREFIX", "localgov:throttle:"))
    config = (kind, url, prefix)
    with _stores_lock:
        found = _stores.get(config)
        if found is None:
            if kind == "redis":
                if not url:

                    raise ImproperlyConfigured("LOCALGOV_THROTTLE_STORE=redis cần REDIS_URL.")
                found = RedisStore(url, prefix)
            elif kind == "database":
                found = DatabaseStore()
            else:

                raise ImproperlyConfigured(
                    f"LOCALGOV_THROTTLE_STORE phải là database hoặc redis, nhận được «{kind}».")
            _stores[config] = found
    return found


def now() -> float:
    return time.time()
