"""Probe accounts and content: what every journey creates for itself and removes afterwards.

How probes stay out of sight: their accounts have `qa-probe-` logins and `qa-probe-` addresses
at QA_PROBE_DOMAIN, and every post they publish carries the `qa-probe` tag, which the feed keeps
out of its public lists (the front page and the tag pages: `subgraphs/feed/models.py`
`PROBE_TAG`); the author's own feed still shows it, so the journeys measure the same path to
"visible" a reader's post takes. Accounts and posts are deleted by the journey's clean-up.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from common.contracts.probes import PROBE_LOGIN_PREFIX, PROBE_TAG
from qa.errors import ApiError, JourneyFailure, NotConfigured
from qa.steps import Run

__all__ = [
    "PROBE_TAG",
    "Probe",
    "emailed_link",
    "new_probe",
    "owner_token",
    "probe_tag_id",
    "published_post",
]

PASSWORD_BYTES = 12

SIGN_UP = """mutation QaSignUp($email: String!, $password: String!, $login: String!) {
  signUp(email: $email, password: $password, login: $login) { user { id login } }
}"""
CONFIRM = "mutation QaConfirm($token: String!) { confirmEmail(token: $token) { id state } }"
LOGIN = """mutation QaLogIn($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken refreshToken user { id role } }
}"""
LOGOUT = "mutation QaLogOut { logout }"
SET_ROLE = """mutation QaSetRole($id: ID!, $role: UserRole!) {
  setUserRole(userId: $id, role: $role) { id role }
}"""
SET_STATE = """mutation QaSetState($id: ID!, $state: UserState!) {
  setUserState(userId: $id, state: $state) { id state }
}"""
DELETE_ACCOUNT = """mutation QaDeleteAccount($password: String!) {
  deleteAccount(password: $password)
}"""
TAGS = """query QaTags($after: String) {
  tags(first: 100, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } }
}"""
CREATE_TAG = "mutation QaCreateTag($name: String!) { createTag(name: $name) { id name } }"
CREATE_POST = """mutation QaCreatePost($input: CreatePostInput!) {
  createPost(input: $input) { id state }
}"""
SET_POST_STATE = """mutation QaSetPostState($id: ID!, $state: ContentState!) {
  setPostState(id: $id, state: $state) { id state publishedAt }
}"""
DELETE_POST = "mutation QaDeletePost($id: ID!) { deletePost(id: $id) }"


@dataclass
class Probe:
    id: str
    email: str
    login: str
    password: str
    role: str
    token: str = ""
    refresh_token: str = ""


async def owner_token(run: Run) -> str:
    """The owner's access token for this run (logged in once, logged out at clean-up)."""
    if "owner" in run.cache:
        token: str = run.cache["owner"]
        return token
    settings = run.settings
    if not settings.owner_email or not settings.owner_password.get_secret_value():
        raise NotConfigured("needs an OWNER account: set QA_OWNER_EMAIL and QA_OWNER_PASSWORD")
    async with run.step("owner: log in"):
        data = await run.client.data(
            LOGIN,
            {"email": settings.owner_email, "password": settings.owner_password.get_secret_value()},
        )
    token = data["login"]["accessToken"]
    run.cache["owner"] = token
    run.on_cleanup("owner log out", lambda: run.client.data(LOGOUT, token=token))
    return token


async def emailed_link(run: Run, to: str, path: str) -> str:
    """The newest link containing `path` in an email to `to` (polled until it arrives)."""
    mailbox = run.mailbox
    if mailbox is None:
        raise NotConfigured("needs a mailbox: set QA_MAILBOX")

    async def find() -> str | None:
        for mail in reversed(await mailbox.messages(to)):
            for link in mail.links:
                if path in link:
                    return link
        return None

    link: str = await run.eventually(find, what=f"an email to {to} with a {path} link")
    return link


