"""``POST /debug/plan``: the readable query plan for a GraphQL request, without executing it."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from router.edge.errors import BadRequest, EdgeError
from router.edge.jwt import TokenVerifier
from router.errors import ClientError
from router.http.negotiate import JSON
from router.http.params import read_post
from router.http.responses import edge_error_response, graphql_response
from router.pipeline import GraphQLEngine, GraphQLRequest

__all__ = ["PlanEndpoint"]


@dataclass(frozen=True, slots=True)
class PlanEndpoint:
    engine: GraphQLEngine
    max_body_bytes: int
    verifier: TokenVerifier | None = None

    async def endpoint(self, request: Request) -> Response:
        try:
            if self.verifier is not None:
                await self.verifier.verify(request.headers.get("authorization"))
            params = await read_post(request, max_bytes=self.max_body_bytes)
            if params.query is None:
                raise BadRequest("Must provide query string.")
        except EdgeError as error:
            return edge_error_response(error)
        try:
            plan = self.engine.explain(
                GraphQLRequest(params.query, params.variables, params.operation_name)
            )
        except ClientError as error:
            return _client_errors([error])
        except Exception as exc:
            # Several validation errors may come wrapped in one exception carrying ``errors``.
            errors = getattr(exc, "errors", None)
            if not errors or not all(isinstance(e, ClientError) for e in errors):
                raise
            return _client_errors(errors)
        return PlainTextResponse(plan)


def _client_errors(errors: list[ClientError]) -> Response:
    body = {"errors": [error.to_graphql() for error in errors]}
    return graphql_response(body, media_type=JSON, status=400)
