"""The standing of one date: each village's counts and each person's day, read without writing.

Built on the scheduler's day snapshot (a few bulk queries for the whole district) and the one
pure day rule, :func:`attendance.day.compute_day`, so the dashboard shows what the recap and the
reports say, and loading it never rewrites stored days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from attendance.day import DayResult
from attendance.enums import DayStatus, Role
from attendance.ledger import Ledger
from attendance.models import Person
from attendance.report import Tally
from scheduler.snapshot import load_snapshot


@dataclass(frozen=True, slots=True)
class VillageStanding:
    """One village on the date: its counts, whether it works, and the holiday name if any."""

    village_id: int
    code: str
    name: str
    timezone: str
    tally: Tally
    working: bool
    holiday: str | None

    @property
    def people(self) -> int:
        """Return how many people were counted."""
        t = self.tally
        return t.present + t.pending + t.excused + t.absent + t.off


@dataclass(frozen=True, slots=True)
class PersonStanding:
    """One person's day on the date."""

    person_id: int
    name: str
    role: Role
    village_id: int
    village_code: str
    village_name: str
    timezone: str
    result: DayResult

    @property
    def status(self) -> DayStatus:
        """Return the day's status."""
        return self.result.status


@dataclass(frozen=True, slots=True)
class Standing:
    """The whole picture of a date, for the villages asked for."""

    date: dt.date
    villages: tuple[VillageStanding, ...]
    people: tuple[PersonStanding, ...]

    @property
    def total(self) -> Tally:
        """Return the counts of all villages together."""
        total = Tally()
        for village in self.villages:
            for name in ("present", "late", "pending", "excused", "absent", "off"):
                setattr(total, name, getattr(total, name) + getattr(village.tally, name))
        return total

    def of_village(self, village_id: int) -> list[PersonStanding]:
        """Return the people of one village, Kades first, then by name."""
        rows = [person for person in self.people if person.village_id == village_id]
        return sorted(rows, key=lambda row: (row.role is not Role.KADES, row.name.lower()))


async def standing_on(ledger: Ledger, date: dt.date, village_id: int | None = None) -> Standing:
    """Compute the standing of `date` for every village, or for `village_id` only."""
    snapshot = await load_snapshot(
        ledger, date, village_ids={village_id} if village_id is not None else None
    )
    results = snapshot.results(ledger.now())
    rows = await Person.filter(id__in=list(results)).values_list("id", "name")
    names = {int(person_id): str(name) for person_id, name in rows}

    tallies = {village: Tally() for village in snapshot.villages}
    people: list[PersonStanding] = []
    for member in snapshot.members:
        village = snapshot.villages[member.village_id]
        result = results[member.person_id]
        tallies[member.village_id].add(result)
        people.append(
            PersonStanding(
                member.person_id,
                names.get(member.person_id, ""),
                member.role,
                village.village_id,
                village.code,
                village.name,
                village.zone.key,
                result,
            )
        )

    villages = tuple(
        VillageStanding(
            day.village_id,
            day.code,
            day.name,
            day.zone.key,
            tallies[key],
            day.working,
            day.holiday,
        )
        for key, day in sorted(snapshot.villages.items(), key=lambda item: item[1].name)
    )
    return Standing(date, villages, tuple(people))
