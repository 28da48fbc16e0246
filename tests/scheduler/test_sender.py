"""The outbox and its sender against the fake Bot API: once per key, paced, errors handled."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from telegram import Bot

from attendance.enums import OutboxStatus
from attendance.models import OutboxMessage
from bot.sandbox import FakeBotApi
from config.scheduler import PacingSettings
from scheduler.outbox import DocumentMessage, TextMessage, enqueue, from_payload, to_payload
from scheduler.sender import OutboxSender
from tests.timetravel import TravellingClock

FAST = PacingSettings(messages_per_second=1000, per_chat_per_second=100, batch_size=20)


def sender(
    bot: Bot, clock: TravellingClock, tmp_path: Path, pacing: PacingSettings = FAST
) -> OutboxSender:
    return OutboxSender(bot, tmp_path, clock, pacing)


def test_payload_round_trips_text_with_buttons() -> None:
    """A text with an inline keyboard survives storing and reading back."""
    message = TextMessage("Setujui?", ((("Ya", "leave:approve:1"), ("Tidak", "leave:reject:1")),))

    assert from_payload(to_payload(message)) == message


def test_file_message_refuses_paths_outside_the_data_folder() -> None:
    """A document path must stay under data_dir."""
    with pytest.raises(ValueError, match="relative to the data folder"):
        DocumentMessage(path="../etc/passwd")


async def test_enqueue_same_key_twice_stores_once(db: str, clock: TravellingClock) -> None:
    """The second enqueue of a key returns False and stores nothing."""
    first = await enqueue("k|p1|2026-12-07|0", 5, "test", TextMessage("a"), not_before=clock())
    second = await enqueue("k|p1|2026-12-07|0", 5, "test", TextMessage("b"), not_before=clock())

    assert (first, second) == (True, False)
    assert await OutboxMessage.all().count() == 1


async def test_sender_sends_due_rows_and_leaves_future_ones(
    db: str, bot: Bot, fake: FakeBotApi, clock: TravellingClock, tmp_path: Path
) -> None:
    """Due rows go out once with their buttons; a row not yet due waits."""
    buttons = ((("Setujui", "leave:approve:3"),),)
    await enqueue("a", 11, "t", TextMessage("satu", buttons), not_before=clock())
    await enqueue("b", 12, "t", TextMessage("dua"), not_before=clock() + dt.timedelta(hours=1))

    report = await sender(bot, clock, tmp_path).drain()

    assert (report.sent, fake.texts_to(11), fake.texts_to(12)) == (1, ["satu"], [])
    markup = fake.calls("sendMessage")[0]["reply_markup"]
    assert markup["inline_keyboard"][0][0]["callback_data"] == "leave:approve:3"
    clock.advance(hours=1)
    await sender(bot, clock, tmp_path).drain()
    assert fake.texts_to(12) == ["dua"]
    assert fake.rejected == []


async def test_sender_retries_after_flood_control(
    db: str, bot: Bot, fake: FakeBotApi, clock: TravellingClock, tmp_path: Path
) -> None:
    """A 429 puts the row back for retry_after seconds without using up an attempt."""
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await enqueue("a", 21, "t", TextMessage("x"), not_before=clock())
    send = sender(bot, clock, tmp_path)

    first = await send.drain()
    clock.advance(seconds=2)
    second = await send.drain()

    row = await OutboxMessage.get(dedupe_key="a")
    assert (first.retried, second.sent) == (1, 1)
    assert row.status is OutboxStatus.SENT and row.attempts == 1
    assert fake.texts_to(21) == ["x"]


async def test_sender_marks_blocked_chat_and_its_other_rows(
    db: str, bot: Bot, fake: FakeBotApi, clock: TravellingClock, tmp_path: Path
) -> None:
    """A 403 marks the row and the chat's other pending rows blocked; others still go."""
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await enqueue("a", 31, "t", TextMessage("x"), not_before=clock())
    await enqueue("b", 31, "t", TextMessage("y"), not_before=clock())
    await enqueue("c", 32, "t", TextMessage("z"), not_before=clock())

    await sender(bot, clock, tmp_path).drain()

    statuses = dict(await OutboxMessage.all().values_list("dedupe_key", "status"))
    assert statuses == {"a": "blocked", "b": "blocked", "c": "sent"}


async def test_sender_fails_bad_request_and_backs_off_network_errors(
    db: str, bot: Bot, fake: FakeBotApi, clock: TravellingClock, tmp_path: Path
) -> None:
    """A 400 fails at once; a 5xx is retried later and fails after max_attempts."""
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    await enqueue("a", 41, "t", TextMessage("x"), not_before=clock())
    pacing = FAST.model_copy(update={"max_attempts": 2, "backoff_seconds": 10})
    send = sender(bot, clock, tmp_path, pacing)
    await send.drain()
    for _ in range(2):
        fake.fail_next("sendMessage", 502, "Bad Gateway")
    await enqueue("b", 42, "t", TextMessage("y"), not_before=clock())

    await send.drain()
    clock.advance(seconds=11)
    await send.drain()

    statuses = dict(await OutboxMessage.all().values_list("dedupe_key", "status"))
    assert statuses == {"a": "failed", "b": "failed"}
    assert fake.texts_to(42) == []


async def test_two_senders_at_once_send_each_row_once(
    db: str, bot: Bot, fake: FakeBotApi, clock: TravellingClock, tmp_path: Path
) -> None:
    """Two senders draining the same outbox together never send a row twice."""
    for number in range(60):
        await enqueue(
            f"k{number}", 1000 + number, "t", TextMessage(f"m{number}"), not_before=clock()
        )

    reports = await asyncio.gather(
        sender(bot, clock, tmp_path).drain(), sender(bot, clock, tmp_path).drain()
    )

    assert sum(report.sent for report in reports) == 60
    assert len(fake.calls("sendMessage")) == 60
    assert await OutboxMessage.filter(status=OutboxStatus.SENT).count() == 60


async def test_sender_sends_a_letter_from_the_data_folder(
    db: str, bot: Bot, fake: FakeBotApi, clock: TravellingClock, tmp_path: Path
) -> None:
    """A document payload reads its file under data_dir and sends it with the caption."""
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "1.pdf").write_bytes(b"%PDF-1.3 surat")
    message = DocumentMessage(path="letters/1.pdf", filename="sp1.pdf", caption="SP-1")
    await enqueue("d", 51, "warning", message, not_before=clock())

    await sender(bot, clock, tmp_path).drain()

    (call,) = fake.calls("sendDocument")
    assert call["document"] == b"%PDF-1.3 surat" and call["caption"] == "SP-1"


async def test_sender_paces_one_message_per_second_per_chat(
    db: str, bot: Bot, fake: FakeBotApi, clock: TravellingClock, tmp_path: Path
) -> None:
    """Three messages to one chat keep their order under the per-chat limit."""
    for number in range(3):
        await enqueue(f"p{number}", 61, "t", TextMessage(f"m{number}"), not_before=clock())
    pacing = FAST.model_copy(update={"per_chat_per_second": 20})

    await sender(bot, clock, tmp_path, pacing).drain()

    assert fake.texts_to(61) == ["m0", "m1", "m2"]
