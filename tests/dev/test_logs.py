"""`python -m indefinite.logs`: one request's lines from every service's file, with filters,
following new lines; and the same filters as an Elasticsearch `_search`."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from indefinite.logs import Filters, follow_files, main
from tests.support.http_sink import HttpSink


def _line(ts: str, service: str, level: str, message: str, track: str | None) -> bytes:
    line: dict[str, Any] = {
        "@timestamp": f"2026-12-03T10:00:{ts}Z",
        "log.level": level,
        "message": message,
        "service": {"name": service},
    }
    if track:
        line["track_id"] = track
    return orjson.dumps(line) + b"\n"


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    (tmp_path / "router.jsonl").write_bytes(
        _line("00.100", "router", "info", "request", "track-a-0001")
        + _line("00.400", "router", "info", "other request", "track-b-0002")
    )
    (tmp_path / "posts.jsonl").write_bytes(
        _line("00.200", "posts", "info", "post created", "track-a-0001")
        + b"not json\n"
        + _line("00.300", "posts", "error", "relay failed", None)
    )
    (tmp_path / "feed.jsonl").write_bytes(
        _line("00.250", "feed", "warning", "feed updated", "track-a-0001")
    )
    return tmp_path


def _run(*argv: str) -> list[str]:
    out = io.StringIO()
    assert main(list(argv), out=out) == 0
    return out.getvalue().splitlines()


def test_one_track_id_across_services_in_time_order(logs: Path) -> None:
    lines = _run("--dir", str(logs), "--track-id", "track-a-0001")
    assert [line.split()[2] for line in lines] == ["router", "posts", "feed"]
    assert "post created" in lines[1]


def test_service_and_level_filters(logs: Path) -> None:
    assert [x.split()[2] for x in _run("--dir", str(logs), "--level", "warning")] == [
        "feed",
        "posts",
    ]
    lines = _run("--dir", str(logs), "--service", "router", "--json")
    assert [orjson.loads(x)["message"] for x in lines] == ["request", "other request"]


def test_follow_prints_new_lines_of_every_file(logs: Path) -> None:
    found: list[str] = []
    deadline = time.monotonic() + 10
    lines = follow_files(
        logs,
        Filters(track_id="track-c-0003"),
        interval=0.05,
        stop=lambda: len(found) >= 2 or time.monotonic() > deadline,
    )

    def write() -> None:
        time.sleep(0.2)
        with (logs / "posts.jsonl").open("ab") as stream:
            stream.write(_line("01.000", "posts", "info", "first", "track-c-0003")[:20])
            stream.flush()
            time.sleep(0.2)  # a line half written is not read until it ends
            stream.write(_line("01.000", "posts", "info", "first", "track-c-0003")[20:])
        (logs / "notifications.jsonl").write_bytes(
            _line("01.100", "notifications", "info", "second", "track-c-0003")
        )

    writer = threading.Thread(target=write)
    writer.start()
    found.extend(line["message"] for line in lines)
    writer.join()
    assert found == ["first", "second"]


class _FakeElasticsearch(HttpSink):
    """Answers `_search` like Elasticsearch does and keeps the requests it got."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, dict[str, Any]]] = []

    def receive(self, path: str, body: bytes) -> bytes:
        self.seen.append((path, orjson.loads(body)))
        hits = [{"_source": orjson.loads(_line("00.200", "posts", "error", "boom", "t-12345678"))}]
        return orjson.dumps({"hits": {"hits": hits}})


@pytest.fixture
def elasticsearch() -> Iterator[_FakeElasticsearch]:
    with _FakeElasticsearch() as server:
        yield server


def test_elasticsearch_search_has_the_same_filters(elasticsearch: _FakeElasticsearch) -> None:
    args = ("--elasticsearch", elasticsearch.url, "--service", "posts", "--track-id", "t-12345678")
    lines = _run(*args, "--level", "error")
    assert "boom" in lines[0]
    ((path, body),) = elasticsearch.seen
    assert path == "/indefinite-logs-*/_search"
    assert body["sort"] == [{"@timestamp": "asc"}]
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"service.name": ["posts"]}},
        {"term": {"track_id": "t-12345678"}},
        {"terms": {"log.level": ["error", "critical"]}},
    ]
