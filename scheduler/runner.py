"""The scheduler: timed jobs of the service, on APScheduler in the service's event loop.

Every job runs in the district's own time zone. Jobs added here so far: the daily purge of
evidence photos whose retention ended.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from attendance.ledger import Ledger
from attendance.retention import purge_expired_photos

logger = logging.getLogger(__name__)

PURGE_JOB = "privacy.purge_photos"


async def purge_photos_job(ledger: Ledger) -> None:
    """Delete evidence photos past their retention period."""
    deleted = await purge_expired_photos(ledger.now())
    logger.info("Photo purge done: %s deleted", deleted)


@asynccontextmanager
async def running_scheduler(ledger: Ledger) -> AsyncIterator[AsyncIOScheduler]:
    """Start the scheduler with the service's jobs and shut it down on exit."""
    scheduler = AsyncIOScheduler(timezone=ledger.district.timezone)
    scheduler.add_job(
        purge_photos_job,
        CronTrigger(hour=1, minute=15, timezone=ledger.district.timezone),
        args=[ledger],
        id=PURGE_JOB,
        coalesce=True,
        misfire_grace_time=6 * 3600,
        replace_existing=True,
    )
    scheduler.start()
    logger.info("Scheduler started with %s jobs", len(scheduler.get_jobs()))
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=False)
        logger.info("Scheduler stopped")
