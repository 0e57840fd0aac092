"""What a hostile or careless REST client found (issue 8): cross-site text/plain bodies, 429s
without Retry-After, REST requests missing from the router's request metrics."""

from __future__ import annotations

import json
import uuid

import pytest

from common.auth import Role
from tests.rest.support import Rest, assert_problem
from tests.support.platform import PASSWORD, Platform

LOGIN_FAILURES_PER_ACCOUNT = 5  # auth's LOGIN_MAX_FAILURES_PER_ACCOUNT default


@pytest.fixture(scope="module")
def rest(platform: Platform) -> Rest:
    return Rest(platform)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
async def test_a_mutation_with_a_non_json_body_is_415(rest: Rest, content_type: str) -> None:
    """A cross-site HTML form can post text/plain (no CORS preflight): the body must be JSON."""
    user = await rest.platform.new_user(Role.READER)
    body = json.dumps({"Email": user.email, "Password": PASSWORD})
    response = await rest.platform.http.post(
        rest.base + "/auth/login", content=body, headers={"content-type": content_type}
    )
    assert_problem(response, 415, code="UNSUPPORTED_MEDIA_TYPE")
    no_type = await rest.platform.http.post(rest.base + "/auth/login", content=body)
    assert_problem(no_type, 415)
    rename = json.dumps({"Uuid": user.id, "Login": f"x{uuid.uuid4().hex[:8]}"})
    response = await rest.platform.http.put(
        rest.base + "/users",
        content=rename,
        headers={**user.headers, "content-type": content_type},
    )
    assert_problem(response, 415)
    # JSON (with a charset) still works.
    ok = await rest.platform.http.post(
        rest.base + "/auth/login",
        content=body,
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert ok.status_code == 200, ok.text


async def test_a_throttled_login_says_when_to_retry(rest: Rest) -> None:
    user = await rest.platform.new_user(Role.READER)
    wrong = {"Email": user.email, "Password": "not the password at all"}
    for _ in range(LOGIN_FAILURES_PER_ACCOUNT):
        assert_problem(await rest.call("POST", "/auth/login", json=wrong), 400)
    throttled = await rest.call("POST", "/auth/login", json=wrong)
    assert_problem(throttled, 429, code="RATE_LIMITED")
    retry_after = throttled.headers.get("retry-after")
    assert retry_after is not None, throttled.headers
    assert retry_after.isdigit(), retry_after
    assert 0 < int(retry_after) <= 900


async def test_rest_requests_are_counted_by_route_template(rest: Rest) -> None:
    ids = [str(uuid.uuid4()) for _ in range(3)]
    for post_id in ids:
        assert_problem(await rest.call("GET", f"/posts/{post_id}"), 404)
    assert await rest.ok("GET", "/posts/ping") == "Pong!"
    assert_problem(await rest.call("GET", f"/nowhere/{ids[0]}"), 404)
    metrics = await rest.platform.http.get(
        rest.platform.router_url.removesuffix("graphql") + "metrics"
    )
    text = metrics.text
    assert 'router_rest_requests_total{method="GET",route="/posts/{uuid}",status="404"} 3.0' in (
        text
    ), text
    assert 'router_rest_requests_total{method="GET",route="/posts/ping",status="200"}' in text
    assert 'route="unmatched"' in text
    assert 'router_rest_request_duration_seconds_count{method="GET",route="/posts/{uuid}"}' in text
    assert not any(post_id in text for post_id in ids), "a client-chosen id became a label"
