"""The client side of subscriptions: graphql-transport-ws (``ws.py``), Server-Sent Events in
graphql-sse's distinct connections mode (``sse.py``) and Apollo's multipart HTTP protocol
(``multipart.py``), each a thin writer over ``router.edge.subscriptions.frames``; what they share
(authentication, admission, subgraph headers) is ``context.py``."""

from router.http.subscriptions.context import SubscribingEngine, SubscriptionContext
from router.http.subscriptions.http import stream_response
from router.http.subscriptions.ws import TransportWsEndpoint

__all__ = [
    "SubscribingEngine",
    "SubscriptionContext",
    "TransportWsEndpoint",
    "stream_response",
]
