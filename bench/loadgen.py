"""A small HTTP/1.1 keep-alive load generator (asyncio, raw sockets), used when wrk is absent.

    python bench/loadgen.py HOST PORT PATH SECONDS CONNECTIONS [HEADER ...]
prints one JSON line: {"requests": n, "seconds": s, "rps": r, "errors": e}
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def worker(host: str, port: int, request: bytes, stop: float, counts: list[int]) -> None:
    """Keep-alive when the server keeps the connection (uvicorn); a new connection per request when
    it closes it (moto_server's HTTP/1.0 werkzeug server), as a client would."""
    reader = writer = None
    try:
        while time.perf_counter() < stop:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            status = int(head[9:12])
            length = None
            close = head.startswith(b"HTTP/1.0")
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection":
                    close = value.strip().lower() == b"close"
            if length is not None:
                await asyncio.wait_for(reader.readexactly(length), 30)
            elif close:
                await asyncio.wait_for(reader.read(), 30)
            counts[0 if status == 200 else 1] += 1
            if close:
                writer.close()
                reader = writer = None
    finally:
        if writer is not None:
            writer.close()


async def main() -> None:
    host, port, path, seconds, conns = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
    headers = "".join(f"{h}\r\n" for h in sys.argv[6:])
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{headers}\r\n".encode()
    counts = [0, 0]
    start = time.perf_counter()
    stop = start + seconds
    await asyncio.gather(*(worker(host, port, request, stop, counts) for _ in range(conns)))
    took = time.perf_counter() - start
    print(json.dumps({"requests": counts[0], "errors": counts[1], "seconds": round(took, 3), "rps": round(counts[0] / took, 1)}))


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(main())
