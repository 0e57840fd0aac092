"""The platform as a client sees it: GraphQL and REST through the router, one track id per
journey run (`X-Track-Id`), so a failing step can be found in every service's logs."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import httpx

from qa.errors import ApiError
from qa.settings import QaSettings

__all__ = ["Client", "codes"]


def codes(body: Mapping[str, Any]) -> list[str]:
    """The `extensions.code` of each GraphQL error."""
    return [
        str((error.get("extensions") or {}).get("code", "UNKNOWN"))
        for error in body.get("errors") or []
    ]


class Client:
    """One journey run's HTTP client (a fresh track id each)."""

    def __init__(self, settings: QaSettings, *, track_id: str | None = None) -> None:
        self.settings = settings
        self.track_id = track_id or f"qa-{uuid.uuid4()}"
        self.http = httpx.AsyncClient(
            timeout=settings.request_timeout_seconds,
            headers={"X-Track-Id": self.track_id, "User-Agent": "indefinite-qa"},
            trust_env=False,
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    async def gql(
        self, query: str, variables: Mapping[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        """The whole response (data and errors) of one POST to /graphql."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            self.settings.graphql_url,
            json={"query": query, "variables": dict(variables or {})},
            headers=headers,
        )
        try:
            body: dict[str, Any] = response.json()
        except ValueError as exc:
            raise ApiError(
                f"HTTP {response.status_code} without JSON: {response.text[:200]}",
                [str(response.status_code)],
            ) from exc
        return body

    async def data(
        self, query: str, variables: Mapping[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        """`data` of a response that must carry no errors (else ApiError with the codes)."""
        body = await self.gql(query, variables, token=token)
        if body.get("errors") or not isinstance(body.get("data"), dict):
            messages = "; ".join(str(e.get("message")) for e in body.get("errors") or [])
            raise ApiError(f"{codes(body)}: {messages[:300]}", codes(body), body)
        result: dict[str, Any] = body["data"]
        return result

    async def rest(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        expect: int = 200,
    ) -> Any:
        """The decoded JSON of a REST call that must answer `expect` (else ApiError)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.http.request(
            method,
            f"{self.settings.rest_url}{path}",
            json=json,
            params=dict(params or {}),
            headers=headers,
        )
        if response.status_code != expect:
            raise ApiError(
                f"{method} {path}: HTTP {response.status_code} (wanted {expect}): "
                f"{response.text[:300]}",
                [str(response.status_code)],
            )
        return response.json() if response.content else None
