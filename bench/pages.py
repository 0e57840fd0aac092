"""The pages readers load most, measured from outside on the platform as `make dev` runs it
(issue 19): RPS, p50 and p99 under wrk, and the CPU each process used meanwhile.

    .venv/bin/python -m bench.pages [--posts 80] [--duration 10] [--compare REV]

The platform is `python -m indefinite.dev` (no web UI) on a fresh data directory, with the
router's in-flight dedupe switched off (`ROUTER_SUBGRAPH_DEDUPE=false`) so that every request
does its real work, and ports shifted by `DEV_PORT_OFFSET` (default 800). It is seeded through
the router as bench/blog.py seeds (10 writers, 8 tags, `--posts` published posts, comments),
then wrk (`-t1`) loads, at 10 connections and for the two feed pages at 50 too:

    feed        `feed(first: 20)`, cards only
    feed+author the same with `author { id login displayName role }` (profiles + auth)
    posts       `posts(first: 10)` with author, tags, 5 comments each with author
    post        one post's page (text, author, tags, 20 comments with authors), 20 posts in turn
    write mix   the feed page, and one comment in ten written by a writer (then visible)

`--compare REV` first runs the same on a `git worktree` of REV (e.g. `main`), in this process
and on the same machine, then on this checkout, and prints the ratio: on a shared machine only
figures taken in one run compare. Anonymous reads also go as GET (`--get`) to measure what a
CDN in front would see (Cache-Control/ETag are in the answers either way).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench.blog import seed_blog
from bench.gateways import REPO_ROOT, WRK_INSTALL, parse_wrk
from common.auth import Role
from subgraphs.auth.settings import Settings as AuthSettings
from tests.gateways import RunningGateway
from tests.support.platform import Platform, TestUser, _allow_list

__all__ = ["PAGES", "main"]

#: The issue's "today" (make dev, wrk on the same machine, 10 connections): RPS, p50, p99 ms.
TODAY = {"feed": (228.0, 41.0, 106.0), "feed+author": (100.0, 97.0, 268.0)}
TODAY["posts"] = (50.0, 189.0, 384.0)

CARD = "id topic slug previewText authorLogin authorDisplayName tags { id name } commentCount"
CARD += " publishedAt"
FEED = "query FeedPage { feed(first: 20) { edges { cursor node { " + CARD + " } } "
FEED += "pageInfo { hasNextPage endCursor } } }"
FEED_AUTHOR = "query FeedAuthorPage { feed(first: 20) { edges { cursor node { " + CARD
FEED_AUTHOR += " author { id login displayName role } } } pageInfo { hasNextPage endCursor } } }"
POSTS = """query PostsPage { posts(first: 10) { edges { cursor node {
  id topic slug previewText publishedAt
  author { id login displayName role }
  tags { id name }
  comments(first: 5) { edges { node { id text createdAt author { id login displayName role } } }
    pageInfo { hasNextPage } }
} } pageInfo { hasNextPage endCursor } } }"""
POST = """query PostPage($id: ID!) { post(id: $id) {
  id topic slug text publishedAt commentCount
  author { id login displayName role }
  tags { id name }
  comments(first: 20) { edges { node { id text createdAt author { id login displayName } } } }
} }"""
COMMENT = "mutation AddComment($p: ID!, $t: String!) { addComment(postId: $p, text: $t) { id } }"
PAGES: dict[str, str] = {"feed": FEED, "feed+author": FEED_AUTHOR, "posts": POSTS}
#: pages also measured at 50 connections (the goal's p99 < 100 ms)
AT_50 = ("feed", "feed+author")
PROFILED = ("router", "feed", "posts", "profiles", "auth")
SHOWN_PROCESSES = ("router", "feed", "posts", "profiles", "auth", "redis", "postgres")
OWNER = ("owner@bench.example.com", "correct horse battery", "owner")


@dataclass
class Figure:
    page: str
    connections: int
    rps: float
    p50: float
    p99: float
    errors: str
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def cpu_ms_per_request(self) -> float:
        """CPU of every platform process per request: what a shared machine does not skew."""
        return 10 * sum(self.cpu.values()) / self.rps if self.rps else 0.0


# --- the platform --------------------------------------------------------------------------


def dev_env(offset: int, tag: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_URL", "_SERVERS", "_TARGET"))}
    env.pop("PYTHONPATH", None)
    env.update(
        DEV_PORT_OFFSET=str(offset),
        DEV_UI="off",
        ENVIRONMENT="development",
        ROUTER_SUBGRAPH_DEDUPE="false",
        ALLOW_LIST=_allow_list(tag),
        # seeding signs 15 users up: cheap hashes (no page below hashes a password)
        ARGON2_TIME_COST="1",
        ARGON2_MEMORY_COST_KIB="8192",
        ARGON2_PARALLELISM="1",
        FIRST_OWNER_EMAIL=OWNER[0],
        FIRST_OWNER_PASSWORD=OWNER[1],
        FIRST_OWNER_LOGIN=OWNER[2],
        AUTHOR_SELF_PUBLISH="true",  # writers publish their posts (as the open phase)
        LOG_LEVEL="WARNING",
        ROUTER_LOG_LEVEL="warning",
    )
    return env


@contextlib.contextmanager
def dev_platform(tree: Path, data: Path, offset: int, tag: str) -> Iterator[Path]:
    """`python -m indefinite.dev` from `tree` until it prints its endpoints; yields its log."""
    data.mkdir(parents=True, exist_ok=True)
    log = data.parent / "dev.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "indefinite.dev", "--data", str(data)],
            cwd=tree,
            env={**dev_env(offset, tag), "PYTHONPATH": str(tree)},
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 300
        while b"Indefinite Studies is running" not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
                raise RuntimeError(f"make dev did not start:\n{tail}")
            time.sleep(0.5)
        yield log
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()


class OwnerFromDev(Platform):
    """The OWNER is the one make dev created (FIRST_OWNER_*): log it in."""

    async def new_user(self, role: Role = Role.READER, *, login: str | None = None) -> TestUser:
        if role is not Role.OWNER:
            return await super().new_user(role, login=login)
        tokens = await self.log_in(OWNER[0], OWNER[1])
        return TestUser(
            id=tokens["user"]["id"],
            email=OWNER[0],
            login=OWNER[2],
            role=role,
            access_token=tokens["accessToken"],
            refresh_token=tokens["refreshToken"],
            password=OWNER[1],
        )


def dev_seeder(offset: int, tag: str, http: httpx.AsyncClient) -> OwnerFromDev:
    """tests.support.platform's helpers, pointed at the make dev run (owner: FIRST_OWNER_*)."""
    pg = f"postgresql+asyncpg://postgres@127.0.0.1:{5433 + offset}"
    router = RunningGateway("router", f"http://127.0.0.1:{4000 + offset}/graphql", 0, Path())
    auth = AuthSettings(
        database_url=f"{pg}/indefinite_auth", profiles_grpc_target=f"127.0.0.1:{50053 + offset}"
    )
    return OwnerFromDev(
        services={},
        supergraph=Path(),
        router=router,
        jwks_url="",
        auth_settings=auth,
        database_urls={"auth": auth.database_url},
        http=http,
        tag=tag,
    )


