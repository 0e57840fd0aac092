"""`make dev`: the whole platform on one machine with nothing pre-installed.

Stores come from the environment when given (DATABASE_URL as a server URL, REDIS_URL,
KAFKA_BOOTSTRAP_SERVERS), else embedded ones under `.data/`; then every subgraph that exists,
moto's S3 server for media (unless S3_ENDPOINT_URL is given), an SMTP sink for
notifications (unless SMTP_HOST is given: every email lands in `.data/mail/` and is printed
with its links), the router, the web UI (indefinite.ui_server) and a first OWNER when
FIRST_OWNER_EMAIL is set (its failure stops the run). The run, step by step (`run`):

1. stop what a killed earlier run left behind (indefinite.pids, `postmaster.pid`);
2. check that every port is free, else say which one and the variable that moves it
   (indefinite.ports: DEV_PORT_OFFSET moves them all);
3. start the stores, then the services, the router; print the endpoints;
4. keep everything running (indefinite.supervisor restarts what crashes) until Ctrl-C or
   SIGTERM, then stop it all.

Every service prints readable console lines prefixed with its name (`--json-logs` for the JSON
lines of production) and appends its ECS JSON lines to `.data/logs/<service>.jsonl`, which
`python -m indefinite.logs [--track-id T] [--follow]` reads.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import orjson
from sqlalchemy.engine import make_url

from common.settings import DEFAULT_HTTP_PORTS
from indefinite import pids
from indefinite.embedded import (
    EmbeddedPostgres,
    fake_redis,
    port_open,
    redis_program,
    started,
)
from indefinite.kafka_broker import tansu_program
from indefinite.ports import DevPorts, Port, PortInUse, check_free
from indefinite.s3_server import dev_s3_env, dev_sns_env, moto_answers, moto_command, ui_origins
from indefinite.supervisor import Console, Program, Supervisor
from indefinite.ui_server import UiError, public_base_url, ui_installed, ui_mode, ui_program

ROOT = Path(__file__).resolve().parent.parent
UI_MANIFEST = ROOT / "ui" / "src" / "lib" / "graphql" / "generated" / "persisted-documents.json"
READY_TIMEOUT = 120.0


class DevError(RuntimeError):
    """Why the run cannot go on, in one sentence (printed without a traceback)."""


class StopRequested(Exception):
    """Ctrl-C or SIGTERM arrived while the platform was starting."""


def available_services() -> list[str]:
    return [
        name for name in DEFAULT_HTTP_PORTS if (ROOT / "subgraphs" / name / "__main__.py").exists()
    ]


def router_available() -> bool:
    return (ROOT / "router" / "__main__.py").exists()


def service_database_url(server_url: str, service: str) -> str:
    return (
        make_url(server_url)
        .set(database=f"indefinite_{service}")
        .render_as_string(hide_password=False)
    )


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


class Dev:
    """One run of the platform: its ports, data directory, supervisor and stop signal."""

    def __init__(self, data: Path, ports: DevPorts, console: Console, *, json_logs: bool) -> None:
        self.data = data
        self.ports = ports
        self.console = console
        self.json_logs = json_logs
        self.services = available_services()
        self.router = router_available()
        try:
            self.ui_mode = ui_mode() if self.router else "off"
        except UiError as exc:
            raise DevError(str(exc)) from None
        if self.ui_mode != "off" and not ui_installed():
            console.say("ui/node_modules is missing (run `make install`): no web UI this run")
            self.ui_mode = "off"
        self.prober = self.router and os.environ.get("QA_PROBER", "").lower() == "true"
        self.stopping = threading.Event()
        self.supervisor = Supervisor(data / "pids", console)
        self.postgres = EmbeddedPostgres(data / "postgres", ports.postgres)

    # -- 1. leftovers, 2. ports -------------------------------------------------------------

    def stop_leftovers(self) -> None:
        stopped = pids.stop_leftovers(self.data / "pids")
        if not os.environ.get("DATABASE_URL") and (pid := self.postgres.stop_leftover()):
            stopped.append(f"postgres (pid {pid})")
        if stopped:
            self.console.say(f"stopped what an earlier run left running: {', '.join(stopped)}")

    def ports_needed(self) -> list[Port]:
        ports: list[Port] = []
        if not os.environ.get("DATABASE_URL"):
            ports.append(Port(self.ports.postgres, "PostgreSQL", "DEV_POSTGRES_PORT"))
        if not os.environ.get("REDIS_URL"):
            ports.append(Port(self.ports.redis, "Redis", "DEV_REDIS_PORT"))
        if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
            ports.append(Port(self.ports.kafka, "Kafka broker", "DEV_KAFKA_PORT"))
        if not os.environ.get("S3_ENDPOINT_URL") and "media" in self.services:
            ports.append(Port(self.ports.s3, "S3 (moto)", "DEV_S3_PORT"))
        if self.wants_mail_sink():
            ports.append(Port(self.ports.smtp, "SMTP sink", "DEV_SMTP_PORT"))
        ports += self.ports.service_ports(self.services)
        if self.router:
            ports.append(Port(self.ports.router, "router", "DEV_ROUTER_PORT"))
        if self.ui_mode != "off":
            ports.append(Port(self.ports.ui, "web UI", "DEV_UI_PORT"))
        if self.prober:
            ports.append(Port(self.ports.qa, "QA prober", "DEV_QA_PORT"))
        return ports

    # -- 3. stores ---------------------------------------------------------------------------

    def start_postgres(self, stack: contextlib.ExitStack) -> str:
        if url := os.environ.get("DATABASE_URL"):
            return url
        try:
            return stack.enter_context(started(self.postgres))
        except subprocess.CalledProcessError as exc:
            tool = Path(str(exc.cmd[0])).name
            raise DevError(
                f"PostgreSQL did not start ({tool} exited with {exc.returncode}); "
                f"see {self.postgres.data_dir / 'server.log'}"
            ) from None

    def start_redis(self, stack: contextlib.ExitStack) -> str:
        if url := os.environ.get("REDIS_URL"):
            return url
        program = redis_program(self.data / "redis", self.ports.redis)
        if program is None:
            self.console.say("no redis-server on PATH: using fakeredis (no persistence)")
            return stack.enter_context(fake_redis(self.ports.redis))
        self.supervisor.start(program)
        self.wait_for_port(self.ports.redis, "redis")
        return f"redis://127.0.0.1:{self.ports.redis}/0"

    def start_kafka(self) -> str:
        if servers := os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
            return servers
        self.supervisor.start(tansu_program(self.ports.kafka, log_file=self.data / "tansu.log"))
        self.wait_for_port(self.ports.kafka, "kafka")
        return f"127.0.0.1:{self.ports.kafka}"

    def start_s3(self) -> dict[str, str]:
        """moto's S3 server for media (unless S3_ENDPOINT_URL is given), its bucket prepared."""
        if os.environ.get("S3_ENDPOINT_URL") or "media" not in self.services:
            return {}
        port = self.ports.s3
        self.supervisor.start(
            Program(
                "s3",
                moto_command(port),
                dict(os.environ),
                log_file=self.data / "moto.log",
                store=True,
            )
        )
        endpoint = f"http://127.0.0.1:{port}"
        self.wait_for(lambda: moto_answers(endpoint), f"S3 (moto) at {endpoint}")
        return {**dev_s3_env(endpoint, ui_origins(self.ports.ui)), **dev_sns_env(endpoint)}

    def wants_mail_sink(self) -> bool:
        return "notifications" in self.services and not os.environ.get("SMTP_HOST")

    def start_mail_sink(self) -> dict[str, str]:
        """The SMTP sink notifications sends to: `.data/mail/*.eml`, printed with links."""
        if not self.wants_mail_sink():
            return {}
        port = self.ports.smtp
        command = [sys.executable, "-m", "indefinite.mail_sink", "--port", str(port)]
        command += ["--dir", str(self.data / "mail")]
        self.supervisor.start(Program("mail", command, dict(os.environ), cwd=ROOT, store=True))
        self.wait_for_port(port, "SMTP sink")
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_SECURITY": "none"}

    # -- 3. services and router --------------------------------------------------------------

    def service_env(
        self, redis_url: str, kafka_servers: str, s3_env: dict[str, str]
    ) -> dict[str, str]:
        """What every service process gets: stores, where the others listen, log format."""
        env = {
            **os.environ,
            **s3_env,
            "ENVIRONMENT": os.environ.get("ENVIRONMENT", "development"),
            "REDIS_URL": redis_url,
            "KAFKA_BOOTSTRAP_SERVERS": kafka_servers,
            "JWKS_URL": f"http://127.0.0.1:{self.ports.http('auth')}/.well-known/jwks.json",
            "JWT_PRIVATE_KEY_FILE": str(self.data / "jwt-private.pem"),
            "VAPID_KEY_FILE": str(self.data / "vapid-private.pem"),
            # subgraphs answer the router only (common/gate.py): one secret per run
            "SUBGRAPH_SHARED_SECRET": os.environ.get("SUBGRAPH_SHARED_SECRET")
            or secrets.token_urlsafe(32),
            "LOG_JSON": "true" if self.json_logs else "false",
            "PYTHONUNBUFFERED": "1",
            # Emailed links (/signup/<token>, /restorepwd/<token>) open this run's web UI.
            "PUBLIC_BASE_URL": public_base_url(self.ports.ui),
        }
        if self.console.color:
            env["FORCE_COLOR"] = "1"
        for name in self.services:
            env[f"{name.upper()}_GRPC_TARGET"] = self.ports.grpc_target(name)
        return env

    def start_services(self, env: dict[str, str], pg_url: str) -> None:
        for name in self.services:
            self.supervisor.start(
                Program(
                    name,
                    [sys.executable, "-m", f"subgraphs.{name}"],
                    {
                        **env,
                        "DATABASE_URL": service_database_url(pg_url, name),
                        "HTTP_PORT": str(self.ports.http(name)),
                        "GRPC_PORT": str(self.ports.grpc(name)),
                        # every line as ECS JSON too, for `python -m indefinite.logs`
                        "LOG_FILE": str(self.data / "logs" / f"{name}.jsonl"),
                    },
                    cwd=ROOT,
                )
            )
        for name in self.services:
            self.wait_ready(f"http://127.0.0.1:{self.ports.http(name)}/readyz", name)

    def create_first_owner(self, env: dict[str, str], pg_url: str) -> None:
        if not os.environ.get("FIRST_OWNER_EMAIL") or "auth" not in self.services:
            return
        try:
            create_first_owner({**env, "DATABASE_URL": service_database_url(pg_url, "auth")})
        except SystemExit as exc:
            raise DevError(str(exc.code)) from None

    def start_router(self, env: dict[str, str]) -> None:
        if not self.router:
            return
        urls = {name: f"http://127.0.0.1:{self.ports.http(name)}/graphql" for name in self.services}
        router_env = {
            **env,
            "ROUTER_SUBGRAPH_URLS": orjson.dumps(urls).decode(),
            "ROUTER_JWT__JWKS_URL": env["JWKS_URL"],
            "ROUTER_JWT__ISSUER": os.environ.get("JWT_ISSUER", "indefinite-studies"),
            "ROUTER_JWT__AUDIENCE": os.environ.get("JWT_AUDIENCE", "indefinite-studies"),
            "ROUTER_LOG_JSON": env["LOG_JSON"],
            # the UI goes by trusted document ids (no safelist here: APQ and GraphiQL work), and
            # `make supergraph` is picked up without a restart
            "ROUTER_PERSISTED__MANIFEST": str(UI_MANIFEST),
            "ROUTER_RELOAD__ENABLED": "true",
            "ROUTER_LOG_FILE": str(self.data / "logs" / "router.jsonl"),
            # one line per request, so `indefinite.logs --track-id` finds the router's hop too
            "ROUTER_ACCESS_LOG": os.environ.get("ROUTER_ACCESS_LOG", "true"),
        }
        if "sessions" in self.services:
            router_env["ROUTER_SESSIONS__GRPC_TARGET"] = self.ports.grpc_target("sessions")
        self.supervisor.start(
            Program(
                "router",
                [
                    sys.executable,
                    "-m",
                    "router",
                    "--supergraph",
                    str(ROOT / "supergraph.graphql"),
                    "--listen",
                    f"127.0.0.1:{self.ports.router}",
                ],
                router_env,
                cwd=ROOT,
            )
        )
        self.wait_ready(f"http://127.0.0.1:{self.ports.router}/healthz", "router")

    def start_prober(self, env: dict[str, str]) -> None:
        """`python -m qa serve` when QA_PROBER=true: the journeys every QA_INTERVAL_SECONDS
        against this run's router, as the FIRST_OWNER_*, reading this run's mail sink;
        metrics on DEV_QA_PORT (9464 + DEV_PORT_OFFSET)."""
        if not self.prober:
            return
        port = self.ports.qa
        prober_env = {
            **env,
            "QA_BASE_URL": f"http://127.0.0.1:{self.ports.router}",
            "QA_LISTEN": f"127.0.0.1:{port}",
            "QA_OWNER_EMAIL": os.environ.get("QA_OWNER_EMAIL", env.get("FIRST_OWNER_EMAIL", "")),
            "QA_OWNER_PASSWORD": os.environ.get(
                "QA_OWNER_PASSWORD", env.get("FIRST_OWNER_PASSWORD", "")
            ),
        }
        if self.wants_mail_sink():
            prober_env.setdefault("QA_MAILBOX", f"dir:{self.data / 'mail'}")
        command = [sys.executable, "-m", "qa", "serve"]
        self.supervisor.start(Program("qa", command, prober_env, cwd=ROOT))
        self.wait_for_port(port, "QA prober")

    def start_ui(self, env: dict[str, str]) -> None:
        if self.ui_mode == "off":
            return
        try:
            program = ui_program(
                port=self.ports.ui,
                router_port=self.ports.router,
                mode=self.ui_mode,
                base_env=env,
                log_file=None,
            )
        except UiError as exc:
            raise DevError(str(exc)) from None
        self.supervisor.start(program)
        self.wait_for_port(self.ports.ui, "web UI")

    # -- waiting -----------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.stopping.is_set():
            raise StopRequested
        self.supervisor.poll()
        time.sleep(0.2)

    def wait_for(self, ready: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready():
                return
            self._tick()
        raise DevError(f"{what} did not answer in {timeout:.0f} s")

    def wait_for_port(self, port: int, name: str) -> None:
        self.wait_for(lambda: port_open("127.0.0.1", port), f"{name} on port {port}")

    def wait_ready(self, url: str, name: str) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return
            self._tick()
        raise DevError(f"{name} did not become ready at {url} in {READY_TIMEOUT:.0f} s")

    # -- the run -----------------------------------------------------------------------------

    def run(self) -> None:
        self.stop_leftovers()
        try:
            check_free(self.ports_needed())
        except PortInUse as exc:
            raise DevError(str(exc)) from None
        with contextlib.ExitStack() as stack:
            pg_url = self.start_postgres(stack)
            stack.enter_context(self.supervisor)
            redis_url = self.start_redis(stack)
            kafka_servers = self.start_kafka()
            s3_env = self.start_s3()
            mail_env = self.start_mail_sink()
            env = self.service_env(redis_url, kafka_servers, {**s3_env, **mail_env})
            self.start_services(env, pg_url)
            self.create_first_owner(env, pg_url)
            self.start_router(env)
            self.start_prober(env)
            self.start_ui(env)
            self.print_endpoints(pg_url, redis_url, kafka_servers, s3_env)
            self.supervisor.run(until=self.stopping.is_set)
            self.console.say("stopping")

    def print_endpoints(
        self, pg_url: str, redis_url: str, kafka_servers: str, s3_env: dict[str, str]
    ) -> None:
        lines = ["", "Indefinite Studies is running:"]
        if self.ui_mode != "off":
            lines.append(f"  Web UI           http://127.0.0.1:{self.ports.ui}/")
        if self.router:
            lines.append(f"  GraphiQL / API   http://127.0.0.1:{self.ports.router}/graphql")
            lines.append(f"  REST             http://127.0.0.1:{self.ports.router}/api/v1")
        for name in self.services:
            http, grpc = self.ports.http(name), self.ports.grpc(name)
            lines.append(f"  {name:<16} http://127.0.0.1:{http}/graphql   gRPC 127.0.0.1:{grpc}")
        lines.append(f"  PostgreSQL       {pg_url}")
        lines.append(f"  Redis            {redis_url}")
        lines.append(f"  Kafka            {kafka_servers}")
        if s3_env:
            lines.append(f"  S3 (moto)        {s3_env['S3_PUBLIC_BASE_URL']}")
        if self.wants_mail_sink():
            lines.append(f"  Mail (SMTP sink) 127.0.0.1:{self.ports.smtp} -> {self.data / 'mail'}")
        lines.append(
            f"  Logs (ECS JSON)  {self.data / 'logs'}  (python -m indefinite.logs --follow)"
        )
        if self.prober:
            lines.append(f"  QA prober        http://127.0.0.1:{self.ports.qa}/metrics")
        lines.append("Press Ctrl-C to stop.")
        print("\n".join(lines), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", type=Path, default=ROOT / ".data", help="where embedded stores keep data"
    )
    parser.add_argument(
        "--json-logs", action="store_true", help="JSON log lines (as in production)"
    )
    args = parser.parse_args(argv)
    data: Path = args.data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    console = Console()
    dev = Dev(data, DevPorts.from_env(), console, json_logs=args.json_logs)

    def on_signal(_signum: int, _frame: object) -> None:
        dev.stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        dev.run()
    except DevError as exc:
        console.alert(str(exc))
        return 1
    except StopRequested:
        console.say("stopped during start-up")
    return 0


if __name__ == "__main__":
    sys.exit(main())
