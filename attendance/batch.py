"""Recording a batch of terminal events at once: the batch form of :meth:`Ledger.record`.

A terminal sends up to 128 punches in one post, and replays whole batches it was not sure we
received. Recording them one by one through ``Ledger.record`` costs a dozen queries per punch
plus a dozen per day (about 120 punches a second on PostgreSQL on the 2-core target). This module
does the same work in a fixed number of queries per batch:

- events are stored once per idempotency key (``INSERT ... ON CONFLICT DO NOTHING``), with the
  same fields, office-local date and receive time ``Ledger.record`` gives them;
- every (person, date) the new events touch is recomputed exactly as ``Ledger.recompute`` does:
  the day rows are locked first (created if missing, in (person, date) order, so two batches
  cannot deadlock), then the punches, leaves and holiday overrides are read and ``compute_day``
  decides.

Terminal uploads (``terminals.intake``) record through here; the bot and the admin record one
event at a time through ``Ledger.record``. The test ``tests/attendance/test_batch.py`` compares
every day written here with ``Ledger.recompute`` on the same facts, so a change to the ledger's
rules shows up there.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from attendance.clock import local_date_of, require_aware
from attendance.day import STORED_DAY_FIELDS, DayFacts, DayResult, Excuse, Punch, compute_day
from attendance.enums import DayStatus, EventKind, LeaveStatus
from attendance.errors import NotFound
from attendance.holiday import Override, holiday_on
from attendance.ledger import Ledger, NewEvent, awaits_review, counts, service_span
from attendance.models import (
    AttendanceDay,
    AttendanceEvent,
    HolidayOverride,
    Leave,
    Person,
    Village,
)
from attendance.workrule import rule_in_force, shift_on

DayKey = tuple[int, dt.date]
DAY_FIELDS = (*STORED_DAY_FIELDS, "computed_at")


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """What recording a batch did: keys stored now, keys already stored, days recomputed."""

    created: frozenset[str]
    existing: frozenset[str]
    days: int


async def record_batch(
    ledger: Ledger, events: Sequence[NewEvent], *, checked: bool = False
) -> BatchOutcome:
    """Store each event once per key and recompute every day the new ones count for.

    `checked` says the caller has just read which keys are stored and passes only the others:
    the lookup by key is skipped. On a fresh PostgreSQL table (no statistics yet, as during a
    first backfill) that lookup is a sequential scan costing more than the rest of the batch.
    A key stored meanwhile by a concurrent delivery is still kept once by the unique index; it
    is only reported as created.
    """
    for new in events:
        require_aware(new.occurred_at, "event time")
    existing: frozenset[str] = frozenset()
    if not checked:
        keys = [new.idempotency_key for new in events]
        stored = await AttendanceEvent.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
        existing = frozenset(str(key) for key in stored)
    unique = {new.idempotency_key: new for new in events if new.idempotency_key not in existing}
    fresh = list(unique.values())
    if not fresh:
        return BatchOutcome(frozenset(), existing, 0)

    people = await _people({new.person_id for new in fresh if new.person_id is not None})
    village_of = {
        new.idempotency_key: new.village_id
        or (_village_id(people[new.person_id]) if new.person_id is not None else None)
        for new in fresh
    }
    village_ids = {village_id for village_id in village_of.values() if village_id}
    village_ids.update(_village_id(person) for person in people.values())
    villages = {village.id: village for village in await Village.filter(id__in=village_ids)}
    boundary = ledger.district.day_boundary_hour
    now = ledger.now()

    rows = []
    touched: set[DayKey] = set()
    for new in fresh:
        person = people.get(new.person_id) if new.person_id is not None else None
        village = villages.get(village_of[new.idempotency_key] or 0)
        local_date = (
            local_date_of(new.occurred_at, _zone(ledger, village), boundary)
            if village is not None
            else None
        )
        rows.append(
            AttendanceEvent(
                idempotency_key=new.idempotency_key,
                source=new.source,
                kind=new.kind,
                person_id=new.person_id,
                village_id=village.id if village is not None else None,
                device_id=new.device_id,
                device_pin=new.device_pin,
                occurred_at=new.occurred_at.astimezone(dt.UTC),
                received_at=now,
                local_date=local_date,
                evidence=dict(new.evidence),
                verdict=new.verdict,
                reasons=list(new.reasons),
            )
        )
        if person is not None and local_date is not None:
            touched.add((person.id, local_date))

    # A concurrent delivery of the same keys may win; ON CONFLICT keeps its rows and ours go.
    await AttendanceEvent.bulk_create(rows, ignore_conflicts=True)
    if touched:
        await _recompute(ledger, sorted(touched), people, villages)
    return BatchOutcome(frozenset(row.idempotency_key for row in rows), existing, len(touched))


async def recompute_days(ledger: Ledger, days: Iterable[DayKey]) -> dict[DayKey, DayResult]:
    """Derive and store many days at once, with the rules of ``Ledger.recompute``."""
    wanted = sorted(set(days))
    if not wanted:
        return {}
    people = await _people({person_id for person_id, _ in wanted})
    return await _recompute(ledger, wanted, people, await _villages(people))


async def _recompute(
    ledger: Ledger,
    wanted: list[DayKey],
    people: dict[int, Person],
    villages: dict[int, Village],
) -> dict[DayKey, DayResult]:
    dates = {date for _, date in wanted}
    rules = await ledger.work_rules()
    now = ledger.now()

    async with in_transaction() as connection:
        # Lock the day rows first (creating missing ones) so a concurrent recompute waits and
        # then sees our events. Rows are taken in (person, date) order: batches cannot deadlock.
        pending = [
            AttendanceDay(person_id=person_id, local_date=date, status=DayStatus.PENDING)
            for person_id, date in wanted
        ]
        await _upsert(pending, now, ("computed_at",), connection)

        overrides = [
            Override(row.date, row.kind, row.name, row.village_id)
            for row in await HolidayOverride.filter(date__in=list(dates)).using_db(connection)
        ]
        excuses = await _excuses(list(people.values()), dates, connection)
        punches, waiting = await _punches(list(people), dates, connection)

        results: dict[DayKey, DayResult] = {}
        for person_id, date in wanted:
            person = people[person_id]
            village = villages[_village_id(person)]
            rule = rule_in_force(rules, date)
            facts = DayFacts(
                date=date,
                zone=_zone(ledger, village),
                boundary_hour=ledger.district.day_boundary_hour,
                shift=shift_on(rule, date) if rule is not None else None,
                holiday=holiday_on(date, village.id, overrides),
                excuses=tuple(
                    Excuse(leave.leave_type, leave.start_time, leave.end_time)
                    for leave in excuses[(person_id, date)]
                ),
                punches=punches[(person_id, date)],
                awaiting_review=waiting[(person_id, date)],
                close_after=dt.timedelta(minutes=ledger.district.close_after_minutes),
                **service_span(person, _zone(ledger, village), ledger.district.day_boundary_hour),
            )
            results[(person_id, date)] = compute_day(facts, now)

        days = [_day_row(person_id, date, result) for (person_id, date), result in results.items()]
        await _upsert(days, now, DAY_FIELDS, connection)
    return results


async def _villages(people: dict[int, Person]) -> dict[int, Village]:
    ids = {_village_id(person) for person in people.values()}
    return {village.id: village for village in await Village.filter(id__in=ids)}


async def _people(ids: set[int]) -> dict[int, Person]:
    people = {person.id: person for person in await Person.filter(id__in=ids)}
    missing = sorted(ids - set(people))
    if missing:
        msg = f"Person {missing[0]} does not exist."
        raise NotFound(msg, hint=f"Orang nomor {missing[0]} tidak ada.")
    return people


def _village_id(person: Person) -> int:
    return int(person.village_id)


def _zone(ledger: Ledger, village: Village) -> ZoneInfo:
    return ZoneInfo(village.timezone or ledger.district.timezone)


async def _excuses(
    people: list[Person], dates: set[dt.date], connection: BaseDBAsyncClient
) -> defaultdict[DayKey, list[Leave]]:
    """Return the approved leaves covering each (person, date), in id order like the ledger."""
    person_ids = [person.id for person in people]
    village_ids = list({_village_id(person) for person in people})
    whose = (
        Q(person_id__in=person_ids)
        | Q(person_id=None, village_id__in=village_ids)
        | Q(person_id=None, village_id=None)
    )
    leaves = (
        await Leave.filter(
            whose,
            status=LeaveStatus.APPROVED,
            start_date__lte=max(dates),
            end_date__gte=min(dates),
        )
        .order_by("id")
        .using_db(connection)
    )
    covering: defaultdict[DayKey, list[Leave]] = defaultdict(list)
    for person in people:
        for date in dates:
            for leave in leaves:
                if leave.start_date <= date <= leave.end_date and _applies(leave, person):
                    covering[(person.id, date)].append(leave)
    return covering


def _applies(leave: Leave, person: Person) -> bool:
    leave_person = leave.person_id
    leave_village = leave.village_id
    if leave_person is not None:
        return bool(leave_person == person.id)
    return leave_village is None or leave_village == _village_id(person)


async def _punches(
    person_ids: list[int], dates: set[dt.date], connection: BaseDBAsyncClient
) -> tuple[defaultdict[DayKey, tuple[Punch, ...]], defaultdict[DayKey, int]]:
    """Return the counted punches of each (person, date), and how many events await review."""
    rows = await (
        AttendanceEvent.filter(person_id__in=person_ids, local_date__in=list(dates))
        .using_db(connection)
        .values_list(
            "person_id", "local_date", "occurred_at", "kind", "verdict", "reviewed_verdict"
        )
    )
    punches: defaultdict[DayKey, tuple[Punch, ...]] = defaultdict(tuple)
    waiting: defaultdict[DayKey, int] = defaultdict(int)
    for person_id, date, occurred_at, kind, verdict, reviewed in rows:
        key = (int(person_id), date)
        if counts(verdict, reviewed):
            punches[key] = (*punches[key], Punch(occurred_at, EventKind(kind)))
        waiting[key] += awaits_review(verdict, reviewed)
    return punches, waiting


async def _upsert(
    days: list[AttendanceDay],
    now: dt.datetime,
    fields: tuple[str, ...],
    connection: BaseDBAsyncClient,
) -> None:
    """Insert day rows, or update `fields` of the existing ones (which locks them).

    One pipelined statement per row; ``bulk_update`` would build one large CASE query that
    costs more than the whole recompute.
    """
    for day in days:
        day.computed_at = now
    await AttendanceDay.bulk_create(
        days, on_conflict=["person_id", "local_date"], update_fields=fields, using_db=connection
    )


def _day_row(person_id: int, date: dt.date, result: DayResult) -> AttendanceDay:
    return AttendanceDay(person_id=person_id, local_date=date, **result.stored_fields())
