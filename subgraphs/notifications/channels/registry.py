"""Which sender serves each channel, chosen by settings.

Email is built here (EMAIL_BACKEND: smtp, ses or none). Push and SMS come from the modules
`channels/push.py` and `channels/sms.py` when they exist, in one of two shapes:
`create_sender(settings) -> Sender | None` (None: not configured), or a class whose `channel`
is that channel, built from `channels.settings.ChannelSettings()` (VAPID_*, SNS_* from the
environment) when that module exists, else from the service's settings. CHANNELS lists the
channels to send on at all. A channel without a sender is recorded as SKIPPED `not_configured`
and counted; the in-app inbox needs no sender.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

from common.contracts.subscriptions import Channel
from common.logging import get_logger
from subgraphs.notifications.channels.base import Sender
from subgraphs.notifications.channels.email import SesSender, SmtpSender
from subgraphs.notifications.settings import Settings

log = get_logger(__name__)

CHANNEL_SETTINGS_MODULE = "subgraphs.notifications.channels.settings"
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


def _optional_module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


def _channel_settings(settings: Settings) -> Any:
    """The senders' own settings: the service's when it includes them, else their own class
    (read from the environment) when it exists."""
    module = _optional_module(CHANNEL_SETTINGS_MODULE)
    if module is not None and isinstance(settings, module.ChannelSettings):
        return settings
    return module.ChannelSettings() if module is not None else settings


def _optional_sender(channel: Channel, settings: Settings) -> Sender | None:
    module = _optional_module(OPTIONAL_MODULES[channel])
    if module is None:
        return None
    factory: Callable[[Settings], Sender | None] | None = getattr(module, "create_sender", None)
    if factory is not None:
        return factory(settings)
    for value in vars(module).values():
        if isinstance(value, type) and getattr(value, "channel", None) == channel:
            sender: Sender = value(_channel_settings(settings))
            return sender
    return None


def build_senders(settings: Settings) -> dict[Channel, Sender]:
    """The configured senders; the log says which channels are not."""
    senders: dict[Channel, Sender] = {}
    email = email_sender(settings) if Channel.EMAIL in settings.channels else None
    if email is not None:
        senders[Channel.EMAIL] = email
    for channel in OPTIONAL_MODULES:
        sender = _optional_sender(channel, settings) if channel in settings.channels else None
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
