"""The client's address and scheme behind the TLS proxy the README deploys behind.

Behind a proxy every request comes from the proxy's address, so sign-in limits would count
every client as one. werkzeug's ProxyFix reads X-Forwarded-For and X-Forwarded-Proto, but
trusts whoever sends them; here it applies only to requests from TRUSTED_PROXIES (addresses
or networks), so a client elsewhere cannot pick the address its failures are counted under.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str | Iterable[str]) -> tuple[Network, ...]:
    """"10.0.0.1, 10.1.0.0/16, ::1" (or a list of them) as networks; refuses a bad one."""
    items = value.split(",") if isinstance(value, str) else value
    networks = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError as error:
            raise RuntimeError(f"ENVELOPE_TRUSTED_PROXIES: {text!r} is not an address") from error
    return tuple(networks)


class TrustedProxies:
    """ProxyFix for requests from a trusted proxy (one hop); others are left as they came."""

    def __init__(self, app: Any, trusted: tuple[Network, ...]) -> None:
        self.app = app
        self.trusted = trusted
        self.fixed = ProxyFix(app, x_for=1, x_proto=1)

    def _trusted(self, address: str | None) -> bool:
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    def __call__(self, environ: dict, start_response: Any) -> Any:
        if self.trusted and self._trusted(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)