def process_trees(data: Path) -> dict[str, psutil.Process]:
    """make dev's programs by name (pid files), PostgreSQL from its postmaster.pid."""
    found: dict[str, psutil.Process] = {}
    for pid_file in (data / "pids").glob("*.pid"):
        with contextlib.suppress(psutil.Error, ValueError):
            found[pid_file.stem] = psutil.Process(int(pid_file.read_text().split()[0]))
    postmaster = data / "postgres" / "postmaster.pid"
    if postmaster.exists():
        with contextlib.suppress(psutil.Error, ValueError):
            found["postgres"] = psutil.Process(int(postmaster.read_text().split()[0]))
    return found


def cpu_seconds(processes: dict[str, psutil.Process]) -> dict[str, float]:
    """User + system CPU of each program and every process under it (workers included)."""
    totals: dict[str, float] = {}
    for name, root in processes.items():
        total = 0.0
        with contextlib.suppress(psutil.Error):
            for proc in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    times = proc.cpu_times()
                    total += times.user + times.system
        totals[name] = total
    return totals


# --- wrk -----------------------------------------------------------------------------------


def lua_requests(requests: Sequence[tuple[str, str, dict[str, str], str]], path: Path) -> Path:
    """A wrk script that sends (method, path, headers, body) in turn."""
    entries = []
    for method, target, headers, body in requests:
        lua_headers = ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items())
        entries.append(
            f"  wrk.format({json.dumps(method)}, {json.dumps(target)}, {{{lua_headers}}}, "
            f"{json.dumps(body) if body else 'nil'})"
        )
    path.write_text(
        "local requests = {}\n"
        "function init(args)\n"
        + "".join(f"  requests[{i + 1}] = {entry.strip()}\n" for i, entry in enumerate(entries))
        + "end\n"
        "local i = 0\n"
        "function request()\n"
        "  i = i % #requests + 1\n"
        "  return requests[i]\n"
        "end\n"
    )
    return path


