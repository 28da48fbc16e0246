"""The warning ladder: thresholds, spacing, lapse, once per facts, and five weeks of absence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from attendance.enums import DayStatus, Role, WarningLevel
from attendance.ledger import Ledger
from attendance.models import OutboxMessage, Warning
from config.district import WarningSettings
from config.scheduler import SchedulerSettings
from scheduler.dispatcher import Dispatcher
from scheduler.plan import JobContext
from scheduler.warning_ladder import PastStep, Record, absence_run, next_step
from tests.scheduler.conftest import add_person, local
from tests.timetravel import TravellingClock

SETTINGS = WarningSettings(consecutive_absences=(2, 3, 5, 7, 10))
START = dt.date(2026, 12, 7)


def absent_from(start: dt.date, days: int) -> dict[dt.date, DayStatus]:
    statuses = {}
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        statuses[day] = DayStatus.NON_WORKING_DAY if day.weekday() == 6 else DayStatus.ABSENT
    return statuses


def test_absence_run_skips_days_off_and_stops_at_presence() -> None:
    """Sunday and an excused day neither count nor break a run; a present day ends it."""
    statuses = absent_from(START, 9)
    statuses[START + dt.timedelta(days=2)] = DayStatus.EXCUSED
    statuses[START - dt.timedelta(days=1)] = DayStatus.ON_TIME

    run = absence_run(statuses, START + dt.timedelta(days=8))

    assert run[0] == START and len(run) == 7


def test_next_step_waits_for_spacing_then_climbs_one_level() -> None:
    """Three days after teguran lisan nothing comes; seven days after, SP-1 comes."""
    statuses = absent_from(START, 10)
    oral = PastStep(WarningLevel.ORAL, START + dt.timedelta(days=1), "absence:1:x:oral")
    record = Record(statuses, frozenset(), (oral,))

    assert next_step(1, START + dt.timedelta(days=4), record, SETTINGS) is None
    step = next_step(1, START + dt.timedelta(days=8), record, SETTINGS)

    assert step is not None and step.level is WarningLevel.WRITTEN_1
    assert step.facts_key == f"absence:1:{START.isoformat()}:written_1"


def test_next_step_restarts_after_the_ladder_lapsed() -> None:
    """A step older than max_days_between_steps no longer counts: start at teguran lisan."""
    date = START + dt.timedelta(days=40)
    record = Record(
        {date - dt.timedelta(days=1): DayStatus.ABSENT, date: DayStatus.ABSENT},
        frozenset(),
        (PastStep(WarningLevel.WRITTEN_2, START, "absence:1:y:written_2"),),
    )

    step = next_step(1, date, record, SETTINGS)

    assert step is not None and step.level is WarningLevel.ORAL


def test_next_step_late_count_triggers_once_a_month() -> None:
    """The eighth late day of a month earns a step; the ninth does not earn another."""
    late = frozenset(START + dt.timedelta(days=n) for n in range(9))
    statuses = dict.fromkeys(late, DayStatus.LATE)
    eighth = START + dt.timedelta(days=7)

    step = next_step(1, eighth, Record(statuses, late, ()), SETTINGS)
    assert step is not None and step.facts_key == "late:1:2026-12"
    issued = PastStep(step.level, START - dt.timedelta(days=30), step.facts_key)
    again = next_step(
        1, eighth + dt.timedelta(days=1), Record(statuses, late, (issued,)), SETTINGS
    )

    assert again is None


async def test_five_weeks_of_absence_climb_the_whole_ladder(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path
) -> None:
    """Absent from 7 Dec: lisan 8/12, SP-1 15/12, SP-2 22/12, SP-3 29/12, usulan 6/1."""
    added = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    person = await add_person(Role.KAUR, chat=701, added=added, name="Budi Santoso")
    await add_person(Role.KADES, chat=702, added=added)
    jobs = Dispatcher(JobContext(ledger, SchedulerSettings(), "-100900", tmp_path))

    for offset in range(31):
        clock.set(local(START + dt.timedelta(days=offset), "18:10"))
        await jobs.tick()
        await jobs.tick()

    steps = await Warning.filter(person_id=person).order_by("id").values_list("level", "facts")
    assert [(level, facts["issued_on"]) for level, facts in steps] == [
        ("oral", "2026-12-08"),
        ("written_1", "2026-12-15"),
        ("written_2", "2026-12-22"),
        ("written_3", "2026-12-29"),
        ("suspension_proposal", "2027-01-06"),
    ]
    letters = [row.letter_path for row in await Warning.filter(person_id=person)]
    assert all(path and (tmp_path / path).read_bytes().startswith(b"%PDF") for path in letters)
    to_kades = await OutboxMessage.filter(chat_id="702", kind__startswith="warning.").count()
    to_group = await OutboxMessage.filter(chat_id="-100900", kind__startswith="warning.").count()
    # The Kades never checks in either: five steps of his own plus five about the Kaur.
    assert to_kades == 10 and to_group == 10

    report = await OutboxMessage.get(kind="report.monthly", dedupe_key__contains="2026-12")
    book = load_workbook(tmp_path / report.payload["path"])
    rows = list(book["Rekap"].iter_rows(min_row=4, values_only=True))
    budi = next(row for row in rows if row[2] == "Budi Santoso")
    # 20 working days absent in December (24 and 25 are holidays), 3 % each.
    assert budi[-1] == 60.0
