"""People: creating, finding and deactivating the Kades and perangkat desa whose days are kept."""

from __future__ import annotations

import datetime as dt

from attendance.audit import record_audit
from attendance.enums import Role
from attendance.errors import NotFound, RuleError
from attendance.models import Person, Village


async def village_by_code(code: str) -> Village:
    """Return the village with `code`, or raise NotFound naming it."""
    village = await Village.get_or_none(code=code)
    if village is None:
        msg = f"Village {code!r} is not configured. Use a code such as 33.17.12.2001."
        raise NotFound(msg)
    return village


async def create_person(name: str, role: Role, village_code: str, actor: str) -> Person:
    """Create a person in a village and audit it."""
    if not name.strip():
        msg = "A person needs a name."
        raise RuleError(msg)
    village = await village_by_code(village_code)
    person = await Person.create(name=name.strip(), role=role, village=village)
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
        raise NotFound(msg)
    await record_audit(actor, "person.deactivate", "person", person_id, reason=reason)
