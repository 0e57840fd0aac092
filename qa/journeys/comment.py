"""Comment -> pre-moderation (hidden from others) -> published -> the post's author replies ->
the commenter is notified in the inbox and by email."""

from __future__ import annotations

from typing import Any

from qa.errors import JourneyFailure
from qa.probes import emailed_link, new_probe, owner_token, published_post
from qa.steps import Run

ADD_COMMENT = """mutation QaComment($postId: ID!, $text: String!, $parentId: ID) {
  addComment(postId: $postId, text: $text, parentId: $parentId) { id state }
}"""
SET_COMMENT_STATE = """mutation QaModerateComment($postId: ID!, $id: ID!, $state: ContentState!) {
  setCommentState(postId: $postId, id: $id, state: $state) { id state }
}"""
COMMENTS = """query QaComments($id: ID!) {
  post(id: $id) { comments(first: 50) { nodes { id state } } }
}"""
INBOX = """query QaInbox {
  me { notifications(first: 20) { nodes { id type subjectId url } } }
}"""


async def visible_comment_ids(run: Run, post_id: str) -> list[str]:
    data = await run.client.data(COMMENTS, {"id": post_id})
    return [node["id"] for node in data["post"]["comments"]["nodes"]]


async def publish_comment(run: Run, post_id: str, comment: dict[str, Any]) -> None:
    if comment["state"] == "PUBLISHED":
        return
    owner = await owner_token(run)
    variables = {"postId": post_id, "id": comment["id"], "state": "PUBLISHED"}
    await run.client.data(SET_COMMENT_STATE, variables, token=owner)


async def inbox(run: Run, token: str) -> list[dict[str, Any]]:
    data = await run.client.data(INBOX, token=token)
    nodes: list[dict[str, Any]] = data["me"]["notifications"]["nodes"]
    return nodes


async def journey(run: Run) -> None:
    writer = await new_probe(run, "WRITER", label="writer")
    commenter = await new_probe(run, label="commenter")
    post_id = await published_post(run, writer)
    async with run.step("commenter: comment"):
        data = await run.client.data(
            ADD_COMMENT, {"postId": post_id, "text": "A QA probe's comment."}, token=commenter.token
        )
    comment = data["addComment"]
    async with run.step("comment held for moderation"):
        if comment["state"] != "PUBLISHED" and comment["id"] in await visible_comment_ids(
            run, post_id
        ):
            raise JourneyFailure("an unmoderated comment is visible to anonymous readers")
    async with run.step("comment: moderate (publish)"):
        await publish_comment(run, post_id, comment)
        if comment["id"] not in await visible_comment_ids(run, post_id):
            raise JourneyFailure("the published comment is not visible")
    async with run.step("writer: reply"):
        variables = {"postId": post_id, "text": "A QA probe's reply.", "parentId": comment["id"]}
        reply = (await run.client.data(ADD_COMMENT, variables, token=writer.token))["addComment"]
    async with run.step("reply: moderate (publish)"):
        await publish_comment(run, post_id, reply)

    async def notified() -> bool:
        return any(n["type"] == "REPLY_TO_COMMENT" for n in await inbox(run, commenter.token))

    async with run.step("commenter: notified in the inbox"):
        await run.eventually(notified, what="a REPLY_TO_COMMENT notification in the inbox")
    if run.mailbox is not None:
        async with run.step("commenter: notified by email"):
            # the reply's own link (posts/<id>#comment-<reply id>), not another email's
            await emailed_link(run, commenter.email, f"/posts/{post_id}#comment-{reply['id']}")
