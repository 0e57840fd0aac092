"""Upstream's web UI, replayed unchanged against /api/v1: the calls, bodies (camelCase and
PascalCase), `Bearer undefined` before login, trailing slashes, the five-key feed query and the
N+1 reads per feed item, checked against the statuses and shapes the UI relies on."""

from __future__ import annotations

import uuid
from typing import Any

from common.auth import Role
from subgraphs.auth.events import RESET_TEMPLATE
from tests.rest.support import Rest, assert_pascal
from tests.support.platform import PASSWORD, Platform

NEW_PASSWORD = "a brand new passphrase"


class Browser:
    """Holds tokens like the UI's localStorage and sends what the UI sends."""

    def __init__(self, rest: Rest) -> None:
        self.rest = rest
        self.access: str | None = None

    async def send(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        headers = {
            "Authorization": f"Bearer {self.access or 'undefined'}",
            "Request-Id": str(uuid.uuid4()),
        }
        response = await self.rest.call(method, path, json=body, headers=headers)
        assert response.status_code == status, (method, path, response.status_code, response.text)
        return response.json()

    async def log_in(self, email: str, password: str) -> None:
        tokens = await self.send("POST", "/auth/login", {"email": email, "password": password})
        self.access = tokens["accessToken"]


async def test_upstream_web_ui_scenario(platform: Platform) -> None:
    rest = Rest(platform)
    owner = await platform.new_user(Role.OWNER)
    admin = Browser(rest)
    await admin.log_in(owner.email, PASSWORD)
    assert (await admin.send("GET", "/users/me"))["Role"] == "OWNER"  # shows "New Post"

    # Sign-up with confirmation, as a visitor (Bearer undefined on every call).
    visitor = Browser(rest)
    email, login = f"v{uuid.uuid4().hex[:8]}@example.com", f"v{uuid.uuid4().hex[:8]}"
    body = {"login": login, "email": email, "password": PASSWORD}
    assert await visitor.send("POST", "/users/signup", body) == "DONE"
    await visitor.send("POST", "/auth/login", {"email": email, "password": PASSWORD}, status=400)
    assert await visitor.send("POST", "/users/signup/resend", {"email": email}) == "DONE"
    token = await platform.confirmation_token(email)
    assert await visitor.send("PUT", "/users/signup", {"token": token}) == "DONE"
    await visitor.log_in(email, PASSWORD)
    me = await visitor.send("GET", "/users/me")
    assert_pascal(me)
    assert (me["Login"], me["Email"], me["Role"], me["State"]) == (login, email, "GI", "CONFIRMED")

    # Password restore, then the account page edits the login.
    assert await visitor.send("POST", "/users/password/restore", {"email": email}) == "DONE"
    reset = await platform.emailed_token(email, RESET_TEMPLATE)
    restore = {"token": reset, "password": NEW_PASSWORD}
    assert await visitor.send("PUT", "/users/password/restore", restore) == "DONE"
    await visitor.send("PUT", "/users/password/restore", restore, status=400)  # used up
    await visitor.log_in(email, NEW_PASSWORD)
    new_login = f"w{uuid.uuid4().hex[:8]}"
    assert await visitor.send("PUT", "/users", {"Uuid": me["Uuid"], "login": new_login}) == "DONE"

    # The admin writes, tags, edits and publishes a post (trailing slashes as the UI sends).
    tag = await admin.send("POST", "/posts/tags/", {"name": f"news{uuid.uuid4().hex[:6]}"}, 201)
    await admin.send("PUT", "/posts/tags/", {"id": tag, "name": f"News{uuid.uuid4().hex[:6]}"})
    tags = await admin.send("GET", "/posts/tags?offset=0&limit=50")
    assert tag in [t["Id"] for t in tags["Data"]]
    post = await admin.send(
        "POST",
        "/posts",
        {
            "authorUuid": owner.id,
            "text": "# Body",
            "topic": "Hello",
            "previewText": "Hi",
            "tagIds": [tag],
        },
        201,
    )
    assert isinstance(post, str)
    edit = {
        "Uuid": post,
        "authorUuid": owner.id,
        "text": "# Body 2",
        "topic": "Hello",
        "previewText": "Hi",
        "tagIds": [tag],
    }
    assert await admin.send("PUT", "/posts/", edit) == "DONE"
    assert await admin.send("PUT", "/posts/", {"Uuid": post, "state": "ON_MODERATION"}) == "DONE"
    assert await admin.send("PUT", "/posts/", {"Uuid": post, "state": "PUBLISHED"}) == "DONE"

    # The visitor reads the feed by tag the way the posts page does, then comments.
    feed = await visitor.send(
        "GET", f"/feed/posts?offset=0&limit=6&tagId={tag}&state=PUBLISHED&userUuid="
    )
    assert feed["Data"] == [post]
    for item in feed["Data"]:
        preview = await visitor.send("GET", f"/posts/preview/{item}")
        assert preview["Text"] == ""
        assert preview["Topic"] == "Hello"
        assert await visitor.send("GET", f"/users/name/{preview['AuthorUuid']}") == owner.login
        await visitor.send("GET", f"/feed/posts/{item}/comments?offset=0&limit=10000")
    full = await visitor.send("GET", f"/posts/{post}")
    assert full["Text"] == "# Body 2"
    assert full["Tags"][0]["Id"] == tag
    comment = await visitor.send(
        "POST", "/posts/comments", {"authorUuid": me["Uuid"], "postUuid": post, "text": "Nice"}, 201
    )
    mine = await visitor.send("GET", f"/posts/{post}/comments/{comment}")
    assert mine["State"] == "NEW"
    assert mine["AuthorUuid"] == me["Uuid"]
    edit_comment = {
        "authorUuid": me["Uuid"],
        "postUuid": post,
        "commentId": comment,
        "text": "Nice!",
    }
    assert await visitor.send("PUT", "/posts/comments", edit_comment) == "DONE"

    # Anonymous readers do not see the comment until the admin publishes it.
    anonymous = Browser(rest)
    listed = await anonymous.send("GET", f"/feed/posts/{post}/comments?offset=0&limit=10000")
    assert listed["Data"] == []
    moderate = {
        "authorUuid": me["Uuid"],
        "postUuid": post,
        "commentId": comment,
        "state": "PUBLISHED",
    }
    assert await admin.send("PUT", "/posts/comments", moderate) == "DONE"
    listed = await anonymous.send("GET", f"/feed/posts/{post}/comments?offset=0&limit=10000")
    assert [(c["Id"], c["State"]) for c in listed["Data"]] == [(comment, "PUBLISHED")]
    reply = await admin.send(
        "POST",
        "/posts/comments",
        {"postUuid": post, "text": "Thanks", "linkedCommentId": comment},
        201,
    )
    linked = await anonymous.send("GET", f"/posts/{post}/comments/{reply}")
    assert linked["LinkedCommentId"] == comment
    assert (await anonymous.send("GET", f"/users/name/{me['Uuid']}")) == new_login

    # The account page's "My Posts" (author feed, all states) and the admin's state filter.
    draft = await admin.send(
        "POST", "/posts", {"text": "d", "topic": "Draft", "previewText": "", "tagIds": []}, 201
    )
    my_posts = await admin.send(
        "GET", f"/feed/posts?offset=0&limit=11&tagId=&state=&userUuid={owner.id}"
    )
    assert my_posts["Data"] == [draft, post]
    drafts = await admin.send("GET", "/feed/posts?offset=0&limit=11&tagId=&state=NEW&userUuid=")
    assert draft in drafts["Data"]
    await admin.send("GET", "/feed/posts//comments?offset=0&limit=11", status=404)

    # Deletes: a comment, then the post; both gone for everyone.
    assert (
        await admin.send("DELETE", "/posts/comments", {"commentId": reply, "postId": post})
        == "DONE"
    )
    assert await admin.send("DELETE", "/posts/", {"Uuid": post}) == "DONE"
    await anonymous.send("GET", f"/posts/{post}", status=404)
    feed = await anonymous.send(
        "GET", f"/feed/posts?offset=0&limit=6&tagId={tag}&state=PUBLISHED&userUuid="
    )
    assert feed["Data"] == []
