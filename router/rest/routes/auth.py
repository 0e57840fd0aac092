"""auth: login and refresh (upstream auth-service, ``/api/v1/auth``)."""

from __future__ import annotations

from router.rest.problems import Problem
from router.rest.routes.common import ping_routes
from router.rest.spec import Auth, Call, Field, Kind, Reply, Route
from router.rest.wire import Tokens

__all__ = ["ROUTES"]

_TOKENS = "accessToken refreshToken accessTokenExpiresAt refreshTokenExpiresAt"

LOGIN = f"""mutation RestLogin($email: String!, $password: String!) {{
  login(email: $email, password: $password) {{ {_TOKENS} }}
}}"""

REFRESH = f"""mutation RestRefreshToken($refreshToken: String!) {{
  refreshToken(refreshToken: $refreshToken) {{ {_TOKENS} }}
}}"""


async def login(call: Call) -> Reply:
    data = await call.gql(LOGIN, {"email": call.body["Email"], "password": call.body["Password"]})
    return Reply(data["login"])


async def refresh(call: Call) -> Reply:
    try:
        data = await call.gql(REFRESH, {"refreshToken": call.body["RefreshToken"]})
    except Problem as problem:
        if problem.status == 400 and "expired" in problem.detail.lower():
            problem.message = "Token is expired"
        raise
    return Reply(data["refreshToken"])


ROUTES = [
    Route(
        "POST",
        ("/auth/login",),
        "auth",
        "Log in with email and password; a new session's token pair.",
        Auth.ANONYMOUS,
        login,
        operation=LOGIN,
        body=(Field("Email", Kind.EMAIL, required=True), Field("Password", required=True)),
        response=Tokens,
        # Upstream answered 400 for wrong credentials and for unconfirmed/blocked accounts; a 401
        # would make its web UI fire a token refresh.
        statuses={"UNAUTHENTICATED": 400, "FORBIDDEN": 400},
        messages={400: "Wrong password or email"},
        errors=(400, 429),
    ),
    Route(
        "POST",
        ("/auth/refresh-token",),
        "auth",
        "Rotate a refresh token (checked against its stored session; a reused one ends it).",
        Auth.ANONYMOUS,
        refresh,
        operation=REFRESH,
        body=(Field("RefreshToken", required=True),),
        response=Tokens,
        # 400, not 401: upstream's UI answers every 401 with a refresh; a 401 here would loop.
        statuses={"UNAUTHENTICATED": 400},
        messages={400: "Invalid refresh token"},
        errors=(400, 429),
    ),
    *ping_routes("auth"),
]
