"""A real HTTP receiver on loopback for webhook tests: records every POST, answers as scripted."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self) -> None:
        self.received: list[dict] = []
        self.script: list[int | tuple[int, dict]] = []  # answers to give, in order; then 200
        # answers for one event type, in order (deliveries from several workers arrive in any order)
        self.script_for: dict[str, list[int | tuple[int, dict]]] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                outer.received.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                       "raw": raw, "json": json.loads(raw or b"null")})
                kind = (outer.received[-1]["json"] or {}).get("type") if isinstance(outer.received[-1]["json"], dict) else None
                by_type = outer.script_for.get(kind or "")
                answer = by_type.pop(0) if by_type else (outer.script.pop(0) if outer.script else 200)
                status, headers = answer if isinstance(answer, tuple) else (answer, {})
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/wxcc"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
