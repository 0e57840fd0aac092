"""Pure logic: templates in both locales, MIME headers, back-off, digest windows, registry."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from common.contracts.subscriptions import Cadence, Channel, NotificationRequest, NotificationType
from subgraphs.notifications.channels.base import Message, PermanentFailure
from subgraphs.notifications.channels.mime import build_mime, message_id, mime_bytes
from subgraphs.notifications.channels.registry import build_senders
from subgraphs.notifications.dispatcher import retry_delay
from subgraphs.notifications.intake import next_digest
from subgraphs.notifications.messages import SMS_MAX, Composer
from subgraphs.notifications.settings import Settings
from subgraphs.notifications.templates import LOCALES, Renderer, pick_locale

BASE = "https://blog.example.com"
composer = Composer(Renderer(), BASE)


def make(type: NotificationType, **data: str) -> NotificationRequest:
    return NotificationRequest(
        idempotency_key="k",
        recipient_id=uuid.uuid4(),
        type=type,
        channels=[Channel.EMAIL],
        source_event_id="e",
        subject_kind="POST",
        subject_id="p1",
        data=data,
        email_subject="S",
        email_body="B",
    )


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("type", list(NotificationType))
def test_every_type_renders_in_every_locale_even_without_facts(
    type: NotificationType, locale: str
) -> None:
    rendered = composer.rendered(make(type), locale, "")
    assert rendered.subject.strip()
    assert rendered.text.strip()
    assert rendered.html.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("given", "picked"),
    [("ru", "ru"), ("ru-RU", "ru"), ("ru_RU", "ru"), ("de", "en"), (None, "en")],
)
def test_locale_falls_back_to_english(given: str | None, picked: str) -> None:
    assert pick_locale(given) == picked


def test_links_are_built_from_the_public_base_url() -> None:
    post = make(NotificationType.NEW_POST_BY_AUTHOR)
    assert composer.link(post) == f"{BASE}/posts/p1"
    comment = post.model_copy(update={"subject_kind": "COMMENT", "data": {"post_id": "p/1"}})
    assert composer.link(comment) == f"{BASE}/posts/p%2F1#comment-p1"
    token = post.model_copy(update={"unsubscribe_token": "a b/c"})
    assert composer.unsubscribe_url(token) == f"{BASE}/unsubscribe?token=a%20b%2Fc"
    given = token.model_copy(update={"data": {"unsubscribe_url": "https://s.example/u?token=x"}})
    assert composer.unsubscribe_url(given) == "https://s.example/u?token=x"


def test_an_sms_fits_one_segment_with_its_link() -> None:
    long = make(NotificationType.NEW_POST_BY_AUTHOR, author_name="a" * 100, post_title="t" * 200)
    message = composer.message("k", long, Channel.SMS, locale="en", name="")
    assert len(message.text) <= SMS_MAX
    assert message.text.endswith(f"{BASE}/posts/p1")


def test_mime_refuses_header_injection_and_keeps_one_message_id_per_key() -> None:
    message = Message("key-1", None, "Subject", "text", "<p>html</p>", None)
    with pytest.raises(PermanentFailure):
        build_mime(message, "a@example.com\r\nBcc: b@example.com", mail_from="n@x.org")
    with pytest.raises(PermanentFailure):
        build_mime(message, "not an address", mail_from="n@x.org")
    mime = build_mime(message, "a@example.com", mail_from="News <n@x.org>", reply_to="r@x.org")
    assert mime["Message-ID"] == message_id("key-1", "x.org")
    assert mime["Reply-To"] == "r@x.org"
    assert mime["List-Unsubscribe"] is None


def test_retry_delays_grow_with_jitter_up_to_the_cap() -> None:
    for attempts in range(1, 12):
        ceiling = min(60.0, 2.0 * 2 ** (attempts - 1))
        delay = retry_delay(attempts, 2.0, 60.0)
        assert ceiling / 2 <= delay <= ceiling


def test_digest_windows_close_at_the_configured_hour_and_weekday() -> None:
    settings = Settings(digest_hour_utc=8, digest_weekday=0)
    wednesday_noon = dt.datetime(2026, 12, 2, 12, 30, tzinfo=dt.UTC)
    assert next_digest(Cadence.DAILY, wednesday_noon, settings) == dt.datetime(
        2026, 12, 3, 8, tzinfo=dt.UTC
    )
    assert next_digest(Cadence.WEEKLY, wednesday_noon, settings) == dt.datetime(
        2026, 12, 7, 8, tzinfo=dt.UTC
    )
    assert next_digest(Cadence.IMMEDIATE, wednesday_noon, settings) == dt.datetime(
        2026, 12, 2, 13, tzinfo=dt.UTC
    )


def test_channels_without_a_sender_module_are_not_configured() -> None:
    senders = build_senders(Settings(email_backend="none"))
    assert Channel.EMAIL not in senders
    assert set(build_senders(Settings())) >= {Channel.EMAIL}


def test_only_account_emails_carry_a_link_given_by_the_producer() -> None:
    post = make(NotificationType.NEW_POST_BY_AUTHOR, link="javascript:alert(1)")
    assert composer.link(post) == f"{BASE}/posts/p1"
    account = make(
        NotificationType.ACCOUNT_SECURITY, template="confirm_email", link=f"{BASE}/signup/t"
    )
    assert composer.link(account) == f"{BASE}/signup/t"


def test_the_unsubscribe_header_goes_out_as_written() -> None:
    """A link longer than a 78-character line was sent as RFC 2047 encoded-words, which mail
    clients do not read in List-Unsubscribe: the one-click button never showed."""
    url = "https://blog.example.com/unsubscribe?token=" + "A1b2C3d4" * 12
    message = Message("key-1", None, "Subject", "text", None, None, unsubscribe_url=url)
    raw = mime_bytes(build_mime(message, "a@example.com", mail_from="n@x.org"))
    assert f"\r\nList-Unsubscribe: <{url}>\r\n".encode() in raw
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw
