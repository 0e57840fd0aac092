"""Keyset pages: the opaque cursors of each list (posts by creation, comments by id, tags by
name) and the `unnest` of parent ids that pages the children of many parents in one query.
Pages themselves are common.pagination.Page."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import FromClause, bindparam, func
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from common.errors import BadUserInput
from common.pagination import decode_cursor, encode_cursor
from subgraphs.posts.models import Post


def post_cursor(post: Post) -> str:
    return encode_cursor(post.created_at.isoformat(), str(post.id))


def decode_post_cursor(after: str) -> tuple[dt.datetime, uuid.UUID]:
    created, post_id = decode_cursor(after, 2)
    try:
        return dt.datetime.fromisoformat(str(created)), uuid.UUID(str(post_id))
    except (ValueError, TypeError) as exc:
        raise BadUserInput("Invalid cursor", argument="after") from exc


def decode_int_cursor(after: str) -> int:
    (value,) = decode_cursor(after, 1)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadUserInput("Invalid cursor", argument="after")
    return value


def decode_tag_cursor(after: str) -> tuple[str, int]:
    name, tag_id = decode_cursor(after, 2)
    if not isinstance(name, str) or not isinstance(tag_id, int):
        raise BadUserInput("Invalid cursor", argument="after")
    return name, tag_id


def each_of(ids: Sequence[uuid.UUID], name: str) -> FromClause:
    """`unnest(:ids) AS name(id)`: the parents a LATERAL subquery pages children for."""
    array = bindparam(f"{name}_ids", list(ids), type_=ARRAY(UUID(as_uuid=True)))
    return func.unnest(array).table_valued("id").render_derived(name=name)
