"""`chipdb serve` under load, side by side with Datasette serving the same SQLite file, in the same run.

    python benchmarks/web_load.py                      # about a minute; installs what is missing
    python benchmarks/web_load.py --requests 3000 --rounds 7 --clients 16

Loopback only and bounded: every round sends a fixed number of requests (and stops early at --seconds), from
--clients keep-alive connections. chipdb answers GET /api/chips/H800 (`chipdb show H800 --format json`: the
chip, its sources and the licence determination); Datasette answers the H800 row of the chip_summary view as
JSON. Rounds alternate chipdb, Datasette, chipdb, ... and the ratio of requests/s is taken round by round: these
machines are noisy, so only ratios measured in the same run are quoted. Then, when a PostgreSQL server answers
($CHIPDB_TEST_POSTGRESQL_URL or the local test server), chipdb with 2 workers on one PostgreSQL database:
errors, and whether every answer was the same.
"""

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_DEFAULT = "postgresql+psycopg://root@127.0.0.1:5432/test"
H800 = "H800 SXM5 80GB"


@dataclass
class Load:
    """What one round measured."""

    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    bodies: set[bytes] = field(default_factory=set)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Status, body and whether the server keeps the connection, of one HTTP/1.1 response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {
        k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
    }
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await reader.readexactly(size + 2))
            if size == 0:
                break
        body = b"".join(p[:-2] for p in parts)
    else:
        body = await reader.read()
    return status, body, headers.get("connection", "").lower() != "close"


async def _client(host: str, port: int, path: str, tickets: list[int], deadline: float, load: Load) -> None:
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while tickets and time.perf_counter() < deadline:
        tickets.pop()
        start = time.perf_counter()
        try:
            if writer is None or reader is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            await writer.drain()
            status, body, keep = await _response(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            load.errors += 1
            writer = reader = None
            continue
        load.latencies.append(time.perf_counter() - start)
        load.requests += 1
        if status != 200:
            load.errors += 1
        load.bodies.add(body)
        if not keep:
            writer.close()
            writer = reader = None
    if writer is not None:
        writer.close()


def load(url: str, requests: int, clients: int, seconds: float) -> Load:
    """GET `url` `requests` times from `clients` connections (stopping at `seconds`); loopback addresses only."""
    rest = url.split("://", 1)[1]
    hostport, _, path = rest.partition("/")
    host, _, port = hostport.rpartition(":")
    if host not in ("127.0.0.1", "localhost", "[::1]"):
        raise SystemExit(f"{url}: this load test only targets this machine (loopback)")
    result = Load()
    tickets = list(range(requests))

    async def run() -> None:
        deadline = time.perf_counter() + seconds
        tasks = [_client(host, int(port), "/" + path, tickets, deadline, result) for _ in range(clients)]
        await asyncio.gather(*tasks)

    start = time.perf_counter()
    asyncio.run(run())
    result.seconds = time.perf_counter() - start
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answered on port {port} within {timeout} s")


@contextmanager
def running(
    command: list[str], port: int, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A server process for the duration of the block; stopped (and waited for) afterwards."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(port, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def ensure_tools() -> None:
    missing = [m for m in ("fastapi", "uvicorn", "jinja2", "datasette") if not _importable(m)]
    if missing:
        print(f"installing {', '.join(missing)} ...", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "-e", f"{ROOT}[web,datasette]"], check=True
        )


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def chipdb_server(db: str, port: int, workers: int) -> list[str]:
    return [tool("chipdb"), "--db", db, "serve", "--port", str(port), "--workers", str(workers)]


def line(label: str, runs: list[Load]) -> str:
    rates = [r.rate for r in runs]
    p99 = statistics.median(r.percentile(0.99) for r in runs) * 1000
    p50 = statistics.median(r.percentile(0.5) for r in runs) * 1000
    errors = sum(r.errors for r in runs)
    return (f"  {label:<34} req/s min {min(rates):7.1f} median {statistics.median(rates):7.1f} max {max(rates):7.1f}"
            f"   p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  errors {errors}")  # fmt: skip


def sqlite_target(work: Path, options: argparse.Namespace) -> None:
    db = work / "chipdb.sqlite3"
    subprocess.run([tool("chipdb"), "--db", str(db), "list", "-q"], check=True, capture_output=True)
    a_port, b_port = free_port(), free_port()
    a_url = f"http://127.0.0.1:{a_port}/api/chips/H800"
    b_url = f"http://127.0.0.1:{b_port}/chipdb/chip_summary.json?chip={H800.replace(' ', '+')}&_shape=array"
    print(f"\n1. GET /api/chips/H800 (chipdb serve, 1 worker) vs Datasette's chip_summary row, SQLite, "
          f"{options.clients} clients, {options.requests} requests a round, {options.rounds} rounds")  # fmt: skip
    datasette = [tool("datasette"), "serve", str(db), "--port", str(b_port)]
    with running(chipdb_server(str(db), a_port, 1), a_port), running(datasette, b_port):
        for url in (a_url, b_url):  # warm-up, and a check that each answers the question
            warm = load(url, 50, 4, options.seconds)
            if warm.errors or not any(b"H800" in body for body in warm.bodies):
                raise SystemExit(f"{url} did not answer with the H800: {sorted(warm.bodies)[:1]!r}")
        ours: list[Load] = []
        theirs: list[Load] = []
        for _ in range(options.rounds):
            ours.append(load(a_url, options.requests, options.clients, options.seconds))
            theirs.append(load(b_url, options.requests, options.clients, options.seconds))
    ratios = [a.rate / b.rate for a, b in zip(ours, theirs, strict=True) if b.rate]
    print(line("chipdb /api/chips/H800", ours), line("Datasette chip_summary row", theirs), sep="\n")
    print(f"  chipdb / Datasette requests/s: median of rounds {statistics.median(ratios):.2f} "
          f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})")  # fmt: skip


def postgresql_target(options: argparse.Namespace) -> None:
    try:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        server = make_url(os.environ.get("CHIPDB_TEST_POSTGRESQL_URL", PG_DEFAULT))
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect():
            pass
    except Exception as exc:
        print(f"\n2. PostgreSQL: skipped, no server ({type(exc).__name__})")
        return
    name = f"chipdb_load_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = server.set(database=name).render_as_string(hide_password=False)
        subprocess.run([tool("chipdb"), "--db", url, "list", "-q"], check=True, capture_output=True)
        port = free_port()
        print(f"\n2. GET /api/chips/H800, chipdb serve --workers 2 on PostgreSQL, {options.clients} clients")
        with running(chipdb_server(url, port, 2), port):
            load(f"http://127.0.0.1:{port}/api/chips/H800", 50, 4, options.seconds)  # warm-up
            runs = [load(f"http://127.0.0.1:{port}/api/chips/H800", options.requests, options.clients,
                         options.seconds) for _ in range(options.rounds)]  # fmt: skip
        print(line("chipdb, 2 workers, PostgreSQL", runs))
        answers = set().union(*(r.bodies for r in runs))
        print(f"  distinct answers: {len(answers)} (1 expected); errors: {sum(r.errors for r in runs)}")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per round (default 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per server (default 5)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--seconds", type=float, default=30.0, help="a round stops here at the latest")
    options = parser.parse_args()
    ensure_tools()
    print(f"machine: {os.uname().machine}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    work = Path(tempfile.mkdtemp(prefix="chipdb-web-load-"))
    try:
        sqlite_target(work, options)
        postgresql_target(options)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
