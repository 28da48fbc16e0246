"""The outbox sender: claims due rows, sends them through a python-telegram-bot ``Bot`` at
Telegram's pace, and records what happened to each.

Claiming: a row is claimed by raising its ``attempts`` by one where ``attempts`` still has the
value read (compare-and-set) and moving ``not_before`` forward by a lease. Two senders (two
tasks, two processes, two machines) therefore never both own a row; on PostgreSQL the candidate
rows are also read ``FOR UPDATE SKIP LOCKED`` so they do not even contend. A sender that dies
after claiming leaves the row to be claimed again when the lease ends. The one window left is a
crash after Telegram accepted a message and before the row was marked sent: that message goes
out again when the lease ends (at-least-once across a crash at that instant, exactly-once
otherwise).

Pacing: at most ``messages_per_second`` overall, ``per_chat_per_second`` to one chat and
``per_group_per_minute`` to one group (negative chat ids). Messages to one chat go out in queue
order. Outcomes:

- sent → ``sent`` with ``sent_at``;
- ``RetryAfter`` → back to pending after the given seconds, and every send pauses that long
  (Telegram's flood control is per bot);
- ``Forbidden`` (blocked, kicked) → ``blocked``, with the chat's other pending rows, never retried;
- ``BadRequest`` (chat not found, a bad file) → ``failed``, never retried;
- network errors and time-outs → pending again after an exponential back-off, ``failed`` after
  ``max_attempts``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import warnings
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiolimiter import AsyncLimiter
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning
from tortoise.transactions import in_transaction

from attendance.enums import OutboxStatus
from attendance.models import OutboxMessage
from config.scheduler import PacingSettings
from scheduler.outbox import (
    CHANNEL,
    DocumentMessage,
    OutgoingMessage,
    PhotoMessage,
    TextMessage,
    from_payload,
)

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True, slots=True)
class SendReport:
    """What one pass of the sender did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    blocked: int = 0
    failed: int = 0


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: int
    chat_id: str
    kind: str
    attempts: int
    payload: dict[str, Any]


