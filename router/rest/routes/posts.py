"""posts: posts, comments and tags (upstream posts-service, ``/api/v1/posts``).

The author always comes from the token: ``AuthorUuid`` in a body is accepted and ignored.
Who may do what is the posts subgraph's rule (WRITER and above write and submit for
moderation; moderators publish and change states; trusted authors publish their own), so REST
and GraphQL answer alike.
"""

from __future__ import annotations

from typing import Any

from router.rest.pagination import PAGE_PARAMS, walk
from router.rest.problems import Problem
from router.rest.routes.common import DONE, STRING, ping_routes
from router.rest.spec import Auth, Call, Field, Kind, Param, Reply, Route
from router.rest.wire import CONTENT_STATES, Comment, Int64, Page, Post, Tag, Uuid, page

__all__ = ["ROUTES"]

_POST = "id topic text previewText state createdAt updatedAt author { id } tags { id name }"
_PREVIEW = "id topic previewText state createdAt updatedAt author { id } tags { id name }"
_COMMENT = "id postId parentId text state createdAt updatedAt author { id }"
_TAG_DUPLICATE = {409: "DUPLICATE_FOUND"}
_NO_DELETE = "DELETE_VIA_PUT_REQUEST_IS_FODBIDDEN"

POST = f"query RestPost($id: ID!) {{ post(id: $id) {{ {_POST} }} }}"
PREVIEW = f"query RestPostPreview($id: ID!) {{ post(id: $id) {{ {_PREVIEW} }} }}"
COMMENT = f"""query RestComment($postId: ID!, $id: ID!) {{
  comment(postId: $postId, id: $id) {{ {_COMMENT} }}
}}"""
TAGS = """query RestTags($first: Int, $after: String) {
  tags(first: $first, after: $after) {
    edges { node { id name } } pageInfo { hasNextPage endCursor }
  }
}"""
TAG = "query RestTag($id: ID!) { tag(id: $id) { id name } }"
CREATE_POST = """mutation RestCreatePost($input: CreatePostInput!) {
  createPost(input: $input) { id }
}"""
UPDATE_POST = """mutation RestUpdatePost($id: ID!, $input: UpdatePostInput!) {
  updatePost(id: $id, input: $input) { id }
}"""
SET_POST_STATE = """mutation RestSetPostState($id: ID!, $state: ContentState!) {
  setPostState(id: $id, state: $state) { id }
}"""
DELETE_POST = "mutation RestDeletePost($id: ID!) { deletePost(id: $id) }"
ADD_COMMENT = """mutation RestAddComment($postId: ID!, $text: String!, $parentId: ID) {
  addComment(postId: $postId, text: $text, parentId: $parentId) { id }
}"""
EDIT_COMMENT = """mutation RestEditComment($postId: ID!, $id: ID!, $text: String!) {
  editComment(postId: $postId, id: $id, text: $text) { id }
}"""
SET_COMMENT_STATE = """mutation RestSetCommentState($postId: ID!, $id: ID!, $state: ContentState!) {
  setCommentState(postId: $postId, id: $id, state: $state) { id }
}"""
DELETE_COMMENT = (
    "mutation RestDeleteComment($postId: ID!, $id: ID!) { deleteComment(postId: $postId, id: $id) }"
)
CREATE_TAG = "mutation RestCreateTag($name: String!) { createTag(name: $name) { id } }"
RENAME_TAG = (
    "mutation RestRenameTag($id: ID!, $name: String!) { renameTag(id: $id, name: $name) { id } }"
)


async def get_post(call: Call) -> Reply:
    post = (await call.gql(POST, {"id": call.path["uuid"]}))["post"]
    if post is None:
        raise Problem(404, "Post not found")
    return Reply(post)


async def get_preview(call: Call) -> Reply:
    post = (await call.gql(PREVIEW, {"id": call.path["uuid"]}))["post"]
    if post is None:
        raise Problem(404, "Post not found")
    return Reply({**post, "text": ""})


async def get_comment(call: Call) -> Reply:
    variables = {"postId": call.path["uuid"], "id": str(call.path["id"])}
    comment = (await call.gql(COMMENT, variables))["comment"]
    if comment is None:
        raise Problem(404, "Comment not found")
    return Reply(comment)


async def list_tags(call: Call) -> Reply:
    offset, limit = call.query["offset"], call.query["limit"]
    nodes = await walk(call, TAGS, {}, lambda d: d["tags"], offset=offset, limit=limit)
    return Reply(page(nodes, offset, limit))


async def get_tag(call: Call) -> Reply:
    tag = (await call.gql(TAG, {"id": str(call.path["id"])}))["tag"]
    if tag is None:
        raise Problem(404, "Tag not found")
    return Reply(tag)


