"""The subscriptions database.

follows        who follows what: (follower, kind, target); kind AUTHOR (a user id), TAG (a
               tag id), POST (a post id: its comment thread). Indexed by (kind, target,
               follower) so an audience is read in follower order (the fan-out's keyset).
preferences    per (user, notification type): the channels and the email cadence, only
               where the user changed the defaults of their role (preferences.py).
users          what auth and profiles said of each user: role, state (BLOCKED and DELETED
               users hear nothing and cannot be followed) and the comment-thread setting.
tags, posts    what posts said of its tags and posts: follow targets must exist.
unsubscribe_generations
               per (user, type): the generation an unsubscribe token must carry; using a
               token or revoking bumps it (tokens.py).
fanout_jobs    one per source event with an audience: its keyset cursor (the last follower
               done) moves in the same transaction as the requests written for a batch.
processed_events, outbox   common.events' consumer record and the transactional outbox.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    String,
    UniqueConstraint,
    any_,
    bindparam,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.events import processed_events_table
from common.outbox import outbox_table


class Kind(StrEnum):
    """What a user follows."""

    AUTHOR = "AUTHOR"
    TAG = "TAG"
    POST = "POST"


class JobState(StrEnum):
    RUNNING = "RUNNING"
    DONE = "DONE"


class Base(DeclarativeBase):
    pass


class Follow(Base):
    __tablename__ = "follows"

    follower_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_follows_target", "kind", "target_id", "follower_id", unique=True),
        # myFollows: a user's follows of one kind, newest first
        Index("ix_follows_follower_created", "follower_id", "kind", "created_at"),
    )


class Preference(Base):
    __tablename__ = "preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    channels: Mapped[list[str]] = mapped_column(ARRAY(String(8)))
    email_cadence: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    __tablename__ = "users"

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    role: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str | None] = mapped_column(String(16))
    #: Commenters follow the thread they comment in (the user's setting; on by default).
    follow_commented_threads: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Tag(Base):
    __tablename__ = "tags"

    tag_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))


class Post(Base):
    __tablename__ = "posts"

    post_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    author_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    state: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(500))
    slug: Mapped[str] = mapped_column(String(200))


class UnsubscribeGeneration(Base):
    __tablename__ = "unsubscribe_generations"

    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    generation: Mapped[int] = mapped_column(Integer)


class FanoutJob(Base):
    __tablename__ = "fanout_jobs"

    #: The source event's id (a replayed event finds its job and adds nothing).
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    #: What is notified once ever ("published:post:<id>"): a post published again after a
    #: block, or an event replayed under a new id, does not notify twice.
    subject_key: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(8))
    #: The audience and the request template (fanout.Spec as JSON).
    spec: Mapped[dict[str, Any]] = mapped_column(JSONB)
    #: The last recipient done (recipients go in uuid order); None before the first batch.
    cursor: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    sent: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("subject_key", name="uq_fanout_jobs_subject"),
        Index("ix_fanout_jobs_running", "created_at", postgresql_where="state = 'RUNNING'"),
    )


def any_of(ids: Sequence[uuid.UUID]) -> Any:
    """`= ANY(:ids)` as one array parameter: 1000 ids compile and bind as one value, where an
    expanding IN list costs a parameter each (the fan-out asks about a batch at a time)."""
    return any_(bindparam(None, list(ids), type_=ARRAY(UUID(as_uuid=True))))


processed = processed_events_table(Base.metadata)
outbox = outbox_table(Base.metadata)
