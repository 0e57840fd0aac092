"""The revocation check's cost per request (prints figures).

    .venv/bin/python -m bench.revocation [--requests 20000] [--concurrency 1,50]

What the router's edge does per authenticated request, on a real Redis (a private
redis-server on loopback, as in the tests): a verified-token cache hit alone (the cost before
revocation existed), and a cache hit plus the revocation check (one MGET of the user's three keys),
sequentially and with concurrent requests sharing the event loop. Prints microseconds per
request (mean, p50, p99) and the check's share. A service that verifies tokens itself pays the
same check once per subgraph request.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet

from common.redis import connect
from common.revocation import RevocationList
from router.edge.jwt import JwtVerifier
from router.settings import JwtSettings
from tests.support.redis_server import redis_server

ISSUER = "bench"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def token(key: ECKey, user_id: str) -> str:
    now = time.time()
    claims = {
        "sub": user_id,
        "sid": str(uuid.uuid4()),
        "role": "WRITER",
        "iat": now,
        "exp": int(now) + 900,
        "iss": ISSUER,
        "aud": ISSUER,
        "typ": "access",
    }
    return jwt.encode({"alg": "ES256", "kid": "bench"}, claims, KeySet([key]))


async def measure(
    call: Callable[[], Awaitable[object]], requests: int, concurrency: int
) -> tuple[float, list[float]]:
    """(wall time per request, per-request latencies), in microseconds, with `concurrency`
    callers sharing the loop: the first is the loop's cost of one check, the second what one
    request waits."""
    latencies: list[float] = []
    per_worker = requests // concurrency

    async def worker() -> None:
        for _ in range(per_worker):
            start = time.perf_counter()
            await call()
            latencies.append((time.perf_counter() - start) * 1e6)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return (time.perf_counter() - began) * 1e6 / len(latencies), latencies


async def run(args: argparse.Namespace) -> None:
    key = ECKey.generate_key("P-256", parameters={"kid": "bench", "alg": "ES256"}, private=True)
    jwks = {"keys": [key.as_dict(private=False)]}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=jwks))
    settings = JwtSettings(jwks_url="http://auth/jwks", issuer=ISSUER, audience=ISSUER)
    async with redis_server() as server, httpx.AsyncClient(transport=transport) as client:
        revocations = RevocationList(connect(server.url))
        user_id = str(uuid.uuid4())
        await revocations.ensure_epoch(user_id, ttl=3600)  # what auth does before minting
        bearer = f"Bearer {token(key, user_id)}"
        plain = JwtVerifier(settings, client=client)
        checked = JwtVerifier(settings, client=client, revocations=revocations)
        for verifier in (plain, checked):
            await verifier.verify(bearer)  # warm: keys fetched, token cached
        print(f"{args.requests} requests, one token, Redis on loopback ({server.url})")
        print(
            f"{'concurrency':>11} {'variant':<22} {'loop µs/req':>11} "
            f"{'p50 µs':>8} {'p99 µs':>8}   (latency: what one request waits)"
        )
        for concurrency in args.concurrency:
            costs = {}
            for name, verifier in (("cache hit", plain), ("cache hit + revocation", checked)):
                costs[name], lat = await measure(
                    lambda v=verifier: v.verify(bearer),  # type: ignore[misc]
                    args.requests,
                    concurrency,
                )
                print(
                    f"{concurrency:>11} {name:<22} {costs[name]:>11.1f} "
                    f"{percentile(lat, 0.5):>8.1f} {percentile(lat, 0.99):>8.1f}"
                )
            cost = costs["cache hit + revocation"] - costs["cache hit"]
            print(f"{'':>11} the revocation check costs {cost:.1f} µs of loop time per request")
        await checked.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument(
        "--concurrency", type=lambda s: [int(x) for x in s.split(",")], default=[1, 50]
    )
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
