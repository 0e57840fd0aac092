"""Log out -> the access token and the refresh token no longer work."""

from __future__ import annotations

from qa.client import codes
from qa.errors import JourneyFailure
from qa.probes import LOGOUT, new_probe
from qa.steps import Run

ME = "query QaMe { me { id } }"
REFRESH = """mutation QaRefresh($token: String!) {
  refreshToken(refreshToken: $token) { accessToken }
}"""


async def journey(run: Run) -> None:
    reader = await new_probe(run, label="reader")
    async with run.step("reader: log out"):
        await run.client.data(LOGOUT, token=reader.token)
    async with run.step("access token refused"):
        body = await run.client.gql(ME, token=reader.token)
        if "UNAUTHENTICATED" not in codes(body):
            raise JourneyFailure(f"the logged-out token still answers: {body}")
    async with run.step("refresh token refused"):
        body = await run.client.gql(REFRESH, {"token": reader.refresh_token})
        if not body.get("errors"):
            raise JourneyFailure("the logged-out session's refresh token still works")
