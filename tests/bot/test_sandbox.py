"""The fake Bot API: python-telegram-bot talks to it over real HTTP as it would to Telegram."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Update
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.sandbox import FakeBotApi


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    """A running fake Bot API."""
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


def application(fake: FakeBotApi) -> Application[Any, Any, Any, Any, Any, Any]:
    return (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )


async def test_polling_bot_downloads_photo_and_replies(fake: FakeBotApi) -> None:
    """A photo pushed as an update reaches a handler, downloads, and the reply is recorded."""
    received: list[bytes] = []

    async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        photo = update.effective_message.photo[-1]
        received.append(bytes(await (await photo.get_file()).download_as_bytearray()))
        await update.effective_message.reply_text("Foto diterima")

    app = application(fake)
    app.add_handler(MessageHandler(filters.PHOTO, on_photo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=1, poll_interval=0.05)
        await fake.push(message=fake.message(42, photo=fake.photo_sizes(b"\xff\xd8jpeg\xff\xd9")))
        await fake.wait_for(lambda: bool(fake.texts_to(42)))
        await app.updater.stop()
        await app.stop()

    assert received == [b"\xff\xd8jpeg\xff\xd9"]
    assert fake.texts_to(42) == ["Foto diterima"]
    assert fake.rejected == []


async def test_fake_rejects_a_malformed_call(fake: FakeBotApi) -> None:
    """A call without a required field fails as Telegram would and is kept for the test."""
    app = application(fake)
    async with app:
        with pytest.raises(BadRequest, match=r"(?i)chat_id is required"):
            await app.bot.send_message(chat_id="", text="halo")

    assert [call.method for call in fake.rejected] == ["sendMessage"]


async def test_fake_injects_retry_after_and_forbidden(fake: FakeBotApi) -> None:
    """Injected 429 and 403 answers surface as RetryAfter and Forbidden."""
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    app = application(fake)
    async with app:
        with pytest.raises(RetryAfter):
            await app.bot.send_message(chat_id=5, text="a")
        with pytest.raises(Forbidden):
            await app.bot.send_message(chat_id=5, text="b")
        await app.bot.send_message(chat_id=5, text="c")

    assert fake.texts_to(5) == ["c"]


async def test_fake_long_poll_waits_and_redelivers(fake: FakeBotApi) -> None:
    """getUpdates waits for an update, honours the offset, and can deliver one again."""
    app = application(fake)
    async with app:
        empty = await app.bot.get_updates(timeout=0.2)
        first = await fake.push(message=fake.message(7, text="/status"))
        updates = await app.bot.get_updates(offset=0, timeout=1)
        confirmed = await app.bot.get_updates(offset=first + 1, timeout=0.2)
        await fake.repush(first)
        again = await app.bot.get_updates(offset=first + 1, timeout=0.2)

    assert empty == ()
    assert [u.update_id for u in updates] == [first]
    assert confirmed == ()
    assert [u.update_id for u in again] == [first]


async def test_fake_message_date_comes_from_its_clock(fake: FakeBotApi) -> None:
    """A message built with an old date keeps it, for stale-message tests."""
    old = dt.datetime(2026, 12, 1, 0, 0, tzinfo=dt.UTC)
    app = application(fake)
    async with app:
        await fake.push(message=fake.message(7, text="x", date=old))
        (update,) = await app.bot.get_updates(timeout=1)

    assert update.message is not None and update.message.date == old
