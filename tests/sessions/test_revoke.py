"""revokeSession against the real auth (and the real profiles its sign-up needs), each on a
fresh database: the refresh token of the revoked login fails at once, other logins live on, a
late touch with the revoked sid does not bring the record back; auth's RevokeSession RPC."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest

from common.auth import TokenVerifier
from common.grpc import client_channel
from protos.indefinite.auth.v1 import auth_pb2, auth_pb2_grpc
from protos.indefinite.sessions.v1 import sessions_pb2
from tests.auth.support import Auth, auth_service
from tests.profiles.support import Profiles, profiles_service
from tests.sessions.support import (
    MY_SESSIONS,
    REVOKE,
    Sessions,
    error_code,
    new_track_id,
    sessions_service,
)
from tests.support.tokens import SigningKeys


@pytest.fixture(scope="module")
async def profiles() -> AsyncIterator[Profiles]:
    async with profiles_service(SigningKeys()) as running:
        yield running


@pytest.fixture(scope="module")
async def auth(profiles: Profiles) -> AsyncIterator[Auth]:
    async with auth_service(profiles.service.grpc_target) as running:
        yield running


def auth_verifier(auth: Auth) -> TokenVerifier:
    return TokenVerifier(
        issuer=auth.settings.jwt_issuer,
        audience=auth.settings.jwt_audience,
        jwks_url=f"{auth.service.http_url}/.well-known/jwks.json",
    )


@pytest.fixture(scope="module")
async def sessions(auth: Auth) -> AsyncIterator[Sessions]:
    async with sessions_service(auth_verifier(auth), auth_target=auth.service.grpc_target) as s:
        yield s


@pytest.fixture(scope="module")
async def auth_stub(auth: Auth) -> AsyncIterator[Any]:
    async with client_channel(auth.service.grpc_target) as channel:
        yield auth_pb2_grpc.AuthServiceStub(channel)  # type: ignore[no-untyped-call]


async def log_in(auth: Auth, email: str) -> tuple[dict[str, Any], str]:
    """A new login: (tokens, its sid)."""
    tokens = await auth.login(email)
    viewer = await auth_verifier(auth).verify(tokens["accessToken"])
    return tokens, viewer.session_id


async def signed_in(auth: Auth) -> tuple[str, dict[str, Any], str]:
    """A confirmed user logged in once: (user id, tokens, sid)."""
    user_id, email = await auth.confirmed()
    tokens, sid = await log_in(auth, email)
    return user_id, tokens, sid


async def report(sessions: Sessions, track_id: str, user_id: str, sid: str) -> None:
    """What the router's reporter sends for a request of this login from this client."""
    await sessions.stub.TouchMany(
        sessions_pb2.TouchManyRequest(
            touches=[
                sessions_pb2.TouchRequest(
                    track_id=track_id, user_id=user_id, session_id=sid, user_agent="test"
                )
            ]
        )
    )


async def test_revoking_a_track_session_ends_its_login_at_once(
    auth: Auth, sessions: Sessions
) -> None:
    user_id, email = await auth.confirmed()
    laptop_tokens, laptop_sid = await log_in(auth, email)
    phone_tokens, phone_sid = await log_in(auth, email)
    laptop, phone = new_track_id(), new_track_id()
    await report(sessions, laptop, user_id, laptop_sid)
    await report(sessions, phone, user_id, phone_sid)

    # from the laptop, revoke the phone
    token = laptop_tokens["accessToken"]
    body = await sessions.gql(REVOKE, {"id": phone}, token=token, track_id=laptop)
    assert body == {"data": {"revokeSession": True}}

    refused = await auth.refresh(phone_tokens["refreshToken"])
    assert error_code(refused) == "UNAUTHENTICATED"
    assert "session has ended" in refused["errors"][0]["message"]
    rotated = await auth.refresh(laptop_tokens["refreshToken"])  # the laptop lives on
    assert "errors" not in rotated, rotated

    listed = await sessions.gql(MY_SESSIONS, token=token, track_id=laptop)
    nodes = [e["node"] for e in listed["data"]["myTrackSessions"]["edges"]]
    assert [(n["trackId"], n["current"]) for n in nodes] == [(laptop, True)]

    # a request of the phone still in flight reports late: the revoked sid cannot revive it
    await report(sessions, phone, user_id, phone_sid)
    again = await sessions.gql(MY_SESSIONS, token=token)
    assert [e["node"]["trackId"] for e in again["data"]["myTrackSessions"]["edges"]] == [laptop]
    # a new login on the phone starts a fresh record
    await report(sessions, phone, user_id, str(uuid.uuid4()))
    fresh = await sessions.gql(MY_SESSIONS, token=token)
    assert {e["node"]["trackId"] for e in fresh["data"]["myTrackSessions"]["edges"]} == {
        laptop,
        phone,
    }


async def test_a_viewer_cannot_revoke_someone_elses_session(auth: Auth, sessions: Sessions) -> None:
    alice, alice_tokens, alice_sid = await signed_in(auth)
    _, bob_tokens, _ = await signed_in(auth)
    track = new_track_id()
    await report(sessions, track, alice, alice_sid)

    body = await sessions.gql(REVOKE, {"id": track}, token=bob_tokens["accessToken"])
    assert error_code(body) == "NOT_FOUND"
    assert "errors" not in await auth.refresh(alice_tokens["refreshToken"])
    mine = await sessions.gql(MY_SESSIONS, token=alice_tokens["accessToken"])
    assert [e["node"]["trackId"] for e in mine["data"]["myTrackSessions"]["edges"]] == [track]


async def test_auth_revoke_session_rpc(auth: Auth, auth_stub: Any) -> None:
    alice, alice_tokens, alice_sid = await signed_in(auth)
    _, bob_tokens, bob_sid = await signed_in(auth)

    def revoke(sid: str, user: str) -> Any:
        return auth_stub.RevokeSession(auth_pb2.RevokeSessionRequest(session_id=sid, user_id=user))

    assert (await revoke(bob_sid, alice)).revoked is False  # not alice's session
    assert (await revoke(str(uuid.uuid4()), alice)).revoked is False
    assert (await revoke(alice_sid, alice)).revoked is True
    assert (await revoke(alice_sid, alice)).revoked is False  # already revoked
    assert error_code(await auth.refresh(alice_tokens["refreshToken"])) == "UNAUTHENTICATED"
    check = await auth_stub.VerifyToken(
        auth_pb2.VerifyTokenRequest(token=alice_tokens["accessToken"])
    )
    assert check.valid is False
    for sid, user in (("nope", alice), (alice_sid, "nope")):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await revoke(sid, user)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "errors" not in await auth.refresh(bob_tokens["refreshToken"])  # untouched
