"""Upstream's wire shapes: PascalCase DTOs, role names, unix-second expiries, and their schemas.

Roles on the wire are upstream's: OWNER, RESIDENT (our WRITER), GI (our READER), plus our
MODERATOR. Dates are RFC 3339 strings as the subgraphs print them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from router.rest.problems import Problem

__all__ = [
    "CONTENT_STATES",
    "ROLE_FROM_WIRE",
    "ROLE_TO_WIRE",
    "SCHEMAS",
    "USER_STATES",
    "WIRE_ROLES",
    "comment_dto",
    "feed_comment_dto",
    "int_id",
    "page",
    "page_schema",
    "post_dto",
    "ref",
    "tag_dto",
    "tokens_dto",
    "user_dto",
]

ROLE_TO_WIRE: Mapping[str, str] = {
    "OWNER": "OWNER",
    "MODERATOR": "MODERATOR",
    "WRITER": "RESIDENT",
    "READER": "GI",
}
ROLE_FROM_WIRE: Mapping[str, str] = {wire: ours for ours, wire in ROLE_TO_WIRE.items()}
WIRE_ROLES = tuple(ROLE_TO_WIRE.values())
CONTENT_STATES = ("NEW", "ON_MODERATION", "PUBLISHED", "BLOCKED", "DELETED")
USER_STATES = ("NEW", "CONFIRMED", "BLOCKED", "DELETED")


def int_id(value: Any) -> int:
    """Tag and comment ids are integers upstream (and in our stores)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Problem(502, f"Expected an integer id, got {value!r}", code="BAD_GATEWAY") from None


def _unix(value: str) -> int:
    return int(dt.datetime.fromisoformat(value).timestamp())


def tokens_dto(tokens: Mapping[str, Any]) -> dict[str, Any]:
    """Login/refresh reply: camelCase, expiries in unix seconds (upstream's exception to Pascal)."""
    return {
        "accessToken": tokens["accessToken"],
        "refreshToken": tokens["refreshToken"],
        "accessTokenExpiredAt": _unix(tokens["accessTokenExpiresAt"]),
        "refreshTokenExpiredAt": _unix(tokens["refreshTokenExpiresAt"]),
    }


def tag_dto(tag: Mapping[str, Any]) -> dict[str, Any]:
    return {"Id": int_id(tag["id"]), "Name": tag["name"]}


def post_dto(post: Mapping[str, Any], *, preview: bool = False) -> dict[str, Any]:
    return {
        "Uuid": post["id"],
        "AuthorUuid": post["author"]["id"],
        "Text": "" if preview else post["text"],
        "PreviewText": post["previewText"],
        "Topic": post["topic"],
        "State": post["state"],
        "CreateDate": post["createdAt"],
        "LastUpdateDate": post["updatedAt"],
        "Tags": [tag_dto(t) for t in post["tags"]],
    }


def comment_dto(comment: Mapping[str, Any]) -> dict[str, Any]:
    dto: dict[str, Any] = {
        "Id": int_id(comment["id"]),
        "AuthorUuid": comment["author"]["id"],
        "PostUuid": comment["postId"],
        "Text": comment["text"],
        "State": comment["state"],
        "CreateDate": comment["createdAt"],
        "LastUpdateDate": comment["updatedAt"],
    }
    if comment.get("parentId") is not None:
        dto["LinkedCommentId"] = int_id(comment["parentId"])
    return dto


def feed_comment_dto(comment: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "Id": int_id(comment["id"]),
        "CreateDate": comment["createdAt"],
        "State": comment["state"],
    }


def user_dto(user: Mapping[str, Any]) -> dict[str, Any]:
    dto = {
        "Uuid": user["id"],
        "Login": user["login"],
        "Email": user.get("email"),
        "Role": ROLE_TO_WIRE.get(user["role"], user["role"]),
        "State": user["state"],
    }
    if "createdAt" in user:
        dto["CreateDate"] = user["createdAt"]
    return dto


def page(items: list[Any], offset: int, limit: int) -> dict[str, Any]:
    """Upstream's list envelope; Count is the number of items in this page, not a total."""
    return {"Count": len(items), "Offset": offset, "Limit": limit, "Data": items}


# ---------------------------------------------------------------------------- schemas


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def page_schema(items: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["Count", "Offset", "Limit", "Data"],
        "properties": {
            "Count": {"type": "integer", "description": "Items in this page (not a total)."},
            "Offset": {"type": "integer"},
            "Limit": {"type": "integer"},
            "Data": {"type": "array", "items": dict(items)},
        },
    }