def _tag_ids(body: dict[str, Any]) -> list[str] | None:
    ids = body.get("TagIds")
    return None if ids is None else [str(i) for i in ids]


async def create_post(call: Call) -> Reply:
    body = call.body
    post_input: dict[str, Any] = {"topic": body["Topic"], "text": body["Text"]}
    if "PreviewText" in body:
        post_input["previewText"] = body["PreviewText"]
    if "TagIds" in body:
        post_input["tagIds"] = _tag_ids(body)
    data = await call.gql(CREATE_POST, {"input": post_input})
    return Reply(data["createPost"]["id"], 201)


async def update_post(call: Call) -> Reply:
    """updatePost for content, then setPostState for ``State`` (DELETED: use DELETE)."""
    body = call.body
    if body.get("State") == "DELETED":
        raise Problem(400, "Use DELETE /posts to delete a post", message=_NO_DELETE)
    changes: dict[str, Any] = {
        key: body[name]
        for name, key in (("Topic", "topic"), ("Text", "text"), ("PreviewText", "previewText"))
        if name in body
    }
    if "TagIds" in body:
        changes["tagIds"] = _tag_ids(body)
    if changes or "State" not in body:
        await call.gql(UPDATE_POST, {"id": body["Uuid"], "input": changes})
    if "State" in body:
        await call.gql(SET_POST_STATE, {"id": body["Uuid"], "state": body["State"]})
    return DONE


async def delete_post(call: Call) -> Reply:
    await call.gql(DELETE_POST, {"id": call.body["Uuid"]})
    return DONE


async def add_comment(call: Call) -> Reply:
    body = call.body
    parent = body.get("LinkedCommentId")
    variables = {
        "postId": body["PostUuid"],
        "text": body["Text"],
        "parentId": None if parent is None else str(parent),
    }
    data = await call.gql(ADD_COMMENT, variables)
    return Reply(int(data["addComment"]["id"]), 201)


async def update_comment(call: Call) -> Reply:
    """editComment for ``Text``, then setCommentState for ``State`` (DELETED: use DELETE)."""
    body = call.body
    if body.get("State") == "DELETED":
        raise Problem(400, "Use DELETE /posts/comments to delete a comment", message=_NO_DELETE)
    key = {"postId": body["PostUuid"], "id": str(body["CommentId"])}
    if "Text" in body:
        await call.gql(EDIT_COMMENT, {**key, "text": body["Text"]})
    if "State" in body:
        await call.gql(SET_COMMENT_STATE, {**key, "state": body["State"]})
    if (
        "Text" not in body
        and "State" not in body
        and (await call.gql(COMMENT, key))["comment"] is None
    ):
        raise Problem(404, "Comment not found")
    return DONE


async def delete_comment(call: Call) -> Reply:
    body = call.body
    await call.gql(DELETE_COMMENT, {"postId": body["PostId"], "id": str(body["CommentId"])})
    return DONE


async def create_tag(call: Call) -> Reply:
    data = await call.gql(CREATE_TAG, {"name": call.body["Name"]})
    return Reply(int(data["createTag"]["id"]), 201)


async def rename_tag(call: Call) -> Reply:
    await call.gql(RENAME_TAG, {"id": str(call.body["Id"]), "name": call.body["Name"]})
    return DONE


_UUID = Param("uuid", Kind.UUID, description="The post id.")
_ID = Param("id", Kind.INT, minimum=1, description="The comment id (unique within its post).")
_TAG_ID = Param("id", Kind.INT, minimum=1, description="The tag id.")
_AUTHOR = Field("AuthorUuid", Kind.UUID, description="Ignored: the author is the token's user.")
_STATE = Field("State", enum=CONTENT_STATES)

