"""Header rules compile once into an immutable plan; the plan is applied per request."""

from __future__ import annotations

import dataclasses

import pytest
from starlette.datastructures import Headers

from router.edge.headers import HeaderPlan, compile_header_plan
from router.settings import HeaderSettings


def test_authorization_and_track_id_always_propagate() -> None:
    plan = compile_header_plan(HeaderSettings())
    incoming = Headers({"Authorization": "Bearer t", "X-Other": "no"})
    assert plan.apply(incoming, "track-0001") == {
        "authorization": "Bearer t",
        "x-track-id": "track-0001",
    }


def test_allow_list_rename_and_insert() -> None:
    plan = compile_header_plan(
        HeaderSettings(
            propagate=("X-Tenant", "x-tenant", "Accept-Language", "X-Track-Id"),
            rename={"Accept-Language": "X-Locale"},
            insert={"X-Router": "indefinite"},
        )
    )
    assert plan.propagate == (
        ("authorization", "authorization"),
        ("x-tenant", "x-tenant"),
        ("accept-language", "x-locale"),
    )
    out = plan.apply(Headers({"x-tenant": "t", "accept-language": "fr"}), "track-0002")
    assert out == {
        "x-router": "indefinite",
        "x-tenant": "t",
        "x-locale": "fr",
        "x-track-id": "track-0002",
    }


def test_the_router_owns_the_track_id() -> None:
    plan = compile_header_plan(HeaderSettings(insert={"x-track-id": "spoof"}))
    assert plan.apply(Headers({"x-track-id": "client"}), "resolved-1")["x-track-id"] == "resolved-1"


@pytest.mark.parametrize("name", ["Content-Length", "host", "Connection", "transfer-encoding"])
def test_hop_by_hop_headers_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="cannot be propagated"):
        compile_header_plan(HeaderSettings(propagate=(name,)))
    with pytest.raises(ValueError, match="cannot be inserted"):
        compile_header_plan(HeaderSettings(insert={name: "x"}))


def test_plan_is_immutable() -> None:
    plan = compile_header_plan(HeaderSettings())
    assert isinstance(plan, HeaderPlan)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.insert = ()  # type: ignore[misc]
