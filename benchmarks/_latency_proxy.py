"""An emulated office network: a TCP proxy on 127.0.0.1 that adds round-trip time.

The office benchmark connects to PostgreSQL through this proxy instead of directly, so
that every protocol round trip costs what it would across the office's network (2 ms
on a switched LAN, 20 ms to a server in another building or over a VPN). Each chunk of
bytes is held for half the round-trip time in its own direction, in order, so a
request/response exchange costs one full round trip, as on a real link; throughput is
not limited (the office's links are not the bottleneck at these volumes).

The proxy also counts *turns*: a turn starts whenever the client sends after having
received (or at its first send), which is what one protocol round trip is from the
application's side — a query waited for, a BEGIN, a COMMIT, a ping. A new connection's
start-up and authentication exchange is counted apart (``connections``).

Hand-written rather than a tool such as ``tc netem``: that needs root and changes the
machine's loopback for every process, where this delays only the benchmark's own
connections and can count them.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from dataclasses import dataclass


@dataclass
class Counts:
    turns: int = 0
    connections: int = 0


class LatencyProxy:
    """``start()`` listens on 127.0.0.1 (a free port, ``port``) and forwards to
    ``upstream``; ``rtt_ms`` may be changed between measurements."""

    def __init__(self, upstream_host: str, upstream_port: int, rtt_ms: float = 0.0) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.rtt_ms = rtt_ms
        self.port = 0
        self.counts = Counts()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._tasks: set[asyncio.Task[None]] = set()

    # -- control (from the benchmark's thread) ------------------------------------------

    def start(self) -> LatencyProxy:
        self._thread.start()
        ready = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        self.port = ready.result(10)
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for task in list(self._tasks):
                task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def reset(self) -> Counts:
        """The counts so far, and zero from now on."""
        with self._lock:
            counts, self.counts = self.counts, Counts()
        return counts

    # -- the proxy itself (in its own event loop) ----------------------------------------

    async def _listen(self) -> int:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return int(self._server.sockets[0].getsockname()[1])

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            server_r, server_w = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_w.close()
            self._tasks.discard(task)
            return
        with self._lock:
            self.counts.connections += 1
        # The connection's start-up (SSL request, start-up message, authentication,
        # parameter status) is counted in ``connections``, not as turns: the turns
        # begin with the first query after the server said it is ready.
        state = {"last": "server", "started": False}
        try:
            await asyncio.gather(
                self._pipe(client_r, server_w, "client", state),
                self._pipe(server_r, client_w, "server", state),
            )
        finally:
            for writer in (client_w, server_w):
                with contextlib.suppress(Exception):
                    writer.close()
            self._tasks.discard(task)

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        side: str,
        state: dict[str, object],
    ) -> None:
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, chunk = await queue.get()
                if not chunk:
                    with contextlib.suppress(Exception):
                        writer.write_eof()
                    return
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(chunk)
                await writer.drain()

        sender = asyncio.ensure_future(deliver())
        try:
            while True:
                chunk = await reader.read(65536)
                now = time.monotonic()
                if chunk:
                    self._note(side, chunk, state)
                queue.put_nowait((now + self.rtt_ms / 2000.0, chunk))
                if not chunk:
                    break
            await sender
        except (ConnectionError, asyncio.CancelledError):
            sender.cancel()

    def _note(self, side: str, chunk: bytes, state: dict[str, object]) -> None:
        if side == "server":
            # ReadyForQuery ('Z') ends the start-up; from then on client sends are turns.
            if not state["started"] and b"Z\x00\x00\x00\x05" in chunk:
                state["started"] = True
            state["last"] = "server"
            return
        if state["started"] and state["last"] == "server":
            with self._lock:
                self.counts.turns += 1
        state["last"] = "client"
