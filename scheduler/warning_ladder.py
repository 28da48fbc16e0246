"""The warning ladder: teguran lisan → SP-1 → SP-2 → SP-3 → usul pemberhentian sementara.

Evaluated for each closed date, for the people of the villages that closed it
(``district.warnings``):

- **Absences.** A run of unexplained absences (``absent`` days) ending on the closed date, counting
  working days only: holidays, days off and excused days neither count nor break the run; any
  other day breaks it. Step *i* of the ladder needs a run of at least
  ``consecutive_absences[i]`` days. Facts key: ``absence:<person>:<first day of the run>:<level>``.
- **Lateness.** The ``late_count_per_month``-th late day of a month raises the ladder by one step,
  once per month. Facts key: ``late:<person>:<YYYY-MM>``.
- **Spacing.** A step comes at least ``min_days_between_steps`` days after the previous one. A
  previous step older than ``max_days_between_steps`` days has lapsed: the ladder starts again at
  teguran lisan. One step per person per date; the top step is the last.

A step's facts key is unique in the ``warning`` table, so the same facts never produce the same
step twice, whatever restarts or double runs happen. Each step is stored with the facts, gets a
PDF letter, and is sent to the person, to their Kades (for perangkat desa) and to the camat group.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tortoise.exceptions import IntegrityError

from attendance.enums import DayStatus, Role, WarningLevel
from attendance.models import AttendanceDay, Person, Warning
from attendance.vocabulary import ROLE_NAMES
from config.district import Letterhead, WarningSettings
from scheduler import messages
from scheduler.letter import LetterFacts, write_letter
from scheduler.outbox import (
    DocumentMessage,
    QueuedMessage,
    chat_recipient,
    dedupe_key,
    person_recipient,
)
from scheduler.snapshot import chat_of, kades_chats_of

LADDER = (
    WarningLevel.ORAL,
    WarningLevel.WRITTEN_1,
    WarningLevel.WRITTEN_2,
    WarningLevel.WRITTEN_3,
    WarningLevel.SUSPENSION_PROPOSAL,
)
NEUTRAL = (DayStatus.HOLIDAY, DayStatus.NON_WORKING_DAY, DayStatus.EXCUSED)
KIND = "warning"


@dataclass(frozen=True, slots=True)
class PastStep:
    """A step already issued: its level and the office date it was issued on."""

    level: WarningLevel
    issued_on: dt.date
    facts_key: str


@dataclass(frozen=True, slots=True)
class Step:
    """A step to issue: who, which level, on which facts."""

    person_id: int
    level: WarningLevel
    date: dt.date
    facts_key: str
    reason: str
    dates: tuple[dt.date, ...]
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Record:
    """One person's history for the ladder: statuses by date and steps issued."""

    statuses: Mapping[dt.date, DayStatus]
    late_dates: frozenset[dt.date]
    steps: tuple[PastStep, ...]


def absence_run(statuses: Mapping[dt.date, DayStatus], date: dt.date) -> tuple[dt.date, ...]:
    """Return the dates of the run of unexplained absences ending on `date` (empty if none)."""
    if statuses.get(date) is not DayStatus.ABSENT:
        return ()
    run: list[dt.date] = []
    day = date
    while (status := statuses.get(day)) is not None:
        if status is DayStatus.ABSENT:
            run.append(day)
        elif status not in NEUTRAL:
            break
        day -= dt.timedelta(days=1)
    return tuple(reversed(run))


def next_step(
    person_id: int, date: dt.date, record: Record, settings: WarningSettings
) -> Step | None:
    """Return the step `person_id` earns on `date`, or None."""
    last = max(record.steps, key=lambda step: step.issued_on, default=None)
    position = -1
    if last is not None:
        gap = (date - last.issued_on).days
        if gap < settings.min_days_between_steps:
            return None
        if gap <= settings.max_days_between_steps:
            position = LADDER.index(last.level)
    if position + 1 >= len(LADDER):
        return None
    level = LADDER[position + 1]
    keys = {step.facts_key for step in record.steps}

    run = absence_run(record.statuses, date)
    threshold = settings.consecutive_absences[position + 1]
    if run and len(run) >= threshold:
        key = f"absence:{person_id}:{run[0].isoformat()}:{level.value}"
        if key not in keys:
            return Step(
                person_id,
                level,
                date,
                key,
                messages.absence_reason(len(run)),
                run,
                {"trigger": "absence", "days": len(run), "threshold": threshold},
            )

    if date in record.late_dates:
        month = [
            day for day in record.late_dates if (day.year, day.month) == (date.year, date.month)
        ]
        key = f"late:{person_id}:{date:%Y-%m}"
        if len(month) >= settings.late_count_per_month and key not in keys:
            return Step(
                person_id,
                level,
                date,
                key,
                messages.lateness_reason(len(month), date.year, date.month),
                tuple(sorted(month)),
                {"trigger": "lateness", "count": len(month)},
            )
    return None