def read_request(
    query: str, variables: dict[str, Any] | None, *, get: bool
) -> tuple[str, str, dict[str, str], str]:
    payload: dict[str, Any] = {"query": query}
    if variables:
        payload["variables"] = variables
    if get:
        params = {"query": query, **({"variables": json.dumps(variables)} if variables else {})}
        return ("GET", "/graphql?" + urllib.parse.urlencode(params), {}, "")
    headers = {"Content-Type": "application/json"}
    return ("POST", "/graphql", headers, json.dumps(payload))


async def run_wrk(base: str, script: Path, *, seconds: int, connections: int) -> str:
    argv = ["wrk", "--latency", "-s", str(script), "-t1", f"-c{connections}", f"-d{seconds}s"]
    argv += ["--timeout", "10s", base]
    proc = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(proc.communicate(), seconds + 60)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk exited {proc.returncode}: {out.decode()[-500:]}")
    return out.decode()


async def measure(
    name: str,
    requests: Sequence[tuple[str, str, dict[str, str], str]],
    *,
    base: str,
    connections: int,
    seconds: int,
    processes: dict[str, psutil.Process],
    tmp: Path,
    profile: Path | None = None,
) -> Figure:
    slug = f"{name.replace('+', '_').replace(' ', '_')}-{connections}"
    script = lua_requests(requests, tmp / f"{slug}.lua")
    await run_wrk(base, script, seconds=1, connections=connections)  # warm-up
    spies = [] if profile is None else await start_spies(processes, profile / slug, seconds)
    before, started = cpu_seconds(processes), time.monotonic()
    output = await run_wrk(base, script, seconds=seconds, connections=connections)
    elapsed = time.monotonic() - started
    for spy in spies:
        await spy.wait()
    after = cpu_seconds(processes)
    rps, p50, p99, non_2xx, sock = parse_wrk(output)
    errors = ", ".join(x for x in (f"{non_2xx} non-2xx" if non_2xx else "", sock) if x)
    cpu = {k: 100 * (after[k] - before.get(k, 0.0)) / elapsed for k in after}
    return Figure(name, connections, rps, p50, p99, errors, cpu)


# --- profiles ------------------------------------------------------------------------------


async def start_spies(
    processes: dict[str, psutil.Process], directory: Path, seconds: int
) -> list[asyncio.subprocess.Process]:
    """py-spy (PyPI) on the busiest Python programs for the row: collapsed stacks per program."""
    await asyncio.to_thread(directory.mkdir, parents=True, exist_ok=True)
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    spies = []
    for name in PROFILED:
        if name not in processes:
            continue
        argv = [spy, "record", "--format", "raw", "--rate", "200", "--subprocesses", "--gil"]
        argv += ["-d", str(seconds), "-p", str(processes[name].pid)]
        argv += ["-o", str(directory / f"{name}.txt")]
        spies.append(
            await asyncio.create_subprocess_exec(
                *argv, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
            )
        )
    return spies


