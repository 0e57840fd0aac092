"""Web push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payloads (RFC 8291), through
pywebpush's aiohttp API on one pooled session, so nothing blocks the event loop.

The payload is JSON `{"title", "body", "url"}` for the service worker to show. Each request
carries `Topic`: a digest of the idempotency key, so a retried send replaces a copy the push
service still holds instead of showing twice. Outcomes:

    201/202                       delivered to the push service
    404, 410                      SubscriptionGone (a PermanentFailure): remove the subscription
    429, 5xx, timeouts, resets    TransientFailure: retry later
    other 4xx, a malformed         PermanentFailure
    subscription
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any, Final
from urllib.parse import urlsplit

import aiohttp
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush_async

from common.contracts.subscriptions import Channel
from subgraphs.notifications.channels.base import Message, PermanentFailure, TransientFailure
from subgraphs.notifications.channels.settings import ChannelSettings
from subgraphs.notifications.channels.vapid import b64url, load_vapid

#: Push services take 4096 bytes of encrypted body; aes128gcm adds 86 + 17 of its own.
PAYLOAD_MAX: Final = 3072
#: A VAPID token lives at most 24 hours (RFC 8292 section 2); ours live 12.
TOKEN_SECONDS: Final = 12 * 3600
SUBSCRIPTION_MAX: Final = 4096
GONE: Final = frozenset({404, 410})


class SubscriptionGone(PermanentFailure):
    """The push service no longer knows this subscription (404/410): delete it."""


def parse_subscription(address: str) -> dict[str, Any]:
    """The PushSubscription JSON a browser gave, checked enough that a bad one fails here as a
    PermanentFailure rather than deep in the encryption."""
    problem = PermanentFailure("not a push subscription")
    if len(address) > SUBSCRIPTION_MAX:
        raise problem
    try:
        found = json.loads(address)
        endpoint, keys = found["endpoint"], found["keys"]
        p256dh, auth = keys["p256dh"], keys["auth"]
    except (ValueError, TypeError, KeyError):
        raise problem from None
    if not all(isinstance(v, str) and v for v in (endpoint, p256dh, auth)):
        raise problem
    parts = urlsplit(endpoint)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise problem
    return {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}


def payload(message: Message) -> bytes:
    """`{"title", "body", "url"}` as UTF-8 JSON, the body cut to fit PAYLOAD_MAX."""
    body = message.text
    while True:
        encoded = json.dumps(
            {"title": message.subject[:200], "body": body, "url": message.url},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        overflow = len(encoded) - PAYLOAD_MAX
        if overflow <= 0:
            return encoded
        cut = body.encode()[: max(0, len(body.encode()) - overflow - 3)]
        body = cut.decode(errors="ignore") + "…"


def topic(idempotency_key: str) -> str:
    """RFC 8030 Topic: at most 32 characters of the URL-safe base64 alphabet."""
    return b64url(hashlib.sha256(idempotency_key.encode()).digest())[:32]


def origin(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


class PushSender:
    channel = Channel.PUSH

    def __init__(self, settings: ChannelSettings, *, vapid: Vapid02 | None = None) -> None:
        self.settings = settings
        self.vapid = vapid if vapid is not None else load_vapid(settings)
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.settings.push_timeout_seconds)
            )

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def send(self, message: Message, address: str) -> None:
        subscription = parse_subscription(address)
        if self._session is None:
            await self.start()
        claims: dict[str, str | int] = {
            "sub": self.settings.vapid_subject,
            "aud": origin(subscription["endpoint"]),
            "exp": int(time.time()) + TOKEN_SECONDS,
        }
        try:
            await webpush_async(
                subscription,
                data=payload(message).decode(),
                vapid_private_key=self.vapid,
                vapid_claims=claims,
                ttl=self.settings.push_ttl_seconds,
                headers={
                    "Topic": topic(message.idempotency_key),
                    "Urgency": self.settings.push_urgency,
                },
                timeout=aiohttp.ClientTimeout(total=self.settings.push_timeout_seconds),
                aiohttp_session=self._session,
            )
        except WebPushException as exc:
            raise _failure(exc) from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise TransientFailure(f"push service unreachable: {exc!r}") from exc


def _failure(exc: WebPushException) -> PermanentFailure | TransientFailure:
    status = exc.status_code
    if status is None:
        return PermanentFailure(f"push refused before sending: {exc.message}")
    if status in GONE:
        return SubscriptionGone(f"push subscription gone ({status})")
    if status == 429 or status >= 500:
        hint = f", retry after {exc.retry_after}" if exc.retry_after else ""
        return TransientFailure(f"push service answered {status}{hint}")
    return PermanentFailure(f"push service refused the message ({status})")