async def load_records(
    person_ids: Iterable[int],
    date: dt.date,
    lookback_days: int,
    overlay: Mapping[tuple[int, dt.date], tuple[DayStatus, int]],
) -> dict[int, Record]:
    """Read the stored days and steps of people, with `overlay` results not stored yet."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    since = min(date - dt.timedelta(days=lookback_days), date.replace(day=1))
    statuses: dict[int, dict[dt.date, DayStatus]] = defaultdict(dict)
    late: dict[int, set[dt.date]] = defaultdict(set)
    steps: dict[int, list[PastStep]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = await AttendanceDay.filter(
            person_id__in=chunk, local_date__gte=since, local_date__lte=date
        ).values_list("person_id", "local_date", "status", "late_minutes")
        for person_id, day, status, late_minutes in rows:
            statuses[person_id][day] = DayStatus(status)
            if late_minutes > 0:
                late[person_id].add(day)
        for person_id, level, facts_key, facts in await Warning.filter(
            person_id__in=chunk
        ).values_list("person_id", "level", "facts_key", "facts"):
            issued = dt.date.fromisoformat(facts.get("issued_on", "1970-01-01"))
            steps[person_id].append(PastStep(WarningLevel(level), issued, facts_key))
    wanted = set(ids)
    for (person_id, day), (status, late_minutes) in overlay.items():
        if person_id in wanted:
            statuses[person_id][day] = status
            if late_minutes > 0:
                late[person_id].add(day)
            else:
                late[person_id].discard(day)
    return {
        person_id: Record(statuses[person_id], frozenset(late[person_id]), tuple(steps[person_id]))
        for person_id in ids
    }


async def issue_step(
    step: Step,
    *,
    data_dir: Path,
    letterhead: Letterhead,
    camat_chat_id: str | None,
    notify_kades: bool,
    now: dt.datetime,
) -> list[QueuedMessage]:
    """Store `step` once, write its letter, and return the messages announcing it."""
    person = await Person.get(id=step.person_id).prefetch_related("village")
    facts = {
        **step.facts,
        "issued_on": step.date.isoformat(),
        "dates": [day.isoformat() for day in step.dates],
        "reason": step.reason,
    }
    try:
        warning = await Warning.create(
            person_id=step.person_id,
            level=step.level,
            facts_key=step.facts_key,
            facts=facts,
            issued_at=now,
        )
    except IntegrityError:
        warning = await Warning.get(facts_key=step.facts_key)
    if warning.letter_path is None:
        letter = LetterFacts(
            warning.id,
            step.level,
            person.name,
            ROLE_NAMES[person.role],
            person.village.name,
            step.reason,
            step.dates,
            step.date,
        )
        warning.letter_path = write_letter(data_dir, letter, letterhead)
        await Warning.filter(id=warning.id).update(letter_path=warning.letter_path)

    text = messages.warning_notice(step.level, person.name, person.village.name, step.reason)
    document = DocumentMessage(
        path=warning.letter_path,
        filename=f"{step.level.value}-{warning.id}.pdf",
        caption=text[:1024],
    )
    recipients: list[tuple[str, str, int | None]] = []
    own = await chat_of(person.id)
    if own is not None:
        recipients.append((person_recipient(person.id), own, person.id))
    if notify_kades and person.role is not Role.KADES:
        for kades_id, chat in await kades_chats_of(person.village.id):
            recipients.append((person_recipient(kades_id), chat, kades_id))
    if camat_chat_id is not None:
        recipients.append((chat_recipient(camat_chat_id), camat_chat_id, None))
    return [
        QueuedMessage(
            dedupe_key=dedupe_key(KIND, recipient, step.date, f"w{warning.id}"),
            chat_id=chat,
            kind=f"{KIND}.{step.level.value}",
            message=document,
            person_id=person_id,
            not_before=now,
            why=f"{step.level.value} for person {person.id}: {step.facts_key}",
        )
        for recipient, chat, person_id in recipients
    ]
