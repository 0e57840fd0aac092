"""`python -m indefinite.logs`: one request's lines from every service's file, with filters,
following new lines; and the same filters as an Elasticsearch `_search`."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import orjson
import pytest

from indefinite.logs import Filters, follow_files, main


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


class _FakeElasticsearch(BaseHTTPRequestHandler):
    """Answers `_search` like Elasticsearch does and keeps the requests it got."""

    seen: list[tuple[str, dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = orjson.loads(self.rfile.read(int(self.headers["content-length"])))
        self.seen.append((self.path, body))
        hits = [{"_source": orjson.loads(_line("00.200", "posts", "error", "boom", "t-12345678"))}]
        payload = orjson.dumps({"hits": {"hits": hits}})
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def elasticsearch() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeElasticsearch)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_elasticsearch_search_has_the_same_filters(elasticsearch: str) -> None:
    _FakeElasticsearch.seen.clear()
    args = ("--elasticsearch", elasticsearch, "--service", "posts", "--track-id", "t-12345678")
    lines = _run(*args, "--level", "error")
    assert "boom" in lines[0]
    ((path, body),) = _FakeElasticsearch.seen
    assert path == "/indefinite-logs-*/_search"
    assert body["sort"] == [{"@timestamp": "asc"}]
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"service.name": ["posts"]}},
        {"term": {"track_id": "t-12345678"}},
        {"terms": {"log.level": ["error", "critical"]}},
    ]