def top_frames(collapsed: Path, count: int = 12) -> list[tuple[float, float, str]]:
    """(inclusive %, self %, frame) of the frames most often on the stack."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for raw in collapsed.read_text().splitlines():
        stack, _, weight = raw.rpartition(" ")
        if not weight.isdigit():
            continue
        samples = int(weight)
        total += samples
        frames = stack.split(";")
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + samples
        own[frames[-1]] = own.get(frames[-1], 0) + samples
    ranked = sorted(own, key=lambda f: own[f], reverse=True)[:count]
    return [(100 * inclusive[f] / total, 100 * own[f] / total, f) for f in ranked] if total else []


def print_profiles(directory: Path) -> None:
    for row in sorted(p for p in directory.iterdir() if p.is_dir()):
        for collapsed in sorted(row.glob("*.txt")):
            print(f"\nprofile {row.name} / {collapsed.stem} (self %, inclusive %):")
            for whole, own, frame in top_frames(collapsed):
                print(f"  {own:5.1f} {whole:5.1f}  {frame[:150]}")


# --- one run -------------------------------------------------------------------------------


async def check(http: httpx.AsyncClient, url: str, query: str, variables: Any = None) -> None:
    body = (await http.post(url, json={"query": query, "variables": variables})).json()
    if body.get("errors") or not body.get("data"):
        raise RuntimeError(f"page answers errors: {json.dumps(body)[:600]}")


async def wait_for_feed(http: httpx.AsyncClient, url: str, posts: int) -> None:
    query = "{ feed(first: 100) { edges { node { id } } } }"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        body = (await http.post(url, json={"query": query})).json()
        if len(((body.get("data") or {}).get("feed") or {}).get("edges") or []) >= min(posts, 100):
            return
        await asyncio.sleep(1)
    raise RuntimeError("the feed did not fill up in 120 s (is Kafka relaying?)")


async def bench_tree(tree: Path, args: argparse.Namespace, label: str) -> list[Figure]:
    tag = f"b{int(time.time())}"
    figures: list[Figure] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp_dir,
        dev_platform(tree, Path(tmp_dir) / "data", args.port_offset, tag) as _log,
    ):
        tmp = Path(tmp_dir)
        base = f"http://127.0.0.1:{4000 + args.port_offset}"
        url = f"{base}/graphql"
        async with httpx.AsyncClient(timeout=60, trust_env=False) as http:
            seeder = dev_seeder(args.port_offset, tag, http)
            await seed_blog(seeder, args.posts)
            await wait_for_feed(http, url, args.posts)
            for query in PAGES.values():
                await check(http, url, query)
            ids = [
                edge["node"]["id"]
                for edge in (await seeder.data("{ feed(first: 20) { edges { node { id } } } }"))[
                    "feed"
                ]["edges"]
            ]
            await check(http, url, POST, {"id": ids[0]})
            writer = await seeder.new_user(Role.WRITER, login=f"benchwriter{tag}")
        processes = process_trees(Path(tmp_dir) / "data")
        profile = None if args.profile is None else args.profile / label
        run = {"base": base, "seconds": args.duration, "processes": processes, "tmp": tmp}
        run["profile"] = profile
        for name, query in PAGES.items():
            requests = [read_request(query, None, get=args.get)]
            for connections in (10, 50) if name in AT_50 else (10,):
                figures.append(await measure(name, requests, connections=connections, **run))
                print(line(figures[-1]), flush=True)
        post_requests = [read_request(POST, {"id": i}, get=args.get) for i in ids]
        figures.append(await measure("post", post_requests, connections=10, **run))
        print(line(figures[-1]), flush=True)
        write = (
            "POST",
            "/graphql",
            {"Content-Type": "application/json", "Authorization": f"Bearer {writer.access_token}"},
            json.dumps({"query": COMMENT, "variables": {"p": ids[3], "t": "bench comment"}}),
        )
        mix = [read_request(FEED, None, get=args.get)] * 9 + [write]
        figures.append(await measure("write mix", mix, connections=10, **run))
        print(line(figures[-1]), flush=True)
    return figures


# --- report --------------------------------------------------------------------------------


def line(f: Figure) -> str:
    busy = sorted(((v, k) for k, v in f.cpu.items() if v >= 1.0), reverse=True)
    cpu = " ".join(f"{k} {v:.0f}%" for v, k in busy if k in SHOWN_PROCESSES or v >= 5)
    errors = f" [{f.errors}]" if f.errors else ""
    return (
        f"  {f.page:<12} c{f.connections:<3} {f.rps:8.1f} rps  p50 {f.p50:7.1f} ms"
        f"  p99 {f.p99:7.1f} ms  {f.cpu_ms_per_request:.1f} cpu-ms/req  cpu: {cpu}{errors}"
    )


def table(title: str, figures: Sequence[Figure], baseline: Sequence[Figure] = ()) -> str:
    before = {(f.page, f.connections): f for f in baseline}
    rows = [
        f"\n{title}",
        "| page | conns | RPS | p50 ms | p99 ms | today (RPS / p50 / p99) | x today"
        + (" | x baseline RPS | baseline (RPS / p50 / p99)" if baseline else "")
        + " | CPU ms / request"
        + (" (baseline)" if baseline else "")
        + " | CPU % of a core |",
        "|---|---|---|---|---|---|---" + ("|---|---" if baseline else "") + "|---|---|",
    ]
    for f in figures:
        today = TODAY.get(f.page) if f.connections == 10 else None
        cols = [
            f.page,
            str(f.connections),
            f"{f.rps:.0f}",
            f"{f.p50:.1f}",
            f"{f.p99:.1f}",
            f"{today[0]:.0f} / {today[1]:.0f} / {today[2]:.0f}" if today else "",
            f"{f.rps / today[0]:.1f}x" if today else "",
        ]
        if baseline:
            b = before.get((f.page, f.connections))
            cols += (
                [f"{f.rps / b.rps:.1f}x", f"{b.rps:.0f} / {b.p50:.1f} / {b.p99:.1f}"]
                if b
                else ["", ""]
            )
        b = before.get((f.page, f.connections))
        cols.append(f"{f.cpu_ms_per_request:.1f}" + (f" ({b.cpu_ms_per_request:.1f})" if b else ""))
        busy = sorted(((v, k) for k, v in f.cpu.items() if v >= 1.0), reverse=True)
        cols.append(
            " ".join(f"{k} {v:.0f}" for v, k in busy) + (f" ({f.errors})" if f.errors else "")
        )
        rows.append("| " + " | ".join(cols) + " |")
    return "\n".join(rows)


@contextlib.contextmanager
def worktree(rev: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="bench-pages-rev-"))
    subprocess.run(
        ["git", "-C", str(REPO_ROOT), "worktree", "add", "--detach", str(path), rev],
        check=True,
        capture_output=True,
    )
    try:
        # GraphiQL's assets and the UI are not needed; the router starts without them
        yield path
    finally:
        subprocess.run(
            ["git", "-C", str(REPO_ROOT), "worktree", "remove", "--force", str(path)],
            check=False,
            capture_output=True,
        )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__)
    parser.add_argument("--posts", type=int, default=80)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--compare", metavar="REV", help="measure this git revision first")
    parser.add_argument(
        "--current", metavar="REV", help="measure this git revision, not the working tree"
    )
    parser.add_argument(
        "--compare-only", action="store_true", help="with --compare: measure only that revision"
    )
    parser.add_argument(
        "--profile", type=Path, help="py-spy every row's busiest programs into this directory"
    )
    parser.add_argument("--get", action="store_true", help="anonymous reads as GET requests")
    parser.add_argument(
        "--port-offset", type=int, default=int(os.environ.get("DEV_PORT_OFFSET", "800"))
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print(f"wrk is missing: {WRK_INSTALL}", file=sys.stderr)
        return 1
    how = (
        f"{args.posts} posts, wrk -t1 for {args.duration} s per row, "
        f"{'GET' if args.get else 'POST'} reads, {os.cpu_count()} cores"
        f" (load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())})"
    )
    baseline: list[Figure] = []
    if args.compare:
        print(f"== {args.compare} ==", flush=True)
        with worktree(args.compare) as tree:
            baseline = asyncio.run(bench_tree(tree, args, "baseline"))
    if args.compare_only:
        print(table(f"{args.compare} ({how})", baseline))
        if args.profile:
            print_profiles(args.profile / "baseline")
        return 0
    print(f"== {args.current or 'this checkout'} ==", flush=True)
    if args.current:
        with worktree(args.current) as tree:
            figures = asyncio.run(bench_tree(tree, args, "current"))
    else:
        figures = asyncio.run(bench_tree(REPO_ROOT, args, "current"))
    if baseline:
        print(table(f"{args.compare} ({how})", baseline))
    print(table(f"{args.current or 'this checkout'} ({how})", figures, baseline))
    if args.profile:
        print_profiles(args.profile / "current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
