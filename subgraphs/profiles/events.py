"""What profiles publishes (through the outbox), as declared in common/contracts/profiles.py:
profiles.user.v1, keyed by the user id (ProfileCreated, ProfileUpdated, ProfileDeleted). The feed
denormalizes author names from these. Bio and avatar changes publish nothing."""

from __future__ import annotations

from typing import Any

from common.contracts.profiles import USER, ProfileChanged, ProfileEvent
from subgraphs.profiles.models import Profile

TOPIC = USER.name
PROFILE_CREATED = ProfileEvent.CREATED.value
PROFILE_UPDATED = ProfileEvent.UPDATED.value
PROFILE_DELETED = ProfileEvent.DELETED.value


def profile_payload(profile: Profile) -> dict[str, Any]:
    return USER.dump(
        ProfileChanged(
            user_id=profile.user_id, login=profile.login, display_name=profile.display_name
        )
    )


def deleted_payload(profile: Profile) -> dict[str, Any]:
    return USER.dump(ProfileChanged(user_id=profile.user_id))
