"""The internal gRPC face: VerifyToken (with the live check) and GetUser."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest

from common.grpc import client_channel
from protos.indefinite.auth.v1 import auth_pb2, auth_pb2_grpc
from tests.auth.support import Auth, new_key


@pytest.fixture(scope="module")
async def stub(auth: Auth) -> AsyncIterator[Any]:
    async with client_channel(auth.service.grpc_target) as channel:
        yield auth_pb2_grpc.AuthServiceStub(channel)  # type: ignore[no-untyped-call]


async def test_verify_token_checks_signature_expiry_and_the_live_session(
    auth: Auth, stub: Any
) -> None:
    user_id, email = await auth.confirmed()
    tokens = await auth.login(email)

    ok = await stub.VerifyToken(auth_pb2.VerifyTokenRequest(token=tokens["accessToken"]))
    assert ok.valid
    assert not ok.expired
    assert ok.user_id == user_id
    assert ok.role == "READER"
    uuid.UUID(ok.session_id)

    now = int(time.time())
    expired = auth.mint({"sub": user_id, "sid": ok.session_id, "exp": now - 60, "iat": now - 120})
    reply = await stub.VerifyToken(auth_pb2.VerifyTokenRequest(token=expired))
    assert (reply.valid, reply.expired) == (False, True)
    for token in ("", "garbage", auth.mint({}, key=new_key()), tokens["refreshToken"]):
        reply = await stub.VerifyToken(auth_pb2.VerifyTokenRequest(token=token))
        assert (reply.valid, reply.expired, reply.user_id) == (False, False, "")

    await auth.gql("mutation { logout }", token=tokens["accessToken"])
    revoked = await stub.VerifyToken(auth_pb2.VerifyTokenRequest(token=tokens["accessToken"]))
    assert not revoked.valid


async def test_get_user(auth: Auth, stub: Any) -> None:
    user_id, email = await auth.sign_up()
    user = await stub.GetUser(auth_pb2.GetUserRequest(user_id=user_id))
    assert (user.user_id, user.email, user.role, user.state) == (user_id, email, "READER", "NEW")
    assert abs(user.created_at.seconds - time.time()) < 60

    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await stub.GetUser(auth_pb2.GetUserRequest(user_id=str(uuid.uuid4())))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.aio.AioRpcError) as malformed:
        await stub.GetUser(auth_pb2.GetUserRequest(user_id="nope"))
    assert malformed.value.code() == grpc.StatusCode.INVALID_ARGUMENT
