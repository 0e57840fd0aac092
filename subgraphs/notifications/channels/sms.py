"""SMS through AWS SNS `Publish(PhoneNumber=...)`, with aiobotocore's async client (AWS, or
moto's server through SNS_ENDPOINT_URL).

One attempt per send (botocore's own retries off): the delivery loop owns retries and their
back-off. Outcomes:

    published                                      the message id is logged
    throttling codes, HTTP 429/5xx, timeouts       TransientFailure: retry later
    InvalidParameter (not E.164), opted out, 4xx   PermanentFailure: record, never retry

SNS has no idempotency key for SMS: a send that timed out after SNS took it may arrive twice
when retried, which is why SMS carries only short, repeatable texts (codes, alerts).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Final

import aiohttp
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import BotoCoreError, ClientError

from common.contracts.subscriptions import Channel
from common.logging import get_logger
from subgraphs.notifications.channels.base import Message, PermanentFailure, TransientFailure
from subgraphs.notifications.channels.settings import ChannelSettings

if TYPE_CHECKING:
    from types_aiobotocore_sns import SNSClient
    from types_aiobotocore_sns.type_defs import MessageAttributeValueTypeDef

log = get_logger(__name__)
#: SNS refuses longer SMS bodies (it splits up to this into parts).
SMS_MAX: Final = 1600
THROTTLED: Final = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "KMSThrottlingException",
        "InternalError",
        "InternalFailure",
        "ServiceUnavailable",
    }
)


def sms_text(message: Message) -> str:
    """The text, with the link appended when the text lacks it, cut to SMS_MAX characters."""
    text = message.text.strip()
    if message.url and message.url not in text:
        text = f"{text}\n{message.url}"
    return text if len(text) <= SMS_MAX else text[: SMS_MAX - 1] + "…"


def classify(code: str, status: int) -> TransientFailure | PermanentFailure:
    """An SNS error as the delivery loop needs it: worth retrying, or not."""
    if code in THROTTLED or status == 429 or status >= 500:
        return TransientFailure(f"SNS answered {status} {code}")
    return PermanentFailure(f"SNS refused the SMS: {status} {code}")


class SmsSender:
    channel = Channel.SMS

    def __init__(self, settings: ChannelSettings) -> None:
        self.settings = settings
        self._stack = contextlib.AsyncExitStack()
        self._client: SNSClient | None = None

    async def start(self) -> None:
        if self._client is not None:
            return
        s = self.settings
        config = AioConfig(
            connect_timeout=s.sns_connect_timeout_seconds,
            read_timeout=s.sns_read_timeout_seconds,
            # total_max_attempts counts the first try (max_attempts counts retries only).
            retries={"total_max_attempts": 1, "mode": "standard"},
        )
        credentials: dict[str, Any] = {}
        if s.sns_access_key_id:
            credentials = {
                "aws_access_key_id": s.sns_access_key_id,
                "aws_secret_access_key": s.sns_secret_access_key,
            }
        self._client = await self._stack.enter_async_context(
            get_session().create_client(
                "sns",
                region_name=s.sns_region,
                endpoint_url=s.sns_endpoint_url or None,
                config=config,
                **credentials,
            )
        )

    async def close(self) -> None:
        self._client = None
        await self._stack.aclose()

    def _attributes(self) -> dict[str, MessageAttributeValueTypeDef]:
        attributes: dict[str, MessageAttributeValueTypeDef] = {
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": self.settings.sns_sms_type}
        }
        if self.settings.sns_sender_id:
            attributes["AWS.SNS.SMS.SenderID"] = {
                "DataType": "String",
                "StringValue": self.settings.sns_sender_id,
            }
        return attributes

    async def send(self, message: Message, address: str) -> None:
        """Publish `message` to the phone number `address` (E.164)."""
        if self._client is None:
            await self.start()
        assert self._client is not None
        try:
            published = await self._client.publish(
                PhoneNumber=address, Message=sms_text(message), MessageAttributes=self._attributes()
            )
        except ClientError as exc:
            error = exc.response.get("Error", {})
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            raise classify(str(error.get("Code", "")), int(status)) from exc
        except (BotoCoreError, aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise TransientFailure(f"SNS unreachable: {exc!r}") from exc
        log.info(
            "sms published",
            message_id=published.get("MessageId"),
            idempotency_key=message.idempotency_key,
        )
