"""Email through the whole path: a request on Kafka -> notifications -> SMTP (an aiosmtpd
sink), checked on the received MIME; auth's confirmation email and its link."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from common.auth import Role
from common.contracts.subscriptions import Channel, NotificationType
from tests.notifications.support import (
    Requests,
    Sink,
    deliveries,
    header,
    html_of,
    links,
    request,
    text_of,
)
from tests.support.platform import CONFIRM, Platform
from tests.support.polling import eventually

INBOX = """
query Inbox($first: Int, $unreadOnly: Boolean! = false) {
  me {
    unreadNotificationsCount
    notifications(first: $first, unreadOnly: $unreadOnly) {
      nodes { id type title url read actor { id login } }
    }
  }
}"""


async def test_sign_up_confirmation_email_arrives_and_its_link_confirms(
    platform: Platform, sink: Sink
) -> None:
    email = platform.email_for(Role.READER)
    await platform.sign_up(email)

    [message] = await eventually(lambda: sink.to(email), within=60, what="the confirmation email")
    assert message["Subject"] == "Confirm your email at Indefinite Studies"
    assert message["From"]
    assert message["Message-ID"]
    assert message["List-Unsubscribe"] is None  # account emails cannot be unsubscribed from
    [link] = [u for u in links(message) if "/signup/" in u]
    assert link.startswith("https://blog.example.com/signup/")
    assert link in html_of(message)

    token = urlsplit(link).path.rsplit("/", 1)[1]
    data = await platform.data(CONFIRM, {"token": token})
    assert data["confirmEmail"]["state"] == "CONFIRMED"


async def test_each_follower_gets_one_email_one_inbox_item_and_push_is_recorded(
    platform: Platform, sink: Sink, requests: Requests
) -> None:
    writer = await platform.new_user(Role.WRITER)
    followers = [await platform.new_user() for _ in range(3)]
    post_id = str(uuid.uuid4())
    sent = [
        request(
            recipient_id=follower.id,
            channels=[Channel.EMAIL, Channel.IN_APP, Channel.PUSH],
            actor_id=uuid.UUID(writer.id),
            subject_kind="POST",
            subject_id=post_id,
            data={"author_name": writer.login, "post_title": "Tides & <Moons>"},
            unsubscribe_token=f"unsub-{follower.id}",
        )
        for follower in followers
    ]
    await requests.publish(*sent)
    await requests.publish(sent[0])  # a redelivery: nothing twice

    for follower, item in zip(followers, sent, strict=True):
        key = item.idempotency_key
        [message] = await eventually(
            lambda: sink.keyed(key),  # noqa: B023 - awaited before the loop moves on
            within=60,
            what=f"the email to {follower.email}",
        )
        assert message["To"] == follower.email
        assert message["Subject"] == f"{writer.login} published “Tides & <Moons>”"
        assert message["Reply-To"] == "Editors <editors@blog.example.com>"
        unsubscribe = f"https://blog.example.com/unsubscribe?token=unsub-{follower.id}"
        assert header(message, "List-Unsubscribe") == f"<{unsubscribe}>"
        assert header(message, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"
        assert f"https://blog.example.com/posts/{post_id}" in links(message)
        assert "Tides &amp; &lt;Moons&gt;" in html_of(message)  # autoescaped
        assert "Tides & <Moons>" in text_of(message)
        assert 'style="' in html_of(message)  # CSS inlined

        body = await platform.data(INBOX, user=follower)
        assert body["me"]["unreadNotificationsCount"] == 1
        [node] = body["me"]["notifications"]["nodes"]
        assert node["type"] == "NEW_POST_BY_AUTHOR"
        assert node["actor"] == {"id": writer.id, "login": writer.login}
        assert node["url"] == f"https://blog.example.com/posts/{post_id}"
        assert not node["read"]

        # the SMTP server has the message a moment before the outcome is committed
        async def recorded(key: str = key) -> bool:
            rows = await deliveries(platform.services["notifications"].grpc_target, key)
            return {(row.channel, row.state, row.reason) for row in rows} == {
                ("EMAIL", "SENT", ""),
                ("PUSH", "SKIPPED", "no_address"),
            }

        await eventually(recorded, what="the email recorded as SENT")

    assert len(sink.keyed(sent[0].idempotency_key)) == 1


async def test_an_explicit_address_email_is_sent_as_written(
    platform: Platform, sink: Sink, requests: Requests
) -> None:
    to = f"someone.{uuid.uuid4().hex[:8]}@example.com"
    item = request(
        recipient_id=None,
        type=NotificationType.EMAIL,
        channels=[Channel.EMAIL],
        email_to=to,
        email_subject="Hello there",
        email_body="First line\n\nSecond <b>paragraph</b>",
    )
    await requests.publish(item)
    [message] = await eventually(lambda: sink.to(to), within=60, what="the email")
    assert message["Subject"] == "Hello there"
    assert "Second <b>paragraph</b>" in text_of(message)
    assert "Second &lt;b&gt;paragraph&lt;/b&gt;" in html_of(message)


async def test_a_password_restore_email_arrives_and_its_link_resets_the_password(
    platform: Platform, sink: Sink
) -> None:
    reader = await platform.new_user()
    await platform.data(
        "mutation R($email: String!) { requestPasswordReset(email: $email) }",
        {"email": reader.email},
    )
    [message] = await eventually(
        lambda: [m for m in sink.to(reader.email) if "password" in m["Subject"]],
        within=60,
        what="the restore email",
    )
    assert message["Subject"] == "Restore your password at Indefinite Studies"
    [link] = [u for u in links(message) if "/restorepwd/" in u]
    token = urlsplit(link).path.rsplit("/", 1)[1]
    reset = "mutation S($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }"
    data = await platform.data(reset, {"t": token, "p": "a brand new passphrase"})
    assert data["resetPassword"] is True
    assert await platform.log_in(reader.email, "a brand new passphrase")
