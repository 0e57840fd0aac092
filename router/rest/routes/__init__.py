"""The route table: the single source of truth for serving, the OpenAPI document and the docs.

Each ``Route`` names its method, path(s), auth requirement, request fields, the GraphQL
operation it runs on the router's pipeline and its response mapping (its handler). Areas follow
upstream's services: auth, users (profiles), posts (posts, comments, tags), feed, plus the two
subscriptions (upstream's event routes, which the upstream UI never called).
"""

from __future__ import annotations

from router.rest.routes import auth, feed, posts, search, subscriptions, users
from router.rest.spec import Route

__all__ = ["ROUTES"]

ROUTES: tuple[Route, ...] = (
    *auth.ROUTES,
    *users.ROUTES,
    *posts.ROUTES,
    *search.ROUTES,
    *feed.ROUTES,
    *subscriptions.ROUTES,
)
