"""Per-request DataLoaders of the subscriptions schema: `viewerFollows` of any mix of users,
tags and posts in one execution step is one query; so are the two counts of many users."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import strawberry
from strawberry.dataloader import DataLoader

from common.errors import BadUserInput
from common.graphql import RequestContext
from subgraphs.subscriptions.follows import Target
from subgraphs.subscriptions.service import SubscriptionsService


@dataclass(frozen=True)
class SubscriptionsState:
    service: SubscriptionsService


Info = strawberry.Info[RequestContext[SubscriptionsState], None]


def service_of(info: Info) -> SubscriptionsService:
    return info.context.state.service


def viewer_id(info: Info) -> uuid.UUID:
    return info.context.require_viewer().user_id


def user_uuid(id: strawberry.ID) -> uuid.UUID:
    try:
        return uuid.UUID(str(id))
    except ValueError:
        raise BadUserInput("Not a user id", id=str(id)) from None


def follows_loader(info: Info) -> DataLoader[Target, bool]:
    service, viewer = service_of(info), viewer_id(info)
    loaders = info.context.loaders
    if "viewer_follows" not in loaders:

        async def load(targets: list[Target]) -> list[bool]:
            return await service.follows.viewer_follows(viewer, targets)

        loaders["viewer_follows"] = DataLoader(load_fn=load, cache=False)
    found: DataLoader[Target, bool] = loaders["viewer_follows"]
    return found


def counts_loader(info: Info) -> DataLoader[uuid.UUID, tuple[int, int]]:
    service = service_of(info)
    loaders = info.context.loaders
    if "counts" not in loaders:

        async def load(ids: list[uuid.UUID]) -> list[tuple[int, int]]:
            return await service.follows.counts(ids)

        loaders["counts"] = DataLoader(load_fn=load, cache=False)
    found: DataLoader[uuid.UUID, tuple[int, int]] = loaders["counts"]
    return found
