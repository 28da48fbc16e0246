"""Sample people and events, so a new installation can be tried before real data exists.

``sregep demo seed --date 2026-12-07`` creates four people in two villages and a morning of
check-ins and terminal punches on that date; running it twice adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from attendance.enums import EventKind, EventSource, Role
from attendance.ledger import Ledger, NewEvent
from attendance.models import Person
from attendance.people import create_person

SAMPLE_ACTOR = "demo"

# (name, role, village index in the config, events as (kind, local time, source))
SAMPLE_PEOPLE = (
    (
        "Contoh Kades A",
        Role.KADES,
        0,
        (
            (EventKind.CHECK_IN, "06:55", EventSource.TELEGRAM),
            (EventKind.CHECK_OUT, "14:05", EventSource.TELEGRAM),
        ),
    ),
    (
        "Contoh Sekdes A",
        Role.SEKDES,
        0,
        (
            (EventKind.PUNCH, "07:12", EventSource.TERMINAL),
            (EventKind.PUNCH, "13:40", EventSource.TERMINAL),
        ),
    ),
    ("Contoh Kaur B", Role.KAUR, 1, ((EventKind.PUNCH, "06:48", EventSource.TERMINAL),)),
    ("Contoh Kadus B", Role.KADUS, 1, ()),
)


async def seed_sample(ledger: Ledger, date: dt.date) -> int:
    """Create the sample people (once) and record their events on `date`; return new events."""
    villages = ledger.district.villages
    created = 0
    for name, role, village_index, events in SAMPLE_PEOPLE:
        village = villages[village_index % len(villages)]
        person = await Person.get_or_none(name=name, village__code=village.code)
        zone = ZoneInfo(village.timezone or ledger.district.timezone)
        if person is None:
            # Registered at the start of the sample date, so an earlier date can be tried too.
            start = dt.datetime.combine(date, dt.time(0), tzinfo=zone)
            person = await create_person(
                name, role, village.code, SAMPLE_ACTOR, registered_at=min(start, ledger.now())
            )

        for kind, clock, source in events:
            local = dt.datetime.combine(date, dt.time.fromisoformat(clock), tzinfo=zone)
            recorded = await ledger.record(
                NewEvent(
                    idempotency_key=f"demo:{person.id}:{date}:{clock}",
                    source=source,
                    kind=kind,
                    occurred_at=local,
                    person_id=person.id,
                    evidence={"sample": True},
                )
            )
            created += recorded.created
    return created
