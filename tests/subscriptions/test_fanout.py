"""Through tansu and PostgreSQL: a writer with followers publishes -> exactly the right requests
(opted-out, blocked, the actor left out; one request per recipient listing its channels); the
same event replayed -> nothing new; preference changes and unfollows count from the next event."""

from __future__ import annotations

import uuid

from common.auth import Role
from common.contracts import auth, posts
from common.contracts.subscriptions import Channel, NotificationType
from tests.subscriptions.support import Subscriptions, card

OPT_OUT = """mutation($p: [NotificationPreferenceInput!]!) {
  updateNotificationPreferences(preferences: $p) { type channels emailCadence }
}"""


async def test_a_post_reaches_exactly_the_followers_who_want_it(subs: Subscriptions) -> None:
    writer = await subs.user(Role.WRITER)
    followers = [await subs.user() for _ in range(12)]
    tag_only = await subs.user()
    await subs.tag(7001)
    for user in [writer, *followers, tag_only]:
        await subs.wait_known_user(user)
    await eventually_tag(subs, 7001)
    for user in followers:
        await subs.follow(user, "AUTHOR", str(writer))
    await subs.follow(followers[0], "TAG", "7001")  # both: one request, the author's type
    await subs.follow(tag_only, "TAG", "7001")
    opted_out, email_off, blocked = followers[1], followers[2], followers[3]
    await subs.data(OPT_OUT, {"p": [{"type": "NEW_POST_BY_AUTHOR", "channels": []}]}, as_=opted_out)
    await subs.data(
        OPT_OUT,
        {
            "p": [
                {"type": "NEW_POST_BY_AUTHOR", "channels": ["EMAIL", "PUSH"], "emailCadence": "OFF"}
            ]
        },
        as_=email_off,
    )
    await subs.publish(
        auth.USER,
        auth.UserEvent.STATE_CHANGED,
        str(blocked),
        auth.UserChanged(user_id=blocked, state="BLOCKED"),
    )
    await subs.wait_known_user(blocked, "BLOCKED")

    post = card(writer, tags=[7001])
    event = await subs.publish(posts.POST, posts.PostEvent.STATE_CHANGED, str(post.post_id), post)
    await subs.wait_done(event)
    requests = await subs.requests(event)
    by_recipient = {r.recipient_id: r for r in requests}
    assert len(by_recipient) == len(requests)  # one request per recipient
    wanted = set(followers) - {opted_out, blocked} | {tag_only}
    assert set(by_recipient) == wanted
    assert writer not in by_recipient
    assert by_recipient[followers[0]].type == NotificationType.NEW_POST_BY_AUTHOR
    assert by_recipient[tag_only].type == NotificationType.NEW_POST_IN_TAG
    assert by_recipient[followers[4]].channels == [Channel.EMAIL, Channel.IN_APP]
    assert by_recipient[email_off].channels == [Channel.PUSH]
    for request in requests:
        assert request.idempotency_key == f"{event}:{request.recipient_id}"
        assert request.actor_id == writer
        assert request.subject_id == str(post.post_id)
        assert request.unsubscribe_token
        assert request.data["topic"] == "A post"

    # the same event again (a redelivery), and the post published again after a block
    await subs.publish(
        posts.POST, posts.PostEvent.STATE_CHANGED, str(post.post_id), post, event_id=event
    )
    again = await subs.publish(posts.POST, posts.PostEvent.STATE_CHANGED, str(post.post_id), post)
    marker = await subs.publish(
        posts.POST, posts.PostEvent.STATE_CHANGED, str(uuid.uuid4()), card(writer)
    )
    await subs.wait_done(marker)
    assert len(await subs.requests(event)) == len(requests)
    assert await subs.requests(again) == []


async def test_preferences_and_unfollows_count_from_the_next_event(subs: Subscriptions) -> None:
    writer = await subs.user(Role.WRITER)
    reader = await subs.user()
    for user in (writer, reader):
        await subs.wait_known_user(user)
    await subs.follow(reader, "AUTHOR", str(writer))

    first = await subs.publish(posts.POST, posts.PostEvent.STATE_CHANGED, "k", card(writer))
    await subs.wait_done(first)
    assert [r.channels for r in await subs.requests(first)] == [[Channel.EMAIL, Channel.IN_APP]]

    await subs.data(
        OPT_OUT, {"p": [{"type": "NEW_POST_BY_AUTHOR", "channels": ["IN_APP"]}]}, as_=reader
    )
    second = await subs.publish(posts.POST, posts.PostEvent.STATE_CHANGED, "k", card(writer))
    await subs.wait_done(second)
    assert [r.channels for r in await subs.requests(second)] == [[Channel.IN_APP]]

    await subs.data(
        "mutation($id: ID!) { unfollow(target: AUTHOR, id: $id) }", {"id": str(writer)}, as_=reader
    )
    third = await subs.publish(posts.POST, posts.PostEvent.STATE_CHANGED, "k", card(writer))
    await subs.wait_done(third)
    assert await subs.requests(third) == []


async def eventually_tag(subs: Subscriptions, tag_id: int) -> None:
    from tests.support.polling import eventually

    await eventually(lambda: subs.known("SELECT count(*) FROM tags WHERE tag_id = :t", t=tag_id))
