"""updateProfile: the viewer edits their own profile; the rules; the outbox events."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from common.auth import Role
from common.ids import new_id
from protos.indefinite.profiles.v1 import profiles_pb2
from tests.profiles.support import (
    Profiles,
    create_profile,
    error_code,
    gql,
    outbox_events,
    unique_login,
)

UPDATE = """mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) { id login displayName bio avatarUrl }
}"""


async def new_user(
    profiles: Profiles, stub: Any, **kwargs: Any
) -> tuple[profiles_pb2.Profile, str]:
    created = await create_profile(stub, **kwargs)
    token = profiles.keys.mint(user_id=uuid.UUID(created.user_id), role=Role.READER)
    return created, token


async def test_anonymous_viewers_are_unauthenticated(profiles: Profiles) -> None:
    body = await gql(profiles, UPDATE, {"input": {"displayName": "Nobody"}})
    assert error_code(body) == "UNAUTHENTICATED"


async def test_a_viewer_without_a_profile_gets_not_found(profiles: Profiles) -> None:
    token = profiles.keys.mint(user_id=new_id())
    body = await gql(profiles, UPDATE, {"input": {"displayName": "Ghost"}}, token=token)
    assert error_code(body) == "NOT_FOUND"


async def test_the_viewer_updates_every_field(profiles: Profiles, stub: Any) -> None:
    created, token = await new_user(profiles, stub)
    login = unique_login("New.")
    changes = {
        "login": login,
        "displayName": "Ada Lovelace",
        "bio": "Wrote the first program.\nLikes engines.",
        "avatarUrl": "https://example.test/a.png?size=64",
    }
    body = await gql(profiles, UPDATE, {"input": changes}, token=token)
    assert body == {"data": {"updateProfile": {"id": created.user_id, **changes}}}
    fetched = await stub.GetProfile(profiles_pb2.GetProfileRequest(user_id=created.user_id))
    assert (fetched.login, fetched.display_name, fetched.avatar_url) == (
        login,
        "Ada Lovelace",
        "https://example.test/a.png?size=64",
    )


async def test_absent_fields_stay_and_null_or_empty_clears(profiles: Profiles, stub: Any) -> None:
    created, token = await new_user(profiles, stub)
    full = {"bio": "hello", "avatarUrl": "http://example.test/x.jpg"}
    await gql(profiles, UPDATE, {"input": full}, token=token)
    body = await gql(profiles, UPDATE, {"input": {"displayName": "Only Name"}}, token=token)
    assert body["data"]["updateProfile"] == {
        "id": created.user_id,
        "login": created.login,
        "displayName": "Only Name",
        **full,
    }
    body = await gql(profiles, UPDATE, {"input": {"bio": None, "avatarUrl": ""}}, token=token)
    assert body["data"]["updateProfile"]["bio"] is None
    assert body["data"]["updateProfile"]["avatarUrl"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"login": "ab"}, "login"),
        ({"login": "a" * 33}, "login"),
        ({"login": "_under"}, "login"),
        ({"login": "has space"}, "login"),
        ({"login": None}, "login"),
        ({"displayName": ""}, "displayName"),
        ({"displayName": "   "}, "displayName"),
        ({"displayName": "x" * 65}, "displayName"),
        ({"displayName": "bell\x07"}, "displayName"),
        ({"displayName": None}, "displayName"),
        ({"bio": "b" * 2001}, "bio"),
        ({"avatarUrl": "ftp://example.test/a.png"}, "avatarUrl"),
        ({"avatarUrl": "javascript:alert(1)"}, "avatarUrl"),
        ({"avatarUrl": "not a url"}, "avatarUrl"),
        ({"avatarUrl": "https://"}, "avatarUrl"),
        ({"avatarUrl": "https://[::1"}, "avatarUrl"),
        ({"avatarUrl": "https://example.test/" + "a" * 2030}, "avatarUrl"),
    ],
)
async def test_invalid_input_is_bad_user_input_naming_the_field(
    profiles: Profiles, stub: Any, changes: dict[str, Any], field: str
) -> None:
    created, token = await new_user(profiles, stub)
    body = await gql(profiles, UPDATE, {"input": changes}, token=token)
    assert body["data"] is None
    assert error_code(body) == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == field
    unchanged = await stub.GetProfile(profiles_pb2.GetProfileRequest(user_id=created.user_id))
    assert unchanged == created


async def test_limits_are_inclusive(profiles: Profiles, stub: Any) -> None:
    _, token = await new_user(profiles, stub)
    changes = {
        "displayName": "d" * 64,
        "bio": "b" * 2000,
        "avatarUrl": "https://example.test/" + "a" * (2048 - len("https://example.test/")),
    }
    body = await gql(profiles, UPDATE, {"input": changes}, token=token)
    assert "errors" not in body
    assert {k: body["data"]["updateProfile"][k] for k in changes} == changes


async def test_a_login_taken_in_another_case_is_a_conflict(profiles: Profiles, stub: Any) -> None:
    other, _ = await new_user(profiles, stub)
    created, token = await new_user(profiles, stub)
    body = await gql(profiles, UPDATE, {"input": {"login": other.login.upper()}}, token=token)
    assert error_code(body) == "CONFLICT"
    assert body["errors"][0]["extensions"]["field"] == "login"
    unchanged = await stub.GetProfile(profiles_pb2.GetProfileRequest(user_id=created.user_id))
    assert unchanged.login == created.login


async def test_changing_the_case_of_ones_own_login_is_allowed(
    profiles: Profiles, stub: Any
) -> None:
    created, token = await new_user(profiles, stub, login=unique_login("lower"))
    body = await gql(profiles, UPDATE, {"input": {"login": created.login.upper()}}, token=token)
    assert body["data"]["updateProfile"]["login"] == created.login.upper()


async def test_others_cannot_edit_you(profiles: Profiles, stub: Any) -> None:
    victim, _ = await new_user(profiles, stub)
    for role in Role:
        token = profiles.keys.mint(user_id=new_id(), role=role)
        body = await gql(profiles, UPDATE, {"input": {"displayName": "Hacked"}}, token=token)
        assert error_code(body) == "NOT_FOUND"
    _, attacker_token = await new_user(profiles, stub)
    body = await gql(profiles, UPDATE, {"input": {"displayName": "Hacked"}}, token=attacker_token)
    assert body["data"]["updateProfile"]["displayName"] == "Hacked"
    unchanged = await stub.GetProfile(profiles_pb2.GetProfileRequest(user_id=victim.user_id))
    assert unchanged == victim


async def test_creation_writes_profile_created(profiles: Profiles, stub: Any) -> None:
    created = await create_profile(stub, display_name="Grace Hopper")
    [event] = await outbox_events(profiles, created.user_id)
    assert event["topic"] == "profiles.user.v1"
    assert event["type"] == "ProfileCreated"
    assert event["key"] == created.user_id
    assert event["payload"] == {
        "user_id": created.user_id,
        "login": created.login,
        "display_name": "Grace Hopper",
    }
    assert event["published_at"] is None
    assert event["track_id"]


async def test_login_and_name_changes_write_profile_updated(profiles: Profiles, stub: Any) -> None:
    created, token = await new_user(profiles, stub)
    login = unique_login("renamed")
    headers = {"X-Track-Id": "profiles-test-track-01"}
    await gql(profiles, UPDATE, {"input": {"login": login}}, token=token, headers=headers)
    await gql(profiles, UPDATE, {"input": {"displayName": "Renamed"}}, token=token)
    events = await outbox_events(profiles, created.user_id)
    assert [e["type"] for e in events] == ["ProfileCreated", "ProfileUpdated", "ProfileUpdated"]
    assert events[1]["payload"] == {
        "user_id": created.user_id,
        "login": login,
        "display_name": created.display_name,
    }
    assert events[1]["track_id"] == "profiles-test-track-01"
    assert events[2]["payload"] == {
        "user_id": created.user_id,
        "login": login,
        "display_name": "Renamed",
    }


async def test_bio_avatar_and_no_op_changes_write_no_event(profiles: Profiles, stub: Any) -> None:
    created, token = await new_user(profiles, stub)
    changes = {"bio": "new bio", "avatarUrl": "https://example.test/b.png"}
    await gql(profiles, UPDATE, {"input": changes}, token=token)
    same = {"login": created.login, "displayName": created.display_name}
    body = await gql(profiles, UPDATE, {"input": same}, token=token)
    assert "errors" not in body
    events = await outbox_events(profiles, created.user_id)
    assert [e["type"] for e in events] == ["ProfileCreated"]


async def test_deletion_writes_profile_deleted(profiles: Profiles, stub: Any) -> None:
    created = await create_profile(stub)
    await stub.DeleteProfile(profiles_pb2.DeleteProfileRequest(user_id=created.user_id))
    await stub.DeleteProfile(profiles_pb2.DeleteProfileRequest(user_id=created.user_id))
    events = await outbox_events(profiles, created.user_id)
    assert [e["type"] for e in events] == ["ProfileCreated", "ProfileDeleted"]
    assert events[1]["payload"] == {"user_id": created.user_id}
