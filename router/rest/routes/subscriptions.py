"""subscriptions: upstream's queue layer (``/api/v1/subscriptions``), for OWNERs.

``POST /subscriptions/event`` publishes ``EventBody`` on the topic named by ``EventType`` (the
subscriptions service's UPSTREAM_EVENT_TOPICS; others 400) and ``POST /subscriptions/event/email``
requests one email (a NotificationRequest of type EMAIL, delivered by notifications). Both run
the subscriptions subgraph's ``putEvent`` / ``putSendEmailEvent``, which check the role.
"""

from __future__ import annotations

from router.rest.routes.common import DONE, STRING, ping_routes
from router.rest.spec import Auth, Call, Field, Kind, Reply, Route

__all__ = ["ROUTES"]

PUT_EVENT = """mutation RestPutEvent($type: String!, $body: String!) {
  putEvent(eventType: $type, eventBody: $body)
}"""
PUT_EMAIL = """mutation RestPutSendEmailEvent(
  $sender: String!, $recepient: String!, $subject: String!, $body: String!
) {
  putSendEmailEvent(sender: $sender, recepient: $recepient, subject: $subject, body: $body)
}"""


async def put_event(call: Call) -> Reply:
    body = call.body
    await call.gql(PUT_EVENT, {"type": body["EventType"], "body": body["EventBody"]})
    return DONE


async def put_email(call: Call) -> Reply:
    body = call.body
    await call.gql(
        PUT_EMAIL,
        {
            "sender": body["Sender"],
            "recepient": body["Recepient"],
            "subject": body["Subject"],
            "body": body["Body"],
        },
    )
    return DONE


ROUTES = [
    Route(
        "POST",
        ("/subscriptions/event",),
        "subscriptions",
        "Publish EventBody on the topic named by EventType (OWNER; unknown types 400).",
        Auth.USER,
        put_event,
        operation=PUT_EVENT,
        body=(
            Field("EventType", required=True, max_length=200),
            Field("EventBody", required=True, max_length=64 * 1024),
        ),
        response=STRING,
        errors=(400, 401, 403),
    ),
    Route(
        "POST",
        ("/subscriptions/event/email",),
        "subscriptions",
        "Request one email (OWNER): a notification request of type EMAIL.",
        Auth.USER,
        put_email,
        operation=PUT_EMAIL,
        body=(
            Field("Sender", required=True, max_length=320),
            Field("Recepient", Kind.EMAIL, required=True, max_length=320),
            Field("Subject", required=True, max_length=998),
            Field("Body", required=True, max_length=100_000),
        ),
        response=STRING,
        errors=(400, 401, 403),
    ),
    *ping_routes("subscriptions"),
]
