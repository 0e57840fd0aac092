"""Start and stop gateways and subgraph servers on loopback, for differential tests and benches.

    async with hive_gateway(supergraph_path) as gw:       # @graphql-hive/gateway (Node)
        httpx.post(gw.url, json={"query": "{ __typename }"})
    async with apollo_gateway(supergraph_path) as gw: ...  # @apollo/gateway + @apollo/server
    async with our_router(supergraph_path) as gw: ...      # python -m router
    async with grafbase_gateway(supergraph_path) as gw: ...  # `grafbase dev` (Rust), needs
        # the grafbase.toml that write_grafbase_config put beside the supergraph
    async with serve_subgraphs({"users": schema, ...}) as ports: ...   # in-process uvicorn

Each gateway runs in its own process group on 127.0.0.1 and a free port; the context manager
waits until `{ __typename }` answers, and on exit sends SIGTERM to the group (SIGKILL after a
grace period). A gateway that does not come up raises GatewayStartError with its log tail.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

__all__ = [
    "GATEWAYS",
    "REPO_ROOT",
    "GatewayStartError",
    "RunningGateway",
    "apollo_gateway",
    "free_port",
    "grafbase_available",
    "grafbase_gateway",
    "hive_gateway",
    "node_gateways_available",
    "our_router",
    "serve_subgraphs",
    "start_gateway",
    "write_grafbase_config",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
NODE_BIN = REPO_ROOT / "node_modules" / ".bin"
HIVE_GATEWAY_BIN = NODE_BIN / "hive-gateway"
APOLLO_GATEWAY_SCRIPT = REPO_ROOT / "scripts" / "apollo-gateway.mjs"
GRAFBASE_BIN = (
    REPO_ROOT / "node_modules" / "@grafbase" / "cli-x86_64-unknown-linux-musl" / "grafbase"
)
GRAFBASE_CONFIG = "grafbase.toml"
READY_QUERY = {"query": "{ __typename }"}


class GatewayStartError(RuntimeError):
    """A gateway process exited or never answered `{ __typename }`."""


@dataclass(frozen=True, slots=True)
class RunningGateway:
    name: str
    url: str
    pid: int
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log_path, lines)


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago (the OS picks it; tiny race accepted)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def node_gateways_available() -> bool:
    """True when node, Hive Gateway and @apollo/gateway are installed (`npm ci`)."""
    apollo = REPO_ROOT / "node_modules" / "@apollo" / "gateway"
    return shutil.which("node") is not None and HIVE_GATEWAY_BIN.exists() and apollo.is_dir()


def _tail(path: Path, lines: int) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _kill_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


async def _wait_ready(
    name: str, url: str, proc: asyncio.subprocess.Process, log_path: Path, wait_s: float
) -> None:
    deadline = time.monotonic() + wait_s
    last_error = "no answer yet"
    async with httpx.AsyncClient(timeout=2.0, trust_env=False) as client:
        while time.monotonic() < deadline:
            if proc.returncode is not None:
                raise GatewayStartError(
                    f"{name} exited with {proc.returncode} before it was ready; log tail:\n"
                    + _tail(log_path, 40)
                )
            try:
                response = await client.post(url, json=READY_QUERY)
                body = response.json()
                if response.status_code == 200 and body.get("data", {}).get("__typename"):
                    return
                last_error = f"HTTP {response.status_code}: {response.text[:200]}"
            except (httpx.HTTPError, ValueError) as exc:
                last_error = repr(exc)
            await asyncio.sleep(0.1)
    raise GatewayStartError(
        f"{name} not ready at {url} after {wait_s:.0f}s ({last_error}); log tail:\n"
        + _tail(log_path, 40)
    )


@contextlib.asynccontextmanager
async def start_gateway(
    name: str,
    argv: Sequence[str],
    port: int,
    *,
    env: Mapping[str, str] | None = None,
    startup_timeout: float = 60.0,
    stop_timeout: float = 5.0,
    path: str = "/graphql",
    log_dir: Path | None = None,
    cpus: Sequence[int] | None = None,
) -> AsyncIterator[RunningGateway]:
    """Run `argv` in a new process group, wait until it serves GraphQL on 127.0.0.1:`port`."""
    if cpus:
        argv = ["taskset", "-c", ",".join(map(str, cpus)), *argv]
    log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finally
        mode="wb", prefix=f"{name}-", suffix=".log", dir=log_dir, delete=False
    )
    log_path = Path(log_file.name)
    url = f"http://127.0.0.1:{port}{path}"
    proc = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=log_file,
        stderr=asyncio.subprocess.STDOUT,
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    try:
        await _wait_ready(name, url, proc, log_path, startup_timeout)
        yield RunningGateway(name=name, url=url, pid=proc.pid, log_path=log_path)
    finally:
        _kill_group(proc.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), stop_timeout)
        except TimeoutError:
            _kill_group(proc.pid, signal.SIGKILL)
            await proc.wait()
        _kill_group(proc.pid, signal.SIGKILL)  # stragglers left in the group
        log_file.close()
        if log_dir is None:  # a temporary log: its tail was shown if start-up failed
            with contextlib.suppress(FileNotFoundError):
                os.unlink(log_path)


def hive_gateway(
    supergraph: Path, *, port: int | None = None, **kwargs: Any
) -> contextlib.AbstractAsyncContextManager[RunningGateway]:
    """@graphql-hive/gateway over `supergraph` (bound to 127.0.0.1: it defaults to 0.0.0.0)."""
    port = port or free_port()
    argv = [
        str(HIVE_GATEWAY_BIN),
        "supergraph",
        str(supergraph),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--disable-websockets",
    ]
    env = {"NODE_ENV": "production", "NO_COLOR": "1", **kwargs.pop("env", {})}
    return start_gateway("hive-gateway", argv, port, env=env, **kwargs)


def apollo_gateway(
    supergraph: Path, *, port: int | None = None, **kwargs: Any
) -> contextlib.AbstractAsyncContextManager[RunningGateway]:
    """@apollo/gateway + @apollo/server (scripts/apollo-gateway.mjs) over `supergraph`."""
    port = port or free_port()
    node = shutil.which("node") or "node"
    argv = [node, str(APOLLO_GATEWAY_SCRIPT), "--supergraph", str(supergraph)]
    argv += ["--host", "127.0.0.1", "--port", str(port)]
    env = {"NODE_ENV": "production", "APOLLO_TELEMETRY_DISABLED": "1", **kwargs.pop("env", {})}
    return start_gateway("apollo-gateway", argv, port, env=env, **kwargs)


def our_router(
    supergraph: Path, *, port: int | None = None, **kwargs: Any
) -> contextlib.AbstractAsyncContextManager[RunningGateway]:
    """Our router: `python -m router --supergraph PATH --listen 127.0.0.1:PORT`."""
    port = port or free_port()
    argv = [sys.executable, "-m", "router", "--supergraph", str(supergraph)]
    argv += ["--listen", f"127.0.0.1:{port}"]
    return start_gateway("router", argv, port, **kwargs)


def grafbase_available() -> bool:
    """True when the Grafbase CLI binary is installed (`npm ci`: x86-64 Linux only)."""
    return GRAFBASE_BIN.exists()


def write_grafbase_config(directory: Path, subgraphs: Sequence[tuple[str, str, str]]) -> Path:
    """grafbase.toml (+ one SDL file per subgraph) in ``directory`` for (name, url, sdl) triples.

    Grafbase composes the supergraph itself from the subgraphs' SDL (`grafbase dev`, offline):
    it does not read our supergraph file, so whoever composes ours writes this beside it.
    """
    lines = []
    for name, url, sdl in subgraphs:
        schema = directory / f"grafbase-{name}.graphql"
        schema.write_text(sdl)
        lines += [f'[subgraphs."{name}"]', f'url = "{url}"', f'schema_path = "{schema}"', ""]
    config = directory / GRAFBASE_CONFIG
    config.write_text("\n".join(lines))
    return config


def grafbase_gateway(
    supergraph: Path, *, port: int | None = None, **kwargs: Any
) -> contextlib.AbstractAsyncContextManager[RunningGateway]:
    """`grafbase dev` over the grafbase.toml beside ``supergraph`` (see write_grafbase_config)."""
    config = supergraph.parent / GRAFBASE_CONFIG
    if not config.exists():
        raise GatewayStartError(f"grafbase needs {config} (write_grafbase_config)")
    port = port or free_port()
    argv = [str(GRAFBASE_BIN), "dev", "--config", str(config)]
    argv += ["--listen-address", f"127.0.0.1:{port}"]
    env = {"NO_COLOR": "1", **kwargs.pop("env", {})}
    return start_gateway("grafbase", argv, port, env=env, **kwargs)


GATEWAYS = {
    "router": our_router,
    "grafbase": grafbase_gateway,
    "hive": hive_gateway,
    "apollo": apollo_gateway,
}


@contextlib.asynccontextmanager
async def serve_subgraphs(schemas: Mapping[str, Any]) -> AsyncIterator[dict[str, int]]:
    """Serve each Strawberry schema at http://127.0.0.1:PORT/graphql in this event loop.

    Yields name -> port. Uvicorn runs in-process (one server per subgraph, sockets bound by us so
    the ports are known before the servers start).
    """
    import uvicorn
    from strawberry.asgi import GraphQL

    servers: list[tuple[uvicorn.Server, asyncio.Task[None]]] = []
    ports: dict[str, int] = {}
    try:
        for name, schema in schemas.items():
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", 0))
            ports[name] = sock.getsockname()[1]
            config = uvicorn.Config(
                GraphQL(schema, graphql_ide=None),
                log_level="warning",
                lifespan="off",
                ws="none",
                access_log=False,
            )
            server = uvicorn.Server(config)
            servers.append((server, asyncio.create_task(server.serve(sockets=[sock]))))
        deadline = time.monotonic() + 10
        while not all(server.started for server, _ in servers):
            if time.monotonic() > deadline:
                raise GatewayStartError("subgraph servers did not start within 10s")
            await asyncio.sleep(0.01)
        yield ports
    finally:
        for server, _ in servers:
            server.should_exit = True
        for _, task in servers:
            await task
