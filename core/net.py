"""
The client's address, behind a reverse proxy or not.

Without configuration the client is ``REMOTE_ADDR``: no header is believed,
since anyone can send ``X-Forwarded-For``. With ``TRACKER_TRUSTED_PROXIES``
(addresses or networks) and a request that really comes from one of them,
the client is read from ``TRACKER_PROXY_CLIENT_HEADER``: each proxy appends
the address it saw, so with ``TRACKER_PROXY_COUNT`` proxies in a row the
client is that many entries from the right. Anything a client wrote further
left is ignored. django-axes (``AXES_CLIENT_IP_CALLABLE``), the login
throttle and the request log all use :func:`client_ip`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _address(text):
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    ip = _address(address)
    networks = _networks(tuple(getattr(settings, "TRACKER_TRUSTED_PROXIES", ()) or ()))
    return ip is not None and any(ip in network for network in networks)


def header_key(header: str) -> str:
    """``X-Forwarded-For`` as ``request.META`` names it: ``HTTP_X_FORWARDED_FOR``."""
    return "HTTP_" + header.upper().replace("-", "_")


def client_ip(request, *args, **kwargs) -> str | None:
    """The client's address (see the module docstring); extra arguments are ignored (axes)."""
    remote = request.META.get("REMOTE_ADDR")
    if not is_trusted_proxy(remote):
        return remote
    header = getattr(settings, "TRACKER_PROXY_CLIENT_HEADER", "X-Forwarded-For")
    hops = [hop.strip() for hop in request.META.get(header_key(header), "").split(",")]
    hops = [hop for hop in hops if hop]
    count = max(1, int(getattr(settings, "TRACKER_PROXY_COUNT", 1)))
    if len(hops) < count:
        return remote
    candidate = _address(hops[-count])
    return str(candidate) if candidate is not None else remote