async def new_probe(run: Run, role: str = "READER", *, label: str = "reader") -> Probe:
    """A confirmed, logged-in probe account of `role`, deleted at clean-up. Confirmed through
    the emailed link when there is a mailbox, else by the owner."""
    if run.mailbox is None or role != "READER":
        await owner_token(run)  # NotConfigured before an account is made that none could confirm
    tag = uuid.uuid4().hex[:12]
    probe = Probe(
        id="",
        email=f"{PROBE_LOGIN_PREFIX}{tag}@{run.settings.probe_domain}",
        login=f"{PROBE_LOGIN_PREFIX}{tag}",
        password=uuid.uuid4().hex[: PASSWORD_BYTES * 2],
        role=role,
    )
    async with run.step(f"{label}: sign up"):
        data = await run.client.data(
            SIGN_UP, {"email": probe.email, "password": probe.password, "login": probe.login}
        )
    probe.id = data["signUp"]["user"]["id"]
    run.on_cleanup(f"{label} account", lambda: delete_probe(run, probe))
    if run.mailbox is not None:
        async with run.step(f"{label}: confirm by email"):
            link = await emailed_link(run, probe.email, "/signup/")
            await run.client.data(CONFIRM, {"token": link.rstrip("/").rsplit("/", 1)[-1]})
    else:
        owner = await owner_token(run)
        async with run.step(f"{label}: confirmed by the owner"):
            await run.client.data(SET_STATE, {"id": probe.id, "state": "CONFIRMED"}, token=owner)
    if role != "READER":
        owner = await owner_token(run)
        async with run.step(f"{label}: made {role}"):
            await run.client.data(SET_ROLE, {"id": probe.id, "role": role}, token=owner)
    await log_in(run, probe, label=label)
    return probe


async def log_in(run: Run, probe: Probe, *, label: str) -> None:
    async with run.step(f"{label}: log in"):
        data = await run.client.data(LOGIN, {"email": probe.email, "password": probe.password})
    tokens = data["login"]
    if tokens["user"]["role"] != probe.role:
        raise JourneyFailure(f"{label} logged in as {tokens['user']['role']}, not {probe.role}")
    probe.token, probe.refresh_token = tokens["accessToken"], tokens["refreshToken"]


async def delete_probe(run: Run, probe: Probe) -> None:
    """The probe deletes its own account (logging in again when its token was logged out)."""
    if not probe.token:
        return
    body = await run.client.gql(DELETE_ACCOUNT, {"password": probe.password}, token=probe.token)
    if body.get("errors"):
        data = await run.client.data(LOGIN, {"email": probe.email, "password": probe.password})
        token = data["login"]["accessToken"]
        await run.client.data(DELETE_ACCOUNT, {"password": probe.password}, token=token)


async def _find_probe_tag(run: Run) -> str | None:
    after: str | None = None
    while True:
        data = await run.client.data(TAGS, {"after": after})
        for tag in data["tags"]["nodes"]:
            if tag["name"].lower() == PROBE_TAG:
                found: str = tag["id"]
                return found
        page = data["tags"]["pageInfo"]
        if not page["hasNextPage"]:
            return None
        after = page["endCursor"]


async def probe_tag_id(run: Run) -> str:
    """The id of the `qa-probe` tag (created by the owner the first time). Journeys run
    concurrently: when two find no tag and both create it, the loser's CONFLICT means the tag
    now exists, so it looks again."""
    owner = await owner_token(run)
    if (found := await _find_probe_tag(run)) is not None:
        return found
    try:
        created = await run.client.data(CREATE_TAG, {"name": PROBE_TAG}, token=owner)
    except ApiError as exc:
        if "CONFLICT" not in exc.codes or (found := await _find_probe_tag(run)) is None:
            raise
        return found
    tag_id: str = created["createTag"]["id"]
    return tag_id


async def create_post(run: Run, writer: Probe, *, topic: str) -> str:
    """A NEW probe post by `writer` (tagged `qa-probe`), deleted at clean-up."""
    tag_id = await probe_tag_id(run)
    text = f"A post written by the QA prober ({run.result.track_id})."
    data = await run.client.data(
        CREATE_POST,
        {"input": {"topic": topic, "text": text, "previewText": text, "tagIds": [tag_id]}},
        token=writer.token,
    )
    post_id: str = data["createPost"]["id"]
    run.on_cleanup(
        "post", lambda: run.client.data(DELETE_POST, {"id": post_id}, token=writer.token)
    )
    return post_id


async def set_post_state(run: Run, token: str, post_id: str, state: str) -> dict[str, Any]:
    data = await run.client.data(SET_POST_STATE, {"id": post_id, "state": state}, token=token)
    post: dict[str, Any] = data["setPostState"]
    if post["state"] != state:
        raise JourneyFailure(f"the post is {post['state']}, not {state}")
    return post


async def published_post(run: Run, writer: Probe, *, label: str = "post") -> str:
    """A probe post written, submitted and published by the owner (as its moderator)."""
    async with run.step(f"{label}: write"):
        post_id = await create_post(run, writer, topic=f"QA probe {run.result.track_id}")
    async with run.step(f"{label}: submit"):
        await set_post_state(run, writer.token, post_id, "ON_MODERATION")
    owner = await owner_token(run)
    async with run.step(f"{label}: moderate (publish)"):
        await set_post_state(run, owner, post_id, "PUBLISHED")
    return post_id
