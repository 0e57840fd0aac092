"""Security headers on every answer: ``nosniff`` everywhere; on HTML pages a strict
Content-Security-Policy (scripts, styles, fonts and requests only from the router itself, no
inline scripts) and no framing (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``).

A page that needs more (an inline stylesheet allowed by its hash) sets its own policy with
``content_security_policy``; the middleware leaves an existing policy alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeadersMiddleware", "content_security_policy"]


def content_security_policy(*, style_hashes: Iterable[str] = ()) -> str:
    """The pages' policy; ``style_hashes`` (``sha256-...``) allow exact inline stylesheets."""
    styles = " ".join(["'self'", *(f"'{h}'" for h in style_hashes)])
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            f"style-src {styles}",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


_POLICY = content_security_policy()


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("x-content-type-options", "nosniff")
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("content-security-policy", _POLICY)
                    headers.setdefault("x-frame-options", "DENY")
                    headers.setdefault("referrer-policy", "same-origin")
            await send(message)

        await self.app(scope, receive, send_with_headers)
