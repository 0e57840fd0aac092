"""Differential testing: run one corpus of operations against two gateways and compare.

A corpus is a folder of `NAME.graphql` files, each with an optional `NAME.json` of the form
`{"variables": {...}, "operationName": "...", "as": "..."}` (every key optional; `as` names the
caller whose credentials both gateways get, resolved by the test that runs the corpus). For each
operation both gateways get the same POST; the results agree when their `data` is equal (values
and key order), both or neither carry `errors`, and their errors carry the same
`extensions.code`s (in any order). Where gateways name one error differently (a documented
convention, not a bug), the caller passes the expected pair of code lists for that operation
(`CodePair`): then exactly those must come back. Error messages are not compared: gateways word
(and mask) them differently.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

__all__ = [
    "ACCEPT",
    "CodePair",
    "Difference",
    "Operation",
    "compare",
    "error_codes",
    "format_differences",
    "load_corpus",
    "post",
    "run",
]

ACCEPT = {"accept": "application/graphql-response+json, application/json"}

CodePair = tuple[list[str], list[str]]
"""(our error codes, the reference's) for an operation the two gateways code differently."""


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    query: str
    variables: Mapping[str, Any] | None = None
    operation_name: str | None = None
    actor: str | None = None

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"query": self.query}
        if self.variables is not None:
            body["variables"] = dict(self.variables)
        if self.operation_name is not None:
            body["operationName"] = self.operation_name
        return body


@dataclass(frozen=True, slots=True)
class Difference:
    operation: str
    reasons: list[str]
    ours: dict[str, Any] = field(repr=False)
    reference: dict[str, Any] = field(repr=False)

    def __str__(self) -> str:
        def dump(value: dict[str, Any]) -> str:
            text = json.dumps(value, indent=1)
            return text if len(text) < 1500 else text[:1500] + " ..."

        return (
            f"{self.operation}: {'; '.join(self.reasons)}\n"
            f"  ours:      {dump(self.ours)}\n  reference: {dump(self.reference)}"
        )


def load_corpus(directory: Path) -> list[Operation]:
    """The operations in `directory`, sorted by file name."""
    operations = []
    for path in sorted(directory.glob("*.graphql")):
        extra_path = path.with_suffix(".json")
        extra: dict[str, Any] = json.loads(extra_path.read_text()) if extra_path.exists() else {}
        unknown = set(extra) - {"variables", "operationName", "as"}
        if unknown:
            raise ValueError(f"{extra_path}: unknown keys {sorted(unknown)}")
        operations.append(
            Operation(
                path.stem,
                path.read_text(),
                extra.get("variables"),
                extra.get("operationName"),
                extra.get("as"),
            )
        )
    return operations


def _ordered(value: Any) -> Any:
    """`value` with dict key order made significant for ==."""
    if isinstance(value, dict):
        return [(key, _ordered(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


def compare(
    ours: Mapping[str, Any], reference: Mapping[str, Any], codes: CodePair | None = None
) -> list[str]:
    """Reasons why two GraphQL responses disagree (empty when they agree); ``codes``: the
    error codes each side is known to give instead of the same ones."""
    reasons = []
    if ("data" in ours) != ("data" in reference):
        reasons.append(f"data present: ours={'data' in ours}, reference={'data' in reference}")
    elif ours.get("data") != reference.get("data"):
        reasons.append("data differs")
    elif _ordered(ours.get("data")) != _ordered(reference.get("data")):
        reasons.append("data field order differs")
    found = (error_codes(ours), error_codes(reference))
    if bool(ours.get("errors")) != bool(reference.get("errors")):
        reasons.append(
            f"errors present: ours={bool(ours.get('errors'))},"
            f" reference={bool(reference.get('errors'))}"
        )
    elif found != (codes if codes is not None else (found[1], found[1])):
        reasons.append(f"error codes differ: ours={found[0]}, reference={found[1]}")
    return reasons


def error_codes(body: Mapping[str, Any]) -> list[str]:
    """The ``extensions.code`` of each error, sorted (``-`` for an error without one)."""
    errors = body.get("errors") or []
    return sorted(str((error.get("extensions") or {}).get("code") or "-") for error in errors)


async def post(
    client: httpx.AsyncClient,
    url: str,
    operation: Operation,
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The response body of one operation (an HTTP failure becomes a body with `errors`)."""
    response = await client.post(url, json=operation.body(), headers=dict(headers or {}))
    try:
        body = response.json()
    except ValueError:
        return {"errors": [{"message": f"HTTP {response.status_code}: {response.text[:300]}"}]}
    if not isinstance(body, dict):
        return {"errors": [{"message": f"HTTP {response.status_code}: not a JSON object"}]}
    return body


async def run(
    ours_url: str,
    reference_url: str,
    operations: Sequence[Operation],
    *,
    request_timeout: float = 30.0,
    codes: Mapping[str, CodePair] | None = None,
) -> list[Difference]:
    """Send each operation to both gateways; the disagreements, in corpus order (``codes``:
    known code differences by operation name, see ``compare``)."""
    differences = []
    async with httpx.AsyncClient(
        timeout=request_timeout, headers=ACCEPT, trust_env=False
    ) as client:
        for operation in operations:
            ours = await post(client, ours_url, operation)
            reference = await post(client, reference_url, operation)
            reasons = compare(ours, reference, (codes or {}).get(operation.name))
            if reasons:
                differences.append(Difference(operation.name, reasons, ours, reference))
    return differences


def format_differences(differences: Sequence[Difference]) -> str:
    return f"{len(differences)} operation(s) differ:\n" + "\n".join(map(str, differences))
