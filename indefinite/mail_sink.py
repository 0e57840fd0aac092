"""A local SMTP sink (aiosmtpd) that keeps every message: `make dev` runs it so a newcomer can
follow a confirmation link without a mail server, and the tests and benchmark deliver to it.

    python -m indefinite.mail_sink --port 1025 --dir .data/mail

Each message is written as `<dir>/<UTC time>-<n>.eml` and printed as one line with its
recipients, subject and the links of its text part. `MailSink` also keeps the messages in memory
and can refuse recipients (`refuse` returns the SMTP reply, e.g. `550 5.1.1 No such mailbox`
or `451 4.3.0 Try again later`), as real servers do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import re
import signal
import sys
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://[^\s<>\"')]+")


def links(message: EmailMessage) -> list[str]:
    """The links of the plain-text part, in order, each once."""
    part = message.get_body(preferencelist=("plain",))
    text = part.get_content() if part is not None else ""
    return list(dict.fromkeys(LINK.findall(text)))


class MailSink:
    """The aiosmtpd handler: stores, records and announces each message."""

    def __init__(
        self,
        directory: Path | None = None,
        *,
        refuse: Callable[[str], str | None] = lambda _address: None,
        announce: Callable[[str], None] | None = None,
    ) -> None:
        self.directory = directory
        self.refuse = refuse
        self.announce = announce
        self.messages: list[EmailMessage] = []
        self.refused: list[str] = []
        self._counter = itertools.count(1)
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)

    async def handle_RCPT(  # aiosmtpd's hook names
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        reply = self.refuse(address)
        if reply is not None:
            self.refused.append(address)
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content or envelope.content
        message = message_from_bytes(raw, _class=EmailMessage, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        if self.directory is not None:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
            name = f"{stamp}-{next(self._counter):05d}.eml"
            (self.directory / name).write_bytes(raw)
        if self.announce is not None:
            found = " ".join(links(message)) or "(no links)"
            self.announce(
                f"mail to {', '.join(envelope.rcpt_tos)}: {message['Subject']} -> {found}"
            )
        return "250 Message accepted"


def sink_controller(handler: MailSink, port: int, host: str = "127.0.0.1") -> Controller:
    """A not yet started aiosmtpd controller (start() / stop() run it in a thread)."""
    return Controller(handler, hostname=host, port=port, ready_timeout=10.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indefinite.mail_sink", description=__doc__)
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--dir", type=Path, default=Path(".data/mail"))
    args = parser.parse_args(argv)
    handler = MailSink(args.dir.resolve(), announce=lambda line: print(line, flush=True))
    controller = sink_controller(handler, args.port, args.host)
    controller.start()
    print(f"SMTP sink on {args.host}:{args.port}, writing {args.dir.resolve()}", flush=True)
    stopped = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopped
        stopped = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopped:
            signal.pause()
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
