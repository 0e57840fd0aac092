"""Demand control: what a normalized operation may ask of the subgraphs, before planning.

A static estimate as Apollo's demand control and the IBM GraphQL cost directives spec make it:
every object (or interface, union) in the answer costs 1, a mutation's root fields 10, leaves
nothing; a list multiplies what is under it by its size: the value of its ``first``, ``last``
or ``limit`` argument (a literal or the request's variable), or of its parent's when the parent
is a Relay connection (``posts(first: 50) { edges { node } }``: 50 edges), else an assumed
default. Fragments on different types are added up (an upper bound). Linear in the operation;
``CostCheck`` remembers the figure per normalized operation (and per value of the variables it
depends on), so a cached operation pays a dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    IntValueNode,
    VariableNode,
    is_composite_type,
)

from router.errors import CostLimitError
from router.operation.measure import SATURATED
from router.operation.tree import Field, NormalizedOperation, Selection

__all__ = ["CostCheck", "CostModel", "estimate_cost"]

_MAX_REMEMBERED = 64  # distinct variable values remembered per operation


@dataclass(frozen=True, slots=True)
class CostModel:
    default_list_size: int = 10
    slicing_arguments: tuple[str, ...] = ("first", "last", "limit")
    object_cost: int = 1
    mutation_cost: int = 10


def estimate_cost(
    schema: GraphQLSchema,
    operation: NormalizedOperation,
    variables: Mapping[str, Any],
    model: CostModel = CostModel(),
) -> int:
    """The operation's estimated cost (saturating at ``SATURATED``)."""
    return _Estimator(schema, variables, model).operation(operation)


class CostCheck:
    """Refuse one normalized operation over ``limit``, estimating once per variable values."""

    __slots__ = ("_costs", "_limit", "_model", "_operation", "_schema", "_variables")

    def __init__(
        self,
        schema: GraphQLSchema,
        operation: NormalizedOperation,
        limit: int,
        model: CostModel = CostModel(),
    ) -> None:
        self._schema = schema
        self._operation = operation
        self._limit = limit
        self._model = model
        self._variables: tuple[str, ...] | None = None  # known after the first estimate
        self._costs: dict[tuple[Any, ...], int] = {}

    def check(self, variables: Mapping[str, Any]) -> None:
        """Raise ``CostLimitError`` when the operation with these variables costs too much."""
        key = () if self._variables is None else tuple(variables.get(n) for n in self._variables)
        cost = self._costs.get(key)
        if cost is None:
            estimator = _Estimator(self._schema, variables, self._model)
            cost = estimator.operation(self._operation)
            if self._variables is None:
                self._variables = tuple(sorted(estimator.used))
                key = tuple(variables.get(n) for n in self._variables)
            if len(self._costs) < _MAX_REMEMBERED:
                self._costs[key] = cost
        if cost > self._limit:
            name = f"'{self._operation.name}'" if self._operation.name else "anonymous operation"
            raise CostLimitError(
                f"{name} has an estimated cost of {cost}, over the limit of {self._limit}"
                " (lists count as their first/last/limit argument"
                f" or {self._model.default_list_size} items).",
                actual=cost,
                limit=self._limit,
            )


class _Estimator:
    def __init__(
        self, schema: GraphQLSchema, variables: Mapping[str, Any], model: CostModel
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.model = model
        self.used: set[str] = set()
        """Variables whose values the estimate depends on."""

    def operation(self, operation: NormalizedOperation) -> int:
        root_cost = self.model.mutation_cost if operation.operation_type == "mutation" else None
        return self.selections(operation.selections, operation.root_type, None, root_cost)

    def selections(
        self,
        selections: tuple[Selection, ...],
        parent: str,
        inherited_size: int | None,
        field_cost: int | None = None,
    ) -> int:
        parent_type = self.schema.get_type(parent)
        fields = (
            parent_type.fields
            if isinstance(parent_type, GraphQLObjectType | GraphQLInterfaceType)
            else {}
        )
        total = 0
        for selection in selections:
            if isinstance(selection, Field):
                definition = fields.get(selection.name)
                if definition is None:  # __typename, introspection: answered by the router
                    continue
                total += self.field(selection, definition, inherited_size, field_cost)
            else:
                total += self.selections(
                    selection.selections,
                    selection.type_condition or parent,
                    inherited_size,
                    field_cost,
                )
            if total >= SATURATED:
                return SATURATED
        return total

    def field(
        self,
        field: Field,
        definition: GraphQLField,
        inherited_size: int | None,
        field_cost: int | None,
    ) -> int:
        size = self.slice_size(field, definition)
        lists = 0
        named: GraphQLOutputType = definition.type
        while isinstance(named, GraphQLNonNull | GraphQLList):
            if isinstance(named, GraphQLList):
                lists += 1
            named = named.of_type
        if not is_composite_type(named):
            return 0
        own = field_cost if field_cost is not None else self.model.object_cost
        # A sliced field that is not a list (a connection) hands its size to its lists.
        children_size = size if lists == 0 else None
        cost = own + self.selections(field.selections or (), named.name, children_size)
        for _ in range(lists):
            list_size = size if size is not None else inherited_size
            cost *= self.model.default_list_size if list_size is None else list_size
            size = inherited_size = None  # nested lists: the assumed size
        return min(cost, SATURATED)

    def slice_size(self, field: Field, definition: GraphQLField) -> int | None:
        """The list size a slicing argument asks for (or its default in the schema)."""
        given = {a.name.value: a.value for a in field.arguments}
        for name in self.model.slicing_arguments:
            node = given.get(name)
            if isinstance(node, VariableNode):  # whatever its value: the key of remembered costs
                self.used.add(node.name.value)
        for name in self.model.slicing_arguments:
            value: Any = None
            if name in given:
                node = given[name]
                if isinstance(node, IntValueNode):
                    value = int(node.value)
                elif isinstance(node, VariableNode):
                    value = self.variables.get(node.name.value)
            elif name in definition.args:
                value = definition.args[name].default_value
            if isinstance(value, int) and not isinstance(value, bool):
                return max(value, 0)
        return None