_DATE = {"type": "string", "format": "date-time"}
_UUID = {"type": "string", "format": "uuid"}
_INT = {"type": "integer", "format": "int64"}
_STR = {"type": "string"}

SCHEMAS: Mapping[str, Mapping[str, Any]] = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details; `message` is upstream's string for the case.",
        "required": ["type", "title", "status", "detail", "code", "message"],
        "properties": {
            "type": _STR,
            "title": _STR,
            "status": {"type": "integer"},
            "detail": _STR,
            "code": _STR,
            "message": _STR,
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["Field", "Msg"],
                    "properties": {"Field": _STR, "Msg": _STR},
                },
            },
        },
    },
    "Tokens": {
        "type": "object",
        "required": [
            "accessToken",
            "refreshToken",
            "accessTokenExpiredAt",
            "refreshTokenExpiredAt",
        ],
        "properties": {
            "accessToken": _STR,
            "refreshToken": _STR,
            "accessTokenExpiredAt": {"type": "integer", "description": "Unix seconds."},
            "refreshTokenExpiredAt": {"type": "integer", "description": "Unix seconds."},
        },
    },
    "Tag": {"type": "object", "required": ["Id", "Name"], "properties": {"Id": _INT, "Name": _STR}},
    "Post": {
        "type": "object",
        "required": [
            "Uuid",
            "AuthorUuid",
            "Text",
            "PreviewText",
            "Topic",
            "State",
            "CreateDate",
            "LastUpdateDate",
            "Tags",
        ],
        "properties": {
            "Uuid": _UUID,
            "AuthorUuid": _UUID,
            "Text": _STR,
            "PreviewText": _STR,
            "Topic": _STR,
            "State": {"type": "string", "enum": list(CONTENT_STATES)},
            "CreateDate": _DATE,
            "LastUpdateDate": _DATE,
            "Tags": {"type": "array", "items": ref("Tag")},
        },
    },
    "Comment": {
        "type": "object",
        "required": [
            "Id",
            "AuthorUuid",
            "PostUuid",
            "Text",
            "State",
            "CreateDate",
            "LastUpdateDate",
        ],
        "properties": {
            "Id": _INT,
            "AuthorUuid": _UUID,
            "PostUuid": _UUID,
            "LinkedCommentId": _INT,
            "Text": _STR,
            "State": {"type": "string", "enum": list(CONTENT_STATES)},
            "CreateDate": _DATE,
            "LastUpdateDate": _DATE,
        },
    },
    "FeedComment": {
        "type": "object",
        "required": ["Id", "CreateDate", "State"],
        "properties": {
            "Id": _INT,
            "CreateDate": _DATE,
            "State": {"type": "string", "enum": list(CONTENT_STATES)},
        },
    },
    "DebugVars": {
        "type": "object",
        "description": "What one router process is and has done (upstream: Go expvar).",
        "required": [
            "Service",
            "Area",
            "Version",
            "Python",
            "Pid",
            "StartedAt",
            "Now",
            "UptimeSeconds",
            "MaxRssBytes",
            "Threads",
            "AsyncioTasks",
            "Metrics",
        ],
        "properties": {
            "Service": _STR,
            "Area": _STR,
            "Version": _STR,
            "Python": _STR,
            "Pid": {"type": "integer"},
            "StartedAt": _DATE,
            "Now": _DATE,
            "UptimeSeconds": {"type": "number", "minimum": 0},
            "MaxRssBytes": {"type": "integer", "description": "Peak resident set size."},
            "Threads": {"type": "integer"},
            "AsyncioTasks": {"type": "integer"},
            "Metrics": {
                "type": "array",
                "description": "Prometheus samples (histogram buckets left out).",
                "items": {
                    "type": "object",
                    "required": ["Name", "Labels", "Value"],
                    "properties": {
                        "Name": _STR,
                        "Labels": {"type": "object", "additionalProperties": _STR},
                        "Value": {"type": ["number", "null"]},
                    },
                },
            },
        },
    },
    "User": {
        "type": "object",
        "required": ["Uuid", "Login", "Email", "Role", "State"],
        "properties": {
            "Uuid": _UUID,
            "Login": _STR,
            "Email": {"type": ["string", "null"]},
            "Role": {"type": "string", "enum": list(WIRE_ROLES)},
            "State": {"type": "string", "enum": list(USER_STATES)},
            "CreateDate": _DATE,
        },
    },
}
