"""`Topic`: a topic name bound to its payload model; `Contract`: the base of payload models.

Payload models ignore unknown fields, so a producer may add a field (a compatible change)
before its consumers know it; removing or retyping a field is a new topic version (`.v2`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict


class Contract(BaseModel):
    """Base of every event payload: frozen, unknown fields ignored (forward compatible)."""

    model_config = ConfigDict(frozen=True, extra="ignore")


PayloadT = TypeVar("PayloadT", bound=Contract)


@dataclass(frozen=True, slots=True)
class Topic(Generic[PayloadT]):
    """One topic: its name (`<service>.<entity>.v<N>`), what its key is, and its payload model."""

    name: str
    payload: type[PayloadT]
    key: str = "the entity id"

    def dump(self, payload: PayloadT) -> dict[str, Any]:
        """The JSON-ready payload a producer writes to its outbox: the fields it set (a field a
        type does not touch stays absent rather than null)."""
        return payload.model_dump(mode="json", exclude_unset=True)

    def parse(self, raw: dict[str, Any]) -> PayloadT:
        """Validate a received payload (raises pydantic.ValidationError on a broken one)."""
        return self.payload.model_validate(raw)
