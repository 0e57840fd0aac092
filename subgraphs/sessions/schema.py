"""The GraphQL face of sessions: the viewer's track sessions and revoking one.

`myTrackSessions` (not `mySessions`: auth already owns `Query.mySessions`, its list of logins,
and a root field of two subgraphs with different types does not compose) lists the clients the
viewer has used, newest first; `current` marks the one making the request (its X-Track-Id).
`revokeSession` forgets one of them and ends auth's refresh session behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

from common.graphql import RequestContext, make_schema
from common.pagination import Connection
from subgraphs.sessions.models import TrackSession as Record
from subgraphs.sessions.service import SessionsService

Info = strawberry.Info[RequestContext[SessionsService], None]
F = TypeVar("F", bound=Callable[..., Any])


def field(description: str) -> Callable[[F], F]:
    """`strawberry.field(description=...)`, typed (strawberry's overloads give Any)."""
    return cast(Callable[[F], F], strawberry.field(description=description))


def mutation(description: str) -> Callable[[F], F]:
    return cast(Callable[[F], F], strawberry.mutation(description=description))


@strawberry.type(description="A client (one track id) the viewer has used.")
class TrackSession:
    track_id: strawberry.ID = strawberry.field(description="The client's X-Track-Id.")
    first_seen: dt.datetime
    last_seen: dt.datetime
    user_agent: str | None
    client_address: str | None
    current: bool = strawberry.field(description="True for the client making this request.")

    @classmethod
    def of(cls, record: Record, *, current_track_id: str | None) -> TrackSession:
        return cls(
            track_id=strawberry.ID(record.track_id),
            first_seen=record.first_seen,
            last_seen=record.last_seen,
            user_agent=record.user_agent,
            client_address=record.client_address,
            current=record.track_id == current_track_id,
        )


@strawberry.type
class Query:
    @field("The clients the viewer has used (by track id), most recently seen first.")
    async def my_track_sessions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[TrackSession]:
        viewer = info.context.require_viewer()
        page = await info.context.state.viewer_page(viewer, first=first, after=after)
        current = info.context.track_id
        return page.connection(lambda r: TrackSession.of(r, current_track_id=current))


@strawberry.type
class Mutation:
    @mutation(
        "Forget one of the viewer's clients and end its login (its refresh token "
        "stops working at once). NOT_FOUND for a track id that is not the viewer's."
    )
    async def revoke_session(self, info: Info, track_id: strawberry.ID) -> bool:
        viewer = info.context.require_viewer()
        await info.context.state.revoke(viewer, track_id=str(track_id))
        return True


schema = make_schema(query=Query, mutation=Mutation)
