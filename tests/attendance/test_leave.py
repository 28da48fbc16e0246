"""Leave: submitting, the approver rule, recomputed days, sealed letters and outage excuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from attendance.enums import DayStatus, EventKind, LeaveStatus, LeaveType, Role
from attendance.errors import RuleError
from attendance.leave import (
    Approver,
    LeaveRequest,
    cancel_leave,
    decide_leave,
    excuse_outage,
    open_document,
    submit_leave,
)
from attendance.ledger import Ledger
from attendance.models import AuditEntry, Leave
from attendance.vault import Vault, new_key
from config.scheduler import SchedulerSettings
from scheduler.plan import JobContext, plan_at
from tests.scheduler.conftest import KRAGAN, MONDAY, TEGALMULYO, add_person, local, punch
from tests.timetravel import TravellingClock


def sick(person_id: int, **extra: object) -> LeaveRequest:
    return LeaveRequest(person_id, LeaveType.SICK, MONDAY, MONDAY, "Demam", **extra)  # type: ignore[arg-type]


async def test_kades_approves_perangkat_and_the_day_is_excused(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """A Kaur's sick leave, approved by the Kades of the same village, excuses Monday."""
    kaur = await add_person(Role.KAUR)
    kades = await add_person(Role.KADES)
    clock.set(local(MONDAY, "09:00"))
    leave = await submit_leave(ledger, sick(kaur), f"person:{kaur}")

    decided = await decide_leave(
        ledger, leave.id, True, Approver(f"person:{kades}", person_id=kades)
    )

    assert decided.status is LeaveStatus.APPROVED
    assert (await ledger.recompute(kaur, MONDAY)).status is DayStatus.EXCUSED
    actions = set(await AuditEntry.all().values_list("action", flat=True))
    assert {"leave.submit", "leave.approve"} <= actions


async def test_wrong_approvers_are_refused(ledger: Ledger, clock: TravellingClock) -> None:
    """The requester, another village's Kades, and a Kades for a Kades may not decide."""
    kaur = await add_person(Role.KAUR)
    kades = await add_person(Role.KADES)
    other_kades = await add_person(Role.KADES, village=TEGALMULYO)
    leave = await submit_leave(ledger, sick(kaur), "person")
    kades_leave = await submit_leave(ledger, sick(kades), "person")

    for approver, target in (
        (Approver("self", person_id=kaur), leave.id),
        (Approver("other", person_id=other_kades), leave.id),
        (Approver("peer", person_id=other_kades), kades_leave.id),
    ):
        with pytest.raises(RuleError, match="may not decide"):
            await decide_leave(ledger, target, True, approver)

    camat = Approver("camat", is_camat=True)
    await decide_leave(ledger, kades_leave.id, False, camat, reason="Tanpa surat")
    with pytest.raises(RuleError, match="already decided"):
        await decide_leave(ledger, kades_leave.id, True, camat)
    assert (await Leave.get(id=kades_leave.id)).status is LeaveStatus.REJECTED


async def test_request_checks_name_the_rule(ledger: Ledger, clock: TravellingClock) -> None:
    """Dinas luar needs a destination; dates in order; not too far back; a known file type."""
    person = await add_person()
    trip = LeaveRequest(person, LeaveType.OFFICIAL_TRIP, MONDAY, MONDAY, "Rapat")

    with pytest.raises(RuleError, match="destination"):
        await submit_leave(ledger, trip, "p")
    with pytest.raises(RuleError, match="before it starts"):
        await submit_leave(
            ledger,
            LeaveRequest(person, LeaveType.LEAVE, MONDAY, MONDAY - dt.timedelta(1), "x"),
            "p",
        )
    with pytest.raises(RuleError, match="days ago"):
        old = MONDAY - dt.timedelta(days=30)
        await submit_leave(ledger, LeaveRequest(person, LeaveType.LEAVE, old, old, "x"), "p")
    with pytest.raises(RuleError, match="not accepted"):
        await submit_leave(ledger, sick(person, document=b"x", document_type="text/plain"), "p")


async def test_outage_excuse_needs_a_reason_and_a_window(ledger: Ledger) -> None:
    """An outage excuse without a reason, or with its window reversed, is refused."""
    with pytest.raises(RuleError, match="reason"):
        await excuse_outage(ledger, MONDAY, dt.time(6), dt.time(9), "camat", " ")
    with pytest.raises(RuleError, match="ends before"):
        await excuse_outage(ledger, MONDAY, dt.time(9), dt.time(6), "camat", "Server mati")


