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
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop:
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            counts[0 if status == 200 else 1] += 1
    finally:
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
