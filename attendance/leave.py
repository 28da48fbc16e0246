"""Leave and excuses: izin, sakit, cuti and dinas luar, their approval, and bulk outage excuses.

A person (through the bot) or an admin submits a leave for a date range, optionally for part of
a day, with a supporting letter (photo or PDF) sealed by the vault. It waits for its approver:
the Kades of the village for perangkat desa, the camat for a Kades (the policy is configurable;
the camat may decide any request when allowed). Approving or rejecting is audited and recomputes
every affected day up to today through the ledger, so an approved leave excuses its days at once
and the scheduler stops reminding. An outage excuse covers everyone of a village (or of the
district) for a date and a time window, approved at once by the admin who makes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from attendance.audit import record_audit
from attendance.clock import local_date_of
from attendance.enums import LeaveStatus, LeaveType, Role
from attendance.errors import NotFound, RuleError
from attendance.ledger import Ledger
from attendance.models import Leave, Person, Village
from attendance.people import village_by_code
from attendance.sealed import leave_document_context
from attendance.vault import Vault

PERSONAL_TYPES = (LeaveType.PERMISSION, LeaveType.SICK, LeaveType.LEAVE, LeaveType.OFFICIAL_TRIP)
DOCUMENT_TYPES = ("image/jpeg", "image/png", "application/pdf")
MAX_DOCUMENT = 10 * 1024 * 1024
MAX_DAYS = 366


@dataclass(frozen=True, slots=True)
class ApprovalPolicy:
    """Who decides: the Kades for perangkat desa, the camat for a Kades."""

    perangkat_approver: Literal["kades", "camat"] = "kades"
    kades_approver: Literal["camat"] = "camat"
    camat_may_approve_all: bool = True
    backdate_days: int = 7


@dataclass(frozen=True, slots=True)
class Approver:
    """Who is deciding: the camat (or a camat-level admin), or a person (a Kades)."""

    actor: str
    person_id: int | None = None
    is_camat: bool = False


@dataclass(frozen=True, slots=True)
class LeaveRequest:
    """What a person asks for."""

    person_id: int
    leave_type: LeaveType
    start_date: dt.date
    end_date: dt.date
    reason: str
    destination: str | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    document: bytes | None = None
    document_type: str | None = None


def approver_role(person_role: Role, policy: ApprovalPolicy) -> Literal["kades", "camat"]:
    """Return who approves leave of someone with `person_role`."""
    if person_role is Role.KADES:
        return policy.kades_approver
    return policy.perangkat_approver


async def submit_leave(
    ledger: Ledger,
    request: LeaveRequest,
    actor: str,
    *,
    vault: Vault | None = None,
    policy: ApprovalPolicy | None = None,
) -> Leave:
    """Store a pending leave after checking it; raise RuleError naming what is wrong."""
    policy = policy or ApprovalPolicy()
    person = await Person.get_or_none(id=request.person_id, active=True)
    if person is None:
        msg = f"Person {request.person_id} does not exist or is no longer active."
        raise NotFound(msg, hint="Orang ini tidak ada atau sudah tidak aktif.")
    today = await _today(ledger, person)
    _check_request(request, today, policy)

    sealed = None
    if request.document is not None:
        if vault is None:
            msg = "A supporting document needs the vault to seal it; none was given."
            hint = "Surat pendukung tidak bisa disimpan saat ini. Coba lagi nanti."
            raise RuleError(msg, hint=hint)
        sealed = vault.seal(request.document, leave_document_context(person.id))

    leave = await Leave.create(
        person_id=person.id,
        village_id=person.village_id,
        leave_type=request.leave_type,
        start_date=request.start_date,
        end_date=request.end_date,
        start_time=request.start_time,
        end_time=request.end_time,
        reason=request.reason.strip(),
        destination=request.destination.strip() if request.destination else None,
        status=LeaveStatus.PENDING,
        sealed_document=sealed,
        document_type=request.document_type if sealed else None,
    )
    await record_audit(
        actor,
        "leave.submit",
        "leave",
        leave.id,
        details={
            "person_id": person.id,
            "type": request.leave_type.value,
            "start": request.start_date.isoformat(),
            "end": request.end_date.isoformat(),
            "document": sealed is not None,
        },
    )
    return leave


async def may_decide(leave: Leave, approver: Approver, policy: ApprovalPolicy) -> bool:
    """Tell whether `approver` may approve or reject `leave`."""
    if leave.person_id is None:
        return approver.is_camat
    person = await Person.get(id=leave.person_id)
    if approver.person_id == person.id:
        return False
    needed = approver_role(person.role, policy)
    if approver.is_camat:
        return needed == "camat" or policy.camat_may_approve_all
    if needed != "kades" or approver.person_id is None:
        return False
    return await Person.exists(
        id=approver.person_id,
        role=Role.KADES,
        active=True,
        village_id=person.village_id,
    )


async def decide_leave(
    ledger: Ledger,
    leave_id: int,
    approve: bool,
    approver: Approver,
    *,
    reason: str = "",
    policy: ApprovalPolicy | None = None,
) -> Leave:
    """Approve or reject a pending leave once, audit it, and recompute its days up to today."""
    policy = policy or ApprovalPolicy()
    leave = await Leave.get_or_none(id=leave_id)
    if leave is None:
        msg = f"Leave {leave_id} does not exist."
        raise NotFound(msg, hint=f"Pengajuan #{leave_id} tidak ada.")
    if leave.status is not LeaveStatus.PENDING:
        msg = f"Leave {leave_id} was already decided: {leave.status}."
        raise RuleError(msg, hint=f"Pengajuan #{leave_id} sudah diputuskan.")
    if not await may_decide(leave, approver, policy):
        msg = f"{approver.actor} may not decide leave {leave_id} (approver rule: Kades for "
        msg += "perangkat desa, camat for a Kades)."
        raise RuleError(msg, hint=f"Anda tidak berwenang memutuskan pengajuan #{leave_id}.")

    status = LeaveStatus.APPROVED if approve else LeaveStatus.REJECTED
    updated = await Leave.filter(id=leave.id, status=LeaveStatus.PENDING).update(
        status=status, decided_by=approver.actor, decided_at=ledger.now()
    )
    if not updated:
        msg = f"Leave {leave_id} was decided by someone else a moment ago."
        raise RuleError(msg, hint=f"Pengajuan #{leave_id} baru saja diputuskan orang lain.")
    await record_audit(
        approver.actor,
        "leave.approve" if approve else "leave.reject",
        "leave",
        leave.id,
        reason=reason,
    )
    await leave.refresh_from_db()
    await _recompute(ledger, leave)
    return leave


async def cancel_leave(ledger: Ledger, leave_id: int, actor: str, reason: str = "") -> Leave:
    """Cancel a pending or approved leave, audit it, and recompute its days."""
    leave = await Leave.get_or_none(id=leave_id)
    if leave is None:
        msg = f"Leave {leave_id} does not exist."
        raise NotFound(msg, hint=f"Pengajuan #{leave_id} tidak ada.")
    if leave.status not in (LeaveStatus.PENDING, LeaveStatus.APPROVED):
        msg = f"Leave {leave_id} is {leave.status} and cannot be cancelled."
        raise RuleError(msg, hint=f"Pengajuan #{leave_id} tidak bisa dibatalkan lagi.")
    await Leave.filter(id=leave.id).update(
        status=LeaveStatus.CANCELLED, decided_by=actor, decided_at=ledger.now()
    )
    await record_audit(actor, "leave.cancel", "leave", leave.id, reason=reason)
    await leave.refresh_from_db()
    await _recompute(ledger, leave)
    return leave


async def excuse_outage(
    ledger: Ledger,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    actor: str,
    reason: str,
    village_code: str | None = None,
) -> Leave:
    """Excuse everyone of a village (or the district) for a time window, and recompute the date."""
    if end_time <= start_time:
        msg = f"Outage window {start_time}-{end_time} ends before it starts."
        raise RuleError(msg, hint="Jam selesai gangguan harus sesudah jam mulainya.")
    if not reason.strip():
        msg = "An outage excuse needs a reason (what failed)."
        raise RuleError(msg, hint="Tuliskan apa yang terganggu (listrik, internet, mesin).")
    village = await village_by_code(village_code) if village_code else None
    leave = await Leave.create(
        person=None,
        village=village,
        leave_type=LeaveType.OUTAGE,
        start_date=date,
        end_date=date,
        start_time=start_time,
        end_time=end_time,
        reason=reason.strip(),
        status=LeaveStatus.APPROVED,
        decided_by=actor,
        decided_at=ledger.now(),
    )
    await record_audit(
        actor,
        "leave.outage",
        "leave",
        leave.id,
        reason=reason,
        details={
            "village": village_code,
            "date": date.isoformat(),
            "from": start_time.isoformat(),
            "to": end_time.isoformat(),
        },
    )
    people = Person.filter(active=True, village__district_id=ledger.district.code)
    if village is not None:
        people = people.filter(village_id=village.id)
    for (person_id,) in await people.values_list("id"):
        await ledger.recompute(int(person_id), date)
    return leave


def open_document(leave: Leave, vault: Vault) -> bytes | None:
    """Return the plain supporting document of a leave, if it has one."""
    if leave.sealed_document is None:
        return None
    person_id: int | None = leave.person_id
    return vault.open(leave.sealed_document, leave_document_context(person_id))


async def _recompute(ledger: Ledger, leave: Leave) -> None:
    if leave.person_id is None:
        return
    person = await Person.get(id=leave.person_id)
    today = await _today(ledger, person)
    day = leave.start_date
    while day <= min(leave.end_date, today):
        await ledger.recompute(person.id, day)
        day += dt.timedelta(days=1)


async def _today(ledger: Ledger, person: Person) -> dt.date:
    village = await Village.get(id=person.village_id)
    zone = ZoneInfo(village.timezone or ledger.district.timezone)
    return local_date_of(ledger.now(), zone, ledger.district.day_boundary_hour)


def _check_request(request: LeaveRequest, today: dt.date, policy: ApprovalPolicy) -> None:
    if request.leave_type not in PERSONAL_TYPES:
        msg = f"Leave type {request.leave_type} cannot be requested by a person. Use izin, "
        msg += "sakit, cuti or dinas luar."
        hint = "Jenis pengajuan tidak dikenal: pilih izin, sakit, cuti atau dinas luar."
        raise RuleError(msg, hint=hint)
    if request.end_date < request.start_date:
        msg = f"Leave ends on {request.end_date} before it starts on {request.start_date}."
        raise RuleError(msg, hint="Tanggal selesai sebelum tanggal mulai.")
    if (request.end_date - request.start_date).days >= MAX_DAYS:
        msg = f"Leave from {request.start_date} to {request.end_date} is longer than a year."
        raise RuleError(msg, hint="Pengajuan paling lama satu tahun.")
    earliest = today - dt.timedelta(days=policy.backdate_days)
    if request.start_date < earliest:
        msg = f"Leave starting {request.start_date} is more than {policy.backdate_days} days "
        msg += f"ago (earliest {earliest}). Ask the camat's operator to correct it."
        hint = f"Tanggal terlalu jauh ke belakang (paling lama {policy.backdate_days} hari). "
        hint += "Minta koreksi ke operator kecamatan."
        raise RuleError(msg, hint=hint)
    if not request.reason.strip():
        msg = "A leave needs a reason."
        raise RuleError(msg, hint="Tuliskan alasan pengajuan.")
    if request.leave_type is LeaveType.OFFICIAL_TRIP and not (request.destination or "").strip():
        msg = "Dinas luar needs a destination."
        raise RuleError(msg, hint="Dinas luar perlu tujuan.")
    if (request.start_time is None) != (request.end_time is None):
        msg = "A partial-day leave needs both start_time and end_time."
        raise RuleError(msg, hint="Izin sebagian hari perlu jam mulai dan jam selesai.")
    if request.start_time and request.end_time and request.end_time <= request.start_time:
        msg = f"Leave hours {request.start_time}-{request.end_time} end before they start."
        raise RuleError(msg, hint="Jam selesai izin harus sesudah jam mulainya.")
    if request.document is not None:
        if request.document_type not in DOCUMENT_TYPES:
            msg = f"Document type {request.document_type!r} is not accepted. Send a photo "
            msg += "(JPEG/PNG) or a PDF."
            raise RuleError(msg, hint="Surat harus berupa foto (JPEG/PNG) atau PDF.")
        if len(request.document) > MAX_DOCUMENT:
            msg = f"Document has {len(request.document)} bytes; at most {MAX_DOCUMENT} fit."
            hint = f"Surat terlalu besar: paling besar {MAX_DOCUMENT // 1_000_000} MB."
            raise RuleError(msg, hint=hint)