ROUTES = [
    Route(
        "GET",
        ("/posts/tags",),
        "posts",
        "Tags by name.",
        Auth.PUBLIC,
        list_tags,
        operation=TAGS,
        params=PAGE_PARAMS,
        response=Page[Tag],
        errors=(400,),
    ),
    Route(
        "GET",
        ("/posts/tags/{id}",),
        "posts",
        "One tag.",
        Auth.PUBLIC,
        get_tag,
        operation=TAG,
        params=(_TAG_ID,),
        response=Tag,
        errors=(400, 404),
    ),
    Route(
        "POST",
        ("/posts/tags/",),
        "posts",
        "Create a tag (OWNER); 201 + its id.",
        Auth.USER,
        create_tag,
        operation=CREATE_TAG,
        body=(Field("Name", required=True),),
        status=201,
        response=Int64,
        messages=_TAG_DUPLICATE,
        errors=(400, 401, 403, 409),
    ),
    Route(
        "PUT",
        ("/posts/tags/",),
        "posts",
        "Rename a tag (OWNER).",
        Auth.USER,
        rename_tag,
        operation=RENAME_TAG,
        body=(Field("Id", Kind.INT, required=True), Field("Name", required=True)),
        response=STRING,
        messages=_TAG_DUPLICATE,
        errors=(400, 401, 403, 404, 409),
    ),
    Route(
        "POST",
        ("/posts/comments",),
        "posts",
        "Comment on a PUBLISHED post (signed in); 201 + the comment id.",
        Auth.USER,
        add_comment,
        operation=ADD_COMMENT,
        body=(
            _AUTHOR,
            Field("PostUuid", Kind.UUID, required=True),
            Field("Text", required=True),
            Field("LinkedCommentId", Kind.INT, description="The comment this one replies to."),
        ),
        status=201,
        response=Int64,
        messages={400: "Post is not published"},
        errors=(400, 401, 403, 404),
    ),
    Route(
        "PUT",
        ("/posts/comments",),
        "posts",
        "Edit a comment's Text (its author, while NEW) and/or State (moderators).",
        Auth.USER,
        update_comment,
        operation="\n".join((EDIT_COMMENT, SET_COMMENT_STATE, COMMENT)),
        body=(
            _AUTHOR,
            Field("CommentId", Kind.INT, required=True),
            Field("PostUuid", Kind.UUID, required=True),
            Field("Text"),
            _STATE,
        ),
        response=STRING,
        errors=(400, 401, 403, 404),
    ),
    Route(
        "DELETE",
        ("/posts/comments",),
        "posts",
        "Soft-delete a comment (its author or a moderator).",
        Auth.USER,
        delete_comment,
        operation=DELETE_COMMENT,
        body=(
            Field("CommentId", Kind.INT, required=True),
            Field(
                "PostId",
                Kind.UUID,
                required=True,
                aliases=("PostUuid",),
                description="The post's uuid (upstream's name; PostUuid also accepted).",
            ),
        ),
        response=STRING,
        errors=(400, 401, 403, 404),
    ),
    Route(
        "GET",
        ("/posts/preview/{uuid}",),
        "posts",
        "A post without its Text (drafts: author and moderators only).",
        Auth.PUBLIC,
        get_preview,
        operation=PREVIEW,
        params=(_UUID,),
        response=Post,
        errors=(400, 404),
    ),
    Route(
        "GET",
        ("/posts/{uuid}/comments/{id}",),
        "posts",
        "One comment (unpublished: its author and moderators only).",
        Auth.PUBLIC,
        get_comment,
        operation=COMMENT,
        params=(_UUID, _ID),
        response=Comment,
        errors=(400, 404),
    ),
    Route(
        "GET",
        ("/posts/{uuid}",),
        "posts",
        "A post (drafts: author and moderators only; others get 404).",
        Auth.PUBLIC,
        get_post,
        operation=POST,
        params=(_UUID,),
        response=Post,
        errors=(400, 404),
    ),
    Route(
        "POST",
        ("/posts/",),
        "posts",
        "Create a post (WRITER and above; state NEW); 201 + its uuid as a JSON string.",
        Auth.USER,
        create_post,
        operation=CREATE_POST,
        body=(
            _AUTHOR,
            Field("Topic", required=True),
            Field("Text", required=True),
            Field("PreviewText"),
            Field("TagIds", Kind.INT_LIST),
        ),
        status=201,
        response=Uuid,
        errors=(400, 401, 403),
    ),
    Route(
        "PUT",
        ("/posts/",),
        "posts",
        "Edit a post (author or OWNER; TagIds replace the set) and/or change its State.",
        Auth.USER,
        update_post,
        operation=UPDATE_POST + "\n" + SET_POST_STATE,
        body=(
            Field("Uuid", Kind.UUID, required=True),
            _AUTHOR,
            Field("Topic"),
            Field("Text"),
            Field("PreviewText"),
            Field("TagIds", Kind.INT_LIST),
            _STATE,
        ),
        response=STRING,
        errors=(400, 401, 403, 404),
    ),
    Route(
        "DELETE",
        ("/posts/",),
        "posts",
        "Soft-delete a post (author or moderator).",
        Auth.USER,
        delete_post,
        operation=DELETE_POST,
        body=(Field("Uuid", Kind.UUID, required=True),),
        response=STRING,
        errors=(400, 401, 403, 404),
    ),
    *ping_routes("posts"),
]
