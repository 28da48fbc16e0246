"""Reminders and notices during the working day, planned from a day snapshot.

Four messages to a person's own chat, each at most once a day (its dedupe key is the person, the
kind and the date):

- ``reminder.check_in`` — ``check_in_reminder_minutes_before`` the start, to those not checked
  in; due until the start;
- ``notice.late`` — ``lateness_notice_minutes_after`` past start + grace, to those still missing;
  due for ``reminder_catch_up_minutes``;
- ``reminder.check_out`` — ``check_out_reminder_minutes_before`` the end, to those checked in and
  not out; due until the end;
- ``notice.early_departure`` — once a check-out before the end is counted; due until the day
  closes.

Nobody is reminded on a holiday or a non-working day, on an approved leave day, or in the part of
a day an approved partial leave covers. A reminder whose time passed more than the catch-up window
ago (the service was down) is dropped: a late reminder is noise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from attendance.day import DayResult
from attendance.enums import DayStatus
from config.scheduler import SchedulerSettings
from scheduler import messages
from scheduler.outbox import QueuedMessage, TextMessage, dedupe_key, person_recipient
from scheduler.snapshot import DaySnapshot, Member, VillageDay

CHECK_IN = "reminder.check_in"
LATE = "notice.late"
CHECK_OUT = "reminder.check_out"
EARLY = "notice.early_departure"


@dataclass(frozen=True, slots=True)
class Window:
    """When a message kind is due for one village: from `due` up to (not including) `until`."""

    kind: str
    due: dt.datetime
    until: dt.datetime

    def open_at(self, now: dt.datetime) -> bool:
        """Tell whether `now` falls inside the window."""
        return self.due <= now < self.until


def windows(village: VillageDay, settings: SchedulerSettings) -> list[Window]:
    """Return the reminder windows of a working village day (none on a day off)."""
    if not village.working or village.shift is None:
        return []
    catch_up = dt.timedelta(minutes=settings.reminder_catch_up_minutes)
    start, end = village.start, village.end
    reminder = start - dt.timedelta(minutes=settings.check_in_reminder_minutes_before)
    late = start + dt.timedelta(
        minutes=village.shift.grace_minutes + settings.lateness_notice_minutes_after
    )
    check_out = end - dt.timedelta(minutes=settings.check_out_reminder_minutes_before)
    return [
        Window(CHECK_IN, reminder, min(reminder + catch_up, start)),
        Window(LATE, late, min(late + catch_up, end)),
        Window(CHECK_OUT, check_out, min(check_out + catch_up, end)),
    ]


def open_windows(
    villages: dict[int, VillageDay], now: dt.datetime, settings: SchedulerSettings
) -> dict[int, list[Window]]:
    """Return, per village, the windows open at `now`."""
    found: dict[int, list[Window]] = {}
    for village_id, village in villages.items():
        current = [window for window in windows(village, settings) if window.open_at(now)]
        if current:
            found[village_id] = current
    return found


def window_id(kind: str, village_id: int, date: dt.date) -> str:
    """Return the id of one window of one village on one date."""
    return f"{kind}@{village_id}@{date.isoformat()}"


def plan_reminders(
    snapshot: DaySnapshot,
    now: dt.datetime,
    settings: SchedulerSettings,
    skip: Collection[str] = frozenset(),
) -> list[QueuedMessage]:
    """Return the reminders and lateness notices due at `now`, except windows in `skip`."""
    open_now = {
        village_id: kept
        for village_id, current in open_windows(snapshot.villages, now, settings).items()
        if (
            kept := [
                w for w in current if window_id(w.kind, village_id, snapshot.date) not in skip
            ]
        )
    }
    if not open_now:
        return []
    results = snapshot.results(now)
    planned: list[QueuedMessage] = []
    for member in snapshot.members:
        current = open_now.get(member.village_id)
        if not current or member.chat_id is None:
            continue
        village = snapshot.villages[member.village_id]
        result = results[member.person_id]
        for window in current:
            text = _text_for(window.kind, member, village, result)
            if text is None:
                continue
            planned.append(
                QueuedMessage(
                    dedupe_key=dedupe_key(
                        window.kind, person_recipient(member.person_id), snapshot.date
                    ),
                    chat_id=member.chat_id,
                    kind=window.kind,
                    message=TextMessage(text),
                    person_id=member.person_id,
                    not_before=now,
                    why=f"{window.kind}: status {result.status} at {now.isoformat()}",
                )
            )
    return planned


def plan_early_departures(
    snapshot: DaySnapshot, now: dt.datetime, settings: SchedulerSettings
) -> list[QueuedMessage]:
    """Return a notice for each counted check-out that came before the end of the day."""
    if not settings.early_departure_notice:
        return []
    results = snapshot.results(now)
    planned: list[QueuedMessage] = []
    for member in snapshot.members:
        village = snapshot.villages[member.village_id]
        result = results[member.person_id]
        if (
            member.chat_id is None
            or not village.working
            or now >= village.close_at
            or result.last_out is None
            or result.early_minutes <= 0
            or result.status is DayStatus.EXCUSED
        ):
            continue
        planned.append(
            QueuedMessage(
                dedupe_key=dedupe_key(EARLY, person_recipient(member.person_id), snapshot.date),
                chat_id=member.chat_id,
                kind=EARLY,
                message=TextMessage(
                    messages.early_departure_notice(
                        result.last_out, village.end, result.early_minutes, village.zone
                    )
                ),
                person_id=member.person_id,
                not_before=now,
                why=f"check-out {result.early_minutes} min before the end",
            )
        )
    return planned


def _text_for(kind: str, member: Member, village: VillageDay, result: DayResult) -> str | None:
    """Return the text of `kind` for this person now, or None when it does not apply."""
    if kind in (CHECK_IN, LATE):
        if result.status is not DayStatus.PENDING or member.excused_at(village.start):
            return None
        if kind == CHECK_IN:
            return messages.check_in_reminder(village.start, village.zone)
        return messages.lateness_notice(village.start, village.zone)
    at_work = result.first_in is not None and result.last_out is None
    if not at_work or result.status is DayStatus.EXCUSED:
        return None
    if member.excused_at(village.end - dt.timedelta(minutes=1)):
        return None
    return messages.check_out_reminder(village.end, village.zone)
