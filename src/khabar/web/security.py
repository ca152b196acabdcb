"""Safety of the web app: security headers (a Content-Security-Policy that allows no inline script and
nothing from another origin), the Host check that keeps DNS-rebinding pages out of a loopback server,
the same-origin check on every write, read-only mode, and the token that write actions need.

Article text is untrusted everywhere: templates autoescape, highlights are built from escaped
segments, and the scripts set text with ``textContent`` (never ``innerHTML``).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Every page: scripts, styles, images, data only from this server; no inline script, no plug-in,
#: no framing, forms post only here.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

#: Swagger UI (at /docs) sets inline style attributes through React; it gets inline *styles*, still no
#: inline script.
CSP_DOCS = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
]

TOKEN_HEADER = "x-khabar-token"
TOKEN_COOKIE = "khabar_token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    """Whether a listening address (``127.0.0.1``, ``localhost``, ``::1``...) is reachable only from this machine."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_name(host_header: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:8000`` -> ``::1``."""
    host_header = host_header.strip().lower()
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class SecurityMiddleware:
    """Adds the security headers to every response; answers 400 to a Host outside ``allowed_hosts``
    (when given) and 403 to a write (POST, PUT, PATCH, DELETE) whose ``Origin`` is another site."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.allowed_hosts = {h.lower().strip("[]") for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = host_name(headers.get("host", ""))
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            await _plain(
                send, 400, f"unknown host {host!r}: this server answers only to {', '.join(sorted(self.allowed_hosts))}"
            )
            return
        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            origin = headers.get("origin")
            if origin and origin != "null" and host_name(urlsplit(origin).netloc) != host:
                await _plain(send, 403, "cross-site write refused: the request comes from another origin")
                return
            if headers.get("sec-fetch-site") == "cross-site":
                await _plain(send, 403, "cross-site write refused")
                return
        csp = (CSP_DOCS if scope["path"] in ("/docs", "/docs/") else CSP).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {k.lower() for k, _ in raw}
                raw += [(k, v) for k, v in [(b"content-security-policy", csp), *HEADERS] if k not in present]
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"content-security-policy", CSP.encode()),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def token_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; no token configured means every request may write."""
    if not expected:
        return True
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())


def bearer(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None
