"""The internal gRPC contract auth relies on at sign-up, through a real server."""

from __future__ import annotations

import datetime as dt
from typing import Any

import grpc
import pytest

from common.ids import new_id
from protos.indefinite.profiles.v1 import profiles_pb2
from tests.profiles.support import Profiles, create_profile, gql, unique_login


async def rpc_status(call: Any) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    code: grpc.StatusCode = info.value.code()
    return code


async def test_create_returns_the_profile_with_the_login_as_display_name(stub: Any) -> None:
    user_id = new_id()
    login = unique_login("Ada.")
    before = dt.datetime.now(dt.UTC)
    profile = await create_profile(stub, user_id=user_id, login=login)
    assert profile.user_id == str(user_id)
    assert profile.login == login
    assert profile.display_name == login
    assert profile.bio == ""
    assert profile.avatar_url == ""
    created = profile.created_at.ToDatetime(tzinfo=dt.UTC)
    assert before - dt.timedelta(seconds=1) <= created <= dt.datetime.now(dt.UTC)


async def test_create_keeps_a_given_display_name(stub: Any) -> None:
    profile = await create_profile(stub, display_name="  Ada Lovelace ")
    assert profile.display_name == "Ada Lovelace"


async def test_a_created_profile_resolves_at_once_over_graphql(
    stub: Any, profiles: Profiles
) -> None:
    profile = await create_profile(stub)
    body = await gql(
        profiles, "query($id: ID!) { user(id: $id) { id login } }", {"id": profile.user_id}
    )
    assert body == {"data": {"user": {"id": profile.user_id, "login": profile.login}}}


async def test_a_login_taken_in_another_case_is_already_exists(stub: Any) -> None:
    login = unique_login("Mixed")
    await create_profile(stub, login=login)
    code = await rpc_status(create_profile(stub, login=login.upper()))
    assert code == grpc.StatusCode.ALREADY_EXISTS
    code = await rpc_status(create_profile(stub, login=login.lower()))
    assert code == grpc.StatusCode.ALREADY_EXISTS


async def test_a_taken_user_id_is_already_exists(stub: Any) -> None:
    user_id = new_id()
    await create_profile(stub, user_id=user_id)
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await create_profile(stub, user_id=user_id)
    assert info.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "already exists" in (info.value.details() or "")


@pytest.mark.parametrize(
    "login",
    [
        "",
        "ab",
        "a" * 33,
        "_leading",
        ".leading",
        "-leading",
        "with space",
        "tab\there",
        "newline\n",
        "émile",
        "ünïcode",
        "semi;colon",
        "at@sign",
    ],
)
async def test_a_malformed_login_is_invalid_argument(stub: Any, login: str) -> None:
    assert await rpc_status(create_profile(stub, login=login)) == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize("login", ["abc", "a" * 32, "9lives", "a.b-c_d", "Z__"])
async def test_well_formed_logins_are_accepted(stub: Any, login: str) -> None:
    profile = await create_profile(stub, login=login)
    assert profile.login == login


async def test_a_too_long_display_name_is_invalid_argument(stub: Any) -> None:
    code = await rpc_status(create_profile(stub, display_name="x" * 65))
    assert code == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize("user_id", ["", "42", "not-a-uuid"])
async def test_a_malformed_user_id_is_invalid_argument(stub: Any, user_id: str) -> None:
    request = profiles_pb2.CreateProfileRequest(user_id=user_id, login=unique_login())
    assert await rpc_status(stub.CreateProfile(request)) == grpc.StatusCode.INVALID_ARGUMENT
    get = stub.GetProfile(profiles_pb2.GetProfileRequest(user_id=user_id))
    assert await rpc_status(get) == grpc.StatusCode.INVALID_ARGUMENT


async def test_get_returns_what_create_returned(stub: Any) -> None:
    created = await create_profile(stub, display_name="Grace")
    fetched = await stub.GetProfile(profiles_pb2.GetProfileRequest(user_id=created.user_id))
    assert fetched == created


async def test_get_of_a_missing_profile_is_not_found(stub: Any) -> None:
    get = stub.GetProfile(profiles_pb2.GetProfileRequest(user_id=str(new_id())))
    assert await rpc_status(get) == grpc.StatusCode.NOT_FOUND


async def test_batch_get_leaves_out_missing_ids_and_keeps_request_order(stub: Any) -> None:
    a = await create_profile(stub)
    b = await create_profile(stub)
    missing = str(new_id())
    reply = await stub.GetProfiles(
        profiles_pb2.GetProfilesRequest(user_ids=[b.user_id, missing, a.user_id, b.user_id])
    )
    assert [p.user_id for p in reply.profiles] == [b.user_id, a.user_id]
    assert list(reply.profiles) == [b, a]
    empty = await stub.GetProfiles(profiles_pb2.GetProfilesRequest(user_ids=[]))
    assert list(empty.profiles) == []


async def test_batch_get_with_a_malformed_id_is_invalid_argument(stub: Any) -> None:
    call = stub.GetProfiles(profiles_pb2.GetProfilesRequest(user_ids=[str(new_id()), "nope"]))
    assert await rpc_status(call) == grpc.StatusCode.INVALID_ARGUMENT


async def test_batch_get_refuses_oversized_batches(stub: Any) -> None:
    ids = [str(new_id()) for _ in range(1001)]
    call = stub.GetProfiles(profiles_pb2.GetProfilesRequest(user_ids=ids))
    assert await rpc_status(call) == grpc.StatusCode.INVALID_ARGUMENT


async def test_delete_removes_the_profile_and_frees_its_login(stub: Any) -> None:
    profile = await create_profile(stub)
    await stub.DeleteProfile(profiles_pb2.DeleteProfileRequest(user_id=profile.user_id))
    get = stub.GetProfile(profiles_pb2.GetProfileRequest(user_id=profile.user_id))
    assert await rpc_status(get) == grpc.StatusCode.NOT_FOUND
    # a compensation may be retried: deleting again still succeeds
    await stub.DeleteProfile(profiles_pb2.DeleteProfileRequest(user_id=profile.user_id))
    again = await create_profile(stub, login=profile.login.upper())
    assert again.login == profile.login.upper()
