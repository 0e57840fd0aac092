"""What a notification says: the template, facts and links of a request, rendered into the
`Message` a channel sender delivers (email: subject, text, HTML; push: title, text, link; SMS:
one short text).

Links start with PUBLIC_BASE_URL: a post is `/posts/<id>`, a comment `/posts/<post id>#comment-
<id>`, the inbox `/notifications`, one-click unsubscribe `/unsubscribe/<token>`. Account emails
carry the link auth built.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from common.contracts.subscriptions import Channel, NotificationRequest, NotificationType
from subgraphs.notifications.channels.base import Message
from subgraphs.notifications.models import InboxItem
from subgraphs.notifications.templates import Rendered, Renderer

#: Facts producers may name differently, and the name the templates use.
ALIASES = {
    "author": ("author", "author_name", "actor_name", "commenter_name"),
    "title": ("title", "post_title", "topic", "post_topic"),
    "excerpt": ("excerpt", "comment_preview", "preview_text", "preview", "text"),
    "tag": ("tag", "tag_name", "tags"),
}
SMS_MAX = 160
DIGEST = "digest"
PHONE_CODE = "phone_code"
ACCOUNT_TEMPLATES = ("confirm_email", "reset_password", PHONE_CODE)


def template_name(request: NotificationRequest) -> str:
    """Account emails name their own template (`confirm_email`); others go by type."""
    template = request.data.get("template")
    if request.type is NotificationType.ACCOUNT_SECURITY and template in ACCOUNT_TEMPLATES:
        return template
    return request.type.value.lower()


class Composer:
    def __init__(self, renderer: Renderer, public_base_url: str) -> None:
        self.renderer = renderer
        self.base = public_base_url.rstrip("/")

    def link(self, request: NotificationRequest) -> str:
        data = request.data
        link = data.get("link", "")
        if template_name(request) in ACCOUNT_TEMPLATES and link.startswith(("https://", "http://")):
            return link  # auth's one-time link, built from its own PUBLIC_BASE_URL
        subject = quote(request.subject_id or "", safe="")
        if request.subject_kind == "POST" and subject:
            return f"{self.base}/posts/{subject}"
        if request.subject_kind == "COMMENT" and data.get("post_id"):
            comment = quote(data.get("comment_id") or request.subject_id or "", safe="")
            return f"{self.base}/posts/{quote(data['post_id'], safe='')}#comment-{comment}"
        return f"{self.base}/notifications"

    def unsubscribe_url(self, request: NotificationRequest) -> str | None:
        """Subscriptions' own one-click link (`data.unsubscribe_url`, served by subscriptions'
        `/unsubscribe`), else one built from the token under PUBLIC_BASE_URL."""
        given = request.data.get("unsubscribe_url", "")
        if given.startswith(("https://", "http://")):
            return given
        if not request.unsubscribe_token:
            return None
        return f"{self.base}/unsubscribe?token={quote(request.unsubscribe_token, safe='')}"

    def context(
        self, request: NotificationRequest, name: str, actor_name: str = ""
    ) -> dict[str, Any]:
        facts: dict[str, Any] = dict(request.data)
        for target, sources in ALIASES.items():
            facts[target] = next((facts[s] for s in sources if facts.get(s)), "")
        facts["author"] = facts["author"] or actor_name
        facts.update(
            name=name or "",
            url=self.link(request),
            email_subject=request.email_subject or "",
            email_body=request.email_body or "",
        )
        return facts

    def rendered(
        self, request: NotificationRequest, locale: str, name: str, actor_name: str = ""
    ) -> Rendered:
        return self.renderer.render(
            template_name(request),
            locale,
            self.context(request, name, actor_name),
            unsubscribe_url=self.unsubscribe_url(request),
        )

    def title(self, request: NotificationRequest, locale: str, actor_name: str = "") -> str:
        """The subject line alone (inbox titles)."""
        context = self.context(request, "", actor_name)
        return " ".join(self.renderer.subject(template_name(request), locale, context).split())

    def inbox_title(self, item: InboxItem, locale: str, actor_name: str = "") -> str:
        return self.title(inbox_request(item), locale, actor_name)

    def inbox_link(self, item: InboxItem) -> str:
        return self.link(inbox_request(item))

    def message(
        self,
        key: str,
        request: NotificationRequest,
        channel: Channel,
        *,
        locale: str,
        name: str,
        actor_name: str = "",
    ) -> Message:
        rendered = self.rendered(request, locale, name, actor_name)
        url = self.link(request)
        if channel is Channel.EMAIL:
            return Message(
                idempotency_key=key,
                recipient_id=request.recipient_id,
                subject=rendered.subject,
                text=rendered.text,
                html=rendered.html,
                url=url,
                unsubscribe_url=self.unsubscribe_url(request),
            )
        short = rendered.subject
        if template_name(request) == PHONE_CODE:  # the code itself, and nothing to open
            short, url = " ".join(rendered.text.split()), ""
        elif channel is Channel.SMS:
            room = SMS_MAX - len(url) - 1
            short = (short if len(short) <= room else short[: max(room - 1, 0)] + "…") + " " + url
        return Message(
            idempotency_key=key,
            recipient_id=request.recipient_id,
            subject=rendered.subject,
            text=short,
            html=None,
            url=url or None,
        )

    def digest(
        self,
        key: str,
        recipient_id: uuid.UUID,
        requests: Sequence[NotificationRequest],
        *,
        locale: str,
        name: str,
    ) -> Message:
        items = [
            {"subject": self.title(request, locale), "url": self.link(request)}
            for request in requests
        ]
        rendered = self.renderer.render(DIGEST, locale, {"items": items, "name": name})
        return Message(
            idempotency_key=key,
            recipient_id=recipient_id,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            url=f"{self.base}/notifications",
        )


def inbox_request(item: InboxItem) -> NotificationRequest:
    """Enough of the original request to word and link an inbox item."""
    return NotificationRequest(
        idempotency_key=item.request_key,
        recipient_id=item.recipient_id,
        type=NotificationType(item.type),
        channels=[Channel.IN_APP],
        actor_id=item.actor_id,
        source_event_id=item.request_key,
        subject_kind=item.subject_kind,
        subject_id=item.subject_id,
        data=item.data,
    )


def expired(request: NotificationRequest, now: dt.datetime) -> bool:
    """A phone code past its `expires_at`: the user asked for another or gave up."""
    raw = request.data.get("expires_at")
    if not raw:
        return False
    at = dt.datetime.fromisoformat(raw)
    return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)) <= now


def parse_request(raw: Mapping[str, Any]) -> NotificationRequest:
    return NotificationRequest.model_validate(raw)
