"""Issue 8 items 3 and 9, through the real platform: subgraphs answer only the router (a shared
secret), and the router tells them the real client address, so auth's per-address login
throttle locks out the attacker, not everyone behind the router.

The platform's router trusts 127.0.0.1 as a proxy (`ROUTER_TRUSTED_PROXIES`), so each test
client names its address with `X-Forwarded-For`, as a load balancer in front would.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import ValidationError

from common.auth import Role
from common.settings import ServiceSettings
from tests.auth.support import random_address
from tests.support.platform import PASSWORD, Platform, start_platform

PER_ADDRESS = 3
LOGIN = """
mutation($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }"""
ENTITIES = """
query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id role } } }"""


@pytest.fixture(scope="module")
async def platform() -> AsyncIterator[Platform]:
    """Its own platform: a per-address limit small enough to reach."""
    auth = {"login_max_failures_per_address": PER_ADDRESS, "login_max_failures_per_account": 50}
    async with start_platform(auth=auth) as running:
        # the helpers' own logins come from an address of this module alone: other modules'
        # failed logins from 127.0.0.1 (one shared Redis) must not lock them out
        running.http.headers["X-Forwarded-For"] = random_address()
        yield running


async def log_in(platform: Platform, email: str, password: str, address: str) -> dict[str, Any]:
    response = await platform.http.post(
        platform.router_url,
        json={"query": LOGIN, "variables": {"e": email, "p": password}},
        headers={"X-Forwarded-For": address},
    )
    body: dict[str, Any] = response.json()
    return body


def code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors") or [{}]
    found: str | None = errors[0].get("extensions", {}).get("code")
    return found


async def test_one_attackers_failures_do_not_lock_out_another_address(
    platform: Platform,
) -> None:
    victim = await platform.new_user(Role.WRITER)
    attacker, elsewhere = random_address(), random_address()  # counters outlive a run
    for _ in range(PER_ADDRESS):
        guess = await log_in(platform, f"x{uuid.uuid4().hex[:8]}@example.com", "wrong!", attacker)
        assert code(guess) == "UNAUTHENTICATED", guess
    locked = await log_in(platform, victim.email, PASSWORD, attacker)
    assert code(locked) == "RATE_LIMITED", locked
    assert locked["errors"][0]["extensions"]["retryAfter"] > 0

    # the victim, from their own address, is not affected by the attacker's failures
    allowed = await log_in(platform, victim.email, PASSWORD, elsewhere)
    assert allowed.get("errors") is None, allowed
    assert allowed["data"]["login"]["user"]["id"] == victim.id


async def test_a_direct_call_to_a_subgraph_is_refused(platform: Platform) -> None:
    user = await platform.new_user(Role.MODERATOR)
    payload = {"query": ENTITIES, "variables": {"r": [{"__typename": "User", "id": user.id}]}}
    auth_url = platform.services["auth"].graphql_url

    refused = await platform.http.post(auth_url, json=payload)
    assert refused.status_code == 403, refused.text
    assert code(refused.json()) == "FORBIDDEN"
    wrong = await platform.http.post(auth_url, json=payload, headers={"X-Subgraph-Secret": "no"})
    assert wrong.status_code == 403

    # the router's secret opens it (what the router sends with every fetch)
    answered = await platform.http.post(auth_url, json=payload, headers=platform.subgraph_headers)
    assert answered.json() == {"data": {"_entities": [{"id": user.id, "role": "MODERATOR"}]}}
    for name, service in platform.services.items():
        direct = await platform.http.post(service.graphql_url, json={"query": "{ __typename }"})
        assert direct.status_code == 403, name


async def test_a_forged_forwarded_address_without_the_secret_is_refused(
    platform: Platform,
) -> None:
    """Calling auth directly with a made-up X-Forwarded-For cannot dodge the throttle."""
    response = await platform.http.post(
        platform.services["auth"].graphql_url,
        json={"query": LOGIN, "variables": {"e": "a@example.com", "p": "whatever1"}},
        headers={"X-Forwarded-For": "192.0.2.1"},
    )
    assert response.status_code == 403


def test_production_refuses_to_start_without_the_secret() -> None:
    with pytest.raises(ValidationError, match="SUBGRAPH_SHARED_SECRET"):
        ServiceSettings(environment="production")
    assert ServiceSettings(environment="production", subgraph_shared_secret="s").is_production
