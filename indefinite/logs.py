"""`python -m indefinite.logs [--service S] [--track-id T] [--level L] [--follow]`: the live log.

Everything that happened to one request is one command away: every service writes ECS JSON
lines (common.logging), and this reads them with the same filters from either place:

- in development, the files `make dev` writes (`.data/logs/<service>.jsonl`, or `--dir`),
  merged in time order; `--follow` keeps printing new lines of every file as they come;
- against a deployment (`--elasticsearch URL` or ELASTICSEARCH_URL), Elasticsearch's
  `_search` over the log indices (`--index`, default `indefinite-logs-*`, the Logstash
  pipeline's), polling for newer lines with `--follow`.

Lines print as `time level service [track] message key=value ...`, or as they are with `--json`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx
import orjson

__all__ = ["Filters", "es_query", "field", "format_line", "main", "matches", "read_files"]

LEVELS = ("debug", "info", "warning", "error", "critical")
DEFAULT_INDEX = "indefinite-logs-*"
_SHOWN = frozenset(
    {"@timestamp", "log.level", "message", "service", "track_id", "ecs.version", "log", "trace"}
)


@dataclass(frozen=True)
class Filters:
    services: tuple[str, ...] = ()
    track_id: str | None = None
    level: str | None = None  # this level and above

    def levels(self) -> tuple[str, ...]:
        if self.level is None:
            return LEVELS
        return LEVELS[LEVELS.index(_level_name(self.level)) :]


def _level_name(level: str) -> str:
    level = level.lower()
    return {"warn": "warning", "exception": "error", "fatal": "critical"}.get(level, level)


def field(line: dict[str, Any], dotted: str) -> Any:
    """A field of an ECS line, whether written dotted (`log.level`) or nested."""
    if dotted in line:
        return line[dotted]
    value: Any = line
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def matches(line: dict[str, Any], filters: Filters) -> bool:
    if filters.services and field(line, "service.name") not in filters.services:
        return False
    if filters.track_id and line.get("track_id") != filters.track_id:
        return False
    level = _level_name(str(field(line, "log.level") or "info"))
    return filters.level is None or level in filters.levels()


def format_line(line: dict[str, Any]) -> str:
    stamp = str(line.get("@timestamp", ""))[11:23]
    level = str(field(line, "log.level") or "").upper()
    service = field(line, "service.name") or "?"
    track = line.get("track_id")
    stack = field(line, "error.stack_trace")
    extra = " ".join(
        f"{k}={orjson.dumps(v).decode() if isinstance(v, dict | list) else v}"
        for k, v in line.items()
        if k not in _SHOWN and not (k == "error" and stack)
    )
    parts = [stamp, f"{level:<7}", f"{service:<13}"]
    if track:
        parts.append(f"[{track}]")
    parts.append(str(line.get("message", "")))
    if extra:
        parts.append(extra)
    text = " ".join(parts)
    return f"{text}\n{stack}" if stack else text


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        line = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return line if isinstance(line, dict) else None


def read_files(directory: Path, filters: Filters) -> list[dict[str, Any]]:
    """Every matching line of every `*.jsonl` file, in time order."""
    lines: list[dict[str, Any]] = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open("rb") as stream:
            lines.extend(x for raw in stream if (x := _parse(raw)) and matches(x, filters))
    lines.sort(key=lambda x: str(x.get("@timestamp", "")))
    return lines


def follow_files(
    directory: Path, filters: Filters, *, interval: float = 0.2, stop: Any = None
) -> Iterator[dict[str, Any]]:
    """New matching lines of the files (and of files that appear) as they are written."""
    offsets = {p: p.stat().st_size for p in directory.glob("*.jsonl")}
    pending: dict[Path, bytes] = {}
    while stop is None or not stop():
        batch: list[dict[str, Any]] = []
        for path in sorted(directory.glob("*.jsonl")):
            size = path.stat().st_size
            start = offsets.get(path, 0)
            if size < start:  # truncated or replaced: read it again
                start = 0
            if size == start:
                continue
            with path.open("rb") as stream:
                stream.seek(start)
                chunk = pending.pop(path, b"") + stream.read(size - start)
            offsets[path] = size
            *complete, rest = chunk.split(b"\n")
            if rest:
                pending[path] = rest
            batch.extend(x for raw in complete if (x := _parse(raw)) and matches(x, filters))
        batch.sort(key=lambda x: str(x.get("@timestamp", "")))
        yield from batch
        time.sleep(interval)


def es_query(filters: Filters, *, after: str | None = None, size: int = 500) -> dict[str, Any]:
    """The Elasticsearch `_search` body for the filters (lines after `after`, oldest first)."""
    clauses: list[dict[str, Any]] = []
    if filters.services:
        clauses.append({"terms": {"service.name": list(filters.services)}})
    if filters.track_id:
        clauses.append({"term": {"track_id": filters.track_id}})
    if filters.level is not None:
        clauses.append({"terms": {"log.level": list(filters.levels())}})
    if after is not None:
        clauses.append({"range": {"@timestamp": {"gt": after}}})
    return {
        "size": size,
        "sort": [{"@timestamp": "asc"}],
        "query": {"bool": {"filter": clauses}},
    }


def search_es(
    client: httpx.Client, url: str, index: str, filters: Filters, after: str | None = None
) -> list[dict[str, Any]]:
    response = client.post(
        f"{url.rstrip('/')}/{index}/_search", json=es_query(filters, after=after)
    )
    response.raise_for_status()
    return [hit["_source"] for hit in response.json()["hits"]["hits"]]


def follow_es(
    client: httpx.Client, url: str, index: str, filters: Filters, *, interval: float = 1.0
) -> Iterator[dict[str, Any]]:
    after: str | None = None
    while True:
        lines = search_es(client, url, index, filters, after)
        yield from lines
        if lines:
            after = str(lines[-1].get("@timestamp"))
        time.sleep(interval)


def _print(lines: Iterable[dict[str, Any]], out: IO[str], *, as_json: bool) -> None:
    for line in lines:
        out.write((orjson.dumps(line).decode() if as_json else format_line(line)) + "\n")
        out.flush()


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m indefinite.logs", description=__doc__)
    parser.add_argument("--service", action="append", default=[], help="repeatable")
    parser.add_argument("--track-id", help="one request's (or client's) track id")
    parser.add_argument("--level", choices=[*LEVELS, "warn"], help="this level and above")
    parser.add_argument("--follow", "-f", action="store_true", help="keep printing new lines")
    parser.add_argument("--json", action="store_true", help="print the JSON lines as they are")
    parser.add_argument("--dir", type=Path, default=Path(".data/logs"), help="make dev's logs")
    parser.add_argument(
        "--elasticsearch",
        default=os.environ.get("ELASTICSEARCH_URL"),
        help="query this Elasticsearch instead of --dir (ELASTICSEARCH_URL)",
    )
    parser.add_argument("--index", default=DEFAULT_INDEX)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, out: IO[str] = sys.stdout) -> int:
    args = _parse_args(argv)
    filters = Filters(tuple(args.service), args.track_id, args.level)
    try:
        if args.elasticsearch:
            with httpx.Client(timeout=30) as client:
                found = search_es(client, args.elasticsearch, args.index, filters)
                _print(found, out, as_json=args.json)
                if args.follow:
                    _print(
                        follow_es(client, args.elasticsearch, args.index, filters),
                        out,
                        as_json=args.json,
                    )
            return 0
        if not args.dir.is_dir():
            print(f"no logs in {args.dir} (make dev writes them there)", file=sys.stderr)
            return 1
        _print(read_files(args.dir, filters), out, as_json=args.json)
        if args.follow:
            _print(follow_files(args.dir, filters), out, as_json=args.json)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
