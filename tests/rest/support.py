"""Helpers for the REST shim tests: calls to ``/api/v1`` on the running router and checks of
upstream's wire conventions (problem+json, PascalCase, bare strings)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx

from tests.support.platform import Platform, TestUser

__all__ = ["PASCAL", "Rest", "assert_pascal", "assert_problem"]

PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
UNDEFINED = {"Authorization": "Bearer undefined"}


@dataclass
class Rest:
    """``/api/v1`` of the platform's router, called the way upstream's web UI calls it."""

    platform: Platform

    @property
    def base(self) -> str:
        return self.platform.router_url.removesuffix("/graphql") + "/api/v1"

    async def call(
        self,
        method: str,
        path: str,
        *,
        user: TestUser | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
    ) -> httpx.Response:
        sent = {"Accept": "application/json", **(user.headers if user else UNDEFINED)}
        sent.update(headers or {})
        return await self.platform.http.request(
            method, self.base + path, json=json, headers=sent, params=params
        )

    async def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        response = await self.call(method, path, **kwargs)
        assert response.status_code == status, (method, path, response.status_code, response.text)
        assert response.headers["content-type"].startswith("application/json"), response.headers
        return response.json()


def assert_problem(
    response: httpx.Response, status: int, message: str | None = None, code: str | None = None
) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"] == "application/problem+json", response.headers
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail", "code", "message"} <= body.keys(), body
    assert body["status"] == status
    if message is not None:
        assert body["message"] == message, body
    if code is not None:
        assert body["code"] == code, body
    return body


def assert_pascal(value: Any) -> None:
    """Every object key (recursively) is PascalCase, as upstream's Go structs printed them."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert PASCAL.match(key), f"{key!r} is not PascalCase"
            assert_pascal(item)
    elif isinstance(value, list):
        for item in value:
            assert_pascal(item)
