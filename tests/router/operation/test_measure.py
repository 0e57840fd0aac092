"""Operations measured as if fragments were expanded, each fragment read once."""

from __future__ import annotations

from graphql import OperationDefinitionNode, parse

from router.operation.measure import SATURATED, DocumentMeasurer, Measure


def _measure(query: str) -> Measure:
    doc = parse(query)
    op = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
    return DocumentMeasurer(doc).measure(op)


def test_plain_operation() -> None:
    assert _measure("{ a b: c d { e { __typename } } }") == Measure(
        depth=2, aliases=1, root_fields=3, fields=5
    )


def test_spreads_and_inline_fragments_count_where_they_are() -> None:
    query = """
      { ...Top x { ...Inner ... on T { y: z } } }
      fragment Top on Query { a b }
      fragment Inner on T { deep { er { est } } }
    """
    assert _measure(query) == Measure(depth=4, aliases=1, root_fields=3, fields=7)


def test_a_chain_longer_than_the_interpreters_stack() -> None:
    levels = 5000
    lines = ["{ me { ...F0 } }"]
    lines += [f"fragment F{i} on User {{ ...F{i + 1} }}" for i in range(levels)]
    lines.append(f"fragment F{levels} on User {{ id name }}")
    assert _measure("\n".join(lines)) == Measure(depth=2, aliases=0, root_fields=1, fields=3)


def test_fan_out_saturates_instead_of_growing_without_end() -> None:
    levels = 200
    lines = ["{ ...F0 }"]
    lines += [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    lines.append(f"fragment F{levels} on Query {{ a }}")
    measure = _measure("\n".join(lines))
    assert measure.fields == measure.root_fields == SATURATED


def test_cycles_are_cut_where_they_close() -> None:
    query = "{ ...A } fragment A on Query { a ...B } fragment B on Query { b ...A }"
    assert _measure(query).fields == 2
