"""A local web push service for tests, doing what a browser's push service does with a request:
check the VAPID token (RFC 8292: an ES256 JWT for this origin, signed by the key in the
`Authorization: vapid t=..., k=...` header, or the older `WebPush` + `Crypto-Key: p256ecdsa=`),
then decrypt the aes128gcm body (RFC 8291) with the subscription's private key, and record it.

    async with push_endpoint() as push:
        subscription = push.subscribe()            # keys made here, like a browser's
        address = subscription.address             # the PushSubscription JSON to send to
        gone = push.subscribe(status=410)          # a subscription the service forgot
        ...
        push.received                              # [Received(...)], decrypted, in order
        push.refused                               # why requests were refused (bad VAPID...)

A subscription made with `application_server_key=` accepts only tokens signed by that key, as
real push services do.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import http_ece
from aiohttp import web
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

#: RFC 8292 section 2: a token expiring further out than this is refused.
MAX_TOKEN_SECONDS = 24 * 3600
#: RFC 8030 section 7.2: push services must take 4096 bytes of payload; ours takes no more.
MAX_BODY = 4096


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Subscription:
    """One browser's subscription: its ECDH key pair and auth secret stay here."""

    id: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    status: int = 201
    application_server_key: str | None = None
    #: Never answer (until the test ends): the sender's timeout is what ends the request.
    hang: bool = False

    @property
    def keys(self) -> dict[str, str]:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"p256dh": b64url(public), "auth": b64url(self.auth)}

    @property
    def address(self) -> str:
        """The PushSubscription JSON (what `registerPushSubscription` stores)."""
        return json.dumps({"endpoint": self.endpoint, "keys": self.keys})


@dataclass(frozen=True)
class Received:
    subscription_id: str
    payload: dict[str, Any]
    claims: dict[str, Any]
    vapid_key: str
    ttl: int
    topic: str | None
    urgency: str | None


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class PushEndpoint:
    origin: str = ""
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def subscribe(
        self,
        *,
        status: int = 201,
        application_server_key: str | None = None,
        hang: bool = False,
    ) -> Subscription:
        """A new subscription whose requests this service answers with `status` (after
        checking and decrypting them, so a 410 is still a well-formed request)."""
        sub_id = secrets.token_urlsafe(12)
        subscription = Subscription(
            id=sub_id,
            endpoint=f"{self.origin}/push/{sub_id}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth=secrets.token_bytes(16),
            status=status,
            application_server_key=application_server_key,
            hang=hang,
        )
        self.subscriptions[sub_id] = subscription
        return subscription

    def for_subscription(self, subscription: Subscription) -> list[Received]:
        return [r for r in self.received if r.subscription_id == subscription.id]

    # -- the push service ------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.Response:
        subscription = self.subscriptions.get(request.match_info["id"])
        if subscription is None:
            return web.Response(status=404)
        if subscription.hang:
            await self.released.wait()
            return web.Response(status=503)
        body = await request.read()
        try:
            if len(body) > MAX_BODY:
                raise Refused(413, f"payload of {len(body)} bytes")
            claims, vapid_key = self.check_vapid(request, subscription)
            ttl = self.check_headers(request)
            payload = self.decrypt(body, subscription)
        except Refused as refused:
            self.refused.append(refused.reason)
            return web.Response(status=refused.status, text=refused.reason)
        self.received.append(
            Received(
                subscription_id=subscription.id,
                payload=payload,
                claims=claims,
                vapid_key=vapid_key,
                ttl=ttl,
                topic=request.headers.get("Topic"),
                urgency=request.headers.get("Urgency"),
            )
        )
        return web.Response(
            status=subscription.status,
            headers={"Location": f"{self.origin}/message/{len(self.received)}"},
        )

    @staticmethod
    def token_and_key(request: web.Request) -> tuple[str, str]:
        authorization = request.headers.get("Authorization", "")
        scheme, _, rest = authorization.partition(" ")
        if scheme.lower() == "vapid":  # RFC 8292: vapid t=<jwt>, k=<key>
            params = dict(part.strip().split("=", 1) for part in rest.split(",") if "=" in part)
            if "t" in params and "k" in params:
                return params["t"], params["k"]
        elif scheme == "WebPush":  # draft-01: the key in Crypto-Key: p256ecdsa=<key>
            for part in request.headers.get("Crypto-Key", "").replace(",", ";").split(";"):
                name, _, value = part.strip().partition("=")
                if name == "p256ecdsa" and value:
                    return rest.strip(), value
        raise Refused(401, "no VAPID token and key")

    def check_vapid(
        self, request: web.Request, subscription: Subscription
    ) -> tuple[dict[str, Any], str]:
        token, key = self.token_and_key(request)
        if subscription.application_server_key not in (None, key):
            raise Refused(403, "signed by a key the subscription was not made with")
        try:
            point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(key))
            pem = point.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            decoded = jwt.decode(token, ECKey.import_key(pem), algorithms=["ES256"])
        except (JoseError, ValueError) as exc:
            raise Refused(401, f"VAPID token does not verify: {exc!r}") from None
        claims = dict(decoded.claims)
        now = time.time()
        if claims.get("aud") != self.origin:
            raise Refused(403, f"VAPID aud {claims.get('aud')!r} is not {self.origin!r}")
        exp = claims.get("exp")
        if not isinstance(exp, int) or not now < exp <= now + MAX_TOKEN_SECONDS:
            raise Refused(403, f"VAPID exp {exp!r} is not within 24 hours")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            raise Refused(403, "VAPID sub is not a mailto: or https: contact")
        return claims, key

    @staticmethod
    def check_headers(request: web.Request) -> int:
        if request.headers.get("Content-Encoding") != "aes128gcm":
            raise Refused(415, "Content-Encoding is not aes128gcm")
        try:
            return int(request.headers["TTL"])
        except (KeyError, ValueError):
            raise Refused(400, "TTL header missing") from None

    @staticmethod
    def decrypt(body: bytes, subscription: Subscription) -> dict[str, Any]:
        try:
            plain = http_ece.decrypt(
                body,
                private_key=subscription.private_key,
                auth_secret=subscription.auth,
                version="aes128gcm",
            )
            found: dict[str, Any] = json.loads(plain)
        except Exception as exc:  # http_ece raises its own and cryptography's errors
            raise Refused(400, f"payload does not decrypt: {exc!r}") from None
        return found


@contextlib.asynccontextmanager
async def push_endpoint() -> AsyncIterator[PushEndpoint]:
    endpoint = PushEndpoint()
    app = web.Application()
    app.router.add_post("/push/{id}", endpoint.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    endpoint.origin = f"http://127.0.0.1:{port}"
    try:
        yield endpoint
    finally:
        endpoint.released.set()
        await runner.cleanup()
