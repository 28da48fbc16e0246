"""People: creating, finding and deactivating the Kades and perangkat desa whose days are kept."""

from __future__ import annotations

import datetime as dt

from attendance.audit import record_audit
from attendance.clock import require_aware
from attendance.enums import Role
from attendance.errors import NotFound, RuleError
from attendance.models import Person, Village


async def village_by_code(code: str) -> Village:
    """Return the village with `code`, or raise NotFound naming it."""
    village = await Village.get_or_none(code=code)
    if village is None:
        msg = f"Village {code!r} is not configured. Use a code such as 33.17.12.2001."
        hint = f"Desa dengan kode {code} tidak terdaftar. Kode desa seperti 33.17.12.2001."
        raise NotFound(msg, hint=hint)
    return village


async def create_person(
    name: str,
    role: Role,
    village_code: str,
    actor: str,
    *,
    registered_at: dt.datetime | None = None,
) -> Person:
    """Create a person in a village and audit it.

    A village has one active Kades at a time. `registered_at` (default: now) is when the person
    entered the service: no day before its office-local date counts as an absence.
    """
    if not name.strip():
        msg = "A person needs a name."
        raise RuleError(msg, hint="Nama tidak boleh kosong.")
    village = await village_by_code(village_code)
    if role is Role.KADES:
        current = await Person.get_or_none(village=village, role=Role.KADES, active=True)
        if current is not None:
            msg = (
                f"Village {village_code} has an active kades already (person {current.id}). "
                "Deactivate that person first."
            )
            hint = (
                f"Desa {village.name} sudah punya Kepala Desa aktif (nomor {current.id}). "
                "Nonaktifkan dulu yang lama di web admin."
            )
            raise RuleError(msg, hint=hint)
    person = await Person.create(name=name.strip(), role=role, village=village)
    if registered_at is not None:
        person.created_at = require_aware(registered_at, "registration time")
        await Person.filter(id=person.id).update(created_at=person.created_at)
    await record_audit(
        actor,
        "person.create",
        "person",
        person.id,
        details={"role": role.value, "village": village_code},
    )
    return person


async def deactivate_person(person_id: int, actor: str, reason: str, now: dt.datetime) -> None:
    """Mark a person as no longer in office; their history stays."""
    updated = await Person.filter(id=person_id, active=True).update(
        active=False, deactivated_at=now
    )
    if not updated:
        msg = f"Person {person_id} does not exist or is already inactive."
        raise NotFound(msg, hint=f"Orang nomor {person_id} tidak ada atau sudah tidak aktif.")
    await record_audit(actor, "person.deactivate", "person", person_id, reason=reason)