async def test_outage_excuse_silences_reminders_in_its_window(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path
) -> None:
    """A 06:00-09:00 outage for the district: nobody is reminded or told they are late."""
    await add_person(chat=911)
    await Leave.create(
        leave_type=LeaveType.OUTAGE,
        start_date=MONDAY,
        end_date=MONDAY,
        start_time=dt.time(6),
        end_time=dt.time(9),
        status=LeaveStatus.APPROVED,
    )
    context = JobContext(ledger, SchedulerSettings(), None, tmp_path)

    assert (await plan_at(context, local(MONDAY, "06:46"))).messages == []
    assert (await plan_at(context, local(MONDAY, "07:16"))).messages == []


async def test_supporting_letter_is_sealed_for_the_person(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """The letter is stored sealed and opens again with the vault."""
    person = await add_person()
    vault = Vault([new_key()])

    leave = await submit_leave(
        ledger,
        sick(person, document=b"%PDF surat dokter", document_type="application/pdf"),
        "p",
        vault=vault,
    )

    stored = await Leave.get(id=leave.id)
    assert stored.sealed_document and b"surat dokter" not in stored.sealed_document
    assert open_document(stored, vault) == b"%PDF surat dokter"


async def test_approved_leave_silences_reminders_and_cancel_restores(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path
) -> None:
    """On approved leave no reminder is planned; once cancelled, the reminder comes back."""
    person = await add_person(chat=901)
    leave = await submit_leave(ledger, sick(person), "p")
    await decide_leave(ledger, leave.id, True, Approver("camat", is_camat=True))
    context = JobContext(ledger, SchedulerSettings(), None, tmp_path)

    silenced = await plan_at(context, local(MONDAY, "06:46"))
    await cancel_leave(ledger, leave.id, "camat", "Salah tanggal")
    restored = await plan_at(context, local(MONDAY, "06:46"))

    assert silenced.messages == []
    assert [m.person_id for m in restored.messages] == [person]


async def test_outage_excuse_covers_the_village_window(
    ledger: Ledger, clock: TravellingClock
) -> None:
    """A 06:00-09:00 outage for Kragan: a 08:30 arrival is not late; other villages unaffected."""
    here = await add_person(village=KRAGAN)
    there = await add_person(village=TEGALMULYO)
    clock.set(local(MONDAY, "20:00"))
    for person in (here, there):
        await punch(ledger, person, EventKind.CHECK_IN, local(MONDAY, "08:30"))
        await punch(ledger, person, EventKind.CHECK_OUT, local(MONDAY, "14:00"))

    await excuse_outage(
        ledger, MONDAY, dt.time(6), dt.time(9), "camat", "Server mati", village_code=KRAGAN
    )

    assert (await ledger.recompute(here, MONDAY)).late_minutes == 0
    assert (await ledger.recompute(there, MONDAY)).late_minutes == 90


async def test_partial_day_izin_silences_the_morning_and_excuses_the_hours(
    ledger: Ledger, clock: TravellingClock, tmp_path: Path
) -> None:
    """Izin 06:00-09:00 (to the puskesmas): no reminder, no late notice, 08:45 is not late."""
    person = await add_person(chat=921)
    other = await add_person(chat=922)
    clock.set(local(MONDAY, "05:00"))
    request = LeaveRequest(
        person,
        LeaveType.PERMISSION,
        MONDAY,
        MONDAY,
        "Antar anak ke puskesmas",
        start_time=dt.time(6),
        end_time=dt.time(9),
    )
    leave = await submit_leave(ledger, request, f"person:{person}")
    await decide_leave(ledger, leave.id, True, Approver("camat", is_camat=True))
    context = JobContext(ledger, SchedulerSettings(), None, tmp_path)

    reminded = await plan_at(context, local(MONDAY, "06:46"))
    noticed = await plan_at(context, local(MONDAY, "07:16"))
    clock.set(local(MONDAY, "20:00"))
    await punch(ledger, person, EventKind.CHECK_IN, local(MONDAY, "08:45"))
    await punch(ledger, person, EventKind.CHECK_OUT, local(MONDAY, "14:00"))

    assert [m.person_id for m in reminded.messages] == [other]
    assert [m.person_id for m in noticed.messages] == [other]
    stored = await Leave.get(id=leave.id)
    assert (stored.start_time, stored.end_time) == (dt.time(6), dt.time(9))
    assert (await ledger.recompute(person, MONDAY)).late_minutes == 0
