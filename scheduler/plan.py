"""The plan: everything the scheduler would do at one instant, computed without writing.

Both the real job (:mod:`scheduler.dispatcher`) and ``sregep schedule preview`` call
:func:`plan_at`; the job then carries the plan out, the preview prints it. Planning only reads
the database. Each item says who gets what (by id), of which kind, why, and under which dedupe
key, so that carrying out the same plan twice queues nothing twice.

Catch-up policy, per job (after downtime, at the first tick):

=========================  =================================================================
job                        catch-up
=========================  =================================================================
check-in reminder          until the shift starts, at most ``reminder_catch_up_minutes``
lateness notice            ``reminder_catch_up_minutes`` after it was due (before the end)
check-out reminder         until the shift ends, at most ``reminder_catch_up_minutes``
early-departure notice     until the day closes
day close                  always, for ``close_catch_up_days``; notices only within 24 h
warning ladder             with the close it belongs to
morning / evening recap    ``recap_catch_up_minutes`` after it was due
silent terminals           until the shortest shift of the day ends
monthly report             any later day of the same month
=========================  =================================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from attendance.clock import at_local, local_date_of
from attendance.enums import DayStatus, EventKind
from attendance.ledger import Ledger
from attendance.models import AttendanceEvent
from config.scheduler import SchedulerSettings
from scheduler import messages, recap, reminder
from scheduler.closing import close_notices, closed_markers, marker
from scheduler.monthly_report import KIND as REPORT_KIND
from scheduler.monthly_report import first_working_day, previous_month
from scheduler.outbox import QueuedMessage, TextMessage, chat_recipient, dedupe_key, queued_keys
from scheduler.snapshot import DaySnapshot, district_villages, load_snapshot, village_days
from scheduler.terminal_watch import KIND as SILENT_KIND
from scheduler.terminal_watch import silent_devices
from scheduler.warning_ladder import PastStep, Record, Step, load_records, next_step

NOTICE_AGE = dt.timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class JobContext:
    """What every job needs: the ledger (and its clock), settings, the camat group, files."""

    ledger: Ledger
    settings: SchedulerSettings
    camat_chat_id: str | None
    data_dir: Path


@dataclass(frozen=True, slots=True)
class CloseAction:
    """Close a date for some villages."""

    date: dt.date
    village_ids: frozenset[int]
    village_codes: tuple[str, ...]
    people: int
    absent: int
    missing_check_out: int


@dataclass(frozen=True, slots=True)
class ReportAction:
    """Build and send the deduction report of a month."""

    year: int
    month: int
    dedupe_key: str


@dataclass(slots=True)
class Plan:
    """What is due at `at`."""

    at: dt.datetime
    messages: list[QueuedMessage] = field(default_factory=list)
    closes: list[CloseAction] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    reports: list[ReportAction] = field(default_factory=list)
    windows: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    snapshots: dict[dt.date, DaySnapshot] = field(default_factory=dict)


async def plan_at(
    context: JobContext, now: dt.datetime, *, done_windows: Iterable[str] = ()
) -> Plan:
    """Return everything due at `now`; read only."""
    ledger = context.ledger
    plan = Plan(at=now)
    zone = ZoneInfo(ledger.district.timezone)
    boundary = ledger.district.day_boundary_hour
    today = local_date_of(now, zone, boundary)
    villages = await district_villages(ledger)
    todays = sorted(
        {
            local_date_of(now, ZoneInfo(v.timezone or ledger.district.timezone), boundary)
            for v in villages
        }
    )
    done = set(done_windows)

    for date in todays:
        await _plan_day(context, plan, date, now, done)
    await _plan_closes(context, plan, today, now)
    await _plan_recaps(context, plan, today, now)
    await _plan_silent_devices(context, plan, today, now)
    await _plan_report(context, plan, today, now)
    return plan


async def snapshot_for(context: JobContext, plan: Plan, date: dt.date) -> DaySnapshot:
    """Return the full snapshot of `date`, loading it once per plan."""
    if date not in plan.snapshots:
        plan.snapshots[date] = await load_snapshot(context.ledger, date)
    return plan.snapshots[date]


async def _plan_day(
    context: JobContext, plan: Plan, date: dt.date, now: dt.datetime, done: set[str]
) -> None:
    """Plan reminders, lateness notices and early-departure notices of a running day."""
    ledger, settings = context.ledger, context.settings
    days = await village_days(ledger, date)
    open_now = reminder.open_windows(days, now, settings)
    pending = {
        reminder.window_id(window.kind, village_id, date)
        for village_id, windows in open_now.items()
        for window in windows
    } - done
    if pending:
        snapshot = await snapshot_for(context, plan, date)
        plan.messages.extend(reminder.plan_reminders(snapshot, now, settings, skip=done))
        plan.windows |= pending

    working = [day for day in days.values() if day.working and day.start <= now < day.close_at]
    if not working or not settings.early_departure_notice:
        return
    since = now - dt.timedelta(minutes=max(settings.reminder_catch_up_minutes, 1))
    recent = {
        int(person_id)
        for (person_id,) in await AttendanceEvent.filter(
            local_date=date,
            kind__in=(EventKind.CHECK_OUT, EventKind.PUNCH),
            received_at__gte=since.astimezone(dt.UTC),
            received_at__lte=now.astimezone(dt.UTC),
            person_id__not_isnull=True,
            person__village_id__in=[day.village_id for day in working],
        ).values_list("person_id")
    }
    if not recent:
        return
    if date in plan.snapshots:
        snapshot = plan.snapshots[date]
    else:
        snapshot = await load_snapshot(ledger, date, person_ids=recent)
    plan.messages.extend(
        item
        for item in reminder.plan_early_departures(snapshot, now, settings)
        if item.person_id in recent
    )


async def _plan_closes(context: JobContext, plan: Plan, today: dt.date, now: dt.datetime) -> None:
    """Plan the day closes that are due, their notices and the warning steps they bring."""
    ledger, settings = context.ledger, context.settings
    overlay: dict[tuple[int, dt.date], tuple[DayStatus, int]] = {}
    for offset in range(settings.close_catch_up_days, -1, -1):
        date = today - dt.timedelta(days=offset)
        days = await village_days(ledger, date)
        due = {key: day for key, day in days.items() if day.close_at <= now}
        if not due:
            continue
        done = await closed_markers(marker(day.code, date) for day in due.values())
        open_ids = {key for key, day in due.items() if marker(day.code, date) not in done}
        if not open_ids:
            continue

        snapshot = await snapshot_for(context, plan, date)
        results = snapshot.results(now)
        chosen = [m for m in snapshot.members if m.village_id in open_ids]
        statuses = [results[m.person_id].status for m in chosen]
        plan.closes.append(
            CloseAction(
                date,
                frozenset(open_ids),
                tuple(sorted(days[key].code for key in open_ids)),
                len(chosen),
                statuses.count(DayStatus.ABSENT),
                statuses.count(DayStatus.MISSING_CHECK_OUT),
            )
        )
        recent = [key for key in open_ids if now - days[key].close_at <= NOTICE_AGE]
        plan.messages.extend(close_notices(snapshot, now, set(recent), settings))

        for member in chosen:
            result = results[member.person_id]
            overlay[(member.person_id, date)] = (result.status, result.late_minutes)
        concerned = [
            m.person_id
            for m in chosen
            if results[m.person_id].status is DayStatus.ABSENT
            or results[m.person_id].late_minutes > 0
        ]
        records = await load_records(concerned, date, settings.absence_lookback_days, overlay)
        planned_before = {step.person_id: step for step in plan.steps}
        for person_id, record in records.items():
            earlier = planned_before.get(person_id)
            if earlier is not None:
                record = Record(
                    record.statuses,
                    record.late_dates,
                    (*record.steps, PastStep(earlier.level, earlier.date, earlier.facts_key)),
                )
            step = next_step(person_id, date, record, ledger.district.warnings)
            if step is not None:
                plan.steps.append(step)


async def _plan_recaps(context: JobContext, plan: Plan, today: dt.date, now: dt.datetime) -> None:
    """Plan the morning recap of today and the end-of-day recaps of today and yesterday."""
    ledger, settings, chat = context.ledger, context.settings, context.camat_chat_id
    zone = ZoneInfo(ledger.district.timezone)
    catch_up = dt.timedelta(minutes=settings.recap_catch_up_minutes)

    days = await village_days(ledger, today)
    if any(day.working for day in days.values()):
        due = at_local(today, settings.morning_recap_time, zone)
        if due <= now < due + catch_up:
            await _recap(context, plan, today, now, recap.MORNING)

    for date in (today - dt.timedelta(days=1), today):
        days = await village_days(ledger, date)
        working = [day for day in days.values() if day.working]
        if not working:
            continue
        due = max(
            at_local(date, settings.evening_recap_time, zone),
            *(day.close_at for day in working),
        )
        if due <= now < due + catch_up:
            await _recap(context, plan, date, now, recap.EVENING)
    if chat is None:
        plan.notes.append(
            "telegram.camat_chat_id belum diisi: rekap dan pemberitahuan grup tidak dikirim"
        )


async def _recap(
    context: JobContext, plan: Plan, date: dt.date, now: dt.datetime, kind: str
) -> None:
    chat = context.camat_chat_id
    if chat is None:
        return
    first_key = dedupe_key(kind, chat_recipient(chat), date, 1)
    if await queued_keys([first_key]):
        return
    snapshot = await snapshot_for(context, plan, date)
    rows = recap.village_counts(snapshot, now, kind)
    district = context.ledger.district.name
    zone = ZoneInfo(context.ledger.district.timezone)
    if kind == recap.MORNING:
        texts = recap.morning_text(district, date, rows, messages.clock(now, zone))
    else:
        texts = recap.evening_text(district, date, rows)
    for step, text in enumerate(texts, start=1):
        plan.messages.append(
            QueuedMessage(
                dedupe_key=dedupe_key(kind, chat_recipient(chat), date, step),
                chat_id=chat,
                kind=kind,
                message=TextMessage(text),
                not_before=now,
                why=f"{kind} of {date} part {step}/{len(texts)}",
            )
        )


async def _plan_silent_devices(
    context: JobContext, plan: Plan, today: dt.date, now: dt.datetime
) -> None:
    chat = context.camat_chat_id
    if chat is None:
        return
    ledger, settings = context.ledger, context.settings
    days = await village_days(ledger, today)
    working = [day for day in days.values() if day.working]
    if not working:
        return
    due = at_local(today, settings.silent_device_time, ZoneInfo(ledger.district.timezone))
    until = min(day.end for day in working)
    if not due <= now < until:
        return
    key = dedupe_key(SILENT_KIND, chat_recipient(chat), today)
    if await queued_keys([key]):
        return
    lines = await silent_devices(days, ledger.district.day_boundary_hour)
    if lines:
        plan.messages.append(
            QueuedMessage(
                dedupe_key=key,
                chat_id=chat,
                kind=SILENT_KIND,
                message=TextMessage(messages.silent_devices_notice(today, lines)),
                not_before=now,
                why=f"{len(lines)} approved terminals silent since the day started",
            )
        )


async def _plan_report(context: JobContext, plan: Plan, today: dt.date, now: dt.datetime) -> None:
    chat = context.camat_chat_id
    if chat is None:
        return
    ledger = context.ledger
    first = await first_working_day(ledger, today.year, today.month)
    if first is None:
        return
    due = at_local(first, context.settings.monthly_report_time, ZoneInfo(ledger.district.timezone))
    if now < due:
        return
    year, month = previous_month(today)
    key = dedupe_key(REPORT_KIND, chat_recipient(chat), f"{year:04d}-{month:02d}")
    if not await queued_keys([key]):
        plan.reports.append(ReportAction(year, month, key))
