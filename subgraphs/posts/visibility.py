"""Who sees which posts and comments, as Python predicates (one row) and SQL conditions (lists).

- PUBLISHED posts are public; NEW, ON_MODERATION and BLOCKED ones are visible to their author
  and to moderators only; DELETED ones to nobody. Everyone else gets NOT_FOUND and lists leave
  them out.
- NEW (and ON_MODERATION) comments are visible to their author and moderators, BLOCKED and
  DELETED ones to moderators only.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, and_, or_

from common.auth import Viewer
from common.errors import BadUserInput, Forbidden
from subgraphs.posts.models import Comment, Post, State

#: Comment states that await moderation (their author still sees them).
AWAITING = frozenset({State.NEW.value, State.ON_MODERATION.value})


def post_visible(viewer: Viewer | None, post: Post) -> bool:
    if post.state == State.DELETED:
        return False
    if post.state == State.PUBLISHED:
        return True
    return viewer is not None and (viewer.is_moderator or viewer.user_id == post.author_id)


def comment_visible(viewer: Viewer | None, comment: Comment) -> bool:
    if comment.state == State.PUBLISHED:
        return True
    if viewer is None:
        return False
    if viewer.is_moderator:
        return True
    return comment.state in AWAITING and comment.author_id == viewer.user_id


def visible_comments(viewer: Viewer | None) -> ColumnElement[bool]:
    if viewer is not None and viewer.is_moderator:
        return Comment.state.is_not(None)
    published = Comment.state == State.PUBLISHED
    if viewer is None:
        return published
    return or_(published, and_(Comment.state.in_(AWAITING), Comment.author_id == viewer.user_id))


def check_list_state(viewer: Viewer | None, author: uuid.UUID | None, state: State | None) -> None:
    """A list may ask for PUBLISHED posts; other states are for moderators, and for an author
    on their own list (`author`); DELETED posts are never listed."""
    if state == State.DELETED:
        raise BadUserInput("Deleted posts are not listed", field="state")
    privileged = viewer is not None and (
        viewer.is_moderator or (author is not None and author == viewer.user_id)
    )
    if state is not None and state != State.PUBLISHED and not privileged:
        raise Forbidden("Only moderators and the author list unpublished posts")


def listed_states(
    viewer: Viewer | None, state: State | None, *, by_author: bool
) -> ColumnElement[bool]:
    """The posts a list holds (once `check_list_state` passed): the `state` asked for; else
    PUBLISHED ones, plus, in lists of one author (`by_author`: `posts(authorId)`, `User.posts`),
    every state but DELETED of the viewer's own posts, or of anyone's for a moderator. Written
    over `Post.author_id`, so one condition serves the lists of many authors at once."""
    if state is not None:
        return Post.state == state.value
    published = Post.state == State.PUBLISHED.value
    if not by_author or viewer is None:
        return published
    if viewer.is_moderator:
        return Post.state != State.DELETED.value
    return or_(published, and_(Post.author_id == viewer.user_id, Post.state != State.DELETED.value))
