"""Login throttling in Redis, per account and per client address."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.auth.support import LOGIN, PASSWORD, Auth, auth_service, error_code, random_address
from tests.profiles.support import Profiles


@pytest.fixture(scope="module")
async def strict(profiles: Profiles) -> AsyncIterator[Auth]:
    async with auth_service(
        profiles.service.grpc_target,
        login_max_failures_per_account=3,
        login_max_failures_per_address=5,
        login_failure_window_seconds=60,
        email_max_sends_per_window=3,
    ) as running_auth:
        yield running_auth


async def test_failures_per_account_lock_that_account(strict: Auth) -> None:
    _, email = await strict.confirmed()
    for _ in range(3):
        body = await strict.gql(LOGIN, {"email": email, "password": "wrong password!"})
        assert error_code(body) == "UNAUTHENTICATED"
    # from yet another address, and with the right password: still locked
    body = await strict.gql(LOGIN, {"email": email.upper(), "password": PASSWORD})
    assert error_code(body) == "RATE_LIMITED"
    retry_after = body["errors"][0]["extensions"]["retryAfter"]
    assert 0 < retry_after <= 60
    assert f"{retry_after} seconds" in body["errors"][0]["message"]
    # other accounts are unaffected
    _, other = await strict.confirmed()
    await strict.login(other)


async def test_success_resets_the_account_counter(strict: Auth) -> None:
    _, email = await strict.confirmed()
    for _ in range(2):
        await strict.gql(LOGIN, {"email": email, "password": "wrong password!"})
    await strict.login(email)
    for _ in range(2):
        body = await strict.gql(LOGIN, {"email": email, "password": "wrong password!"})
        assert error_code(body) == "UNAUTHENTICATED"
    await strict.login(email)


async def test_failures_per_address_lock_that_address(strict: Auth) -> None:
    _, email = await strict.confirmed()
    address = random_address()
    for _ in range(5):
        _, victim = await strict.confirmed()
        body = await strict.gql(
            LOGIN, {"email": victim, "password": "wrong password!"}, address=address
        )
        assert error_code(body) == "UNAUTHENTICATED"
    body = await strict.gql(LOGIN, {"email": email, "password": PASSWORD}, address=address)
    assert error_code(body) == "RATE_LIMITED"
    assert body["errors"][0]["extensions"]["retryAfter"] > 0
    await strict.login(email, address=random_address())


async def test_link_emails_to_one_address_are_capped(strict: Auth) -> None:
    user_id, email = await strict.sign_up()  # the confirm email is the first of three
    for _ in range(4):
        body = await strict.gql(
            "mutation($e: String!) { requestPasswordReset(email: $e) }", {"e": email}
        )
        assert body == {"data": {"requestPasswordReset": True}}
    sent = await strict.events("EmailRequested", key=user_id)
    assert [e["payload"]["template"] for e in sent] == [
        "confirm_email",
        "reset_password",
        "reset_password",
    ]
