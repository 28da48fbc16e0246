"""The database connection: one owner opens it, migrates it, and closes it.

SQLite is the default (a file under ``data/``, WAL journal, foreign keys on); PostgreSQL is used
when ``DATABASE_URL`` starts with ``postgres://``. Migrations are tortoise's own and live in
``attendance/migrations``; ``sregep db upgrade`` and ``sregep serve`` apply them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.exceptions import DBConnectionError
from tortoise.migrations.api import migrate

from attendance.errors import StorageError

logger = logging.getLogger(__name__)

MODELS_MODULE = "attendance.models"
MIGRATIONS_MODULE = "attendance.migrations"
SUPPORTED_SCHEMES = ("sqlite://", "postgres://", "postgresql://", "asyncpg://")

# Used by `tortoise -c attendance.database.MIGRATION_CONFIG makemigrations` when models change.
MIGRATION_CONFIG: dict[str, Any] = {}


def tortoise_config(database_url: str) -> dict[str, Any]:
    """Return the tortoise configuration for `database_url`."""
    if not database_url.startswith(SUPPORTED_SCHEMES):
        msg = (
            f"DATABASE_URL {redact_url(database_url)!r} is not supported. "
            "Use sqlite://PATH or postgres://USER@HOST:PORT/DB."
        )
        raise StorageError(msg)

    url = database_url.replace("postgresql://", "postgres://", 1)
    name = connection_name(url)
    return {
        "connections": {name: url},
        "apps": {
            "models": {
                "models": [MODELS_MODULE],
                "default_connection": name,
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def connection_name(database_url: str) -> str:
    """Name the connection after its backend.

    Tortoise caches prepared statements per connection name, so a process (such as the test
    suite) that opens SQLite and then PostgreSQL must not reuse one name for both.
    """
    return "sqlite" if database_url.startswith("sqlite://") else "postgres"


MIGRATION_CONFIG.update(tortoise_config("sqlite://:memory:"))


def redact_url(database_url: str) -> str:
    """Hide a password in a database URL before it is shown or logged."""
    scheme, sep, rest = database_url.partition("://")
    if not sep or "@" not in rest:
        return database_url
    credentials, _, host = rest.rpartition("@")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def ensure_sqlite_directory(database_url: str) -> None:
    """Create the folder of a SQLite file so the first start needs no set-up."""
    if not database_url.startswith("sqlite://"):
        return
    path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


async def upgrade_schema(database_url: str) -> None:
    """Apply every pending migration to the database at `database_url`."""
    ensure_sqlite_directory(database_url)
    try:
        await migrate(config=tortoise_config(database_url))
    except (OSError, DBConnectionError) as err:
        msg = f"Database {redact_url(database_url)!r} cannot be reached: {err}"
        raise StorageError(msg) from err


@asynccontextmanager
async def open_database(database_url: str, *, upgrade: bool = True) -> AsyncIterator[None]:
    """Open the database (migrating it first unless told not to) and close it on exit."""
    ensure_sqlite_directory(database_url)
    if upgrade:
        await upgrade_schema(database_url)
        # The migrator initialises models without connections: start again with them.
        await Tortoise.close_connections()
    await Tortoise.init(config=tortoise_config(database_url))
    logger.info("Database open at %s", redact_url(database_url))

    try:
        yield
    finally:
        await Tortoise.close_connections()
        logger.debug("Database closed")
