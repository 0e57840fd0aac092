"""The whole path, as `make dev` runs it: readers follow an author through the router, the
author's post is published, subscriptions fans out notification requests, and notifications
sends each follower exactly one email (with subscriptions' one-click unsubscribe link) and
puts one item in their inbox."""

from __future__ import annotations

from email.message import EmailMessage

from common.auth import Role
from tests.notifications.support import Sink, header, links
from tests.support.platform import Platform, TestUser
from tests.support.polling import eventually

FOLLOW = "mutation($k: FollowKind!, $id: ID!) { follow(target: $k, id: $id) { kind } }"
UNREAD = "{ me { unreadNotificationsCount notifications { nodes { type title actor { id } } } } }"


async def follow(platform: Platform, user: TestUser, author: TestUser) -> None:
    """Once subscriptions has heard of the author (auth's and profiles' events)."""

    async def followed() -> bool:
        body = await platform.gql(FOLLOW, {"k": "AUTHOR", "id": author.id}, user=user)
        return not body.get("errors")

    await eventually(followed, within=60, interval=0.2, what="following the author")


async def test_followers_of_an_author_get_one_email_and_one_inbox_item_per_post(
    platform: Platform, sink: Sink
) -> None:
    owner = await platform.new_user(Role.OWNER)
    writer = await platform.new_user(Role.WRITER)
    readers = [await platform.new_user() for _ in range(2)]
    for reader in readers:
        await follow(platform, reader, writer)

    created = await platform.data(
        'mutation { createPost(input: {topic: "Spring tides", text: "x"}) { id } }', user=writer
    )
    post_id = created["createPost"]["id"]
    await platform.data(
        "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id } }",
        {"id": post_id},
        user=owner,
    )

    def about_the_post(address: str) -> list[EmailMessage]:
        return [m for m in sink.to(address) if "Spring tides" in m["Subject"]]

    for reader in readers:
        address = reader.email
        [email] = await eventually(
            lambda: about_the_post(address),  # noqa: B023 - awaited before the loop moves on
            within=90,
            what=f"the email to {reader.email}",
        )
        assert email["Subject"] == f"{writer.login} published “Spring tides”"
        assert f"https://blog.example.com/posts/{post_id}" in links(email)
        unsubscribe = header(email, "List-Unsubscribe")
        assert "/unsubscribe?token=" in unsubscribe
        assert header(email, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"

        me = (await platform.data(UNREAD, user=reader))["me"]
        assert me["unreadNotificationsCount"] == 1
        assert me["notifications"]["nodes"] == [
            {
                "type": "NEW_POST_BY_AUTHOR",
                "title": f"{writer.login} published “Spring tides”",
                "actor": {"id": writer.id},
            }
        ]
    assert len(about_the_post(readers[0].email)) == 1
