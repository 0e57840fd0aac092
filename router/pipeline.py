"""The request pipeline: parse → validate → coerce → normalize → plan → execute → project.

``GraphQLEngine`` is the interface the layers above (``router/http``, ``router/rest``) call and
``Pipeline`` its implementation; see CONTRACT.md. Client mistakes come back as GraphQL errors
with a stable ``extensions.code``; subgraph failures come back as partial data plus errors; the
request itself never raises.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Generator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
)

from router.errors import (
    ClientError,
    InternalError,
    PlanningError,
    PreparationTimeoutError,
    RouterError,
    ValidationError,
)
from router.executor.execute import ExecutionState, execute_plan_node
from router.executor.fetcher import SubgraphFetcher
from router.executor.projection import Projector
from router.introspection import has_introspection, run_introspection
from router.lru import LRUCache
from router.operation.collect import FieldCollector
from router.operation.demand import CostCheck, CostModel
from router.operation.normalize import normalize_operation, select_operation
from router.operation.normalize.drop_skipped_fields import condition_key, condition_variables
from router.operation.parse import DocumentCache
from router.operation.tree import NormalizedOperation
from router.operation.validate import validate_document
from router.operation.variables import coerce_variables
from router.planner.display import format_plan
from router.planner.nodes import QueryPlan
from router.planner.planner import QueryPlanner
from router.subscription import SubgraphSubscriber, SubscriptionStream
from router.supergraph.loader import Supergraph

__all__ = ["ExecutionOutcome", "GraphQLEngine", "GraphQLRequest", "Pipeline"]

log = logging.getLogger("router.pipeline")

_TextKey = tuple[str, str | None, tuple[bool, ...]]
_Hit = tuple[NormalizedOperation, QueryPlan, CostCheck | None]


@dataclass(frozen=True, slots=True)
class GraphQLRequest:
    query: str
    variables: Mapping[str, Any] | None = None
    operation_name: str | None = None


@dataclass(slots=True)
class ExecutionOutcome:
    response: dict[str, Any]
    operation_type: str | None = None
    operation_name: str | None = None
    plan: QueryPlan | None = None
    errors: list[RouterError] = field(default_factory=list)
    events: AsyncIterator[dict[str, Any]] | None = None
    """A subscription's responses, one per event (``Pipeline.subscribe``); ``response`` is
    empty then."""


class GraphQLEngine(Protocol):
    """What the HTTP and REST layers call: ``Pipeline``, or a fake in their own tests."""

    async def execute(
        self, request: GraphQLRequest, *, headers: Mapping[str, str] | None = None
    ) -> ExecutionOutcome: ...

    def explain(self, request: GraphQLRequest) -> str: ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True, slots=True)
class _Prepared:
    doc: DocumentNode
    op: OperationDefinitionNode
    variables: dict[str, Any]
    normalized: NormalizedOperation
    plan: QueryPlan


class Pipeline:
    def __init__(
        self,
        supergraph: Supergraph,
        fetcher: SubgraphFetcher,
        *,
        plan_cache_size: int = 1024,
        introspection: bool = True,
        extra_rules: Sequence[type[ASTValidationRule]] = (),
        on_plan_cache: Callable[[bool], None] | None = None,
        max_tokens: int | None = None,
        max_fields: int | None = None,
        max_cost: int | None = None,
        cost_model: CostModel = CostModel(),
        prepare_timeout: float | None = None,
        subscriber: SubgraphSubscriber | None = None,
    ) -> None:
        """``max_tokens`` bounds parsing, ``max_fields`` the normalized operation's size
        (fragments expanded), ``max_cost`` demand control's estimate (``router.operation.demand``);
        ``None`` switches one off. With ``prepare_timeout`` (seconds), parsing, validating,
        normalizing and planning an operation not cached yet run in one worker thread, and a
        request whose preparation is not done by then is answered ``PREPARATION_TIMEOUT``.
        ``subscriber`` opens subscriptions on the subgraphs (``Pipeline.subscribe``)."""
        self.supergraph = supergraph
        self.fetcher = fetcher
        self.introspection = introspection
        self.extra_rules = tuple(extra_rules)
        self.on_plan_cache = on_plan_cache
        schema = supergraph.api_schema
        self.collector = FieldCollector(schema, supergraph.state.possible_types)
        # The planner gets a collector of its own: it may plan in the worker thread while the
        # event loop projects answers with the pipeline's.
        self.planner = QueryPlanner(supergraph)
        self.prepare_timeout = prepare_timeout
        self._worker = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="router-prepare")
            if prepare_timeout is not None
            else None
        )
        self._explain_planner: QueryPlanner | None = None
        self.projector = Projector(schema, self.collector)
        self.subscriber = subscriber
        self.max_fields = max_fields
        self.max_cost = max_cost
        self.cost_model = cost_model
        self.documents = DocumentCache(max(plan_cache_size, 16), max_tokens=max_tokens)
        self.plans: LRUCache[tuple[str, str | None], QueryPlan] = LRUCache(plan_cache_size)
        """Plans keyed by (normalized operation text, operation name)."""
        self._by_text: LRUCache[_TextKey, _Hit] = LRUCache(plan_cache_size)
        """Fast path: (query text, operation name, @skip/@include values) → normalized + plan
        (+ its cost check)."""
        self._conditions: LRUCache[str, tuple[str, ...]] = LRUCache(8 * max(plan_cache_size, 16))
        """Query text → the variables its @skip/@include conditions read."""

    @property
    def api_schema(self) -> GraphQLSchema:
        return self.supergraph.api_schema

    def _preparation(
        self, request: GraphQLRequest, planner: QueryPlanner
    ) -> Generator[_Work, Any, _Prepared]:
        """The preparation steps. Each ``yield`` hands the driver a piece of CPU-heavy work
        (parse + validate, normalize + cost, plan), run on the event loop or in the worker, and
        receives its result; cache lookups and updates stay here, on the event loop."""
        parsed = self.documents.peek(request.query)
        if parsed is not None and parsed.validated:
            doc = parsed.document
        else:
            doc = yield partial(self._parse_and_validate, request.query)
            self.documents.put(request.query, doc, validated=True)
        op = select_operation(doc, request.operation_name)
        if not self.introspection and has_introspection(doc, op):
            raise ValidationError("GraphQL introspection is not allowed on this router.")
        variables = coerce_variables(self.api_schema, op, request.variables)
        conds = self._conditions.get(request.query)
        if conds is None:
            conds = condition_variables(doc)
            self._conditions.put(request.query, conds)
        key = (request.query, request.operation_name, condition_key(conds, variables))
        hit = self._by_text.get(key)
        cached = hit is not None
        if hit is None:
            normalized, cost = yield partial(self._normalize, doc, op, variables)
            plan_key = (normalized.print(), request.operation_name)
            plan = self.plans.get(plan_key)
            cached = plan is not None
            if plan is None:
                plan = yield partial(planner.plan, normalized)
                self.plans.put(plan_key, plan)
            hit = (normalized, plan, cost)
            self._by_text.put(key, hit)
        elif hit[2] is not None:
            hit[2].check(variables)
        if self.on_plan_cache is not None:
            self.on_plan_cache(cached)
        return _Prepared(doc, op, variables, hit[0], hit[1])

    def _parse_and_validate(self, query: str) -> DocumentNode:
        doc = self.documents.parse(query)
        errors = validate_document(self.api_schema, doc, self.extra_rules)
        if errors:
            raise _ManyErrors(errors)
        return doc

    def _normalize(
        self, doc: DocumentNode, op: OperationDefinitionNode, variables: dict[str, Any]
    ) -> tuple[NormalizedOperation, CostCheck | None]:
        normalized = normalize_operation(
            self.api_schema, doc, op, variables, max_fields=self.max_fields
        )
        cost = None
        if self.max_cost is not None:
            cost = CostCheck(self.api_schema, normalized, self.max_cost, self.cost_model)
            cost.check(variables)  # before planning: refused operations are not planned
        return normalized, cost

    def _prepare(self, request: GraphQLRequest, planner: QueryPlanner | None = None) -> _Prepared:
        """Prepare on the caller's thread."""
        steps = self._preparation(request, planner or self.planner)
        work, done = _advance(steps, None)
        while work is not None:
            work, done = _advance(steps, work())
        assert done is not None
        return done

    async def _prepare_bounded(self, request: GraphQLRequest) -> _Prepared:
        """Prepare with the CPU-heavy steps in the worker thread, within the deadline: the
        event loop keeps serving others (cached operations cost it a few lookups)."""
        if self._worker is None:
            return self._prepare(request)
        loop = asyncio.get_running_loop()
        steps = self._preparation(request, self.planner)
        try:
            async with asyncio.timeout(self.prepare_timeout):
                work, done = _advance(steps, None)
                while work is not None:
                    work, done = _advance(steps, await loop.run_in_executor(self._worker, work))
        except TimeoutError:
            steps.close()
            raise PreparationTimeoutError(self.prepare_timeout or 0.0) from None
        assert done is not None
        return done

    def explain(self, request: GraphQLRequest) -> str:
        """The readable query plan (raises ClientError / PlanningError). Planned on the caller's
        thread, with a planner of its own when the worker may be using the pipeline's."""
        if self._worker is not None and self._explain_planner is None:
            self._explain_planner = QueryPlanner(self.supergraph)
        return format_plan(self._prepare(request, self._explain_planner).plan)

    async def aclose(self) -> None:
        """Stop the worker (queued preparations are dropped) and close the fetcher."""
        if self._worker is not None:
            self._worker.shutdown(wait=False, cancel_futures=True)
        await self.fetcher.aclose()  # the pipeline owns the fetcher it was given
        if self.subscriber is not None:
            await self.subscriber.aclose()

    async def subscribe(
        self, request: GraphQLRequest, *, headers: Mapping[str, str] | None = None
    ) -> ExecutionOutcome:
        """A subscription: ``events`` yields one response per subgraph event (each event's
        other fields resolved through the rest of the plan); refused ones answer ``response``.
        Queries and mutations are executed once (graphql-transport-ws allows them)."""
        prepared = await self._prepare_or_refuse(request)
        if isinstance(prepared, ExecutionOutcome):
            return prepared
        op = prepared.normalized
        if op.operation_type != "subscription":
            return await self.execute(request, headers=headers)
        outcome = ExecutionOutcome(
            {}, operation_type=op.operation_type, operation_name=op.name, plan=prepared.plan
        )
        root = self.api_schema.subscription_type
        if self.subscriber is None or root is None:
            unsupported = ValidationError("Subscriptions are not enabled on this router.")
            outcome.response = {"errors": [unsupported.to_graphql()]}
            return outcome
        schema = self.api_schema
        stream = SubscriptionStream(
            subscriber=self.subscriber,
            fetcher=self.fetcher,
            projector=self.projector,
            applies=self.collector.applies,
            is_object_type=lambda name: isinstance(schema.get_type(name), GraphQLObjectType),
            root=root,
        )
        outcome.events = stream.events(prepared.plan, op, request.variables or {}, headers or {})
        return outcome

    async def _prepare_or_refuse(self, request: GraphQLRequest) -> _Prepared | ExecutionOutcome:
        """The prepared operation, or the outcome that refuses it."""
        try:
            return await self._prepare_bounded(request)
        except _ManyErrors as exc:
            return ExecutionOutcome(
                {"errors": [e.to_graphql() for e in exc.errors]}, errors=list(exc.errors)
            )
        except ClientError as exc:
            return ExecutionOutcome({"errors": [exc.to_graphql()]}, errors=[exc])
        except PlanningError as exc:
            log.info("planning failed: %s", exc.message)
            return ExecutionOutcome({"data": None, "errors": [exc.to_graphql()]}, errors=[exc])
        except Exception as exc:  # a planner bug must not take the request down with it
            log.exception("unexpected error while planning")
            err = InternalError(f"internal error while planning: {type(exc).__name__}")
            return ExecutionOutcome({"data": None, "errors": [err.to_graphql()]}, errors=[err])

    async def execute(
        self, request: GraphQLRequest, *, headers: Mapping[str, str] | None = None
    ) -> ExecutionOutcome:
        prepared = await self._prepare_or_refuse(request)
        if isinstance(prepared, ExecutionOutcome):
            return prepared
        op = prepared.normalized
        outcome = ExecutionOutcome(
            {}, operation_type=op.operation_type, operation_name=op.name, plan=prepared.plan
        )
        if op.operation_type == "subscription":
            unsupported = ValidationError(
                "Subscriptions are served over WebSocket (graphql-transport-ws), "
                "Server-Sent Events or multipart HTTP (Accept: multipart/mixed)."
            )
            outcome.response = {"errors": [unsupported.to_graphql()]}
            return outcome
        schema = self.api_schema
        state = ExecutionState(
            fetcher=self.fetcher,
            variables=request.variables or {},
            headers=headers or {},
            applies=self.collector.applies,
            is_object_type=lambda name: isinstance(schema.get_type(name), GraphQLObjectType),
        )
        if prepared.plan.node is not None:
            await execute_plan_node(prepared.plan.node, state)
        intro: dict[str, Any] | None = None
        if has_introspection(prepared.doc, prepared.op, prepared.variables):
            intro, intro_errors = run_introspection(
                schema, prepared.doc, prepared.op, prepared.variables
            )
            state.errors.extend(intro_errors)
        root = schema.get_root_type(prepared.op.operation)
        assert root is not None
        data = self.projector.project(state.data, root, op.selections, state.errors, intro)
        response: dict[str, Any] = {"data": data}
        if state.errors:
            response["errors"] = state.errors
        outcome.response = response
        return outcome


_Work = Callable[[], Any]


def _advance(
    steps: Generator[_Work, Any, _Prepared], value: Any
) -> tuple[_Work | None, _Prepared | None]:
    """Send ``value`` into the steps: the next piece of work, or the result when done."""
    try:
        return steps.send(value), None
    except StopIteration as stop:
        return None, stop.value


class _ManyErrors(Exception):
    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__(errors[0].message if errors else "invalid")
        self.errors = errors
