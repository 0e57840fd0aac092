"""CORS from settings, as Starlette's ``CORSMiddleware`` (only installed when origins are set;
``RouterSettings.cors_origins`` resolves the development default)."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from router.settings import CorsSettings

__all__ = ["cors_middleware"]


def cors_middleware(settings: CorsSettings, allow_origins: tuple[str, ...]) -> Middleware | None:
    if not allow_origins and settings.allow_origin_regex is None:
        return None
    return Middleware(
        CORSMiddleware,
        allow_origins=allow_origins,
        allow_origin_regex=settings.allow_origin_regex,
        allow_methods=("GET", "POST", "OPTIONS"),
        allow_headers=settings.allow_headers,
        allow_credentials=settings.allow_credentials,
        expose_headers=settings.expose_headers,
        max_age=settings.max_age,
    )
