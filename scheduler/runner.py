"""The scheduler: timed jobs of the service, on APScheduler in the service's event loop.

Jobs, all in the district's own time zone:

- ``scheduler.tick`` every ``tick_seconds``: the dispatcher plans and carries out whatever is due
  (reminders, notices, day closes, warnings, recaps, silent terminals, the monthly report); it
  runs once at start-up as well, which is how missed work is caught up (see docs/scheduler.md);
- ``privacy.purge_photos`` daily at 01:15: evidence photos past their retention are deleted.

The outbox sender runs beside them as a task when a bot is given. Without one (no token), rows
wait in the outbox and go out once a bot runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from telegram import Bot
from telegram.ext import Application

from attendance.ledger import Ledger
from attendance.retention import purge_expired_photos
from config.settings import Settings
from scheduler.dispatcher import Dispatcher
from scheduler.plan import JobContext
from scheduler.sender import OutboxSender

logger = logging.getLogger(__name__)

PURGE_JOB = "privacy.purge_photos"
TICK_JOB = "scheduler.tick"

BotApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True, slots=True)
class RunningScheduler:
    """The running pieces: APScheduler, the dispatcher and (with a bot) the sender."""

    scheduler: AsyncIOScheduler
    dispatcher: Dispatcher
    sender: OutboxSender | None


async def purge_photos_job(ledger: Ledger) -> None:
    """Delete evidence photos past their retention period."""
    deleted = await purge_expired_photos(ledger.now())
    logger.info("Photo purge done: %s deleted", deleted)


async def tick_job(dispatcher: Dispatcher) -> None:
    """Run one dispatcher tick; log and keep going when it fails."""
    try:
        await dispatcher.tick()
    except Exception:
        # The next tick retries: every step of a tick is idempotent.
        logger.exception("Scheduler tick failed; the next tick will retry")


def job_context(ledger: Ledger, settings: Settings) -> JobContext:
    """Return what the jobs run with."""
    chat = settings.telegram.camat_chat_id
    return JobContext(
        ledger=ledger,
        settings=settings.scheduler,
        camat_chat_id=str(chat) if chat is not None else None,
        data_dir=settings.data_dir,
    )


@asynccontextmanager
async def running_scheduler(
    ledger: Ledger, settings: Settings, bot: Bot | BotApplication | None = None
) -> AsyncIterator[RunningScheduler]:
    """Start the jobs (and the outbox sender when a bot is given); stop them on exit.

    `bot` is the initialised bot application (or a bare ``Bot``): the sender uses its ``Bot``.
    """
    context = job_context(ledger, settings)
    telegram_bot = bot.bot if isinstance(bot, Application) else bot
    sender = (
        OutboxSender(telegram_bot, settings.data_dir, ledger.now, context.settings.pacing)
        if telegram_bot is not None
        else None
    )
    dispatcher = Dispatcher(context, wake=sender.wake if sender else None)
    zone = ledger.district.timezone

    scheduler = AsyncIOScheduler(timezone=zone)
    scheduler.add_job(
        purge_photos_job,
        CronTrigger(hour=1, minute=15, timezone=zone),
        args=[ledger],
        id=PURGE_JOB,
        coalesce=True,
        misfire_grace_time=6 * 3600,
        replace_existing=True,
    )
    scheduler.add_job(
        tick_job,
        IntervalTrigger(seconds=context.settings.tick_seconds, timezone=zone),
        args=[dispatcher],
        id=TICK_JOB,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=context.settings.tick_seconds,
        next_run_time=ledger.now(),
        replace_existing=True,
    )
    scheduler.start()

    stop = asyncio.Event()
    sending = asyncio.create_task(sender.run(stop), name="outbox:sender") if sender else None
    if sender is None:
        logger.info("Outbox sender is off (no bot); messages wait in the outbox")
    logger.info("Scheduler started with %s jobs", len(scheduler.get_jobs()))
    try:
        yield RunningScheduler(scheduler, dispatcher, sender)
    finally:
        scheduler.shutdown(wait=False)
        stop.set()
        if sending is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(sending, timeout=10)
        logger.info("Scheduler stopped")
