"""What profiles publishes (through its outbox): one topic keyed by the user id.

    topic              key       types                                          payload
    profiles.user.v1   user id   ProfileCreated, ProfileUpdated, ProfileDeleted  ProfileChanged

ProfileDeleted carries only the user id. Bio and avatar changes publish nothing.
Consumers: feed (author names), media (ProfileDeleted), subscriptions (ProfileDeleted).
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from common.contracts.topic import Contract, Topic


class ProfileEvent(StrEnum):
    CREATED = "ProfileCreated"
    UPDATED = "ProfileUpdated"
    DELETED = "ProfileDeleted"


class ProfileChanged(Contract):
    user_id: uuid.UUID
    login: str = ""
    display_name: str = ""


USER = Topic("profiles.user.v1", ProfileChanged, key="the user id")
