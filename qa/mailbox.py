"""Where the journeys read the emails the platform sent (links to follow, notifications).

    dir:PATH        a directory of `.eml` files (make dev's SMTP sink writes `.data/mail/`)
    mailpit:URL     Mailpit's HTTP API (compose.dev.yaml's mail catcher)

`Mailbox.links(to)` returns the links of every message to one address, oldest first; the
journeys poll it until the link they wait for shows up.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

import httpx

from indefinite.mail_sink import LINK, links

__all__ = ["DirectoryMailbox", "Mail", "Mailbox", "MailpitMailbox", "open_mailbox"]


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    links: list[str]


class Mailbox(Protocol):
    async def messages(self, to: str) -> list[Mail]: ...


class DirectoryMailbox:
    """`.eml` files in a directory; each file is parsed once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._seen: dict[str, Mail] = {}

    def _scan(self) -> list[Mail]:
        for path in sorted(self.directory.glob("*.eml")):
            if path.name in self._seen:
                continue
            message = message_from_bytes(
                path.read_bytes(), _class=EmailMessage, policy=policy.default
            )
            assert isinstance(message, EmailMessage)
            self._seen[path.name] = Mail(
                to=str(message["To"] or "").lower(),
                subject=str(message["Subject"] or ""),
                links=links(message),
            )
        return list(self._seen.values())

    async def messages(self, to: str) -> list[Mail]:
        found = await asyncio.to_thread(self._scan)
        return [mail for mail in found if to.lower() in mail.to]


class MailpitMailbox:
    """Mailpit's API: search by recipient, then each message's text part."""

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    async def messages(self, to: str) -> list[Mail]:
        async with httpx.AsyncClient(timeout=self.timeout, trust_env=False) as http:
            found = await http.get(f"{self.url}/api/v1/search", params={"query": f"to:{to}"})
            found.raise_for_status()
            mails = []
            for summary in reversed(found.json().get("messages") or []):
                message = await http.get(f"{self.url}/api/v1/message/{summary['ID']}")
                message.raise_for_status()
                body = message.json()
                text = str(body.get("Text") or "")
                mails.append(
                    Mail(
                        to=to.lower(),
                        subject=str(body.get("Subject") or ""),
                        links=list(dict.fromkeys(LINK.findall(text))),
                    )
                )
            return mails


def open_mailbox(spec: str) -> Mailbox | None:
    """The mailbox a `QA_MAILBOX` value names; None for an empty one."""
    kind, _, where = spec.partition(":")
    if not spec:
        return None
    if kind == "dir" and where:
        return DirectoryMailbox(Path(where))
    if kind == "mailpit" and where:
        return MailpitMailbox(where)
    raise ValueError(f"QA_MAILBOX must be dir:PATH or mailpit:URL, not {spec!r}")
