"""Scheduler benchmarks: day close for many people, and a paced reminder fan-out.

Run by hand (figures go to docs/scheduler.md):

    .venv/bin/python benchmarks/scheduler_bench.py close --backend sqlite --people 100000
    .venv/bin/python benchmarks/scheduler_bench.py close --backend postgres --people 100000
    .venv/bin/python benchmarks/scheduler_bench.py fanout --backend sqlite --recipients 10000
    .venv/bin/python benchmarks/scheduler_bench.py fanout --backend postgres --recipients 10000

``close`` creates the people in bulk across the 27 Kragan villages, each with a Telegram chat
(70 % with a check-in and a check-out, 10 % with a check-in only, 20 % with nothing), then times
the 18:05 scheduler tick that closes Monday 7 December 2026: the snapshot, the bulk upsert of
every day, the "lupa absen pulang" and absence notices into the outbox, the warning-ladder check,
the evening recap and the close markers. An untimed 05:00 tick first catches up the empty days
before, as a running service would have done long ago. ``--bulk-only`` times
``scheduler.closing.close_date`` alone (no chats, no notices).

``fanout`` creates people with Telegram chats, times the 06:46 tick that plans and queues their
check-in reminders, then times the outbox sender delivering them to the fake Bot API at the
default pacing (30 messages/s overall, 1/s per chat).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import resource
import tempfile
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
from telegram import Bot

from attendance.database import open_database
from attendance.enums import EventKind, EventSource, Role, Verdict
from attendance.ledger import Ledger
from attendance.models import AttendanceDay, AttendanceEvent, ChatAccount, Person, Village
from attendance.seed import sync_district
from bot.sandbox import FakeBotApi
from config import load_settings
from config.scheduler import SchedulerSettings
from scheduler.closing import close_date
from scheduler.dispatcher import Dispatcher
from scheduler.plan import JobContext
from scheduler.sender import OutboxSender

POSTGRES = "postgres://postgres@127.0.0.1:5432/test"
WIB = ZoneInfo("Asia/Jakarta")
MONDAY = dt.date(2026, 12, 7)
ADDED = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
MONDAY_MORNING = dt.datetime(2026, 12, 7, 4, 0, tzinfo=WIB)


class Clock:
    """A settable clock for the ledger."""

    def __init__(self, instant: dt.datetime) -> None:
        self.instant = instant

    def __call__(self) -> dt.datetime:
        return self.instant


async def create_people(
    count: int, *, chats: bool, events: bool, added: dt.datetime = ADDED
) -> None:
    """Create `count` people (and chats and Monday events) in bulk."""
    villages = [v.id for v in await Village.all().order_by("id")]
    people = [
        Person(
            name=f"Orang {n}",
            role=Role.KADES if n % 10 == 0 else Role.STAF,
            village_id=villages[n % len(villages)],
            created_at=added,
        )
        for n in range(count)
    ]
    await Person.bulk_create(people, batch_size=2000)
    ids = [p.id for p in await Person.all().order_by("id").only("id")]
    if chats:
        await ChatAccount.bulk_create(
            [
                ChatAccount(person_id=pid, channel="telegram", external_id=str(10**9 + pid))
                for pid in ids
            ],
            batch_size=2000,
        )
    if not events:
        return
    rows = []
    for index, pid in enumerate(ids):
        kind = index % 10
        if kind >= 8:
            continue
        stamp = dt.datetime.combine(MONDAY, dt.time(6, 50), tzinfo=WIB).astimezone(dt.UTC)
        rows.append(_event(f"b:{pid}:in", pid, EventKind.CHECK_IN, stamp))
        if kind < 7:
            out = dt.datetime.combine(MONDAY, dt.time(14, 5), tzinfo=WIB).astimezone(dt.UTC)
            rows.append(_event(f"b:{pid}:out", pid, EventKind.CHECK_OUT, out))
    await AttendanceEvent.bulk_create(rows, batch_size=2000)


def _event(key: str, pid: int, kind: EventKind, at: dt.datetime) -> AttendanceEvent:
    return AttendanceEvent(
        idempotency_key=key,
        source=EventSource.TELEGRAM,
        kind=kind,
        person_id=pid,
        occurred_at=at,
        received_at=at,
        local_date=MONDAY,
        evidence={},
        verdict=Verdict.ACCEPTED,
        reasons=[],
    )


async def bench_close(url: str, people: int, *, tick: bool) -> None:
    settings = load_settings()
    async with open_database(url):
        await sync_district(settings.district)
        started = time.perf_counter()
        # Added on Monday after the day boundary: Monday is the only date to close.
        await create_people(people, chats=tick, events=True, added=MONDAY_MORNING)
        print(f"setup: {people} people in {time.perf_counter() - started:.1f} s")
        clock = Clock(dt.datetime.combine(MONDAY, dt.time(18, 5), tzinfo=WIB))
        ledger = Ledger(settings.district, clock=clock)

        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            if tick:
                context = JobContext(ledger, SchedulerSettings(), "-1001", Path(folder))
                jobs = Dispatcher(context)
                # Untimed warm-up at 05:00: a fresh database first catches up the (empty) week
                # before and November's report; a running service did that long ago.
                clock.instant = dt.datetime.combine(MONDAY, dt.time(5, 0), tzinfo=WIB)
                await jobs.tick()
                clock.instant = dt.datetime.combine(MONDAY, dt.time(18, 5), tzinfo=WIB)
                started = time.perf_counter()
                report = await jobs.tick()
                summary = f"{report.closes} close, {report.queued} notices queued"
            else:
                closed = await close_date(ledger, MONDAY)
                summary = f"absent {closed.absent}, missing check-out {closed.missing_check_out}"
            elapsed = time.perf_counter() - started
        stored = await AttendanceDay.filter(local_date=MONDAY).count()
        absent = await AttendanceDay.filter(local_date=MONDAY, status="absent").count()
        forgot = await AttendanceDay.filter(local_date=MONDAY, status="missing_check_out").count()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'tick' if tick else 'close_date'}: {stored} days stored in {elapsed:.1f} s "
        f"= {stored / elapsed:,.0f} people/s; {summary}; stored absent {absent}, "
        f"missing check-out {forgot}; peak RSS {rss:.0f} MiB"
    )


async def bench_fanout(url: str, recipients: int) -> None:
    settings = load_settings()
    fake = FakeBotApi()
    await fake.start()
    try:
        async with open_database(url):
            await sync_district(settings.district)
            # Added the day before, so no earlier days close and no warnings are issued.
            added = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
            await create_people(recipients, chats=True, events=False, added=added)
            clock = Clock(dt.datetime.combine(MONDAY, dt.time(6, 46), tzinfo=WIB))
            ledger = Ledger(settings.district, clock=clock)
            with tempfile.TemporaryDirectory() as folder:
                jobs = Dispatcher(JobContext(ledger, SchedulerSettings(), None, Path(folder)))
                started = time.perf_counter()
                tick = await jobs.tick()
                planned = time.perf_counter() - started
                print(f"plan + queue: {tick.queued} messages in {planned:.2f} s")

                bot = Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)
                async with bot:
                    sender = OutboxSender(bot, Path(folder), clock)
                    started = time.perf_counter()
                    report = await sender.drain(max_passes=100_000)
                    elapsed = time.perf_counter() - started
    finally:
        await fake.stop()
    print(
        f"send: {report.sent} sent to the fake Bot API in {elapsed:.1f} s "
        f"= {report.sent / elapsed:.1f} messages/s (limit 30/s); rejected {len(fake.rejected)}"
    )


async def postgres_database() -> str:
    name = f"sregep_bench_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(POSTGRES)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return f"{POSTGRES.rsplit('/', 1)[0]}/{name}"


async def drop(url: str) -> None:
    connection = await asyncpg.connect(POSTGRES)
    await connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await connection.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("close", "fanout"))
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument(
        "--bulk-only",
        action="store_true",
        help="close: time scheduler.closing.close_date alone instead of the scheduler tick",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = (
            f"sqlite://{Path(folder) / 'bench.sqlite3'}"
            if args.backend == "sqlite"
            else await postgres_database()
        )
        print(f"backend: {args.backend}")
        try:
            if args.what == "close":
                await bench_close(url, args.people, tick=not args.bulk_only)
            else:
                await bench_fanout(url, args.recipients)
        finally:
            if args.backend == "postgres":
                await drop(url)


if __name__ == "__main__":
    asyncio.run(main())
