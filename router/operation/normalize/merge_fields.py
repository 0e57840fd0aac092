"""Pass: merge fields that share a response key, and fragments on the same type condition.

Validation already guarantees same-key fields have equal names and arguments, so merging is
only a union of their sub-selections.
"""

from __future__ import annotations

from router.operation.tree import Field, InlineFragment, Selection

__all__ = ["merge_fields"]


def merge_fields(selections: tuple[Selection, ...]) -> tuple[Selection, ...]:
    by_key: dict[tuple[str, str | None], int] = {}
    out: list[Selection] = []
    for s in selections:
        key = ("f", s.response_key) if isinstance(s, Field) else ("t", s.type_condition or "")
        k2 = (key[0] + ":" + key[1], None)
        idx = by_key.get(k2)
        if idx is None:
            by_key[k2] = len(out)
            out.append(s)
            continue
        prev = out[idx]
        if isinstance(s, Field) and isinstance(prev, Field):
            if prev.selections is not None and s.selections is not None:
                merged = merge_fields(prev.selections + s.selections)
                out[idx] = Field(
                    response_key=prev.response_key,
                    name=prev.name,
                    arguments=prev.arguments,
                    selections=merged,
                    args_text=prev.args_text,
                    variables=prev.variables,
                )
        elif isinstance(s, InlineFragment) and isinstance(prev, InlineFragment):
            out[idx] = InlineFragment(
                prev.type_condition, merge_fields(prev.selections + s.selections)
            )
    return tuple(out)
