"""Push and SMS on the whole path: followers register a browser's push subscription (made with
the key `vapidPublicKey` gives, at a local push service that checks VAPID and decrypts) or
verify a phone and opt into SMS; the author publishes; each receives exactly one push or one
SMS about the post. A push service answering 410 removes that subscription."""

from __future__ import annotations

from common.auth import Role
from tests.notifications.support import sent_sms
from tests.notifications.test_follow_publish import follow
from tests.notifications.test_phone_code import texts_to, unique_phone
from tests.support.platform import Platform, TestUser
from tests.support.polling import eventually
from tests.support.push_endpoint import PushEndpoint, Subscription, push_endpoint
from tests.support.s3 import MotoServer

PREFERENCES = """mutation($p: [NotificationPreferenceInput!]!) {
  updateNotificationPreferences(preferences: $p) { type channels }
}"""
REGISTER = """mutation($endpoint: String!, $keys: PushSubscriptionKeysInput!) {
  registerPushSubscription(endpoint: $endpoint, keys: $keys) { id endpoint }
}"""
MINE = "{ pushSubscriptions { endpoint } }"
SET_PHONE = "mutation($phone: String!) { setPhoneNumber(phone: $phone) { phoneNumber { number } } }"
VERIFY = "mutation($code: String!) { verifyPhoneNumber(code: $code) { phoneNumber { verified } } }"


async def opt_in(platform: Platform, user: TestUser, *channels: str) -> None:
    preference = {"type": "NEW_POST_BY_AUTHOR", "channels": ["IN_APP", *channels]}
    await platform.data(PREFERENCES, {"p": [preference]}, user=user)


async def subscribe(
    platform: Platform, push: PushEndpoint, user: TestUser, key: str, status: int = 201
) -> Subscription:
    subscription = push.subscribe(status=status, application_server_key=key)
    variables = {"endpoint": subscription.endpoint, "keys": subscription.keys}
    await platform.data(REGISTER, variables, user=user)
    return subscription


async def verify_phone(platform: Platform, sns: MotoServer, user: TestUser) -> str:
    phone = unique_phone()
    await platform.data(SET_PHONE, {"phone": phone}, user=user)
    [text] = await eventually(lambda: texts_to(sns, phone), within=90, what="the code's SMS")
    code = text.split()[0]
    data = await platform.data(VERIFY, {"code": code}, user=user)
    assert data["verifyPhoneNumber"]["phoneNumber"] == {"verified": True}
    return phone


async def test_a_post_reaches_followers_by_push_and_sms_once(
    platform: Platform, sns: MotoServer
) -> None:
    owner = await platform.new_user(Role.OWNER)
    writer = await platform.new_user(Role.WRITER)
    pushed, texted, gone = [await platform.new_user() for _ in range(3)]
    key = (await platform.data("{ vapidPublicKey }"))["vapidPublicKey"]
    assert key

    async with push_endpoint() as push:
        browser = await subscribe(platform, push, pushed, key)
        forgotten = await subscribe(platform, push, gone, key, status=410)
        phone = await verify_phone(platform, sns, texted)
        await opt_in(platform, pushed, "PUSH")
        await opt_in(platform, gone, "PUSH")
        await opt_in(platform, texted, "SMS")
        for follower in (pushed, texted, gone):
            await follow(platform, follower, writer)

        created = await platform.data(
            'mutation { createPost(input: {topic: "Neap tides", text: "x"}) { id } }',
            user=writer,
        )
        post_id = created["createPost"]["id"]
        await platform.data(
            "mutation($id: ID!) { setPostState(id: $id, state: PUBLISHED) { id } }",
            {"id": post_id},
            user=owner,
        )
        url = f"https://blog.example.com/posts/{post_id}"

        [received] = await eventually(
            lambda: push.for_subscription(browser), within=90, what="the push"
        )
        assert received.payload["title"] == f"{writer.login} published “Neap tides”"
        assert received.payload["url"] == url

        async def about_the_post() -> list[str]:
            return [t for t in await texts_to(sns, phone) if "Neap tides" in t]

        [sms] = await eventually(about_the_post, within=90, what="the SMS")
        assert url in sms

        async def removed() -> bool:
            return bool((await platform.data(MINE, user=gone))["pushSubscriptions"] == [])

        await eventually(removed, within=90, what="the 410 subscription removed")
        assert len(push.for_subscription(forgotten)) == 1  # checked and decrypted, then 410
        assert push.refused == []
        # nothing more arrives once the post has been delivered everywhere
        assert len(push.for_subscription(browser)) == 1
        assert len([t for _, t in await sent_sms(sns) if "Neap tides" in t]) == 1
