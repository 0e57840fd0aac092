"""The input rules of posts: ids, texts, tag names and slugs, checked before any store is
touched so that bad input gets one clear BAD_USER_INPUT naming its field."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Sequence

from common.auth import Viewer
from common.errors import BadUserInput, Unauthenticated
from subgraphs.posts.models import COMMENT_MAX, PREVIEW_MAX, TAG_NAME_MAX, TEXT_MAX, TOPIC_MAX

MAX_TAGS_PER_POST = 20
MAX_INT_ID = 2**63 - 1
SLUG_WORDS_MAX = 80
SLUG_SUFFIX_LEN = 12


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def check_publish_at(value: dt.datetime | None) -> dt.datetime | None:
    """A time with its zone (a naive one is UTC), within the next ten years."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    if value > now() + dt.timedelta(days=3653):
        raise BadUserInput("publishAt is too far ahead", field="publishAt")
    return value


def parse_uuid(value: str, field: str = "id") -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise BadUserInput(f"{field} is not a valid id", field=field) from exc


def parse_int_id(value: str | int, field: str = "id") -> int:
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_INT_ID:
        raise BadUserInput(f"{field} is not a valid id", field=field)
    return int(text)


def _check_text(value: str, field: str, limit: int, *, required: bool) -> str:
    if required and not value.strip():
        raise BadUserInput(f"{field} must not be empty", field=field)
    if len(value) > limit:
        raise BadUserInput(f"{field} is longer than {limit} characters", field=field, max=limit)
    return value


def check_topic(value: str) -> str:
    return _check_text(value.strip(), "topic", TOPIC_MAX, required=True)


def check_post_text(value: str) -> str:
    return _check_text(value, "text", TEXT_MAX, required=True)


def check_preview(value: str) -> str:
    return _check_text(value, "previewText", PREVIEW_MAX, required=False)


def check_comment_text(value: str) -> str:
    return _check_text(value, "text", COMMENT_MAX, required=True)


def check_tag_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise BadUserInput("name must not be empty", field="name")
    if len(name) > TAG_NAME_MAX:
        raise BadUserInput(
            f"name is longer than {TAG_NAME_MAX} characters", field="name", max=TAG_NAME_MAX
        )
    return name


def parse_tag_ids(values: Sequence[str | int]) -> list[int]:
    ids = list(dict.fromkeys(parse_int_id(v, "tagIds") for v in values))
    if len(ids) > MAX_TAGS_PER_POST:
        raise BadUserInput(
            f"a post has at most {MAX_TAGS_PER_POST} tags", field="tagIds", max=MAX_TAGS_PER_POST
        )
    return ids


def make_slug(topic: str, post_id: uuid.UUID) -> str:
    """Readable words of the topic plus the random tail of the id (unique with the id)."""
    normal = unicodedata.normalize("NFKC", topic).lower()
    words = re.sub(r"[^\w]+", "-", normal).strip("-_")[:SLUG_WORDS_MAX].strip("-_")
    suffix = post_id.hex[-SLUG_SUFFIX_LEN:]
    return f"{words}-{suffix}" if words else f"post-{suffix}"


def signed_in(viewer: Viewer | None) -> Viewer:
    if viewer is None:
        raise Unauthenticated()
    return viewer
