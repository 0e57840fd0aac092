"""The router's HTTP face: /graphql (POST, GET, GraphiQL), /healthz, /readyz, /metrics."""

from router.http.app import create_app

__all__ = ["create_app"]
