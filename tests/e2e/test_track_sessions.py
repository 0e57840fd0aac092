"""Issue 8 item 7 through the real platform: a client that never sends `X-Track-Id` (a browser,
a script keeping cookies) gets one track id from the router, kept in a cookie, so its whole
journey is one track session, with its user agent."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.support.platform import PASSWORD, Platform
from tests.support.polling import eventually

AGENT = "Mozilla/5.0 (journey test) Gecko/20100101 Firefox/140.0"
SIGN_UP = """
mutation($e: String!, $p: String!, $l: String!) { signUp(email: $e, password: $p, login: $l) {
  user { id } } }"""
CONFIRM = "mutation($t: String!) { confirmEmail(token: $t) { id } }"
LOGIN = """
mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }"""
TRACK_SESSIONS = """
{ myTrackSessions(first: 20) { edges { node { trackId userAgent current } } } }"""
MY_SESSIONS = "{ mySessions { userAgent } }"


async def test_one_client_journey_is_one_track_session(platform: Platform) -> None:
    email = f"journey.{uuid.uuid4().hex[:8]}@example.com"
    async with httpx.AsyncClient(
        headers={"User-Agent": AGENT}, timeout=30, trust_env=False
    ) as browser:
        token: str | None = None

        async def send(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            response = await browser.post(
                platform.router_url,
                json={"query": query, "variables": variables or {}},
                headers=headers,
            )
            body: dict[str, Any] = response.json()
            assert body.get("errors") is None, body
            return body["data"]  # type: ignore[no-any-return]

        first = await browser.post(platform.router_url, json={"query": "{ __typename }"})
        track_id = first.headers["x-track-id"]
        assert browser.cookies.get("track_id") == track_id  # issued once, kept by the client

        await send(SIGN_UP, {"e": email, "p": PASSWORD, "l": f"j{uuid.uuid4().hex[:10]}"})
        await send(CONFIRM, {"t": await platform.confirmation_token(email)})
        token = (await send(LOGIN, {"e": email, "p": PASSWORD}))["login"]["accessToken"]
        for _ in range(3):
            await send("{ me { id login } }")
            await send("{ posts(first: 5) { edges { node { id } } } }")
        again = await browser.post(platform.router_url, json={"query": "{ __typename }"})
        assert again.headers["x-track-id"] == track_id
        assert "set-cookie" not in again.headers  # reused, not reissued

        async def sessions_once_this_request_shows() -> list[dict[str, Any]] | None:
            """The list once it shows the asking request's own track id (`current`): the
            router reports every request of the journey in that flush or an earlier one."""
            edges = (await send(TRACK_SESSIONS))["myTrackSessions"]["edges"]
            nodes = [e["node"] for e in edges]
            return nodes if any(n["current"] for n in nodes) else None

        nodes = await eventually(sessions_once_this_request_shows)
        assert nodes == [{"trackId": track_id, "userAgent": AGENT, "current": True}]
        # the router forwards the user agent to subgraphs: auth records the browser's
        assert (await send(MY_SESSIONS))["mySessions"] == [{"userAgent": AGENT}]
