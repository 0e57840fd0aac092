"""One-click unsubscribe (RFC 8058): the link of a request works once, over plain HTTP without
sign-in, and turns the type off; a tampered or reused one is 400 problem+json; GraphQL too."""

from __future__ import annotations

from common.auth import Role
from common.contracts import posts
from tests.subscriptions.support import Subscriptions, card

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


async def test_the_link_of_a_request_works_once(subs: Subscriptions) -> None:
    writer, reader = await subs.user(Role.WRITER), await subs.user()
    for user in (writer, reader):
        await subs.wait_known_user(user)
    await subs.follow(reader, "AUTHOR", str(writer))
    event = await subs.publish(posts.POST, posts.PostEvent.STATE_CHANGED, "k", card(writer))
    await subs.wait_done(event)
    [request] = await subs.requests(event)
    link = request.data["unsubscribe_url"]
    assert link.endswith(f"token={request.unsubscribe_token}")
    url = f"{subs.service.http_url}/unsubscribe"
    token = request.unsubscribe_token
    assert token is not None

    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    bad = await subs.http.post(url, params={"token": tampered}, data=ONE_CLICK)
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/problem+json")

    done = await subs.http.post(url, params={"token": token}, data=ONE_CLICK)
    assert done.status_code == 200, done.text
    assert done.json() == {"type": "NEW_POST_BY_AUTHOR", "unsubscribed": True}
    again = await subs.http.post(url, params={"token": token}, data=ONE_CLICK)
    assert again.status_code == 400
    form = {"content-type": "application/x-www-form-urlencoded"}
    for sent in ("List-Unsubscribe=One-Click", "token=", "x" * 100_000):
        missing = await subs.http.post(url, content=sent.encode(), headers=form)
        assert missing.status_code == 400
    page = await subs.http.get(url, params={"token": '"><script>'})
    assert page.status_code == 200
    assert "<script>" not in page.text

    prefs = await subs.data("{ myNotificationPreferences { type channels } }", as_=reader)
    by_type = {p["type"]: p["channels"] for p in prefs["myNotificationPreferences"]}
    assert by_type["NEW_POST_BY_AUTHOR"] == []
    nothing = await subs.publish(posts.POST, posts.PostEvent.STATE_CHANGED, "k", card(writer))
    await subs.wait_done(nothing)
    assert await subs.requests(nothing) == []


async def test_graphql_unsubscribe_and_revocation(subs: Subscriptions) -> None:
    reader = await subs.user()
    await subs.wait_known_user(reader)
    link = (await subs.data("{ myUnsubscribeLink(type: COMMENT_IN_THREAD) }", as_=reader))[
        "myUnsubscribeLink"
    ]
    token = link.split("token=")[1]
    await subs.data("mutation { revokeUnsubscribeLinks(type: COMMENT_IN_THREAD) }", as_=reader)
    revoked = await subs.gql(
        "mutation($t: String!) { unsubscribe(token: $t) { type } }", {"t": token}
    )
    assert revoked["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    fresh = (await subs.data("{ myUnsubscribeLink(type: COMMENT_IN_THREAD) }", as_=reader))[
        "myUnsubscribeLink"
    ].split("token=")[1]
    done = await subs.data(
        "mutation($t: String!) { unsubscribe(token: $t) { type } }", {"t": fresh}
    )
    assert done == {"unsubscribe": {"type": "COMMENT_IN_THREAD"}}
    for junk in ("", "x", "a.b", "." * 500):
        body = await subs.gql(
            "mutation($t: String!) { unsubscribe(token: $t) { type } }", {"t": junk}
        )
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
