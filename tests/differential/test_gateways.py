"""tests/gateways.py: processes start on loopback, failures are reported, groups are stopped."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from tests.gateways import GatewayStartError, free_port, start_gateway

# A stand-in gateway: answers `{ __typename }` and starts a child that must die with it.
FAKE_GATEWAY = """
import json, subprocess, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["content-length"]))
        body = json.dumps({"data": {"__typename": "Query"}}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_start_gateway_waits_for_ready_and_kills_the_group() -> None:
    port = free_port()
    argv = [sys.executable, "-c", FAKE_GATEWAY, str(port)]
    async with start_gateway("fake", argv, port, startup_timeout=20) as gateway:
        assert gateway.url == f"http://127.0.0.1:{port}/graphql"
        assert _group_alive(gateway.pid)
    for _ in range(50):  # the orphaned child is reaped by init a moment later
        if not _group_alive(gateway.pid):
            break
        await asyncio.sleep(0.05)
    assert not _group_alive(gateway.pid)


async def test_a_gateway_that_exits_reports_its_log() -> None:
    argv = [sys.executable, "-c", "print('no supergraph here'); raise SystemExit(3)"]
    with pytest.raises(GatewayStartError, match=r"exited with 3(.|\n)*no supergraph here"):
        async with start_gateway("broken", argv, free_port(), startup_timeout=20):
            pass
