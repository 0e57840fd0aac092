"""Identifiers: UUIDv7 for users and posts (time-ordered, so indexes stay local and cursors
follow creation order)."""

from __future__ import annotations

import uuid

import uuid_utils


def new_id() -> uuid.UUID:
    return uuid.UUID(bytes=uuid_utils.uuid7().bytes)
