"""Fixtures shared by the whole suite: settings, a travelling clock and a database per backend.

Database tests run once on SQLite (a fresh file per test) and once on PostgreSQL. The PostgreSQL
server comes from ``SREGEP_TEST_POSTGRES_URL`` (default ``postgres://postgres@127.0.0.1:5432/test``);
each test run creates its own database there and drops it at the end. When the server cannot be
reached the PostgreSQL variants are skipped with the reason. ``SREGEP_TEST_BACKENDS=postgres``
(or ``sqlite``) runs the database tests on one backend only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from attendance.database import open_database
from attendance.ledger import Ledger
from attendance.seed import sync_district
from config.settings import Settings, load_settings
from tests.timetravel import TravellingClock

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"
POSTGRES_URL = os.environ.get(
    "SREGEP_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"
)
BACKENDS = [
    name
    for name in os.environ.get("SREGEP_TEST_BACKENDS", "sqlite,postgres").split(",")
    if name.strip()
]


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The bundled Kecamatan Kragan settings."""
    return load_settings()


@pytest.fixture
def clock() -> TravellingClock:
    """A clock starting on Monday 7 December 2026, 06:00 WIB."""
    return TravellingClock(dt.datetime(2026, 12, 6, 23, 0, tzinfo=dt.UTC))


async def _postgres_reachable(url: str) -> str | None:
    try:
        connection = await asyncpg.connect(url, timeout=3)
    except (TimeoutError, OSError, asyncpg.PostgresError) as err:
        return f"PostgreSQL at {url} is not reachable ({type(err).__name__}: {err})"
    await connection.close()
    return None


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """Create a database for this test run on the PostgreSQL server and drop it afterwards."""
    problem = asyncio.run(_postgres_reachable(POSTGRES_URL))
    if problem:
        pytest.skip(problem)

    name = f"sregep_test_{uuid.uuid4().hex[:10]}"

    async def admin(statement: str) -> None:
        connection = await asyncpg.connect(POSTGRES_URL)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for one backend: a fresh SQLite file, or the run's PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite://{tmp_path / 'sregep.sqlite3'}"
    return str(request.getfixturevalue("postgres_database"))


async def _truncate_postgres() -> None:
    from tortoise import connections

    connection = connections.get("postgres")
    rows = await connection.execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename <> 'tortoise_migrations'"
    )
    names = ", ".join(f'"{row["tablename"]}"' for row in rows)
    if names:
        await connection.execute_script(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture
async def db(database_url: str, settings: Settings) -> AsyncIterator[str]:
    """An open, migrated, empty database with the configured villages synced."""
    async with open_database(database_url):
        if database_url.startswith("postgres"):
            await _truncate_postgres()
        await sync_district(settings.district)
        yield database_url


@pytest.fixture
def ledger(db: str, settings: Settings, clock: TravellingClock) -> Ledger:
    """A ledger for the bundled district, reading time from the travelling clock."""
    return Ledger(settings.district, clock=clock)
