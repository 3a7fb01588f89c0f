"""Who is asking: the client's address, trusting a forwarded header only from a configured proxy."""

from __future__ import annotations

import ipaddress
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client. The header named by CLIENT_IP_HEADER (X-Forwarded-For by default) is read
    only when the request comes from one of TRUSTED_PROXIES, and then from the right: each trusted proxy appended
    the address it saw, so the first address not of a trusted proxy is the client. Anything a client writes into
    the header itself stands further left and is never reached."""
    peer = str(request.META.get("REMOTE_ADDR") or "unknown")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    header = str(settings.CLIENT_IP_HEADER or "")
    if not networks or not header or not _trusted(peer, networks):
        return peer
    forwarded = str(request.headers.get(header) or "")
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return peer


def over_rate(request: HttpRequest, scope: str, limit: int, window: int = 60) -> bool:
    """Count one request of this client in `scope` (Django's cache, shared through Redis): True when it is past
    `limit` requests in the current window of `window` seconds."""
    key = f"{scope}:rate:{client_ip(request)}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window + 10):
        return limit < 1
    try:
        count = int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 10)
        return limit < 1
    return count > limit
