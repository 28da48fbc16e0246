"""A day snapshot: everyone's day facts for one office-local date, loaded in a few bulk queries.

Jobs need the status of thousands of people at one instant (who has not checked in, who forgot
to check out). Asking the ledger person by person would take one round of queries each; the
snapshot loads villages, people, chat accounts, counted events, approved leave and holiday
overrides for the whole district at once and hands each person's :class:`DayFacts` to the one
pure rule, :func:`attendance.day.compute_day`. Nothing here decides a status by itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from attendance.clock import at_local, day_end
from attendance.day import DayFacts, DayResult, Excuse, Punch, closes_at, compute_day
from attendance.enums import EventKind, LeaveStatus, LeaveType, Role
from attendance.holiday import Override, holiday_on
from attendance.ledger import Ledger, awaits_review, counts
from attendance.models import (
    AttendanceEvent,
    ChatAccount,
    HolidayOverride,
    Leave,
    Person,
    Village,
)
from attendance.workrule import Shift, rule_in_force, shift_on

CHANNEL = "telegram"


@dataclass(frozen=True, slots=True)
class VillageDay:
    """One village on one date: its zone, hours, holiday and when the day closes."""

    village_id: int
    code: str
    name: str
    zone: ZoneInfo
    date: dt.date
    shift: Shift | None
    holiday: str | None
    close_at: dt.datetime

    @property
    def working(self) -> bool:
        """Tell whether the village works on this date."""
        return self.shift is not None and self.holiday is None

    @property
    def start(self) -> dt.datetime:
        """Return the instant the shift starts; only for working days."""
        assert self.shift is not None
        return at_local(self.date, self.shift.schedule.start, self.zone)

    @property
    def end(self) -> dt.datetime:
        """Return the instant the shift ends; only for working days."""
        assert self.shift is not None
        return at_local(self.date, self.shift.schedule.end, self.zone)


@dataclass(frozen=True, slots=True)
class Member:
    """A person in the snapshot: village, role, chat, and the facts of their day."""

    person_id: int
    village_id: int
    role: Role
    chat_id: str | None
    facts: DayFacts

    def excused_at(self, instant: dt.datetime) -> bool:
        """Tell whether an approved partial excuse covers `instant` (local wall clock)."""
        local = instant.astimezone(self.facts.zone).time()
        return any(
            excuse.start_time is not None
            and excuse.end_time is not None
            and excuse.start_time <= local < excuse.end_time
            for excuse in self.facts.excuses
        )


@dataclass(slots=True)
class DaySnapshot:
    """Everyone's facts for one date, and their results at one instant."""

    date: dt.date
    villages: dict[int, VillageDay]
    members: list[Member]
    loaded_at: dt.datetime
    kades_chats: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    _results: dict[int, DayResult] = field(default_factory=dict)
    _results_at: dt.datetime | None = None

    def results(self, now: dt.datetime) -> dict[int, DayResult]:
        """Return each person's day as seen at `now` (computed once per instant)."""
        if self._results_at != now:
            self._results = {m.person_id: compute_day(m.facts, now) for m in self.members}
            self._results_at = now
        return self._results


async def district_villages(ledger: Ledger) -> list[Village]:
    """Return the active villages of the ledger's district."""
    return await Village.filter(district_id=ledger.district.code, active=True).order_by("code")


async def village_days(ledger: Ledger, date: dt.date) -> dict[int, VillageDay]:
    """Return every active village of the district on `date` (hours, holiday, close time)."""
    rule = rule_in_force(await ledger.work_rules(), date)
    shift = shift_on(rule, date) if rule is not None else None
    overrides = await _overrides(date)
    close_after = dt.timedelta(minutes=ledger.district.close_after_minutes)
    days: dict[int, VillageDay] = {}
    for village in await district_villages(ledger):
        zone = ZoneInfo(village.timezone or ledger.district.timezone)
        facts = DayFacts(
            date, zone, ledger.district.day_boundary_hour, shift, close_after=close_after
        )
        days[village.id] = VillageDay(
            village.id,
            village.code,
            village.name,
            zone,
            date,
            shift,
            holiday_on(date, village.id, overrides),
            closes_at(facts),
        )
    return days


