"""The dispatcher: the one scheduler job, run every tick, that carries out the plan of the moment.

Each tick reads the clock once, asks :func:`scheduler.plan.plan_at` what is due, and then, in
this order: stores the days of each due close, issues the warning steps those days bring (row,
letter, messages), builds a due monthly report (closing any day of that month left open first),
queues every message in the outbox in bulk, writes the close markers last, and wakes the sender.
Every step is idempotent (dedupe keys, facts keys, upserts, markers written last), so a tick that
dies halfway, a tick that fires twice, or two instances ticking together leave one result.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from scheduler import messages
from scheduler.closing import close_date, mark_closed, store_days
from scheduler.monthly_report import build_report, month_dates
from scheduler.outbox import DocumentMessage, QueuedMessage, enqueue_many
from scheduler.plan import JobContext, Plan, plan_at
from scheduler.warning_ladder import issue_step

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TickReport:
    """What one tick did."""

    at: dt.datetime
    planned: int
    queued: int
    closes: int
    warnings: int
    reports: int


class Dispatcher:
    """Run the plan of each tick; remember reminder windows already fully queued."""

    __slots__ = ("_context", "_done_windows", "_lock", "_wake")

    def __init__(self, context: JobContext, wake: Callable[[], None] | None = None) -> None:
        self._context = context
        self._wake = wake
        self._done_windows: set[str] = set()
        self._lock = asyncio.Lock()

    @property
    def context(self) -> JobContext:
        """Return what the jobs run with."""
        return self._context

    async def tick(self) -> TickReport:
        """Plan and carry out everything due now."""
        async with self._lock:
            now = self._context.ledger.now()
            plan = await plan_at(self._context, now, done_windows=self._done_windows)
            report = await self.carry_out(plan)
            # Forget windows of earlier days so the memory stays small. Window ids end with the
            # office-local date, which can be a day ahead of the UTC date (WIB 00:00-07:00).
            cutoff = (now.astimezone(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
            self._done_windows = {
                window
                for window in self._done_windows | plan.windows
                if window.rsplit("@", 1)[1] >= cutoff
            }
        if report.queued and self._wake is not None:
            self._wake()
        logger.info(
            "Scheduler tick: %s planned, %s queued, %s closes, %s warnings, %s reports",
            report.planned,
            report.queued,
            report.closes,
            report.warnings,
            report.reports,
        )
        return report

    async def carry_out(self, plan: Plan) -> TickReport:
        """Carry out `plan`: store, issue, build, queue, then mark."""
        context, now = self._context, plan.at
        ledger = context.ledger
        for close in plan.closes:
            await store_days(ledger, plan.snapshots[close.date], now, set(close.village_ids))

        queued: list[QueuedMessage] = list(plan.messages)
        for step in plan.steps:
            queued.extend(
                await issue_step(
                    step,
                    data_dir=context.data_dir,
                    letterhead=ledger.district.letterhead,
                    camat_chat_id=context.camat_chat_id,
                    notify_kades=context.settings.notify_kades_of_warnings,
                    now=now,
                )
            )
            logger.info("Warning %s issued to person %s", step.level.value, step.person_id)

        for action in plan.reports:
            for date in month_dates(action.year, action.month):
                await close_date(ledger, date)
            path, people = await build_report(ledger, context.data_dir, action.year, action.month)
            assert context.camat_chat_id is not None
            queued.append(
                QueuedMessage(
                    dedupe_key=action.dedupe_key,
                    chat_id=context.camat_chat_id,
                    kind="report.monthly",
                    message=DocumentMessage(
                        path=path,
                        filename=path.rsplit("/", 1)[-1],
                        caption=messages.monthly_report_caption(action.year, action.month, people),
                    ),
                    not_before=now,
                    why=f"monthly report {action.year}-{action.month:02d}",
                )
            )
            logger.info(
                "Monthly report %s-%02d built for %s people", action.year, action.month, people
            )

        count = await enqueue_many(queued)
        for close in plan.closes:
            snapshot = plan.snapshots[close.date]
            per_village: dict[int, int] = {}
            for member in snapshot.members:
                if member.village_id in close.village_ids:
                    per_village[member.village_id] = per_village.get(member.village_id, 0) + 1
            await mark_closed(snapshot, set(close.village_ids), per_village)
            logger.info(
                "Day %s closed for %s villages: %s absent, %s without check-out",
                close.date,
                len(close.village_ids),
                close.absent,
                close.missing_check_out,
            )
        return TickReport(
            now, len(queued), count, len(plan.closes), len(plan.steps), len(plan.reports)
        )