class OutboxSender:
    """Send outbox rows through `bot` at Telegram's pace; safe to run more than once at a time."""

    __slots__ = (
        "_bot",
        "_chat_limiters",
        "_clock",
        "_data_dir",
        "_group_limiters",
        "_limiter",
        "_pacing",
        "_paused_until",
        "_wake",
    )

    def __init__(
        self, bot: Bot, data_dir: Path, clock: Clock, pacing: PacingSettings | None = None
    ) -> None:
        self._bot = bot
        self._data_dir = data_dir
        self._clock = clock
        self._pacing = pacing or PacingSettings()
        self._limiter = AsyncLimiter(self._pacing.messages_per_second, 1)
        self._chat_limiters: dict[str, AsyncLimiter] = {}
        self._group_limiters: dict[str, AsyncLimiter] = {}
        self._paused_until = 0.0
        self._wake = asyncio.Event()

    def _now(self) -> dt.datetime:
        # SQLite compares stored UTC text: every instant we filter or store on must be UTC.
        return self._clock().astimezone(dt.UTC)

    def wake(self) -> None:
        """Tell a sleeping sender loop that new rows are queued."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set, sleeping briefly whenever nothing is due."""
        logger.info("Outbox sender started")
        while not stop.is_set():
            try:
                report = await self.send_due()
            except Exception:
                # The database may be briefly unreachable; the rows stay and the loop goes on.
                logger.exception("Outbox pass failed; retrying after a pause")
                report = SendReport()
            if report.claimed == 0:
                self._wake.clear()
                waiters = [
                    asyncio.ensure_future(stop.wait()),
                    asyncio.ensure_future(self._wake.wait()),
                ]
                await asyncio.wait(
                    waiters,
                    timeout=self._pacing.idle_poll_seconds,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                for waiter in waiters:
                    waiter.cancel()
        logger.info("Outbox sender stopped")

    async def drain(self, max_passes: int = 1000) -> SendReport:
        """Send everything due now, pass after pass; return the totals."""
        total = SendReport()
        for _ in range(max_passes):
            report = await self.send_due()
            total = _add(total, report)
            if report.claimed == 0:
                break
        return total

    async def send_due(self) -> SendReport:
        """Claim one batch of due rows and send it; return what happened."""
        claimed = await self.claim(self._pacing.batch_size)
        if not claimed:
            return SendReport()

        by_chat: dict[str, list[_Claimed]] = defaultdict(list)
        for row in claimed:
            by_chat[row.chat_id].append(row)
        outcomes: list[str] = []
        gate = asyncio.Semaphore(self._pacing.concurrency)

        async def send_chat(rows: list[_Claimed]) -> None:
            async with gate:
                for row in rows:
                    outcome = await self._send_one(row)
                    outcomes.append(outcome)
                    if outcome == "blocked":
                        # The chat refuses the bot: the rest of its rows would fail the same way.
                        await self._block_rest(row.chat_id)
                        outcomes.extend("blocked" for _ in rows[rows.index(row) + 1 :])
                        return

        await asyncio.gather(*(send_chat(rows) for rows in by_chat.values()))
        return SendReport(
            claimed=len(claimed),
            sent=outcomes.count("sent"),
            retried=outcomes.count("retried"),
            blocked=outcomes.count("blocked"),
            failed=outcomes.count("failed"),
        )

    async def claim(self, limit: int) -> list[_Claimed]:
        """Take up to `limit` due pending rows for this sender (compare-and-set on attempts)."""
        now = self._now()
        lease = now + dt.timedelta(seconds=self._pacing.lease_seconds)
        claimed: list[_Claimed] = []
        postgres = _is_postgres()
        async with in_transaction() as connection:
            query = (
                OutboxMessage.filter(
                    status=OutboxStatus.PENDING, channel=CHANNEL, not_before__lte=now
                )
                .order_by("not_before", "id")
                .limit(limit)
                .using_db(connection)
            )
            if postgres:
                query = query.select_for_update(skip_locked=True)
            rows = await query.values_list("id", "chat_id", "kind", "attempts", "payload")
            for row_id, chat_id, kind, attempts, payload in rows:
                taken = (
                    await OutboxMessage.filter(
                        id=row_id, status=OutboxStatus.PENDING, attempts=attempts
                    )
                    .using_db(connection)
                    .update(attempts=attempts + 1, not_before=lease)
                )
                if taken:
                    claimed.append(_Claimed(row_id, chat_id, kind, attempts + 1, payload))
        return claimed

    async def _send_one(self, row: _Claimed) -> str:
        try:
            message = from_payload(row.payload)
            await self._paced(row.chat_id)
            await self._deliver(row.chat_id, message)
        except RetryAfter as err:
            seconds = _retry_seconds(err)
            loop = asyncio.get_running_loop()
            self._paused_until = max(self._paused_until, loop.time() + seconds)
            await self._reschedule(row, seconds, f"RetryAfter {seconds:.0f}s", count=False)
            logger.warning("Telegram flood control: outbox %s retried in %.0f s", row.id, seconds)
            return "retried"
        except Forbidden as err:
            await self._finish(row, OutboxStatus.BLOCKED, f"Forbidden: {err.message}")
            logger.info(
                "Outbox %s: chat refuses the bot (kind %s); marked blocked", row.id, row.kind
            )
            return "blocked"
        except BadRequest as err:
            await self._finish(row, OutboxStatus.FAILED, f"BadRequest: {err.message}")
            logger.warning(
                "Outbox %s (kind %s) refused by Telegram: %s", row.id, row.kind, err.message
            )
            return "failed"
        except (NetworkError, TelegramError, OSError, ValueError) as err:
            if row.attempts >= self._pacing.max_attempts:
                await self._finish(row, OutboxStatus.FAILED, f"{type(err).__name__}: {err}")
                logger.warning("Outbox %s failed after %s attempts", row.id, row.attempts)
                return "failed"
            delay = min(
                self._pacing.backoff_seconds * 2 ** (row.attempts - 1),
                self._pacing.max_backoff_seconds,
            )
            await self._reschedule(row, delay, f"{type(err).__name__}: {err}")
            logger.info("Outbox %s: %s; retry in %s s", row.id, type(err).__name__, delay)
            return "retried"
        await OutboxMessage.filter(id=row.id).update(
            status=OutboxStatus.SENT, sent_at=self._now(), last_error=None
        )
        return "sent"

    async def _paced(self, chat_id: str) -> None:
        loop = asyncio.get_running_loop()
        wait = self._paused_until - loop.time()
        if wait > 0:
            # Flood control stops every send of this bot until Telegram's delay has passed.
            await asyncio.sleep(wait)
        if chat_id.startswith("-"):
            group = self._group_limiters.get(chat_id)
            if group is None:
                group = AsyncLimiter(self._pacing.per_group_per_minute, 60)
                self._group_limiters[chat_id] = group
            await group.acquire()
        chat = self._chat_limiters.get(chat_id)
        if chat is None:
            if len(self._chat_limiters) > 50_000:
                self._chat_limiters.clear()
            chat = AsyncLimiter(self._pacing.per_chat_per_second, 1)
            self._chat_limiters[chat_id] = chat
        await chat.acquire()
        await self._limiter.acquire()

    async def _deliver(self, chat_id: str, message: OutgoingMessage) -> None:
        if isinstance(message, TextMessage):
            markup = None
            if message.buttons:
                markup = InlineKeyboardMarkup(
                    [
                        [InlineKeyboardButton(label, callback_data=data) for label, data in row]
                        for row in message.buttons
                    ]
                )
            await self._bot.send_message(chat_id=chat_id, text=message.text, reply_markup=markup)
        elif isinstance(message, DocumentMessage):
            document: Any = message.file_id or self._file(message.path).read_bytes()
            await self._bot.send_document(
                chat_id=chat_id,
                document=document,
                filename=message.filename,
                caption=message.caption or None,
            )
        elif isinstance(message, PhotoMessage):
            photo: Any = message.file_id or self._file(message.path).read_bytes()
            await self._bot.send_photo(
                chat_id=chat_id, photo=photo, caption=message.caption or None
            )

    def _file(self, relative: str | None) -> Path:
        assert relative is not None
        base = self._data_dir.resolve()
        path = (base / relative).resolve()
        if not path.is_relative_to(base):
            msg = f"Outbox file {relative!r} lies outside the data folder {base}."
            raise ValueError(msg)
        return path

    async def _reschedule(
        self, row: _Claimed, seconds: float, error: str, *, count: bool = True
    ) -> None:
        update: dict[str, Any] = {
            "not_before": self._now() + dt.timedelta(seconds=seconds),
            "last_error": error[:500],
        }
        if not count:
            # Flood control is not the message's fault: it does not use up an attempt.
            update["attempts"] = row.attempts - 1
        await OutboxMessage.filter(id=row.id, attempts=row.attempts).update(**update)

    async def _finish(self, row: _Claimed, status: OutboxStatus, error: str) -> None:
        await OutboxMessage.filter(id=row.id).update(status=status, last_error=error[:500])

    async def _block_rest(self, chat_id: str) -> None:
        await OutboxMessage.filter(chat_id=chat_id, status=OutboxStatus.PENDING).update(
            status=OutboxStatus.BLOCKED, last_error="Forbidden: an earlier message was refused"
        )


def _retry_seconds(err: RetryAfter) -> float:
    """Read RetryAfter's delay whether PTB gives it as int or timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: int | float | dt.timedelta = err.retry_after
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return float(value)


def _is_postgres() -> bool:
    return bool(OutboxMessage._meta.db.capabilities.dialect == "postgres")


def _add(left: SendReport, right: SendReport) -> SendReport:
    return SendReport(
        left.claimed + right.claimed,
        left.sent + right.sent,
        left.retried + right.retried,
        left.blocked + right.blocked,
        left.failed + right.failed,
    )


def summarise(reports: Sequence[SendReport]) -> SendReport:
    """Add several pass reports together."""
    total = SendReport()
    for report in reports:
        total = _add(total, report)
    return total
