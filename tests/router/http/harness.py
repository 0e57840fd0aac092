"""Harness for the router's HTTP tests: a fake engine over graphql-core, and a client factory.

The fake is a ``router.pipeline.GraphQLEngine`` (router/CONTRACT.md): it validates with the edge's
``extra_rules``, reports plan-cache hits, and records the headers it would forward.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
import structlog
from graphql import (
    ExecutionResult,
    build_schema,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.error import GraphQLError

from router.errors import VariablesError
from router.http.app import create_app
from router.http.build import EngineOptions
from router.pipeline import ExecutionOutcome, GraphQLEngine, GraphQLRequest
from router.planner.nodes import QueryPlan
from router.settings import RouterSettings, load_settings

SCHEMA = build_schema(
    """
    type Query {
      hello(name: String): String
      me: User
      boom: String
      viewerHeader(name: String!): String
    }
    type User { id: ID!, name: String, friends: [User!]! }
    type Mutation { bump: Int }
    """
)


class FakePlan(QueryPlan):
    """A plan that prints as ``QueryPlan<name>``: enough for the ``X-Query-Plan`` tests."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"QueryPlan<{self.extras['name']}>"


def _outcome(
    response: dict[str, Any], op_type: str | None, name: str | None, planned: bool
) -> ExecutionOutcome:
    plan = FakePlan(None, extras={"name": name}) if planned else None
    return ExecutionOutcome(response, operation_type=op_type, operation_name=name, plan=plan)


@dataclass
class FakeEngine:
    options: EngineOptions
    seen_headers: list[Mapping[str, str]] = field(default_factory=list)
    seen_log_context: list[Mapping[str, Any]] = field(default_factory=list)
    planned: set[tuple[str, str | None]] = field(default_factory=set)
    closed: bool = False

    async def execute(
        self, request: GraphQLRequest, *, headers: Mapping[str, str] | None = None
    ) -> ExecutionOutcome:
        query, variables, operation_name = request.query, request.variables, request.operation_name
        headers = headers or {}
        self.seen_headers.append(dict(headers))
        if "raiseClientError" in query:
            raise VariablesError("Variable '$n' got invalid value")
        self.seen_log_context.append(structlog.contextvars.get_contextvars())
        try:
            document = parse(query)
        except GraphQLError as error:
            return _outcome({"errors": [error.formatted]}, None, operation_name, False)
        errors = validate(SCHEMA, document, [*specified_rules, *self.options.extra_rules])
        operation = get_operation_ast(document, operation_name)
        op_type = operation.operation.value if operation else None
        if operation is not None and operation.name is not None:
            operation_name = operation.name.value
        if errors:
            return _outcome(
                {"errors": [e.formatted for e in errors]}, op_type, operation_name, False
            )
        key = (query, operation_name)
        self.options.on_plan_cache(key in self.planned)
        self.planned.add(key)

        def boom(*_: Any) -> str:
            raise RuntimeError("engine exploded")

        if "boom" in query:
            boom()
        root = {
            "hello": lambda _info, name="world": f"hello {name}",
            "viewerHeader": lambda _info, name: headers.get(name),
            "me": {"id": "1", "name": "Ada", "friends": []},
            "bump": 1,
        }
        result = execute(
            SCHEMA,
            document,
            root_value=root,
            variable_values=dict(variables) if variables is not None else None,
            operation_name=operation_name,
        )
        assert isinstance(result, ExecutionResult)
        response = cast(dict[str, Any], result.formatted)
        return _outcome(response, op_type, operation_name, True)

    def explain(self, request: GraphQLRequest) -> str:
        return f'QueryPlan {{ Fetch(service: "fake") {{ {request.query} }} }}'

    async def aclose(self) -> None:
        self.closed = True


@dataclass
class Router:
    client: httpx.AsyncClient
    engine: FakeEngine
    app: Any


RouterFactory = Callable[..., AbstractAsyncContextManager[Router]]


def router_factory() -> RouterFactory:
    """``async with make_router(settings, **create_app_kwargs) as r:`` then use ``r.client``."""

    @asynccontextmanager
    async def factory(
        settings: RouterSettings | None = None,
        subgraph_urls: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[Router]:
        engines: list[FakeEngine] = []

        def engine_factory(options: EngineOptions) -> tuple[GraphQLEngine, Mapping[str, str]]:
            engine = FakeEngine(options)
            engines.append(engine)
            return engine, dict(subgraph_urls or {})

        app = create_app(settings or load_settings(), engine_factory=engine_factory, **kwargs)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://router") as client:
                yield Router(client=client, engine=engines[0], app=app)
        assert engines[0].closed

    return factory
