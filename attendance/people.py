"""People: creating, finding and deactivating the Kades and perangkat desa whose days are kept.

Names and village codes are checked here, before any query, so every channel (the bot's
/daftar, the web admin, table imports, the command line) refuses the same bad input with the
same Indonesian hint instead of failing inside the database.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from attendance.audit import record_audit
from attendance.clock import require_aware
from attendance.enums import Role
from attendance.errors import NotFound, RuleError
from attendance.models import Person, Village
from config.district import VILLAGE_CODE

NAME_MAX = 150
ID_MAX = 2**31 - 1


def check_name(name: str) -> str:
    """Return a person's name trimmed, or raise RuleError when it is empty, too long or odd.

    Runs of white space (line breaks and tabs too) become one space; other control and
    invisible format characters (a NUL, a zero-width space) are refused: they break exports and
    letters and hide what a name says.
    """
    cleaned = " ".join(name.split())
    if not cleaned:
        msg = "A person needs a name."
        raise RuleError(msg, hint="Nama tidak boleh kosong.")
    if len(cleaned) > NAME_MAX:
        msg = f"A name has at most {NAME_MAX} characters; this one has {len(cleaned)}."
        raise RuleError(msg, hint=f"Nama terlalu panjang: paling banyak {NAME_MAX} huruf.")
    if any(unicodedata.category(char).startswith("C") for char in cleaned):
        msg = "A name may not contain control or invisible format characters."
        raise RuleError(msg, hint="Nama berisi karakter yang tidak boleh dipakai.")
    return cleaned


def is_village_code(code: str) -> bool:
    """Tell whether `code` has the shape of a Kemendagri village code (33.17.12.2012)."""
    return VILLAGE_CODE.fullmatch(code) is not None


def check_id(value: int, what: str = "Person") -> int:
    """Return `value` if it can be a row id, else raise NotFound (no query could find it)."""
    if not 1 <= value <= ID_MAX:
        msg = f"{what} {value} does not exist: ids run from 1 to {ID_MAX}."
        raise NotFound(msg, hint=f"Nomor {value} tidak ada.")
    return value


async def village_by_code(code: str) -> Village:
    """Return the village with `code`, or raise NotFound naming it."""
    village = await Village.get_or_none(code=code) if is_village_code(code) else None
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
    name = check_name(name)
    village = await village_by_code(village_code)
    if role is Role.KADES:
        await _check_single_kades(village.id)
    person = await Person.create(name=name, role=role, village=village)
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


async def update_person(person_id: int, name: str, role: Role, actor: str) -> Person:
    """Change a person's name and position, and audit it (the name itself is not logged)."""
    name = check_name(name)
    person = await Person.get_or_none(id=check_id(person_id))
    if person is None:
        msg = f"Person {person_id} does not exist."
        raise NotFound(msg, hint=f"Orang nomor {person_id} tidak ada.")
    if role is Role.KADES and person.role is not Role.KADES:
        await _check_single_kades(person.village_id)
    details = {"name_changed": name != person.name, "role": person.role.value}
    await Person.filter(id=person.id).update(name=name, role=role)
    await record_audit(
        actor, "person.update", "person", person.id, details={**details, "new_role": role.value}
    )
    await person.refresh_from_db()
    return person


async def deactivate_person(person_id: int, actor: str, reason: str, now: dt.datetime) -> None:
    """Mark a person as no longer in office; their history stays."""
    updated = await Person.filter(id=check_id(person_id), active=True).update(
        active=False, deactivated_at=now
    )
    if not updated:
        msg = f"Person {person_id} does not exist or is already inactive."
        raise NotFound(msg, hint=f"Orang nomor {person_id} tidak ada atau sudah tidak aktif.")
    await record_audit(actor, "person.deactivate", "person", person_id, reason=reason)


async def _check_single_kades(village_id: int) -> None:
    """Raise RuleError when the village has an active Kades already."""
    current = await Person.get_or_none(
        village_id=village_id, role=Role.KADES, active=True
    ).prefetch_related("village")
    if current is not None:
        msg = (
            f"Village {current.village.code} has an active kades already "
            f"(person {current.id}). Deactivate that person first."
        )
        hint = (
            f"Desa {current.village.name} sudah punya Kepala Desa aktif (nomor {current.id}). "
            "Nonaktifkan dulu yang lama di web admin."
        )
        raise RuleError(msg, hint=hint)
