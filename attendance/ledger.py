"""The ledger: the one entry point that records attendance events and recomputes days.

The bot, the terminal routes and the admin web all call :meth:`Ledger.record`. It stores an
event once per idempotency key (a second delivery returns the stored event and says so),
attributes it to the office-local date, and recomputes that person's day from all counted events
under a row lock, so two events arriving together cannot overwrite each other's result.
Corrections and review decisions go through audited methods and recompute the day too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from attendance.audit import record_audit
from attendance.clock import local_date_of, require_aware
from attendance.day import DayFacts, DayResult, Excuse, Punch, compute_day
from attendance.enums import EventKind, EventSource, LeaveStatus, Verdict
from attendance.errors import NotFound, RuleError
from attendance.holiday import Override, holiday_on
from attendance.models import (
    AttendanceDay,
    AttendanceEvent,
    HolidayOverride,
    Leave,
    Person,
    Village,
    WorkRuleVersion,
)
from attendance.people import village_by_code
from attendance.workrule import check_new_version, rule_in_force, shift_on
from config.district import DistrictSettings, WorkRuleSettings

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """Return the current time in UTC."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event as a channel hands it to the ledger.

    ``occurred_at`` must be aware and come from the server or the channel (Telegram's message
    date, the terminal's punch time), never from a phone's own clock.
    """

    idempotency_key: str
    source: EventSource
    kind: EventKind
    occurred_at: dt.datetime
    person_id: int | None
    village_id: int | None = None
    device_id: int | None = None
    device_pin: str | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    verdict: Verdict = Verdict.ACCEPTED
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Recorded:
    """What recording did: the stored event, whether it is new, and the day it changed."""

    event: AttendanceEvent
    created: bool
    day: DayResult | None


class Ledger:
    """Record events and derive attendance days for one district."""

    __slots__ = ("_clock", "_district", "_rules")

    def __init__(self, district: DistrictSettings, clock: Clock = utc_now) -> None:
        self._district = district
        self._clock = clock
        self._rules: tuple[WorkRuleSettings, ...] | None = None

    @property
    def district(self) -> DistrictSettings:
        """Return the district settings the ledger works for."""
        return self._district

    def now(self) -> dt.datetime:
        """Return the ledger's current time (tests travel in time through the clock)."""
        return require_aware(self._clock(), "clock time")

    def today(self) -> dt.date:
        """Return the district's office-local date now."""
        zone = ZoneInfo(self._district.timezone)
        return local_date_of(self.now(), zone, self._district.day_boundary_hour)

    async def record(self, new: NewEvent) -> Recorded:
        """Store `new` once per idempotency key and recompute the day it counts for."""
        require_aware(new.occurred_at, "event time")
        existing = await AttendanceEvent.get_or_none(idempotency_key=new.idempotency_key)
        if existing is not None:
            return Recorded(existing, created=False, day=None)

        person = await self._person(new.person_id) if new.person_id is not None else None
        village_id = new.village_id or (person.village_id if person else None)
        village = await Village.get_or_none(id=village_id) if village_id else None
        local_date = (
            local_date_of(new.occurred_at, self._zone(village), self._district.day_boundary_hour)
            if village is not None
            else None
        )

        try:
            event = await AttendanceEvent.create(
                idempotency_key=new.idempotency_key,
                source=new.source,
                kind=new.kind,
                person=person,
                village=village,
                device_id=new.device_id,
                device_pin=new.device_pin,
                occurred_at=new.occurred_at.astimezone(dt.UTC),
                received_at=self.now(),
                local_date=local_date,
                evidence=dict(new.evidence),
                verdict=new.verdict,
                reasons=list(new.reasons),
            )
        except IntegrityError:
            # Another delivery of the same key won the race: report the stored one.
            stored = await AttendanceEvent.get(idempotency_key=new.idempotency_key)
            return Recorded(stored, created=False, day=None)

        day = None
        if person is not None and local_date is not None:
            day = await self.recompute(person.id, local_date)
        return Recorded(event, created=True, day=day)

    async def recompute(self, person_id: int, date: dt.date) -> DayResult:
        """Derive and store the day of `person_id` on `date` from everything known now."""
        person = await self._person(person_id)
        village = await Village.get(id=person.village_id)

        async with in_transaction() as connection:
            # Lock the day row first so a concurrent recompute waits and then sees our event.
            row, _ = await AttendanceDay.get_or_create(
                person_id=person.id,
                local_date=date,
                defaults={"status": "pending", "computed_at": self.now()},
                using_db=connection,
            )
            await AttendanceDay.filter(id=row.id).select_for_update().using_db(connection).get()
            result = await self._compute(person, village, date)
            await (
                AttendanceDay.filter(id=row.id)
                .using_db(connection)
                .update(**result.stored_fields(), computed_at=self.now())
            )
        return result

    async def recompute_many(
        self, date: dt.date, village_code: str | None = None
    ) -> list[tuple[Person, DayResult]]:
        """Recompute `date` for every active person (of one village when a code is given)."""
        people = (
            Person.filter(active=True).prefetch_related("village").order_by("village_id", "id")
        )
        if village_code is not None:
            village = await village_by_code(village_code)
            people = people.filter(village_id=village.id)
        return [(person, await self.recompute(person.id, date)) for person in await people]

    async def review(self, event_id: int, verdict: Verdict, actor: str, reason: str) -> DayResult:
        """Decide a doubtful event once (accept or reject), audit it, and recompute its day."""
        if verdict is Verdict.REVIEW:
            msg = "A review decision must be accepted or rejected."
            raise RuleError(msg, hint="Keputusan pemeriksaan harus terima atau tolak.")
        event = await AttendanceEvent.get_or_none(id=event_id)
        if event is None:
            msg = f"Event {event_id} does not exist."
            raise NotFound(msg, hint=f"Absen nomor {event_id} tidak ada.")
        if event.reviewed_verdict is not None:
            msg = f"Event {event_id} was already decided as {event.reviewed_verdict}."
            raise RuleError(msg, hint=f"Absen nomor {event_id} sudah diputuskan sebelumnya.")

        # Conditional on "not decided yet", so two admins pressing at once decide it only once.
        decided = await AttendanceEvent.filter(id=event.id, reviewed_verdict=None).update(
            reviewed_verdict=verdict, reviewed_by=actor, reviewed_at=self.now()
        )
        if not decided:
            msg = f"Event {event_id} was decided by someone else a moment ago."
            raise RuleError(msg, hint=f"Absen nomor {event_id} baru saja diputuskan orang lain.")
        await event.refresh_from_db()
        await record_audit(
            actor,
            "event.review",
            "attendance_event",
            event.id,
            reason=reason,
            details={"verdict": verdict.value},
        )
        return await self._recompute_event_day(event)

    async def correct(
        self,
        person_id: int,
        kind: EventKind,
        occurred_at: dt.datetime,
        actor: str,
        reason: str,
    ) -> Recorded:
        """Add a missing check-in or check-out on an admin's word, with the reason audited."""
        if not reason.strip():
            msg = "A correction needs a reason."
            raise RuleError(msg, hint="Koreksi harus disertai alasan.")
        recorded = await self.record(
            NewEvent(
                idempotency_key=f"admin:{uuid.uuid4()}",
                source=EventSource.ADMIN,
                kind=kind,
                occurred_at=occurred_at,
                person_id=person_id,
                evidence={"corrected_by": actor},
                reasons=("admin_correction",),
            )
        )
        await record_audit(
            actor,
            "event.correct",
            "attendance_event",
            recorded.event.id,
            reason=reason,
            details={"kind": kind.value, "person_id": person_id},
        )
        return recorded

    async def attach_unmapped(self, device_id: int, pin: str, person_id: int) -> int:
        """Give punches kept for an unmapped terminal PIN to `person_id`; return how many."""
        person = await self._person(person_id)
        village = await Village.get(id=person.village_id)
        events = await AttendanceEvent.filter(device_id=device_id, device_pin=pin, person_id=None)
        dates = set()
        for event in events:
            date = local_date_of(
                event.occurred_at, self._zone(village), self._district.day_boundary_hour
            )
            await AttendanceEvent.filter(id=event.id).update(
                person_id=person.id, village_id=village.id, local_date=date
            )
            dates.add(date)
        for date in sorted(dates):
            await self.recompute(person.id, date)
        return len(events)

    async def work_rules(self) -> tuple[WorkRuleSettings, ...]:
        """Return the stored work-rule versions, oldest first."""
        if self._rules is None:
            rows = await WorkRuleVersion.filter(district_id=self._district.code).order_by(
                "effective_from"
            )
            self._rules = tuple(WorkRuleSettings.model_validate(row.rule) for row in rows)
        return self._rules

    async def add_work_rule(self, rule: WorkRuleSettings, actor: str, reason: str) -> None:
        """Store a new version of the working hours, starting after today, and audit it."""
        today = local_date_of(
            self.now(), ZoneInfo(self._district.timezone), self._district.day_boundary_hour
        )
        check_new_version(await self.work_rules(), rule, today)
        await WorkRuleVersion.create(
            district_id=self._district.code,
            name=rule.name,
            effective_from=rule.effective_from,
            rule=rule.model_dump(mode="json"),
            created_by=actor,
        )
        await record_audit(
            actor,
            "work_rule.add",
            "work_rule_version",
            rule.effective_from.isoformat(),
            reason=reason,
        )
        self._rules = None

    async def _compute(self, person: Person, village: Village, date: dt.date) -> DayResult:
        zone = self._zone(village)
        rule = rule_in_force(await self.work_rules(), date)
        shift = shift_on(rule, date) if rule is not None else None

        overrides = [
            Override(row.date, row.kind, row.name, row.village_id)
            for row in await HolidayOverride.filter(date=date)
        ]
        punches, waiting = await self._punches(person.id, date)
        facts = DayFacts(
            date=date,
            zone=zone,
            boundary_hour=self._district.day_boundary_hour,
            shift=shift,
            holiday=holiday_on(date, village.id, overrides),
            excuses=await self._excuses(person, date),
            punches=punches,
            awaiting_review=waiting,
            close_after=dt.timedelta(minutes=self._district.close_after_minutes),
            **service_span(person, zone, self._district.day_boundary_hour),
        )
        return compute_day(facts, self.now())

    async def _punches(self, person_id: int, date: dt.date) -> tuple[tuple[Punch, ...], int]:
        """Return the counted punches of the day and how many events await a review."""
        events = await AttendanceEvent.filter(person_id=person_id, local_date=date)
        waiting = sum(awaits_review(event.verdict, event.reviewed_verdict) for event in events)
        return tuple(Punch(event.occurred_at, event.kind) for event in counted(events)), waiting

    async def _excuses(self, person: Person, date: dt.date) -> tuple[Excuse, ...]:
        whose = (
            Q(person_id=person.id)
            | Q(person_id=None, village_id=person.village_id)
            | Q(person_id=None, village_id=None)
        )
        leaves = await Leave.filter(
            whose, status=LeaveStatus.APPROVED, start_date__lte=date, end_date__gte=date
        )
        return tuple(
            Excuse(leave.leave_type, leave.start_time, leave.end_time) for leave in leaves
        )

    async def _recompute_event_day(self, event: AttendanceEvent) -> DayResult:
        if event.person_id is None or event.local_date is None:
            msg = f"Event {event.id} belongs to no person yet, so it has no day."
            hint = "Absen ini belum terhubung dengan seseorang: petakan PIN-nya dulu."
            raise RuleError(msg, hint=hint)
        return await self.recompute(event.person_id, event.local_date)

    async def _person(self, person_id: int) -> Person:
        person = await Person.get_or_none(id=person_id)
        if person is None:
            msg = f"Person {person_id} does not exist."
            raise NotFound(msg, hint=f"Orang nomor {person_id} tidak ada.")
        return person

    def _zone(self, village: Village) -> ZoneInfo:
        return ZoneInfo(village.timezone or self._district.timezone)


def service_span(person: Person, zone: ZoneInfo, boundary_hour: int) -> dict[str, dt.date | None]:
    """Return the office-local dates a person entered and left the service, as DayFacts fields."""
    left = person.deactivated_at
    return {
        "registered_on": local_date_of(person.created_at, zone, boundary_hour),
        "left_on": local_date_of(left, zone, boundary_hour) if left is not None else None,
    }


def counts(verdict: Verdict | str, reviewed: Verdict | str | None) -> bool:
    """Tell whether an event counts: accepted at first, or accepted on review."""
    return Verdict(reviewed or verdict) is Verdict.ACCEPTED


def awaits_review(verdict: Verdict | str, reviewed: Verdict | str | None) -> bool:
    """Tell whether an event is doubtful and no reviewer has decided it yet."""
    return Verdict(verdict) is Verdict.REVIEW and reviewed is None


def counted(events: Sequence[AttendanceEvent]) -> list[AttendanceEvent]:
    """Return the events that count: accepted at first, or accepted on review."""
    return [e for e in events if counts(e.verdict, e.reviewed_verdict)]
