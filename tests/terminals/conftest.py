"""Fixtures for the terminal tests: the real web application on a test server, people, devices."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image
from pydantic import SecretStr

from attendance.enums import Role
from attendance.ledger import Ledger
from attendance.people import create_person
from attendance.vault import Vault, new_key
from config.settings import Settings
from config.terminals import FingerspotSettings, TerminalSettings
from service.web import create_web_app
from terminals.admin import add_device
from terminals.context import TerminalContext
from terminals.registry import TerminalProtocol
from terminals.routes import TERMINAL_SETTINGS_KEY
from tests.terminals.simulators import AdmsTerminal
from tests.timetravel import TravellingClock

FIXTURES = Path(__file__).parent / "fixtures"
WIB = ZoneInfo("Asia/Jakarta")
KRAGAN = "33.17.12.2012"
SARANG = "33.17.12.2001"
FINGERSPOT_TOKEN = "rahasia-fingerspot-0123456789"
CLOUD_ID = "C263045107E1C26"
MONDAY = dt.date(2026, 11, 30)


def picture(fmt: str = "JPEG", color: tuple[int, int, int] = (200, 120, 80)) -> bytes:
    """Return a small real picture (48x32) as a terminal camera would send it."""
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), color).save(buffer, fmt)
    return buffer.getvalue()


def wib(date: dt.date, clock: str) -> dt.datetime:
    """Return the aware instant of a WIB wall-clock time."""
    return dt.datetime.combine(date, dt.time.fromisoformat(clock), tzinfo=WIB)


@pytest.fixture
def terminal_settings() -> TerminalSettings:
    """Terminal settings with the Fingerspot webhook switched on for one Cloud ID."""
    fingerspot = FingerspotSettings(path_token=SecretStr(FINGERSPOT_TOKEN), cloud_ids=(CLOUD_ID,))
    return TerminalSettings(fingerspot=fingerspot)


@pytest.fixture
def vault() -> Vault:
    """A vault with one fresh key."""
    return Vault([new_key()])


@pytest.fixture
def context(ledger: Ledger, vault: Vault, terminal_settings: TerminalSettings) -> TerminalContext:
    """What terminal work needs, on the test database and clock."""
    return TerminalContext(ledger, vault, terminal_settings, dt.timedelta(days=30))


@pytest.fixture
def afternoon(clock: TravellingClock) -> TravellingClock:
    """The clock at 14:30 WIB on Monday 30 November 2026, after a working day's punches."""
    clock.set(wib(MONDAY, "14:30"))
    return clock


@contextlib.asynccontextmanager
async def serve(
    ledger: Ledger, settings: Settings, vault: Vault, terminal_settings: TerminalSettings
) -> AsyncIterator[TestClient[Any, Any]]:
    """Serve the real web application with `terminal_settings` over HTTP on a local port."""
    app = create_web_app(settings, ledger, vault)
    app[TERMINAL_SETTINGS_KEY] = terminal_settings
    # As `sregep serve` does (service/process.py): no access log, since paths may hold secrets.
    # (TestServer ignores runner options given to its constructor; start_server takes them.)
    server = TestServer(app)
    await server.start_server(access_log=None)
    async with TestClient(server) as test_client:
        yield test_client


@pytest.fixture
async def client(
    ledger: Ledger, settings: Settings, vault: Vault, terminal_settings: TerminalSettings
) -> AsyncIterator[TestClient[Any, Any]]:
    """A client of the real web application served over HTTP on a local port."""
    async with serve(ledger, settings, vault, terminal_settings) as test_client:
        yield test_client


async def person(name: str = "Siti Aminah", village: str = KRAGAN) -> int:
    """Create a person and return their id."""
    return (await create_person(name, Role.STAF, village, "test")).id


async def approved(
    serial: str,
    vault: Vault,
    protocol: TerminalProtocol = TerminalProtocol.ADMS,
    secret: str | None = None,
) -> str | None:
    """Register an approved terminal in Kragan; return its secret, if it has one."""
    _, made = await add_device(serial, protocol, KRAGAN, "test", vault, secret=secret)
    return secret or made


@pytest.fixture
async def terminal(client: TestClient[Any, Any], vault: Vault) -> AdmsTerminal:
    """An approved ADMS terminal in Kragan."""
    await approved("SIM0001", vault)
    return AdmsTerminal(client, "SIM0001")
