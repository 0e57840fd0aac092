"""One notification as an RFC 5322 message: From, Reply-To, To, Subject, a Message-ID derived
from the delivery's idempotency key (a re-send after a crash carries the same id, so mail
clients thread or drop the copy), a plain-text and an HTML part, and RFC 8058 one-click
unsubscribe headers when the message has an unsubscribe link."""

from __future__ import annotations

import datetime as dt
import hashlib
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, parseaddr

from subgraphs.notifications.channels.base import Message, PermanentFailure

WIRE_POLICY = policy.SMTP.clone(max_line_length=998)
"""CRLF lines up to RFC 5322's 998 characters: under the default 78, Python writes a long
header without spaces (a List-Unsubscribe link) as RFC 2047 encoded-words, which mail clients
do not read there."""


def mime_bytes(mime: EmailMessage) -> bytes:
    """The message as sent (SMTP DATA, SES raw)."""
    return mime.as_bytes(policy=WIRE_POLICY)


def sender_domain(mail_from: str) -> str:
    address = parseaddr(mail_from)[1]
    return address.rpartition("@")[2] or "localhost"


def message_id(idempotency_key: str, domain: str) -> str:
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
    return f"<{digest}@{domain}>"


def build_mime(
    message: Message, address: str, *, mail_from: str, reply_to: str = ""
) -> EmailMessage:
    """The MIME message; PermanentFailure for an address that cannot be written in a header."""
    parsed = getaddresses([address])
    if len(parsed) != 1 or "@" not in parsed[0][1] or any(c in address for c in "\r\n"):
        raise PermanentFailure(f"invalid email address {address!r}")
    mime = EmailMessage(policy=WIRE_POLICY)
    mime["From"] = mail_from
    try:
        mime["To"] = Address(addr_spec=parsed[0][1])
    except (ValueError, IndexError) as exc:
        raise PermanentFailure(f"invalid email address {address!r}: {exc}") from exc
    if reply_to:
        mime["Reply-To"] = reply_to
    mime["Subject"] = message.subject
    mime["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    mime["Message-ID"] = message_id(message.idempotency_key, sender_domain(mail_from))
    mime["X-Notification-Key"] = message.idempotency_key
    if message.unsubscribe_url:
        mime["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        mime["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mime.set_content(message.text)
    if message.html:
        mime.add_alternative(message.html, subtype="html")
    return mime
