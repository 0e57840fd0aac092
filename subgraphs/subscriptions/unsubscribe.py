"""The plain HTTP one-click unsubscribe endpoint that email clients call (RFC 8058).

Emails carry `List-Unsubscribe: <PUBLIC_BASE_URL/unsubscribe?token=...>` and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`; the client POSTs
`List-Unsubscribe=One-Click` (form-encoded) to that URL, without cookies or sign-in.

    POST /unsubscribe?token=T   200 {"type": ...}; 400 application/problem+json when the token
                                is altered, used or revoked
    GET  /unsubscribe?token=T   a page with a button that POSTs (a GET never unsubscribes:
                                mail scanners follow links)
"""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from common.errors import AppError
from subgraphs.subscriptions.service import SubscriptionsService

PROBLEM = "application/problem+json"
MAX_FORM_BYTES = 4096


def problem(status: int, title: str, detail: str) -> JSONResponse:
    return JSONResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status_code=status,
        media_type=PROBLEM,
    )


def routes(service: SubscriptionsService) -> list[Route]:
    async def post(request: Request) -> Response:
        token = request.query_params.get("token", "")
        if not token:  # a form that carries it (our GET page's button posts to ?token=)
            length = request.headers.get("content-length", "")
            if not length.isdigit() or int(length) > MAX_FORM_BYTES:
                return problem(400, "Bad Request", "Give the token in the URL (?token=...)")
            form = await request.form()
            token = str(form.get("token", ""))
        try:
            content = await service.unsubscribe(token)
        except AppError as exc:
            return problem(400, "Bad Request", exc.message)
        return JSONResponse({"type": content.type.value, "unsubscribed": True})

    async def page(request: Request) -> Response:
        token = html.escape(request.query_params.get("token", ""), quote=True)
        return HTMLResponse(
            "<!doctype html><title>Unsubscribe</title>"
            f'<form method="post" action="?token={token}">'
            '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
            "<button>Unsubscribe</button></form>"
        )

    return [
        Route("/unsubscribe", post, methods=["POST"]),
        Route("/unsubscribe", page, methods=["GET"]),
    ]
