"""`make dev`: the whole platform on one machine with nothing pre-installed.

Stores come from the environment when given (DATABASE_URL as a server URL, REDIS_URL,
KAFKA_BOOTSTRAP_SERVERS), else embedded ones under `.data/`; then every subgraph that exists,
the router, and a first OWNER when FIRST_OWNER_EMAIL is set. Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

from common.settings import DEFAULT_HTTP_PORTS, default_grpc_port, default_grpc_target
from indefinite.embedded import EmbeddedPostgres, EmbeddedRedis, started
from indefinite.s3_server import dev_s3

ROOT = Path(__file__).resolve().parent.parent
ROUTER_PORT = int(os.environ.get("DEV_ROUTER_PORT", "4000"))


def available_services() -> list[str]:
    return [
        name for name in DEFAULT_HTTP_PORTS if (ROOT / "subgraphs" / name / "__main__.py").exists()
    ]


def service_database_url(server_url: str, service: str) -> str:
    return (
        make_url(server_url)
        .set(database=f"indefinite_{service}")
        .render_as_string(hide_password=False)
    )


@contextlib.contextmanager
def postgres(data: Path) -> Iterator[str]:
    if url := os.environ.get("DATABASE_URL"):
        yield url
        return
    port = int(os.environ.get("DEV_POSTGRES_PORT", "5433"))
    with started(EmbeddedPostgres(data / "postgres", port)) as embedded_url:
        yield embedded_url


@contextlib.contextmanager
def redis(data: Path) -> Iterator[str]:
    if url := os.environ.get("REDIS_URL"):
        yield url
        return
    port = int(os.environ.get("DEV_REDIS_PORT", "6380"))
    with started(EmbeddedRedis(data / "redis", port)) as embedded_url:
        yield embedded_url


@contextlib.contextmanager
def kafka() -> Iterator[str]:
    if servers := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        yield servers
        return
    if importlib.util.find_spec("indefinite.kafka_broker") is None:
        yield ""
        return
    from indefinite.kafka_broker import start_tansu

    process, bootstrap = start_tansu(int(os.environ.get("DEV_KAFKA_PORT", "9093")))
    try:
        yield bootstrap
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)


class Children:
    """Child processes started in order and stopped in reverse."""

    def __init__(self) -> None:
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> None:
        process = subprocess.Popen(args, env=env, cwd=ROOT, start_new_session=True)
        self.processes.append((name, process))

    def dead(self) -> str | None:
        for name, process in self.processes:
            if process.poll() is not None:
                return name
        return None

    def stop(self) -> None:
        for _, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for _, process in reversed(self.processes):
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()


def wait_ready(url: str, timeout: float = 60.0, children: Children | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        if children is not None and (name := children.dead()):
            raise SystemExit(f"{name} exited during start-up (see its log above)")
        time.sleep(0.2)
    raise SystemExit(f"{url} did not become ready in {timeout:.0f}s")


def create_first_owner(env: dict[str, str]) -> None:
    """`create-owner` from FIRST_OWNER_*; a failure stops the run with its reason (a platform
    that starts without the owner it was asked for fails later, and more confusingly)."""
    owner = subprocess.run(
        [sys.executable, "-m", "subgraphs.auth", "create-owner"],
        env=env,
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    sys.stderr.write(owner.stderr)
    if owner.returncode != 0:
        reason = owner.stderr.strip().splitlines()[-1] if owner.stderr.strip() else "no output"
        raise SystemExit(f"stopping: the first OWNER (FIRST_OWNER_*) was not created: {reason}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=ROOT / ".data", help="where embedded stores keep data"
    )
    parser.add_argument(
        "--json-logs", action="store_true", help="JSON log lines (as in production)"
    )
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)

    stop = False

    def on_signal(_signum: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    children = Children()
    with (
        postgres(args.data) as pg_url,
        redis(args.data) as redis_url,
        kafka() as kafka_servers,
        dev_s3() as s3_env,  # moto's S3 server for media (unless S3_ENDPOINT_URL is given)
    ):
        base_env = {
            **os.environ,
            **s3_env,
            "ENVIRONMENT": os.environ.get("ENVIRONMENT", "development"),
            "REDIS_URL": redis_url,
            "KAFKA_BOOTSTRAP_SERVERS": kafka_servers,
            "JWKS_URL": f"http://127.0.0.1:{DEFAULT_HTTP_PORTS['auth']}/.well-known/jwks.json",
            "JWT_PRIVATE_KEY_FILE": str(args.data / "jwt-private.pem"),
            "LOG_JSON": "true" if args.json_logs else "false",
            "PYTHONUNBUFFERED": "1",
        }
        try:
            services = available_services()
            for name in services:
                env = {**base_env, "DATABASE_URL": service_database_url(pg_url, name)}
                children.start(name, [sys.executable, "-m", f"subgraphs.{name}"], env)
            for name in services:
                wait_ready(f"http://127.0.0.1:{DEFAULT_HTTP_PORTS[name]}/readyz", children=children)
            if os.environ.get("FIRST_OWNER_EMAIL") and "auth" in services:
                create_first_owner(
                    {**base_env, "DATABASE_URL": service_database_url(pg_url, "auth")}
                )
            router = (ROOT / "router" / "__main__.py").exists()
            if router:
                children.start(
                    "router",
                    [
                        sys.executable,
                        "-m",
                        "router",
                        "--supergraph",
                        str(ROOT / "supergraph.graphql"),
                        "--listen",
                        f"127.0.0.1:{ROUTER_PORT}",
                    ],
                    {
                        **base_env,
                        "ROUTER_JWT__JWKS_URL": base_env["JWKS_URL"],
                        "ROUTER_JWT__ISSUER": os.environ.get("JWT_ISSUER", "indefinite-studies"),
                        "ROUTER_JWT__AUDIENCE": os.environ.get(
                            "JWT_AUDIENCE", "indefinite-studies"
                        ),
                        **(
                            {"ROUTER_SESSIONS__GRPC_TARGET": default_grpc_target("sessions")}
                            if "sessions" in services
                            else {}
                        ),
                    },
                )
                wait_ready(f"http://127.0.0.1:{ROUTER_PORT}/healthz", children=children)
            print_endpoints(services, router, pg_url, redis_url, kafka_servers)
            while not stop:
                if exited := children.dead():
                    print(f"{exited} exited; stopping the platform", file=sys.stderr)
                    break
                time.sleep(0.3)
        finally:
            children.stop()
    return 0


def print_endpoints(
    services: list[str], router: bool, pg_url: str, redis_url: str, kafka_servers: str
) -> None:
    lines = ["", "Indefinite Studies is running:"]
    if router:
        lines.append(f"  GraphiQL / API   http://127.0.0.1:{ROUTER_PORT}/graphql")
        lines.append(f"  REST             http://127.0.0.1:{ROUTER_PORT}/api/v1")
    for name in services:
        http, grpc = DEFAULT_HTTP_PORTS[name], default_grpc_port(name)
        lines.append(f"  {name:<16} http://127.0.0.1:{http}/graphql   gRPC 127.0.0.1:{grpc}")
    lines.append(f"  PostgreSQL       {pg_url}")
    lines.append(f"  Redis            {redis_url}")
    if kafka_servers:
        lines.append(f"  Kafka            {kafka_servers}")
    lines.append("Press Ctrl-C to stop.")
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
