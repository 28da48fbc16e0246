"""Day close: once a village's day is final, store everyone's day in bulk and flag what is wrong.

A village's day closes ``close_after_minutes`` after its shift ends (at most at the day
boundary), the moment :func:`attendance.day.closes_at` names. Closing then:

1. computes everyone's day from a :class:`scheduler.snapshot.DaySnapshot` with the one day rule
   (:func:`attendance.day.compute_day`) and upserts all rows in a few statements, so 100,000
   people close in seconds, not in 100,000 rounds of the ledger;
2. recomputes, through the ledger, anyone whose event arrived while the bulk write ran, so a
   late punch is never overwritten by an older result;
3. tells each person whose check-out is missing that the day was recorded as "lupa absen
   pulang" (flagged, never silent) and each person recorded absent without explanation;
4. writes a marker to the audit log (action ``day.close``, target ``<village code>@<date>``).

Catch-up: a close never expires. Every tick looks back ``close_catch_up_days`` for village days
past their close time without a marker, so a service that was down closes what it missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from attendance.audit import record_audit
from attendance.day import STORED_DAY_FIELDS, DayResult
from attendance.enums import DayStatus
from attendance.ledger import Ledger
from attendance.models import AttendanceDay, AttendanceEvent, AuditEntry
from config.scheduler import SchedulerSettings
from scheduler import messages
from scheduler.outbox import QueuedMessage, TextMessage, dedupe_key, person_recipient
from scheduler.snapshot import DaySnapshot, load_snapshot, village_days

CLOSE_ACTION = "day.close"
MISSING_CHECK_OUT = "close.missing_check_out"
ABSENT = "close.absent"
SYSTEM = "system"
BATCH = 2000


@dataclass(frozen=True, slots=True)
class CloseReport:
    """What closing one date did."""

    date: dt.date
    villages: int
    stored: int
    recomputed: int
    absent: int
    missing_check_out: int


def marker(code: str, date: dt.date) -> str:
    """Return the audit target id that marks a village's day as closed."""
    return f"{code}@{date.isoformat()}"


async def closed_markers(targets: Iterable[str]) -> set[str]:
    """Return which of the marker ids are written already."""
    wanted = list(targets)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        rows = await AuditEntry.filter(
            action=CLOSE_ACTION, target_id__in=wanted[start : start + 500]
        ).values_list("target_id")
        found.update(str(target) for (target,) in rows)
    return found


async def store_days(
    ledger: Ledger, snapshot: DaySnapshot, now: dt.datetime, village_ids: set[int]
) -> tuple[int, int]:
    """Upsert the days of the given villages as computed at `now`; return (stored, recomputed)."""
    results = snapshot.results(now)
    rows = [
        _row(member.person_id, results[member.person_id], now)
        for member in snapshot.members
        if member.village_id in village_ids
    ]
    for start in range(0, len(rows), BATCH):
        await AttendanceDay.bulk_create(
            rows[start : start + BATCH],
            on_conflict=("person_id", "local_date"),
            update_fields=(*STORED_DAY_FIELDS, "computed_at"),
        )

    # An event stored after the snapshot was read is not in the bulk result: redo those people.
    racing = {
        int(person_id)
        for (person_id,) in await AttendanceEvent.filter(
            local_date=snapshot.date,
            received_at__gte=snapshot.loaded_at.astimezone(dt.UTC),
            person__village_id__in=list(village_ids),
        ).values_list("person_id")
    }
    for person_id in sorted(racing):
        await ledger.recompute(person_id, snapshot.date)
    return len(rows), len(racing)


async def mark_closed(
    snapshot: DaySnapshot, village_ids: set[int], counts: dict[int, int]
) -> None:
    """Write the close marker of each village (last, after its days and notices)."""
    for village_id in sorted(village_ids):
        village = snapshot.villages[village_id]
        await record_audit(
            SYSTEM,
            CLOSE_ACTION,
            "village",
            marker(village.code, snapshot.date),
            details={"people": counts.get(village_id, 0), "date": snapshot.date.isoformat()},
        )


def close_notices(
    snapshot: DaySnapshot, now: dt.datetime, village_ids: set[int], settings: SchedulerSettings
) -> list[QueuedMessage]:
    """Return the 'lupa absen pulang' and absence notices of a close."""
    results = snapshot.results(now)
    planned: list[QueuedMessage] = []
    for member in snapshot.members:
        if member.village_id not in village_ids or member.chat_id is None:
            continue
        status = results[member.person_id].status
        if status is DayStatus.MISSING_CHECK_OUT:
            kind, text = MISSING_CHECK_OUT, messages.missing_check_out_notice(snapshot.date)
        elif status is DayStatus.ABSENT and settings.absence_notice:
            kind, text = ABSENT, messages.absence_notice(snapshot.date)
        else:
            continue
        planned.append(
            QueuedMessage(
                dedupe_key=dedupe_key(kind, person_recipient(member.person_id), snapshot.date),
                chat_id=member.chat_id,
                kind=kind,
                message=TextMessage(text),
                person_id=member.person_id,
                not_before=now,
                why=f"day closed as {status}",
            )
        )
    return planned


async def close_date(ledger: Ledger, date: dt.date, *, only_unmarked: bool = True) -> CloseReport:
    """Close `date` for every village past its close time (used by catch-up and benchmarks).

    Sends no notices: a date closed this way is old news, only its days and markers are stored.
    """
    now = ledger.now()
    days = await village_days(ledger, date)
    due = {key for key, village in days.items() if village.close_at <= now}
    if only_unmarked:
        done = await closed_markers(marker(days[key].code, date) for key in due)
        due = {key for key in due if marker(days[key].code, date) not in done}
    if not due:
        return CloseReport(date, 0, 0, 0, 0, 0)
    snapshot = await load_snapshot(ledger, date, village_ids=due, chats=False)
    stored, recomputed = await store_days(ledger, snapshot, now, due)
    results = snapshot.results(now)
    per_village: dict[int, int] = {}
    for member in snapshot.members:
        per_village[member.village_id] = per_village.get(member.village_id, 0) + 1
    await mark_closed(snapshot, due, per_village)
    statuses = [result.status for result in results.values()]
    return CloseReport(
        date,
        len(due),
        stored,
        recomputed,
        statuses.count(DayStatus.ABSENT),
        statuses.count(DayStatus.MISSING_CHECK_OUT),
    )


def _row(person_id: int, result: DayResult, now: dt.datetime) -> AttendanceDay:
    return AttendanceDay(
        person_id=person_id, local_date=result.date, computed_at=now, **result.stored_fields()
    )
