"""The REST upstream-client flow (`/api/v1`, upstream's interface on the router): log in, read
one's account, create a post, read it back, delete it."""

from __future__ import annotations

from qa.errors import JourneyFailure
from qa.probes import new_probe
from qa.steps import Run


async def journey(run: Run) -> None:
    writer = await new_probe(run, "WRITER", label="writer")
    client = run.client
    async with run.step("REST: log in"):
        tokens = await client.rest(
            "POST", "/auth/login", json={"Email": writer.email, "Password": writer.password}
        )
    token = tokens["accessToken"]
    async with run.step("REST: me"):
        me = await client.rest("GET", "/users/me", token=token)
        if me["Uuid"] != writer.id:
            raise JourneyFailure(f"/users/me is {me}")
    async with run.step("REST: create a post"):
        post_id = await client.rest(
            "POST",
            "/posts/",
            token=token,
            json={"Topic": "QA probe (REST)", "Text": "A draft written through REST."},
            expect=201,
        )
    async with run.step("REST: read it back"):
        post = await client.rest("GET", f"/posts/{post_id}", token=token)
        if post["Uuid"] != post_id or post["State"] != "NEW":
            raise JourneyFailure(f"/posts/{post_id} is {post}")
    async with run.step("REST: delete it"):
        await client.rest("DELETE", "/posts/", token=token, json={"Uuid": post_id})
        await client.rest("GET", f"/posts/{post_id}", token=token, expect=404)
    async with run.step("REST: log out"):
        await client.data("mutation QaLogOut { logout }", token=token)