async def load_snapshot(
    ledger: Ledger,
    date: dt.date,
    *,
    village_ids: set[int] | None = None,
    person_ids: set[int] | None = None,
    chats: bool = True,
) -> DaySnapshot:
    """Load the facts of every active person of the district (or of some villages) on `date`.

    `chats` False skips the chat accounts (a close that sends nothing does not need them).
    """
    loaded_at = ledger.now()
    villages = await village_days(ledger, date)
    if village_ids is not None:
        villages = {key: value for key, value in villages.items() if key in village_ids}
    boundary = ledger.district.day_boundary_hour
    overrides = await _overrides(date)
    close_after = dt.timedelta(minutes=ledger.district.close_after_minutes)

    people_query = Person.filter(village_id__in=list(villages), active=True)
    if person_ids is not None:
        people_query = people_query.filter(id__in=list(person_ids))
    # Nobody is counted for a date before they were added.
    first_zone = next(iter(villages.values())).zone if villages else ZoneInfo("UTC")
    people_query = people_query.filter(
        created_at__lt=day_end(date, first_zone, boundary).astimezone(dt.UTC)
    )
    people = await people_query.order_by("village_id", "id").values_list(
        "id", "village_id", "role"
    )
    if not people:
        # Nobody counts on this date (a catch-up before anyone was added): nothing to load.
        return DaySnapshot(date, villages, [], loaded_at)
    chat_of_person = await _chats(villages) if chats else {}
    punches, waiting = await _punches(date, villages)
    excuses_of = await _excuses(date)

    members: list[Member] = []
    kades_chats: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for person_id, village_id, role in people:
        village = villages[village_id]
        excuses = (
            *excuses_of["person"].get(person_id, ()),
            *excuses_of["village"].get(village_id, ()),
            *excuses_of["district"].get(0, ()),
        )
        facts = DayFacts(
            date=date,
            zone=village.zone,
            boundary_hour=boundary,
            shift=village.shift,
            holiday=holiday_on(date, village_id, overrides),
            excuses=excuses,
            punches=tuple(punches.get(person_id, ())),
            awaiting_review=waiting.get(person_id, 0),
            close_after=close_after,
        )
        chat_id = chat_of_person.get(person_id)
        members.append(Member(person_id, village_id, Role(role), chat_id, facts))
        if Role(role) is Role.KADES and chat_id is not None:
            kades_chats[village_id].append((person_id, chat_id))
    return DaySnapshot(date, villages, members, loaded_at, dict(kades_chats))


async def chat_of(person_id: int) -> str | None:
    """Return the Telegram chat of one person (the account bound last), if any."""
    account = (
        await ChatAccount.filter(person_id=person_id, channel=CHANNEL)
        .order_by("-bound_at", "-id")
        .first()
    )
    return account.external_id if account else None


async def kades_chats_of(village_id: int) -> list[tuple[int, str]]:
    """Return (person id, chat) of the active Kades of a village who can be reached."""
    kades = await Person.filter(village_id=village_id, role=Role.KADES, active=True).values_list(
        "id"
    )
    found: list[tuple[int, str]] = []
    for (person_id,) in kades:
        chat = await chat_of(person_id)
        if chat is not None:
            found.append((person_id, chat))
    return found


async def _chats(villages: dict[int, VillageDay]) -> dict[int, str]:
    rows = (
        await ChatAccount.filter(
            channel=CHANNEL,
            person__village_id__in=list(villages),
            person__active=True,
        )
        .order_by("bound_at", "id")
        .values_list("person_id", "external_id")
    )
    # Later rows win: the account bound last is the one we write to.
    return {person_id: external_id for person_id, external_id in rows}


async def _punches(
    date: dt.date, villages: dict[int, VillageDay]
) -> tuple[dict[int, list[Punch]], dict[int, int]]:
    """Return the counted punches of each person on `date`, and how many events await review."""
    rows = await AttendanceEvent.filter(
        local_date=date,
        person_id__not_isnull=True,
        person__village_id__in=list(villages),
    ).values_list("person_id", "occurred_at", "kind", "verdict", "reviewed_verdict")
    punches: dict[int, list[Punch]] = defaultdict(list)
    waiting: dict[int, int] = defaultdict(int)
    for person_id, occurred_at, kind, verdict, reviewed in rows:
        if counts(verdict, reviewed):
            punches[person_id].append(Punch(occurred_at, EventKind(kind)))
        waiting[person_id] += awaits_review(verdict, reviewed)
    return punches, waiting


async def _excuses(date: dt.date) -> dict[str, dict[int, list[Excuse]]]:
    leaves = await Leave.filter(
        status=LeaveStatus.APPROVED, start_date__lte=date, end_date__gte=date
    ).values_list("person_id", "village_id", "leave_type", "start_time", "end_time")
    found: dict[str, dict[int, list[Excuse]]] = {
        "person": defaultdict(list),
        "village": defaultdict(list),
        "district": defaultdict(list),
    }
    for person_id, village_id, leave_type, start_time, end_time in leaves:
        # Leave times are office wall-clock times (zone-less); make sure no label sneaks in.
        excuse = Excuse(LeaveType(leave_type), _wall(start_time), _wall(end_time))
        if person_id is not None:
            found["person"][person_id].append(excuse)
        elif village_id is not None:
            found["village"][village_id].append(excuse)
        else:
            found["district"][0].append(excuse)
    return found


def _wall(value: dt.time | None) -> dt.time | None:
    return value.replace(tzinfo=None) if value is not None else None


async def _overrides(date: dt.date) -> list[Override]:
    return [
        Override(row.date, row.kind, row.name, row.village_id)
        for row in await HolidayOverride.filter(date=date)
    ]
