"""The route table: the single source of truth for serving, the OpenAPI document and the docs.

Each ``Route`` names its method, path(s), auth requirement, request fields, the GraphQL
operation it runs on the router's pipeline and its response mapping (its handler). Areas follow
upstream's services: auth, users (profiles), posts (posts, comments, tags), feed, plus the two
services the upstream UI never called (subscriptions, notifications: 501).
"""

from __future__ import annotations

from router.rest.routes import auth, feed, posts, users
from router.rest.routes.common import not_implemented
from router.rest.spec import Auth, Field, Route

__all__ = ["ROUTES"]

_EVENTS = [
    Route(
        "POST",
        ("/subscriptions/event",),
        "subscriptions",
        "Publish an arbitrary event (upstream, OWNER); events are internal here.",
        Auth.USER,
        not_implemented("Events are published by the services themselves, not over REST"),
        body=(Field("EventType", required=True), Field("EventBody", required=True)),
        errors=(400, 401, 501),
    ),
    Route(
        "POST",
        ("/subscriptions/event/email",),
        "subscriptions",
        "Queue an email (upstream, OWNER); emails are sent by the services themselves.",
        Auth.USER,
        not_implemented("Emails are requested by the services themselves, not over REST"),
        body=(
            Field("Sender", required=True),
            Field("Recepient", required=True),
            Field("Subject", required=True),
            Field("Body", required=True),
        ),
        errors=(400, 401, 501),
    ),
]

ROUTES: tuple[Route, ...] = (*auth.ROUTES, *users.ROUTES, *posts.ROUTES, *feed.ROUTES, *_EVENTS)
