"""Helpers of the scheduler tests: people with chat accounts, local times, scheduler settings."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot

from attendance.enums import EventKind, EventSource, Role
from attendance.ledger import Ledger, NewEvent
from attendance.models import ChatAccount
from attendance.people import create_person
from bot.sandbox import FakeBotApi
from config.scheduler import SchedulerSettings

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
KRAGAN = "33.17.12.2012"
TEGALMULYO = "33.17.12.2013"
MONDAY = dt.date(2026, 12, 7)
ADDED = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def local(date: dt.date, clock: str, zone: ZoneInfo = WIB) -> dt.datetime:
    """Return the aware instant of a local wall-clock time."""
    return dt.datetime.combine(date, dt.time.fromisoformat(clock), tzinfo=zone)


async def add_person(
    role: Role = Role.KAUR,
    village: str = KRAGAN,
    chat: int | None = None,
    name: str = "Orang Uji",
    added: dt.datetime = ADDED,
) -> int:
    """Create a person added well before the test dates, with a Telegram chat when given."""
    person = await create_person(name, role, village, "test", registered_at=added)
    if chat is not None:
        await ChatAccount.create(person_id=person.id, channel="telegram", external_id=str(chat))
    return person.id


async def punch(
    ledger: Ledger, person_id: int, kind: EventKind, when: dt.datetime, key: str | None = None
) -> None:
    """Record a chat check-in or check-out."""
    await ledger.record(
        NewEvent(
            key or f"t:{person_id}:{kind}:{when.isoformat()}",
            EventSource.TELEGRAM,
            kind,
            when,
            person_id,
        )
    )


@pytest.fixture
def scheduler_settings() -> SchedulerSettings:
    """The scheduler defaults."""
    return SchedulerSettings()


def pdf_text(data: bytes) -> str:
    """Return the text a PDF written by fpdf2 shows, its pieces joined by spaces."""
    pieces: list[str] = []
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            content = zlib.decompress(stream.group(1))
        except zlib.error:
            continue  # not a compressed page (a font or an image)
        for shown in re.finditer(rb"\(((?:[^()\\]|\\.)*)\) Tj", content):
            raw = re.sub(rb"\\(.)", rb"\1", shown.group(1))
            pieces.append(raw.decode("latin-1"))
    return " ".join(pieces)


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    """A running fake Bot API."""
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    """A python-telegram-bot Bot talking to the fake."""
    client = Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url)
    async with client:
        yield client
