"""What profiles publishes (through the outbox): one topic keyed by the user id.

    profiles.user.v1
        ProfileCreated  {user_id, login, display_name}   a profile was made (at sign-up)
        ProfileUpdated  {user_id, login, display_name}   its login or display name changed
        ProfileDeleted  {user_id}                        it was removed

The feed denormalizes author names from these. Bio and avatar changes publish nothing.
"""

from __future__ import annotations

from typing import Any

from subgraphs.profiles.models import Profile

TOPIC = "profiles.user.v1"
PROFILE_CREATED = "ProfileCreated"
PROFILE_UPDATED = "ProfileUpdated"
PROFILE_DELETED = "ProfileDeleted"


def profile_payload(profile: Profile) -> dict[str, Any]:
    return {
        "user_id": str(profile.user_id),
        "login": profile.login,
        "display_name": profile.display_name,
    }


def deleted_payload(profile: Profile) -> dict[str, Any]:
    return {"user_id": str(profile.user_id)}
