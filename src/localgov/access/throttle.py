"""Failed attempts counted so that strangers are stopped and the owner is not: the rule shared
by the applicant look-up (code + secret, dossiers/ratelimit.py) and the sign-in lockout
(username + password, access/lockout.py). docs/access.md, "Limits and lockouts", explains it.

Only WRONG attempts are counted, in three expiring counters (access/counters.py), for a
*subject* (a dossier code, an account) and a *client* (its address, access/client.py):

- client: the client's wrong attempts on any subject. At `per_client` the client is refused
  everywhere for `lockout` seconds — one client guessing many codes, or trying a list of
  passwords on many accounts (credential stuffing), is stopped.
- pair (subject, client): that client's wrong attempts on that subject. At `per_pair` (when
  set) that client is refused for that subject for `lockout` seconds.
- subject: everyone's wrong attempts on that subject. At `per_subject` the subject is *guarded*
  (until `window` seconds after its last wrong attempt): a client that has already made
  `guarded_pair` wrong attempts on it is refused for it. Many addresses guessing one code or one
  password are slowed to `guarded_pair` tries each, while anyone who has not yet failed on it —
  the owner, from their own address — is still checked and let in.

A refused attempt is answered without checking the secret at all (so a refusal reveals nothing
and costs no hashing) and is not counted (it neither extends the lock nor spends budget).
Nothing a stranger does from another address can refuse the owner: strangers' failures only
ever refuse the addresses that made them. A correct secret or password is never counted.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from localgov.access import counters

log = logging.getLogger("localgov.throttle")

MAX_PART = 100


@dataclass(frozen=True)
class Limits:
    name: str  # the counters' prefix: "lookup", "login"
    window: int  # seconds over which wrong attempts add up
    per_client: int
    per_subject: int
    guarded_pair: int
    lockout: int  # how long a client is refused once it reaches its limit
    per_pair: int | None = None


@dataclass(frozen=True)
class Refusal:
    reason: str  # "client" (this address everywhere) or "subject" (this address on this subject)
    retry_after: int  # seconds


def key_part(text: str) -> str:
    """`text` made safe for a counter's name: percent-encoded (so it holds no ':', the
    separator, nor Redis' glob characters), a hash when long."""
    encoded = quote(text, safe="")
    if len(encoded) > MAX_PART:

        return "h" + hashlib.sha256(text.encode()).hexdigest()[:40]
    return encoded


def client_part(address: str) -> str:
    """Whom the client counters belong to: the IPv4 address, or the /64 network of an IPv6
    address (one subscriber usually holds a whole /64 and could change address at will)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return key_part(address or "unknown")
    if isinstance(parsed, ipaddress.IPv6Address):
        return key_part(str(ipaddress.IPv6Network((parsed, 64), strict=False)))
    return key_part(str(parsed))


@dataclass(frozen=True)
class Keys:
    client: str
    pair: str
    subject: str


def keys(limits: Limits, subject: str, client: str) -> Keys:
    s, c = key_part(subject), client_part(client)
    return Keys(client=f"{limits.name}:c:{c}", pair=f"{limits.name}:p:{s}:{c}", subject=f"{limits.name}:s:{s}")


def refusal(limits: Limits, subject: str, client: str, *, now: float | None = None) -> Refusal | None:
    """Whether this client may try this subject now; read-only (one read of the store)."""
    at = counters.now() if now is None else now
    k = keys(limits, subject, client)
    found = counters.store().get([k.client, k.pair, k.subject], at)
    by_client, pair, by_subject = found.get(k.client), found.get(k.pair), found.get(k.subject)
    if by_client is not None and by_client.hits >= limits.per_client:
        return Refusal("client", by_client.seconds_left(at))
    if pair is not None:
        guarded = by_subject is not None and by_subject.hits >= limits.per_subject
        allowed = limits.guarded_pair if guarded else limits.per_pair
        if allowed is not None and pair.hits >= allowed:
            return Refusal("subject", pair.seconds_left(at))
    return None


def record_failure(limits: Limits, subject: str, client: str, *, now: float | None = None) -> Refusal | None:
    """Count one wrong attempt; the refusal that now applies to this client, if any."""
    at = counters.now() if now is None else now
    store = counters.store()
    k = keys(limits, subject, client)
    found = store.hit([k.client, k.pair, k.subject], limits.window, at)
    by_client, pair, by_subject = found[k.client], found[k.pair], found[k.subject]
    guarded = by_subject.hits >= limits.per_subject
    if by_subject.hits == limits.per_subject:
        log.warning("throttle guard on", extra={"limit": limits.name, "subject": k.subject})
    if guarded:
        store.expire_at(k.subject, at + limits.window, at)  # guarded until a window after the last wrong try
    allowed = limits.guarded_pair if guarded else limits.per_pair
    if by_client.hits >= limits.per_client:
        return _refuse(store, limits, "client", k.client, by_client, at, lock=by_client.hits == limits.per_client)
    if allowed is not None and pair.hits >= allowed:
        return _refuse(store, limits, "subject", k.pair, pair, at, lock=pair.hits == allowed)
    return None


def _refuse(store: counters.CounterStore, limits: Limits, reason: str, key: str, count: counters.Count,
            at: float, *, lock: bool) -> Refusal:
    """The attempt that reached a limit locks for `lockout` seconds from now (once: later
    attempts are refused before they are counted, so they cannot extend it); when the lock ends
    the count is gone and starts again from one."""
    if lock:
        store.expire_at(key, at + limits.lockout, at)
        return Refusal(reason, limits.lockout)
    return Refusal(reason, count.seconds_left(at))


def forget_pair(limits: Limits, subject: str, client: str) -> None:
    """A correct secret or password: that client's earlier wrong attempts on it are forgiven."""
    counters.store().delete([keys(limits, subject, client).pair])


def clear_subject(limits: Limits, subject: str) -> int:
    """Lift every lock on `subject` (all clients) and its guard; the number of clients whose
    count on it was removed."""
    s = key_part(subject)
    store = counters.store()
    store.delete([f"{limits.name}:s:{s}"])
    return store.delete_prefix(f"{limits.name}:p:{s}:")


def clear_client(limits: Iterable[Limits], client: str) -> int:
    """Lift the per-client locks of `client` (for every subject its pairs stay)."""
    c = client_part(client)
    return counters.store().delete([f"{limit.name}:c:{c}" for limit in limits])
