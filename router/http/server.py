"""uvicorn's server with the router's shutdown order: end every subscription cleanly, then let
uvicorn close connections and wait for requests in flight.

uvicorn alone closes WebSockets with 1012 and waits for streaming responses until its graceful
timeout cuts them; here each stream first gets its ``SHUTTING_DOWN`` error (graphql-transport-ws
``error`` then close 1001, an SSE ``next`` + ``complete``, a final multipart part).
"""

from __future__ import annotations

from typing import Any

import uvicorn

from router.edge.subscriptions import SubscriptionHub

__all__ = ["RouterServer"]


class RouterServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, hub: SubscriptionHub) -> None:
        super().__init__(config)
        self.hub = hub

    async def shutdown(self, sockets: Any = None) -> None:
        self.hub.shutdown()
        await self.hub.wait_idle(seconds=2.0)
        await super().shutdown(sockets)
