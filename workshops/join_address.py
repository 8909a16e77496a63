"""The address phones open to join a session.

A facilitator usually runs the app on a laptop and browses it as ``127.0.0.1``, an
address no phone can reach. The phones need the laptop's address on the room's network
(its Wi-Fi or the venue's router). So when the page is browsed on a loopback address, the
join address defaults to the laptop's first private network address, with the same
scheme and port; the console lists every address the machine has and the facilitator
picks the one of the room's network. A server with a real name (a ministry's) keeps its
own name: that is the address phones reach.

Only addresses of this machine (or the configured ``WORKSHOP_JOIN_BASE``) are ever used:
a stored choice from another network falls back to the default, and nobody can point the
projector's QR code at another site.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
from urllib.parse import urlsplit

import psutil


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback and link-local: private (room
    network) addresses first, in numeric order."""
    found: set[ipaddress.IPv4Address] = set()
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family != socket.AF_INET:
                continue
            ip = ipaddress.IPv4Address(address.address)
            if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
                found.add(ip)
    return [str(ip) for ip in sorted(found, key=lambda ip: (not ip.is_private, ip))]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def candidates(host_url: str, configured: str = "", addresses: list[str] | None = None):
    """The join bases to offer, best first: the configured one, then (when the page was
    reached by an IP address or as localhost) each address of this machine with the
    page's scheme and port, then the page's own base unless it is loopback."""
    parts = urlsplit(host_url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    bases: list[str] = []
    if configured:
        bases.append(configured.rstrip("/"))
    if _is_loopback(host) or _is_ip(host):
        for address in lan_addresses() if addresses is None else addresses:
            bases.append(f"{parts.scheme}://{address}{port}")
    if not _is_loopback(host):
        bases.append(f"{parts.scheme}://{parts.netloc}")
    unique = list(dict.fromkeys(bases))
    return unique or [f"{parts.scheme}://{parts.netloc}"]


def choose(stored: str, host_url: str, configured: str = "") -> str:
    """The base phones use: the facilitator's stored choice while it is still one of this
    machine's, else the best candidate."""
    options = candidates(host_url, configured)
    if stored and stored in options:
        return stored
    return options[0]


def listens_on_loopback_only(host: str | None) -> bool:
    """Whether the server was started for this computer only (phones cannot reach it).
    ``None``: not known (behind another server), so no warning."""
    return bool(host) and _is_loopback(host)


def offered(configured: str = "") -> list[str]:
    """The candidates for the page being served (needs a request)."""
    from flask import current_app, request

    return candidates(
        request.host_url, configured or current_app.config.get("WORKSHOP_JOIN_BASE", "")
    )


def join_url(workshop) -> str:
    """The address phones open for ``workshop`` (needs a request)."""
    from flask import current_app, request, url_for

    base = choose(
        workshop.join_base, request.host_url, current_app.config.get("WORKSHOP_JOIN_BASE", "")
    )
    return base + url_for("workshop_public.join", code=workshop.code)


def session_fields(workshop) -> dict:
    """What the live screens need to show the join details."""
    from flask import has_request_context, url_for

    fields = {"show_join_bar": workshop.show_join_bar}
    if has_request_context():
        url = join_url(workshop)
        fields["join_url"] = url
        fields["qr_url"] = url_for(
            "workshops.qr_code",
            process_id=workshop.process_id,
            workshop_id=workshop.id,
            v=hashlib.sha1(url.encode()).hexdigest()[:10],
        )
    return fields
