"""A published comment reaches the replied comment's author (REPLY_TO_COMMENT), the post's author
(COMMENT_ON_POST) and the thread's followers (COMMENT_IN_THREAD), each once, never the
commenter; commenting follows the thread unless the user turned that off; a moderator's
decision reaches the comment's author (MODERATION)."""

from __future__ import annotations

import datetime as dt
import uuid

from common.auth import Role
from common.contracts import posts
from common.contracts.subscriptions import NotificationType
from tests.subscriptions.support import Subscriptions, card
from tests.support.polling import eventually

T = NotificationType


def comment(
    post: posts.PostCard,
    author: uuid.UUID,
    comment_id: int,
    *,
    parent: tuple[int, uuid.UUID] | None = None,
    state: posts.State = posts.State.PUBLISHED,
    previous: posts.State | None = None,
    actor: uuid.UUID | None = None,
) -> posts.CommentCard:
    return posts.CommentCard(
        post_id=post.post_id,
        comment_id=comment_id,
        author_id=author,
        parent_id=None if parent is None else parent[0],
        state=state,
        created_at=dt.datetime.now(dt.UTC),
        previous_state=previous,
        post_author_id=post.author_id,
        parent_author_id=None if parent is None else parent[1],
        actor_id=actor or author,
    )


async def test_comment_audiences(subs: Subscriptions) -> None:
    writer = await subs.user(Role.WRITER)
    first, second, quiet, moderator = [await subs.user() for _ in range(4)]
    users = [writer, first, second, quiet, moderator]
    for user in users:
        await subs.wait_known_user(user)
    await subs.data("mutation { setFollowCommentedThreads(on: false) }", as_=quiet)
    post = card(writer, state=posts.State.PUBLISHED, previous=None)
    await subs.publish(posts.POST, posts.PostEvent.CREATED, str(post.post_id), post)
    await eventually(
        lambda: subs.known(
            "SELECT count(*) FROM follows WHERE target_id = :p", p=str(post.post_id)
        ),
        what="the author following their thread",
    )
    key = str(post.post_id)
    one = await subs.publish(posts.COMMENT, posts.CommentEvent.ADDED, key, comment(post, first, 1))
    await subs.wait_done(one)
    assert {(r.recipient_id, r.type) for r in await subs.requests(one)} == {
        (writer, T.COMMENT_ON_POST)
    }

    # a reply, by a user who does not follow threads they comment in, waits for moderation
    reply = comment(post, quiet, 2, parent=(1, first), state=posts.State.NEW)
    await subs.publish(posts.COMMENT, posts.CommentEvent.ADDED, key, reply)
    published = comment(
        post, quiet, 2, parent=(1, first), previous=posts.State.NEW, actor=moderator
    )
    two = await subs.publish(posts.COMMENT, posts.CommentEvent.STATE_CHANGED, key, published)
    await subs.wait_done(two)
    assert {(r.recipient_id, r.type) for r in await subs.requests(two)} == {
        (first, T.REPLY_TO_COMMENT),
        (writer, T.COMMENT_ON_POST),
    }
    await subs.wait_done(f"{two}:moderation")
    moderation = await subs.requests(f"{two}:moderation")
    assert [(r.recipient_id, r.type, r.data["state"]) for r in moderation] == [
        (quiet, T.MODERATION, "PUBLISHED")
    ]
    three = await subs.publish(
        posts.COMMENT, posts.CommentEvent.ADDED, key, comment(post, second, 3)
    )
    await subs.wait_done(three)
    assert {(r.recipient_id, r.type) for r in await subs.requests(three)} == {
        (writer, T.COMMENT_ON_POST),
        (first, T.COMMENT_IN_THREAD),
    }
