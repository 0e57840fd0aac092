"""The track id end to end, through the real router (in process, the real core Pipeline over
the checked-in supergraph) and real auth, profiles and sessions services over HTTP and gRPC:

    client X-Track-Id -> router (echoed, forwarded to subgraphs)
      -> auth's log lines (HTTP) -> profiles over gRPC (`x-track-id` metadata)
      -> outbox envelopes of auth and profiles carry it
    router reporter -> sessions (myTrackSessions marks it current)
    sessions -> auth gRPC RevokeSession: auth's log line of the revoke carries the caller's id
"""

from __future__ import annotations

from collections.abc import AsyncIterator, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import structlog
from sqlalchemy import select
from structlog.testing import capture_logs

from router.http.app import create_app
from router.settings import load_settings
from subgraphs.auth.models import outbox as auth_outbox
from tests.auth.support import (
    LOGIN,
    PASSWORD,
    SIGN_UP,
    SUBGRAPH_SECRET,
    Auth,
    auth_service,
    unique_email,
)
from tests.gateways import REPO_ROOT
from tests.profiles.support import Profiles, outbox_events, profiles_service, unique_login
from tests.sessions.support import MY_SESSIONS, REVOKE, Sessions, new_track_id, sessions_service
from tests.sessions.test_revoke import auth_verifier
from tests.support.polling import eventually
from tests.support.tokens import SigningKeys


@dataclass
class Stack:
    router: httpx.AsyncClient
    auth: Auth
    profiles: Profiles
    sessions: Sessions

    async def gql(
        self, query: str, variables: dict[str, Any], *, track_id: str, token: str | None = None
    ) -> httpx.Response:
        headers = {"x-track-id": track_id}
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        response = await self.router.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        assert "errors" not in response.json(), response.json()
        return response


@pytest.fixture(scope="module")
async def stack() -> AsyncIterator[Stack]:
    async with (
        profiles_service(SigningKeys()) as profiles,
        auth_service(profiles.service.grpc_target) as auth,
        sessions_service(auth_verifier(auth), auth_target=auth.service.grpc_target) as sessions,
    ):
        settings = load_settings(
            supergraph=REPO_ROOT / "supergraph.graphql",
            subgraph_urls={
                "auth": auth.service.graphql_url,
                "profiles": profiles.service.graphql_url,
                "sessions": sessions.service.graphql_url,
            },
            jwt={
                "jwks_url": f"{auth.service.http_url}/.well-known/jwks.json",
                "issuer": auth.settings.jwt_issuer,
                "audience": auth.settings.jwt_audience,
            },
            sessions={"grpc_target": sessions.service.grpc_target, "flush_interval_seconds": 0.05},
            subgraph_shared_secret=SUBGRAPH_SECRET,
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://router") as client:
                yield Stack(router=client, auth=auth, profiles=profiles, sessions=sessions)


def lines_with(logs: Sequence[MutableMapping[str, Any]], event: str) -> list[Any]:
    return [entry for entry in logs if entry["event"] == event]


async def test_one_track_id_from_client_to_logs_grpc_and_outbox(stack: Stack) -> None:
    track = new_track_id()
    email = unique_email()
    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        response = await stack.gql(
            SIGN_UP,
            {"email": email, "password": PASSWORD, "login": unique_login()},
            track_id=track,
        )
    assert response.headers["x-track-id"] == track  # the router echoes it
    user_id = response.json()["data"]["signUp"]["user"]["id"]

    # a log line of auth, written while it served the router's subgraph request
    [email_line] = [e for e in lines_with(logs, "email requested") if e["to"] == email]
    assert email_line["track_id"] == track

    # auth's own outbox row, and profiles' row written in the CreateProfile gRPC call auth made
    async with stack.auth.db.session() as session:
        auth_rows = (
            await session.execute(
                select(auth_outbox.c.type, auth_outbox.c.track_id).where(
                    auth_outbox.c.key == user_id
                )
            )
        ).all()
    assert {row.type for row in auth_rows} >= {"UserRegistered", "EmailRequested"}
    assert {row.track_id for row in auth_rows} == {track}
    profile_rows = await outbox_events(stack.profiles, user_id)
    assert profile_rows, "profiles wrote no event for the new user"
    assert {row["track_id"] for row in profile_rows} == {track}


async def test_reported_sessions_and_revoke_carry_the_track_id(stack: Stack) -> None:
    user_id, email = await stack.auth.confirmed()
    laptop, phone = new_track_id(), new_track_id()
    login = await stack.gql(LOGIN, {"email": email, "password": PASSWORD}, track_id=laptop)
    laptop_token = login.json()["data"]["login"]["accessToken"]
    phone_login = await stack.gql(LOGIN, {"email": email, "password": PASSWORD}, track_id=phone)
    phone_tokens = phone_login.json()["data"]["login"]
    # the phone's signed-in request: the router reports (phone, its user and sid)
    await stack.gql(MY_SESSIONS, {}, track_id=phone, token=phone_tokens["accessToken"])

    async def both_listed() -> bool:
        body = (await stack.gql(MY_SESSIONS, {}, track_id=laptop, token=laptop_token)).json()
        nodes = [e["node"] for e in body["data"]["myTrackSessions"]["edges"]]
        return {(n["trackId"], n["current"]) for n in nodes} == {(laptop, True), (phone, False)}

    await eventually(both_listed)

    with capture_logs(processors=[structlog.contextvars.merge_contextvars]) as logs:
        revoked = await stack.gql(REVOKE, {"id": phone}, track_id=laptop, token=laptop_token)
    assert revoked.json() == {"data": {"revokeSession": True}}
    # auth logged the revoke under the laptop's track id: sessions -> auth gRPC metadata
    [auth_line] = lines_with(logs, "session revoked")
    assert auth_line["user_id"] == user_id
    assert auth_line["track_id"] == laptop
    refused = await stack.auth.gql(
        "mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }",
        {"t": phone_tokens["refreshToken"]},
    )
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
