"""The ports of one `make dev` run, and the check that they are free before anything starts.

Defaults: router 4000, subgraphs 4001.. (HTTP) and 50052.. (gRPC), PostgreSQL 5433, Redis 6380,
the Kafka broker 9093, moto's S3 9000, the SMTP sink 1025, the web UI 3000.
`DEV_PORT_OFFSET` shifts every one of them (two runs side by side: `DEV_PORT_OFFSET=100`);
`DEV_ROUTER_PORT`, `DEV_POSTGRES_PORT`, `DEV_REDIS_PORT`, `DEV_KAFKA_PORT`, `DEV_S3_PORT`,
`DEV_SMTP_PORT`, `DEV_UI_PORT` and `DEV_QA_PORT` (the QA prober's metrics, 9464) set one port
exactly.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from common.settings import DEFAULT_HTTP_PORTS, default_grpc_port

OFFSET_VARIABLE = "DEV_PORT_OFFSET"


class PortInUse(RuntimeError):
    """A port this run needs is held by a program that is not a leftover of ours."""


@dataclass(frozen=True)
class Port:
    number: int
    what: str
    variable: str

    def problem(self) -> str:
        return (
            f"port {self.number} ({self.what}) is in use by another program; "
            f"set {self.variable} to move it"
        )


@dataclass(frozen=True)
class DevPorts:
    offset: int
    router: int
    postgres: int
    redis: int
    kafka: int
    s3: int
    smtp: int
    ui: int = 3000
    qa: int = 9464  # the QA prober's /metrics (QA_PROBER=true)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> DevPorts:
        offset = int(env.get(OFFSET_VARIABLE, "0"))

        def port(variable: str, default: int) -> int:
            return int(env.get(variable, str(default + offset)))

        return cls(
            offset=offset,
            router=port("DEV_ROUTER_PORT", 4000),
            postgres=port("DEV_POSTGRES_PORT", 5433),
            redis=port("DEV_REDIS_PORT", 6380),
            kafka=port("DEV_KAFKA_PORT", 9093),
            s3=port("DEV_S3_PORT", 9000),
            smtp=port("DEV_SMTP_PORT", 1025),
            ui=port("DEV_UI_PORT", 3000),
            qa=port("DEV_QA_PORT", 9464),
        )

    def http(self, service: str) -> int:
        return DEFAULT_HTTP_PORTS[service] + self.offset

    def grpc(self, service: str) -> int:
        return default_grpc_port(service) + self.offset

    def grpc_target(self, service: str) -> str:
        return f"127.0.0.1:{self.grpc(service)}"

    def service_ports(self, services: Iterable[str]) -> list[Port]:
        ports: list[Port] = []
        for name in services:
            ports.append(Port(self.http(name), f"{name} HTTP", OFFSET_VARIABLE))
            ports.append(Port(self.grpc(name), f"{name} gRPC", OFFSET_VARIABLE))
        return ports


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could listen on host:port now (SO_REUSEADDR, as servers bind)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def check_free(ports: Iterable[Port]) -> None:
    """Raise PortInUse naming the first port that is taken and the variable that moves it."""
    for port in ports:
        if not port_free(port.number):
            raise PortInUse(port.problem())
