"""Email senders: SMTP (aiosmtplib, a small pool of kept-open connections) and AWS SES (raw
MIME through aiobotocore's sesv2 client), chosen by EMAIL_BACKEND.

How failures are told apart (RFC 5321 reply classes):
- connection refused/reset/timed out, a dropped session, 4xx replies -> TransientFailure;
- 5xx replies (no such mailbox, rejected sender, message refused) -> PermanentFailure;
- SES: throttling and 5xx service errors transient, MessageRejected and bad requests permanent.
"""

from __future__ import annotations

import asyncio
import contextlib
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

import aiosmtplib
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import BotoCoreError, ClientError

from common.contracts.subscriptions import Channel
from subgraphs.notifications.channels.base import Message, PermanentFailure, TransientFailure
from subgraphs.notifications.channels.mime import build_mime, mime_bytes
from subgraphs.notifications.settings import Settings

SES_TRANSIENT = {
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "LimitExceededException",
    "ServiceUnavailable",
    "InternalFailure",
    "RequestTimeout",
}


def _smtp_failure(exc: Exception) -> Exception:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [refused.code for refused in exc.recipients]
        if codes and all(code >= 500 for code in codes):
            return PermanentFailure(f"recipient refused: {exc.recipients[0].message}")
        return TransientFailure(f"recipient deferred: {exc}")
    if isinstance(exc, aiosmtplib.SMTPResponseException) and not isinstance(
        exc, aiosmtplib.SMTPAuthenticationError
    ):
        if 500 <= exc.code < 600:
            return PermanentFailure(f"SMTP {exc.code}: {exc.message}")
        return TransientFailure(f"SMTP {exc.code}: {exc.message}")
    return TransientFailure(f"SMTP: {exc!r}")


def _mime(settings: Settings, message: Message, address: str) -> EmailMessage:
    return build_mime(
        message, address, mail_from=settings.mail_from, reply_to=settings.mail_reply_to
    )


class SmtpSender:
    """Sends over up to SMTP_CONNECTIONS open connections; a broken one is dropped and
    reopened on the next send."""

    channel = Channel.EMAIL

    def __init__(self, settings: Settings, *, connections: int = 4) -> None:
        self.settings = settings
        self._idle: list[aiosmtplib.SMTP] = []
        self._slots = asyncio.Semaphore(connections)

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username or None,
            password=s.smtp_password or None,
            use_tls=s.smtp_security == "tls",
            start_tls=s.smtp_security == "starttls",
            timeout=s.smtp_timeout_seconds,
        )

    async def _connected(self) -> aiosmtplib.SMTP:
        while self._idle:
            client = self._idle.pop()
            if client.is_connected:
                return client
        client = self._client()
        await client.connect()
        return client

    async def send(self, message: Message, address: str) -> None:
        mime = _mime(self.settings, message, address)
        async with self._slots:
            client: aiosmtplib.SMTP | None = None
            try:
                client = await self._connected()
                # our own bytes: send_message would re-flatten with 78-column headers
                await client.sendmail(
                    parseaddr(self.settings.mail_from)[1], [str(mime["To"])], mime_bytes(mime)
                )
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                refused = isinstance(
                    exc, aiosmtplib.SMTPRecipientsRefused | aiosmtplib.SMTPSenderRefused
                )
                if client is not None and refused and client.is_connected:
                    with contextlib.suppress(Exception):
                        await client.rset()
                    self._idle.append(client)
                elif client is not None:
                    client.close()
                raise _smtp_failure(exc) from exc
            self._idle.append(client)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for client in idle:
            with contextlib.suppress(Exception):
                await client.quit()


class SesSender:
    """AWS SES v2 SendEmail with the same MIME message (headers included) as raw content."""

    channel = Channel.EMAIL

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._session = get_session()
        self._stack = contextlib.AsyncExitStack()
        self._client: Any = None

    async def _ses(self) -> Any:
        if self._client is None:
            self._client = await self._stack.enter_async_context(
                self._session.create_client(
                    "sesv2",
                    region_name=self.settings.ses_region,
                    endpoint_url=self.settings.ses_endpoint_url or None,
                    config=AioConfig(
                        connect_timeout=self.settings.smtp_timeout_seconds,
                        read_timeout=self.settings.smtp_timeout_seconds,
                        # one attempt: botocore's max_attempts counts retries, and a
                        # retried send after a timeout can deliver the email twice
                        retries={"total_max_attempts": 1},
                    ),
                )
            )
        return self._client

    async def send(self, message: Message, address: str) -> None:
        mime = _mime(self.settings, message, address)
        request: dict[str, Any] = {
            "Content": {"Raw": {"Data": mime_bytes(mime)}},
            "Destination": {"ToAddresses": [str(mime["To"])]},
        }
        if self.settings.ses_configuration_set:
            request["ConfigurationSetName"] = self.settings.ses_configuration_set
        try:
            await (await self._ses()).send_email(**request)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if code in SES_TRANSIENT or status >= 500:
                raise TransientFailure(f"SES {code}") from exc
            raise PermanentFailure(f"SES {code}: {exc}") from exc
        except (BotoCoreError, OSError, TimeoutError) as exc:
            raise TransientFailure(f"SES: {exc!r}") from exc

    async def close(self) -> None:
        self._client = None
        await self._stack.aclose()
