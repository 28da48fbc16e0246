"""Benchmark of ATTLOG ingestion: records per second and push-to-updated-day latency.

Run by hand on the target machine (nothing here runs in the test suite):

    .venv/bin/python benchmarks/terminals_bench.py --backend sqlite
    .venv/bin/python benchmarks/terminals_bench.py --backend postgres
    .venv/bin/python benchmarks/terminals_bench.py --backend postgres --devices 1 --batches 40

The real web application is served over HTTP on a local port; simulated ZKTeco terminals (one
per village, ``--people`` perangkat each) push a chronological backfill of working days as
ATTLOG batches of ``--batch-size`` lines, each terminal waiting for its ``OK: n`` before the next
batch, as devices do. About 5 % of scans are double scans a few seconds apart (collapsed as
repeats). The reply comes after the events are stored and their days recomputed, so a batch's
latency is the time from push to updated day. Then every batch is pushed again (a lost-ack
replay) to measure duplicates. PostgreSQL runs in a database created for the run and dropped
after it (``--postgres-url`` names the server, default 127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
from aiohttp.test_utils import TestClient, TestServer

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from attendance.database import open_database  # noqa: E402
from attendance.enums import Role  # noqa: E402
from attendance.ledger import Ledger  # noqa: E402
from attendance.models import AttendanceDay, AttendanceEvent, DevicePin, Person  # noqa: E402
from attendance.seed import sync_district  # noqa: E402
from attendance.vault import Vault, new_key  # noqa: E402
from config.settings import load_settings  # noqa: E402
from service.web import create_web_app  # noqa: E402
from terminals.admin import add_device  # noqa: E402
from terminals.registry import TerminalProtocol, find_device  # noqa: E402

WIB = ZoneInfo("Asia/Jakarta")
FIRST_DAY = dt.date(2026, 6, 1)
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"


@dataclass
class Clock:
    """The service clock: always a little after the newest punch pushed, like a live server."""

    now: dt.datetime

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass(frozen=True, slots=True)
class Run:
    """Timings of one pass over all batches, and the CPU time it took."""

    records: int
    seconds: float
    latencies: list[float]
    service_cpu: float
    database_cpu: float | None

    def line(self, label: str) -> str:
        """Return a one-line summary."""
        ordered = sorted(self.latencies)
        p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
        return (
            f"{label}: {self.records} records in {self.seconds:.2f} s = "
            f"{self.records / self.seconds:,.0f} records/s; push to updated day per batch: "
            f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms ({len(ordered)} batches)\n"
            f"  CPU per 1,000 records: service {self.service_cpu / self.records * 1e6:.0f} ms"
            f"{self._database()}"
        )

    def _database(self) -> str:
        if self.database_cpu is None:
            return " (SQLite runs inside the service)"
        return f", PostgreSQL backends {self.database_cpu / self.records * 1e6:.0f} ms"


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--devices", type=int, default=4, help="terminals pushing at once")
    parser.add_argument("--people", type=int, default=15, help="perangkat per terminal")
    parser.add_argument("--batches", type=int, default=60, help="batches per terminal")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(bench(f"sqlite://{Path(folder) / 'bench.sqlite3'}", args))
        return
    name = f"sregep_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(args.postgres_url, f'CREATE DATABASE "{name}"'))
    try:
        asyncio.run(bench(f"{args.postgres_url.rsplit('/', 1)[0]}/{name}", args))
    finally:
        asyncio.run(_admin(args.postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(url: str, statement: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def bench(url: str, args: argparse.Namespace) -> None:
    """Set up villages, people and terminals, then push every batch twice."""
    settings = load_settings()
    clock = Clock(dt.datetime.combine(FIRST_DAY, dt.time(6), tzinfo=WIB))
    ledger = Ledger(settings.district, clock=clock)
    vault = Vault([new_key()])
    random.seed(args.seed)

    async with open_database(url):
        await sync_district(settings.district)
        streams = [
            await _terminal(settings.district.villages[index].code, index, args, vault)
            for index in range(args.devices)
        ]
        app = create_web_app(settings, ledger, vault)
        async with TestClient(TestServer(app)) as client:
            first = await _push_all(client, streams, clock)
            replay = await _push_all(client, streams, clock)

        events = await AttendanceEvent.all().count()
        days = await AttendanceDay.all().count()

    backend = url.split(":", 1)[0]
    print(f"backend {backend}: {args.devices} terminals x {args.people} people, "
          f"{args.batches} batches of {args.batch_size} lines each")  # fmt: skip
    print(first.line("new records"))
    print(replay.line("replayed batches (all duplicates)"))
    print(f"stored: {events} events, {days} attendance days")


async def _terminal(
    village: str, index: int, args: argparse.Namespace, vault: Vault
) -> tuple[str, list[list[tuple[str, dt.datetime]]]]:
    """Register a terminal with its people and return its serial and its batches."""
    serial = f"BENCH{index:03d}"
    await add_device(serial, TerminalProtocol.ADMS, village, "bench", vault)
    device = await find_device(serial)
    assert device is not None
    village_id = device.village_id
    people = [
        await Person.create(name=f"Perangkat {index}-{n}", role=Role.STAF, village_id=village_id)
        for n in range(args.people)
    ]
    for person in people:
        await DevicePin.create(device_id=device.id, pin=str(1000 + person.id), person_id=person.id)

    punches = _punches([str(1000 + person.id) for person in people], args)
    size = args.batch_size
    batches = [punches[start : start + size] for start in range(0, len(punches), size)]
    return serial, batches[: args.batches]


def _punches(pins: list[str], args: argparse.Namespace) -> list[tuple[str, dt.datetime]]:
    """Return a chronological log of working-day punches, with occasional double scans."""
    wanted = args.batches * args.batch_size
    punches: list[tuple[str, dt.datetime]] = []
    day = FIRST_DAY
    while len(punches) < wanted:
        if day.weekday() < 6:
            for pin in pins:
                for base, spread in ((dt.time(6, 40), 50), (dt.time(14, 0), 40)):
                    start = dt.datetime.combine(day, base, tzinfo=WIB)
                    at = start + dt.timedelta(minutes=random.randint(0, spread))
                    at += dt.timedelta(seconds=random.randint(0, 59))
                    punches.append((pin, at))
                    if random.random() < 0.05:
                        punches.append((pin, at + dt.timedelta(seconds=random.randint(2, 20))))
        day += dt.timedelta(days=1)
    punches.sort(key=lambda item: item[1])
    return punches[:wanted]


async def _push_all(
    client: TestClient[Any, Any],
    streams: list[tuple[str, list[list[tuple[str, dt.datetime]]]]],
    clock: Clock,
) -> Run:
    latencies: list[float] = []
    records = sum(len(batch) for _, batches in streams for batch in batches)

    async def push(serial: str, batches: list[list[tuple[str, dt.datetime]]]) -> None:
        for batch in batches:
            newest = max(at for _, at in batch) + dt.timedelta(minutes=5)
            clock.now = max(clock.now, newest)
            body = "".join(
                f"{pin}\t{at.astimezone(WIB):%Y-%m-%d %H:%M:%S}\t0\t15\t\t0\t0\t\r\n"
                for pin, at in batch
            )
            started = time.perf_counter()
            async with client.post(
                "/iclock/cdata",
                params={"SN": serial, "table": "ATTLOG", "Stamp": "9999"},
                data=body.encode(),
            ) as response:
                reply = await response.text()
            latencies.append(time.perf_counter() - started)
            if reply != f"OK: {len(batch)}":
                msg = f"Terminal {serial} got {reply!r} for {len(batch)} lines."
                raise RuntimeError(msg)

    database_before = await _database_cpu()
    cpu_before = _own_cpu()
    started = time.perf_counter()
    await asyncio.gather(*(push(serial, batches) for serial, batches in streams))
    seconds = time.perf_counter() - started
    service_cpu = _own_cpu() - cpu_before
    database_after = await _database_cpu()
    database_cpu = None
    if database_before is not None and database_after is not None:
        database_cpu = sum(
            spent - database_before.get(pid, 0.0) for pid, spent in database_after.items()
        )
    return Run(records, seconds, latencies, service_cpu, database_cpu)


def _own_cpu() -> float:
    """Return the CPU seconds this process (server and simulated terminals) has used."""
    times = os.times()
    return times.user + times.system


async def _database_cpu() -> dict[int, float] | None:
    """Return CPU seconds per PostgreSQL backend serving this database, read from /proc.

    Only meaningful when PostgreSQL runs on this machine; None for SQLite or when /proc cannot
    be read. Backends that closed during the pass are missed, so this is a lower bound.
    """
    connection = AttendanceEvent._meta.db
    if connection.capabilities.dialect != "postgres":
        return None
    _, rows = await connection.execute_query(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
    )
    return _process_cpu([int(row["pid"]) for row in rows])


def _process_cpu(pids: list[int]) -> dict[int, float] | None:
    """Return user + system CPU seconds of each process, or None if one cannot be read."""
    ticks = os.sysconf("SC_CLK_TCK")
    spent: dict[int, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        spent[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return spent


if __name__ == "__main__":
    main()
