"""The client address of a request — the one function that every limit, lockout and access
record uses (look-up limits, sign-in lockout, `PersonalDataAccess.client`).

Whether X-Forwarded-For is believed is the setting `LOCALGOV_TRUST_X_FORWARDED_FOR` (read from
the environment by settings.py; docs/access.md, "Client address"):

- off (`""`, `0`, `false`; the default): never. The client is REMOTE_ADDR, and a header the
  client sends changes nothing.
- a number N (`1`, `2`; `true` means 1): N reverse proxies of ours sit in front of the server
  and each appends the address it saw, so the client is the N-th address from the right. What
  lies further left was written by the client and is ignored. The server must then be
  reachable only through those proxies (a request that reaches it directly, with fewer than N
  entries, counts as coming from REMOTE_ADDR).
- addresses or networks, comma-separated (`10.0.0.0/8,127.0.0.1`): the header is believed only
  when REMOTE_ADDR is one of them; it is read from the right, skipping these proxies, and the
  first other address is the client.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_HOPS = 16
OFF = {"", "0", "false", "no", "off", "none"}
ON = {"true", "yes", "on"}


@dataclass(frozen=True)
class ProxyTrust:
    hops: int = 0  # N proxies of ours, each appending to X-Forwarded-For
    proxies: tuple[Network, ...] = ()  # or: the proxies' own addresses

    @property
    def off(self) -> bool:
        return not self.hops and not self.proxies


def _setting_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(v) for v in value)
    return str(value if value is not None else "")


@lru_cache(maxsize=16)
def parse_trust(text: str) -> ProxyTrust:
    """The setting's value as a `ProxyTrust`; ImproperlyConfigured (in Vietnamese) if it is
    neither off, a number of proxies nor a list of addresses."""
    value = text.strip().lower()
    if value in OFF:
        return ProxyTrust()
    if value in ON:
        return ProxyTrust(hops=1)
    if value.isdigit():
        hops = int(value)
        if hops > MAX_HOPS:
            raise ImproperlyConfigured(
                f"LOCALGOV_TRUST_X_FORWARDED_FOR: tối đa {MAX_HOPS} máy chủ trung gian, nhận được {hops}.")
        return ProxyTrust(hops=hops)
    proxies: list[Network] = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        try:
            proxies.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"LOCALGOV_TRUST_X_FORWARDED_FOR: «{part}» không phải số máy chủ trung gian, địa chỉ IP "
                "hay dải địa chỉ (ví dụ 1, hoặc 10.0.0.0/8,127.0.0.1).") from None
    return ProxyTrust(proxies=tuple(proxies))


def configured_trust() -> ProxyTrust:
    return parse_trust(_setting_text(getattr(settings, "LOCALGOV_TRUST_X_FORWARDED_FOR", "")))


def parse_address(text: str) -> Address | None:
    """An IP address as written by a proxy or a server: `1.2.3.4`, `1.2.3.4:5678`, `::1`,
    `[::1]:80`; IPv4-mapped IPv6 becomes IPv4. None for anything else (`unknown`, junk)."""
    value = text.strip().strip('"')
    if value.startswith("[") and "]" in value:
        value = value[1:value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, proxies: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def resolve(remote_addr: str, forwarded_for: str, trust: ProxyTrust) -> str:
    """The client address from REMOTE_ADDR and the X-Forwarded-For header under `trust`."""
    remote = parse_address(remote_addr)
    fallback = str(remote) if remote is not None else (remote_addr.strip() or "unknown")
    if trust.off or not forwarded_for.strip():
        return fallback
    hops = [h for h in (part.strip() for part in forwarded_for.split(",")) if h]
    if trust.hops:
        if len(hops) < trust.hops:
            return fallback  # did not come through all our proxies
        chosen = parse_address(hops[-trust.hops])
        return str(chosen) if chosen is not None else fallback
    if remote is None or not _trusted(remote, trust.proxies):
        return fallback  # the header was not written by a proxy of ours
    last = fallback
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            return last
        if not _trusted(address, trust.proxies):
            return str(address)
        last = str(address)
    return last


def client_address(request: Any) -> str:
    """REMOTE_ADDR, or the address our trusted reverse proxies saw (see the module's text)."""
    if request is None:
        return ""
    meta = getattr(request, "META", {}) or {}
    address = resolve(str(meta.get("REMOTE_ADDR", "") or ""), str(meta.get("HTTP_X_FORWARDED_FOR", "") or ""),
                      configured_trust())
    return address[:64]


def check_proxy_setting(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """System check (registered in apps.py, so `localgov serve` and `migrate` refuse a bad
    value at start rather than at the first request)."""

    try:
        configured_trust()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="access.E001")]
    return []
