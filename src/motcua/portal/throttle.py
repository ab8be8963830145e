"""A small fixed-window rate limit per client IP address, kept in Django's cache.

Limits are read when called (``MOTCUA_PORTAL_LOOKUP_LIMIT`` lookups per
``MOTCUA_PORTAL_LOOKUP_WINDOW`` seconds), so ``override_settings`` works in tests. With
several processes the cache must be shared (``MOTCUA_REDIS_URL``); behind a reverse proxy,
``REMOTE_ADDR`` must be the client's address (set by the proxy), or every visitor shares
one counter.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_LOOKUP_LIMIT = 20
DEFAULT_LOOKUP_WINDOW = 600  # seconds


def lookup_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "MOTCUA_PORTAL_LOOKUP_LIMIT", DEFAULT_LOOKUP_LIMIT)),
        int(getattr(settings, "MOTCUA_PORTAL_LOOKUP_WINDOW", DEFAULT_LOOKUP_WINDOW)),
    )


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request: HttpRequest, scope: str, *, limit: int, window: int) -> bool:
    """Count one attempt of ``scope`` from the client's IP; False once over ``limit`` in
    the current window (the window starts with the first attempt)."""
    key = f"motcua:throttle:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
