"""Which sender serves each channel, chosen by settings.

Email is built here (EMAIL_BACKEND: smtp, ses or none). Push and SMS come from the modules
`channels/push.py` and `channels/sms.py` when they exist: each exposes
`create_sender(settings) -> Sender | None` (None: not configured, e.g. no VAPID keys or SNS
region). A channel without a sender is recorded as SKIPPED `not_configured` and counted; the
in-app inbox needs no sender.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Mapping
from typing import Any

from common.contracts.subscriptions import Channel
from common.logging import get_logger
from subgraphs.notifications.channels.base import Sender
from subgraphs.notifications.channels.email import SesSender, SmtpSender
from subgraphs.notifications.settings import Settings

log = get_logger(__name__)

OPTIONAL_MODULES = {
    Channel.PUSH: "subgraphs.notifications.channels.push",
    Channel.SMS: "subgraphs.notifications.channels.sms",
}


def email_sender(settings: Settings) -> Sender | None:
    if settings.email_backend == "smtp":
        return SmtpSender(settings)
    if settings.email_backend == "ses":
        return SesSender(settings)
    return None


def _optional_sender(channel: Channel, settings: Settings) -> Sender | None:
    try:
        module = importlib.import_module(OPTIONAL_MODULES[channel])
    except ModuleNotFoundError as exc:
        if exc.name != OPTIONAL_MODULES[channel]:
            raise
        return None
    factory: Callable[[Settings], Sender | None] | None = getattr(module, "create_sender", None)
    return factory(settings) if factory is not None else None


def build_senders(settings: Settings) -> dict[Channel, Sender]:
    """The configured senders; the log says which channels are not."""
    senders: dict[Channel, Sender] = {}
    email = email_sender(settings)
    if email is not None:
        senders[Channel.EMAIL] = email
    for channel in OPTIONAL_MODULES:
        sender = _optional_sender(channel, settings)
        if sender is not None:
            senders[channel] = sender
    missing = [c.value for c in (Channel.EMAIL, *OPTIONAL_MODULES) if c not in senders]
    if missing:
        log.info("notification channels not configured", channels=missing)
    return senders


async def close_senders(senders: Mapping[Channel, Any]) -> None:
    for sender in senders.values():
        close = getattr(sender, "close", None)
        if close is not None:
            with contextlib.suppress(Exception):
                await close()
