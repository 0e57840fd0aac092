"""One contract test per REST route (status, shape, casing, upstream's message strings) against
the real platform (profiles, auth, posts behind our router, in-process services)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from common.auth import Role
from router.rest import ROUTES
from tests.rest.support import Rest, assert_pascal, assert_problem
from tests.support.platform import PASSWORD, Platform, TestUser

AREAS = ("auth", "users", "posts", "feed")


@dataclass
class World:
    rest: Rest
    owner: TestUser
    moderator: TestUser
    writer: TestUser
    reader: TestUser
    tag: int
    published: str  # a PUBLISHED post of the writer
    draft: str  # a NEW post of the writer
    comment: int  # a PUBLISHED comment of the writer on `published`


@pytest.fixture(scope="module")
async def world(platform: Platform) -> World:
    rest = Rest(platform)
    owner = await platform.new_user(Role.OWNER)
    writer = await platform.new_user(Role.WRITER)
    tag = await rest.ok(
        "POST", "/posts/tags/", 201, user=owner, json={"Name": f"t{uuid.uuid4().hex[:8]}"}
    )
    published = await rest.ok(
        "POST",
        "/posts",
        201,
        user=writer,
        json={"topic": "Published", "text": "# one", "previewText": "one", "tagIds": [tag]},
    )
    # authors submit, moderators (here the OWNER) publish
    await rest.ok("PUT", "/posts/", user=writer, json={"Uuid": published, "state": "ON_MODERATION"})
    await rest.ok("PUT", "/posts/", user=owner, json={"Uuid": published, "state": "PUBLISHED"})
    draft = await rest.ok("POST", "/posts/", 201, user=writer, json={"Topic": "Draft", "Text": "x"})
    comment = await rest.ok(
        "POST", "/posts/comments", 201, user=writer, json={"postUuid": published, "text": "first"}
    )
    return World(
        rest=rest,
        owner=owner,
        moderator=await platform.new_user(Role.MODERATOR),
        writer=writer,
        reader=await platform.new_user(Role.READER),
        tag=tag,
        published=published,
        draft=draft,
        comment=comment,
    )


# ---------------------------------------------------------------------------- conventions


def test_every_route_is_in_the_openapi_document_and_the_docs() -> None:
    from router.rest import openapi_document

    doc = openapi_document(ROUTES)
    for route in ROUTES:
        path = route.paths[0].rstrip("/")
        assert route.method.lower() in doc["paths"][path], (route.method, path)
    assert len({(r.method, r.paths[0].rstrip("/")) for r in ROUTES}) == len(ROUTES)


async def test_openapi_and_docs_are_served(world: World) -> None:
    doc = await world.rest.ok("GET", "/openapi.json")
    assert doc["openapi"] == "3.1.0"
    assert "/posts/{uuid}" in doc["paths"]
    response = await world.rest.call("GET", "/docs")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "/api/v1/feed/posts" in response.text


async def test_unknown_route_and_wrong_method_are_problems(world: World) -> None:
    assert_problem(await world.rest.call("GET", "/nowhere"), 404, "404 page not found")
    response = await world.rest.call("PATCH", "/posts/")
    assert_problem(response, 405)
    assert "PUT" in response.headers["allow"]


async def test_request_id_is_accepted_as_the_track_id(world: World) -> None:
    request_id = str(uuid.uuid4())
    response = await world.rest.call("GET", "/posts/tags", headers={"Request-Id": request_id})
    assert response.status_code == 200
    assert response.headers["x-track-id"] == request_id


async def test_unparseable_body_is_a_400(world: World) -> None:
    response = await world.rest.call(
        "POST", "/auth/login", headers={"content-type": "application/json"}, json=None
    )
    assert_problem(response, 400)
    response = await world.rest.platform.http.post(
        world.rest.base + "/auth/login",
        content=b"{nope",
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 400, "Error during parsing of HTTP request body")


# ---------------------------------------------------------------------------- pings


@pytest.mark.parametrize("area", AREAS)
async def test_ping(world: World, area: str) -> None:
    assert await world.rest.ok("GET", f"/{area}/ping") == "Pong!"
    assert await world.rest.ok("GET", f"/{area}/ping/") == "Pong!"


@pytest.mark.parametrize("area", AREAS)
async def test_safe_ping_is_for_owners(world: World, area: str) -> None:
    assert await world.rest.ok("GET", f"/{area}/safe-ping", user=world.owner) == "Pong!"
    assert_problem(
        await world.rest.call("GET", f"/{area}/safe-ping", user=world.writer), 403, "Forbidden"
    )
    assert_problem(await world.rest.call("GET", f"/{area}/safe-ping"), 401, "Unauthorized")


PROBE = "query DebugVarsProbe { posts(first: 1) { edges { node { id } } } }"


@pytest.mark.parametrize("area", AREAS)
async def test_debug_vars_are_the_router_process_for_owners(world: World, area: str) -> None:
    await world.rest.ok("GET", f"/{area}/ping")
    await world.rest.platform.data(PROBE)
    found = await world.rest.ok("GET", f"/{area}/debug/vars", user=world.owner)
    assert_pascal({k: v for k, v in found.items() if k != "Metrics"})
    assert (found["Service"], found["Area"]) == ("router", area)
    assert found["Pid"] > 0
    assert found["UptimeSeconds"] >= 0
    assert found["MaxRssBytes"] > 0
    samples = {
        (m["Name"], tuple(sorted(m["Labels"].items()))): m["Value"] for m in found["Metrics"]
    }
    names = {name for name, _ in samples}
    assert {"router_requests_total", "router_requests_in_flight"} <= names, names
    assert not any(name.endswith(("_bucket", "_created")) for name in names)
    # The GraphQL request made above is counted (REST calls themselves are subgraph fetches).
    counted = [
        value
        for (name, labels), value in samples.items()
        if name == "router_requests_total" and ("operation_name", "DebugVarsProbe") in labels
    ]
    assert counted, samples
    assert counted[0] >= 1
    fetches = [
        v for (n, _), v in samples.items() if n == "router_subgraph_fetch_duration_seconds_count"
    ]
    assert sum(fetches) >= 1
    forbidden = await world.rest.call("GET", f"/{area}/debug/vars", user=world.writer)
    assert_problem(forbidden, 403, "Forbidden")
    assert_problem(await world.rest.call("GET", f"/{area}/debug/vars"), 401, "Unauthorized")


# ---------------------------------------------------------------------------- auth


async def test_login_replies_camel_case_tokens_with_unix_expiries(world: World) -> None:
    body = await world.rest.ok(
        "POST", "/auth/login", json={"Email": world.reader.email, "Password": PASSWORD}
    )
    assert set(body) == {
        "accessToken",
        "refreshToken",
        "accessTokenExpiredAt",
        "refreshTokenExpiredAt",
    }
    now = time.time()
    assert now < body["accessTokenExpiredAt"] < body["refreshTokenExpiredAt"]
    assert isinstance(body["accessTokenExpiredAt"], int)


async def test_login_failures_are_400_wrong_password_or_email(world: World) -> None:
    wrong = {"email": world.reader.email, "password": "not the password at all"}
    assert_problem(
        await world.rest.call("POST", "/auth/login", json=wrong), 400, "Wrong password or email"
    )
    body = assert_problem(await world.rest.call("POST", "/auth/login", json={}), 400)
    assert {e["Field"] for e in body["errors"]} == {"Email", "Password"}


async def test_refresh_rotates_and_checks_the_stored_session(world: World) -> None:
    tokens = await world.rest.ok(
        "POST", "/auth/login", json={"email": world.reader.email, "password": PASSWORD}
    )
    fresh = await world.rest.ok(
        "POST", "/auth/refresh-token", json={"refreshToken": tokens["refreshToken"]}
    )
    assert fresh["refreshToken"] != tokens["refreshToken"]
    reused = await world.rest.call(
        "POST", "/auth/refresh-token", json={"RefreshToken": tokens["refreshToken"]}
    )
    assert_problem(reused, 400, code="UNAUTHENTICATED")
    # The UI's refresh without a token ({}) and an access token used as a refresh token.
    assert_problem(await world.rest.call("POST", "/auth/refresh-token", json={}), 400)
    misuse = {"refreshToken": world.reader.access_token}
    assert_problem(await world.rest.call("POST", "/auth/refresh-token", json=misuse), 400)


# ---------------------------------------------------------------------------- users


async def test_name_is_a_bare_string(world: World) -> None:
    assert await world.rest.ok("GET", f"/users/name/{world.writer.id}") == world.writer.login
    assert_problem(await world.rest.call("GET", f"/users/name/{uuid.uuid4()}"), 404)


async def test_me(world: World) -> None:
    me = await world.rest.ok("GET", "/users/me", user=world.owner)
    assert_pascal(me)
    assert me["Uuid"] == world.owner.id
    assert me["Role"] == "OWNER"
    assert me["State"] == "CONFIRMED"
    roles = {
        u.id: (await world.rest.ok("GET", "/users/me", user=u))["Role"]
        for u in (world.writer, world.reader, world.moderator)
    }
    assert roles == {
        world.writer.id: "RESIDENT",
        world.reader.id: "GI",
        world.moderator.id: "MODERATOR",
    }
    assert_problem(await world.rest.call("GET", "/users/me"), 401, "Unauthorized")


async def test_sign_up_duplicate_and_confirmation_errors(world: World) -> None:
    email = f"dup{uuid.uuid4().hex[:8]}@example.com"
    body = {"Login": f"d{uuid.uuid4().hex[:8]}", "Email": email, "Password": PASSWORD}
    assert await world.rest.ok("POST", "/users/signup", json=body) == "DONE"
    again = {**body, "Login": f"d{uuid.uuid4().hex[:8]}"}
    assert_problem(
        await world.rest.call("POST", "/users/signup", json=again), 409, "DUPLICATE_FOUND"
    )
    bad = await world.rest.call("PUT", "/users/signup", json={"token": "no-such-token"})
    assert_problem(bad, 400, "Link has expired")
    assert await world.rest.ok("POST", "/users/signup/resend", json={"email": email}) == "DONE"


async def test_password_restore_answers_done_without_enumeration(world: World) -> None:
    for email in (world.reader.email, "nobody@example.com"):
        assert (
            await world.rest.ok("POST", "/users/password/restore", json={"Email": email}) == "DONE"
        )
    bad = {"Token": "no-such-token", "Password": "another long password"}
    assert_problem(
        await world.rest.call("PUT", "/users/password/restore", json=bad), 400, "Link has expired"
    )


async def test_user_admin_routes_are_for_owners(world: World) -> None:
    listed = await world.rest.ok(
        "GET", "/users", user=world.owner, params={"offset": 0, "limit": 2, "shard": 1}
    )
    assert listed["Count"] == len(listed["Data"]) == 2
    assert listed["Limit"] == 2
    assert_pascal(listed)
    assert_problem(await world.rest.call("GET", "/users", user=world.writer), 403, "Forbidden")
    one = await world.rest.ok("GET", f"/users/{world.reader.id}", user=world.owner)
    assert one["Email"] == world.reader.email
    assert one["Role"] == "GI"
    assert_problem(
        await world.rest.call("GET", f"/users/{world.reader.id}", user=world.writer), 403
    )
    assert_problem(await world.rest.call("GET", f"/users/{uuid.uuid4()}", user=world.owner), 404)


async def test_create_update_delete_user(world: World) -> None:
    email = f"made{uuid.uuid4().hex[:8]}@example.com"
    body = {"login": f"m{uuid.uuid4().hex[:8]}", "email": email, "password": PASSWORD}
    created = await world.rest.ok(
        "POST",
        "/users",
        201,
        user=world.owner,
        json={**body, "role": "RESIDENT", "state": "CONFIRMED"},
    )
    user = await world.rest.ok("GET", f"/users/{created}", user=world.owner)
    assert (user["Role"], user["State"]) == ("RESIDENT", "CONFIRMED")
    denied = await world.rest.call(
        "POST", "/users", user=world.writer, json={**body, "role": "GI", "state": "NEW"}
    )
    assert_problem(denied, 403)
    # The new account edits its own login; the OWNER changes its role.
    tokens = await world.rest.ok("POST", "/auth/login", json={"email": email, "password": PASSWORD})
    own = {"Authorization": f"Bearer {tokens['accessToken']}"}
    login = f"n{uuid.uuid4().hex[:8]}"
    assert (
        await world.rest.ok("PUT", "/users", json={"Uuid": created, "Login": login}, headers=own)
        == "DONE"
    )
    assert await world.rest.ok("GET", f"/users/name/{created}") == login
    other = await world.rest.call(
        "PUT", "/users", user=world.writer, json={"uuid": created, "login": "x"}
    )
    assert_problem(other, 403)
    assert (
        await world.rest.ok(
            "PUT", "/users", user=world.owner, json={"Uuid": created, "Role": "MODERATOR"}
        )
        == "DONE"
    )
    # the role change revoked the account's access token: it refreshes (issue 8 item 4)
    revoked = await world.rest.call("PUT", "/users", json={"Uuid": created}, headers=own)
    assert_problem(revoked, 401)
    renewed = await world.rest.ok(
        "POST", "/auth/refresh-token", json={"refreshToken": tokens["refreshToken"]}
    )
    own = {"Authorization": f"Bearer {renewed['accessToken']}"}
    deleted = await world.rest.call(
        "PUT", "/users", user=world.owner, json={"Uuid": created, "State": "DELETED"}
    )
    assert_problem(deleted, 400, "DELETE_VIA_PUT_REQUEST_IS_FODBIDDEN")
    # Email changes are the OWNER's (the account's own current address is no change).
    email_change = {"Uuid": created, "Email": "new@example.com"}
    assert_problem(await world.rest.call("PUT", "/users", json=email_change, headers=own), 403)
    same = {"Uuid": created, "Email": email.upper()}
    assert await world.rest.ok("PUT", "/users", json=same, headers=own) == "DONE"
    # Deleting one's own account needs its password.
    no_password = await world.rest.call("DELETE", "/users", json={"Uuid": created}, headers=own)
    problem = assert_problem(no_password, 400)
    assert problem["errors"] == [{"Field": "Password", "Msg": "is required"}]
    wrong = {"Uuid": created, "Password": "not the password"}
    assert_problem(await world.rest.call("DELETE", "/users", json=wrong, headers=own), 400)
    assert (await world.rest.ok("GET", f"/users/{created}", user=world.owner))["State"] == (
        "CONFIRMED"
    )
    assert_problem(
        await world.rest.call("DELETE", "/users", user=world.writer, json={"Uuid": created}), 403
    )
    assert (
        await world.rest.ok("DELETE", "/users", user=world.owner, json={"Uuid": created}) == "DONE"
    )
    assert (await world.rest.ok("GET", f"/users/{created}", user=world.owner))["State"] == "DELETED"


async def test_owner_changes_an_email(world: World) -> None:
    account = await world.rest.platform.new_user(Role.READER)
    moved = f"moved{uuid.uuid4().hex[:8]}@example.com"
    change = {"uuid": account.id, "email": moved}
    assert_problem(await world.rest.call("PUT", "/users", user=world.writer, json=change), 403)
    assert_problem(await world.rest.call("PUT", "/users", json=change), 401)
    invalid = await world.rest.call(
        "PUT", "/users", user=world.owner, json={**change, "email": "nope"}
    )
    assert_problem(invalid, 400)
    taken = await world.rest.call(
        "PUT", "/users", user=world.owner, json={**change, "email": world.writer.email}
    )
    assert_problem(taken, 409, "DUPLICATE_FOUND")
    unknown = {"Uuid": str(uuid.uuid4()), "Email": moved}
    assert_problem(await world.rest.call("PUT", "/users", user=world.owner, json=unknown), 404)

    assert await world.rest.ok("PUT", "/users", user=world.owner, json=change) == "DONE"
    assert (await world.rest.ok("GET", f"/users/{account.id}", user=world.owner))["Email"] == moved
    tokens = await world.rest.ok("POST", "/auth/login", json={"email": moved, "password": PASSWORD})
    assert tokens["accessToken"]
    old = await world.rest.call(
        "POST", "/auth/login", json={"email": account.email, "password": PASSWORD}
    )
    assert_problem(old, 400, "Wrong password or email")


async def test_a_user_deletes_their_own_account_with_its_password(world: World) -> None:
    account = await world.rest.platform.new_user(Role.WRITER)
    other_session = await world.rest.platform.log_in(account.email)
    body = {"Uuid": account.id, "Password": PASSWORD}
    assert await world.rest.ok("DELETE", "/users", user=account, json=body) == "DONE"
    assert (await world.rest.ok("GET", f"/users/{account.id}", user=world.owner))["State"] == (
        "DELETED"
    )
    # Every session ended: no refresh, no session-bound action, no login. (Access tokens are
    # stateless JWTs: reads that only check the signature work until they expire, 15 min.)
    for refresh_token in (account.refresh_token, other_session["refreshToken"]):
        refresh = await world.rest.call(
            "POST", "/auth/refresh-token", json={"refreshToken": refresh_token}
        )
        assert refresh.status_code in (400, 401), refresh.text
    change = {"Uuid": account.id, "CurrentPassword": PASSWORD, "Password": "a new long passphrase"}
    assert_problem(await world.rest.call("PUT", "/users", user=account, json=change), 401)
    login = await world.rest.call(
        "POST", "/auth/login", json={"email": account.email, "password": PASSWORD}
    )
    assert_problem(login, 400, "Wrong password or email")


# ---------------------------------------------------------------------------- posts


async def test_post_shapes_and_author_from_token(world: World) -> None:
    post = await world.rest.ok("GET", f"/posts/{world.published}")
    assert_pascal(post)
    assert post["AuthorUuid"] == world.writer.id
    assert post["State"] == "PUBLISHED"
    assert post["Tags"] == [{"Id": world.tag, "Name": post["Tags"][0]["Name"]}]
    preview = await world.rest.ok("GET", f"/posts/preview/{world.published}")
    assert preview["Text"] == ""
    assert preview["PreviewText"] == "one"
    forged = {"AuthorUuid": world.owner.id, "Topic": "Mine", "Text": "t"}
    made = await world.rest.ok("POST", "/posts/", 201, user=world.writer, json=forged)
    assert (await world.rest.ok("GET", f"/posts/{made}", user=world.writer))[
        "AuthorUuid"
    ] == world.writer.id


async def test_drafts_are_visible_to_author_and_moderators_only(world: World) -> None:
    assert_problem(await world.rest.call("GET", f"/posts/{world.draft}"), 404)
    assert_problem(
        await world.rest.call("GET", f"/posts/preview/{world.draft}", user=world.reader), 404
    )
    for user in (world.writer, world.moderator, world.owner):
        assert (await world.rest.ok("GET", f"/posts/{world.draft}", user=user))["State"] == "NEW"


async def test_post_create_edit_state_delete(world: World) -> None:
    assert_problem(
        await world.rest.call(
            "POST", "/posts", user=world.reader, json={"topic": "t", "text": "t"}
        ),
        403,
    )
    assert_problem(
        await world.rest.call("POST", "/posts", json={"topic": "t", "text": "t"}),
        401,
        "Unauthorized",
    )
    post = await world.rest.ok(
        "POST", "/posts", 201, user=world.writer, json={"topic": "t", "text": "t"}
    )
    edit = {
        "Uuid": post,
        "authorUuid": world.writer.id,
        "text": "new",
        "topic": "T2",
        "previewText": "p",
        "tagIds": [world.tag],
    }
    assert await world.rest.ok("PUT", "/posts/", user=world.writer, json=edit) == "DONE"
    got = await world.rest.ok("GET", f"/posts/{post}", user=world.writer)
    assert (got["Text"], got["Topic"], [t["Id"] for t in got["Tags"]]) == ("new", "T2", [world.tag])
    # Someone else's draft does not exist for them (404, not 403: no leak).
    assert_problem(await world.rest.call("PUT", "/posts/", user=world.reader, json=edit), 404)
    assert (
        await world.rest.ok(
            "PUT", "/posts/", user=world.moderator, json={"Uuid": post, "state": "BLOCKED"}
        )
        == "DONE"
    )
    bad = await world.rest.call(
        "PUT", "/posts/", user=world.writer, json={"Uuid": post, "state": "DELETED"}
    )
    assert_problem(bad, 400, "DELETE_VIA_PUT_REQUEST_IS_FODBIDDEN")
    assert_problem(
        await world.rest.call(
            "PUT", "/posts/", user=world.writer, json={"Uuid": post, "state": "NOPE"}
        ),
        400,
    )
    assert (
        await world.rest.ok("DELETE", "/posts/", user=world.writer, json={"uuid": post}) == "DONE"
    )
    assert_problem(await world.rest.call("GET", f"/posts/{post}", user=world.writer), 404)
    assert_problem(
        await world.rest.call("DELETE", "/posts", user=world.writer, json={"Uuid": post}), 404
    )


async def test_tags(world: World) -> None:
    name = f"tag{uuid.uuid4().hex[:8]}"
    tag = await world.rest.ok("POST", "/posts/tags", 201, user=world.owner, json={"name": name})
    assert isinstance(tag, int)
    assert await world.rest.ok("GET", f"/posts/tags/{tag}") == {"Id": tag, "Name": name}
    dup = await world.rest.call(
        "POST", "/posts/tags/", user=world.owner, json={"Name": name.upper()}
    )
    assert_problem(dup, 409, "DUPLICATE_FOUND")
    assert_problem(
        await world.rest.call("POST", "/posts/tags/", user=world.writer, json={"Name": "w"}), 403
    )
    renamed = name + "x"
    assert (
        await world.rest.ok(
            "PUT", "/posts/tags/", user=world.owner, json={"Id": tag, "Name": renamed}
        )
        == "DONE"
    )
    listed = await world.rest.ok("GET", "/posts/tags", params={"offset": 0, "limit": 1000})
    assert {"Id": tag, "Name": renamed} in listed["Data"]
    assert listed["Count"] == len(listed["Data"])
    assert_problem(await world.rest.call("GET", "/posts/tags/abc"), 400)
    assert_problem(await world.rest.call("GET", "/posts/tags/999999"), 404)


async def test_comments(world: World) -> None:
    comment = await world.rest.ok("GET", f"/posts/{world.published}/comments/{world.comment}")
    assert_pascal(comment)
    assert comment["Id"] == world.comment
    assert comment["PostUuid"] == world.published
    reply = await world.rest.ok(
        "POST",
        "/posts/comments",
        201,
        user=world.reader,
        json={"PostUuid": world.published, "Text": "reply", "linkedCommentId": world.comment},
    )
    # A reader's comment waits for moderation: only its author and moderators see it.
    path = f"/posts/{world.published}/comments/{reply}"
    assert_problem(await world.rest.call("GET", path), 404)
    mine = await world.rest.ok("GET", path, user=world.reader)
    assert (mine["State"], mine["LinkedCommentId"]) == ("NEW", world.comment)
    key = {"postUuid": world.published, "commentId": reply}
    assert (
        await world.rest.ok(
            "PUT", "/posts/comments", user=world.reader, json={**key, "text": "edited"}
        )
        == "DONE"
    )
    assert_problem(
        await world.rest.call(
            "PUT", "/posts/comments", user=world.reader, json={**key, "state": "PUBLISHED"}
        ),
        403,
    )
    assert (
        await world.rest.ok(
            "PUT", "/posts/comments", user=world.moderator, json={**key, "state": "PUBLISHED"}
        )
        == "DONE"
    )
    assert (await world.rest.ok("GET", path))["Text"] == "edited"
    on_draft = await world.rest.call(
        "POST", "/posts/comments", user=world.reader, json={"postUuid": world.draft, "text": "x"}
    )
    assert on_draft.status_code in (400, 404)
    assert_problem(await world.rest.call("GET", f"/posts/{world.published}/comments/x1"), 400)
    deleted = {"CommentId": reply, "PostId": world.published}
    assert (
        await world.rest.ok("DELETE", "/posts/comments", user=world.reader, json=deleted) == "DONE"
    )
    assert_problem(await world.rest.call("GET", path), 404)


async def test_comment_on_an_unpublished_post_says_so(world: World) -> None:
    hidden = await world.rest.ok(
        "POST", "/posts", 201, user=world.writer, json={"topic": "h", "text": "h"}
    )
    response = await world.rest.call(
        "POST", "/posts/comments", user=world.writer, json={"postUuid": hidden, "text": "x"}
    )
    assert_problem(response, 400, "Post is not published")


# ---------------------------------------------------------------------------- feed


async def test_feed_posts_filters(world: World) -> None:
    params: dict[str, Any] = {
        "offset": 0,
        "limit": 6,
        "tagId": "",
        "state": "PUBLISHED",
        "userUuid": "",
    }
    everything = await world.rest.ok("GET", "/feed/posts", params=params)
    assert set(everything) == {"Count", "Offset", "Limit", "Data"}
    assert world.published in everything["Data"]
    assert world.draft not in everything["Data"]
    by_tag = await world.rest.ok(
        "GET", "/feed/posts", params={**params, "tagId": world.tag, "state": ""}
    )
    assert by_tag["Data"] == [world.published]
    mine = await world.rest.ok(
        "GET",
        "/feed/posts",
        user=world.writer,
        params={**params, "state": "", "userUuid": world.writer.id, "limit": 50},
    )
    assert {world.published, world.draft} <= set(mine["Data"])
    theirs = await world.rest.ok(
        "GET",
        "/feed/posts",
        params={**params, "state": "", "userUuid": world.writer.id, "limit": 50},
    )
    assert world.draft not in theirs["Data"]
    assert_problem(
        await world.rest.call("GET", "/feed/posts", params={**params, "state": "NEW"}), 403
    )
    moderated = await world.rest.ok(
        "GET", "/feed/posts", user=world.moderator, params={**params, "state": "NEW", "limit": 100}
    )
    assert world.draft in moderated["Data"]
    assert_problem(await world.rest.call("GET", "/feed/posts", params={"offset": "x"}), 400)


async def test_feed_offset_walks_pages(world: World) -> None:
    for i in range(3):
        made = await world.rest.ok(
            "POST",
            "/posts",
            201,
            user=world.writer,
            json={"topic": f"p{i}", "text": "t", "tagIds": [world.tag]},
        )
        await world.rest.ok(
            "PUT", "/posts", user=world.moderator, json={"uuid": made, "state": "PUBLISHED"}
        )
    whole = (await world.rest.ok("GET", "/feed/posts", params={"tagId": world.tag, "limit": 100}))[
        "Data"
    ]
    assert len(whole) >= 4
    window = await world.rest.ok(
        "GET", "/feed/posts", params={"tagId": world.tag, "offset": 1, "limit": 2}
    )
    assert window == {"Count": 2, "Offset": 1, "Limit": 2, "Data": whole[1:3]}


async def test_feed_comments(world: World) -> None:
    listed = await world.rest.ok(
        "GET", f"/feed/posts/{world.published}/comments", params={"offset": 0, "limit": 10000}
    )
    assert listed["Data"][0]["Id"] == world.comment
    assert set(listed["Data"][0]) == {"Id", "CreateDate", "State"}
    empty = await world.rest.call("GET", "/feed/posts//comments?offset=0&limit=11")
    assert_problem(empty, 404)
    assert_problem(await world.rest.call("GET", f"/feed/posts/{world.draft}/comments"), 404)


FEED = (
    """query($author: ID) { feed(first: 50, authorId: $author) { edges { node { id topic } } } }"""
)


async def test_feed_sync_start_replays_posts_into_the_feed_and_stop_is_accepted(
    world: World,
) -> None:
    platform = world.rest.platform
    before = await platform.data(FEED, {"author": world.writer.id})
    # The test platform runs the feed without its consumer: only a replay fills it.
    assert before["feed"]["edges"] == []
    for path in ("/feed/sync/start", "/feed/sync/stop"):
        assert_problem(await world.rest.call("POST", path, user=world.writer), 403, "Forbidden")
        assert_problem(await world.rest.call("POST", path), 401, "Unauthorized")
    assert await world.rest.ok("POST", "/feed/sync/start", user=world.owner) == "DONE"
    after = await platform.data(FEED, {"author": world.writer.id})
    replayed = {e["node"]["id"]: e["node"]["topic"] for e in after["feed"]["edges"]}
    assert replayed[world.published] == "Published"
    assert world.draft not in replayed
    assert await world.rest.ok("POST", "/feed/sync/stop", user=world.owner) == "DONE"
    assert await world.rest.ok("POST", "/feed/sync/start", user=world.owner) == "DONE"
