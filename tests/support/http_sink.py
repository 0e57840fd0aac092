"""A loopback HTTP server in a thread that hands every POST body (decompressed) to `receive`
and answers 200 with what it returns: the shape of the local Sentry, OTLP receiver and
Elasticsearch stand-ins the observability tests send to."""

from __future__ import annotations

import gzip
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

__all__ = ["HttpSink"]


class HttpSink:
    content_type = "application/json"

    def __init__(self) -> None:
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                encoding = self.headers.get("content-encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                elif encoding == "br":  # sentry-sdk prefers brotli when it is installed
                    import brotli

                    body = brotli.decompress(body)
                answer = sink.receive(self.path, body)
                self.send_response(200)
                self.send_header("content-type", sink.content_type)
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def receive(self, path: str, body: bytes) -> bytes:
        raise NotImplementedError

    def __enter__(self) -> Self:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
