"""Intake: turning a terminal's punches into attendance events, exactly once and in order.

Rules, applied to each batch in time order:

- a punch is known by (terminal serial, PIN, UTC second); one already stored is a duplicate:
  acknowledged, counted, not stored again;
- a punch within ``collapse_seconds`` of a kept punch of the same PIN on the same terminal (before
  or after it, since uploads may come out of order) is stored as a *repeat*: verdict rejected,
  reason ``terminal_repeat``, so it never counts but stays visible;
- a punch dated more than ``future_tolerance_s`` ahead of the server clock, or more than
  ``past_tolerance_days`` behind it, is stored for review (``terminal_time_future`` /
  ``terminal_time_past``): a terminal clock reset to 2000 must not decide anyone's day;
- a PIN mapped to nobody yet is stored without a person, and attached when an admin maps it;
- every new punch recomputes its day, so a late or out-of-order upload corrects that day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from attendance.batch import record_batch
from attendance.clock import local_date_of
from attendance.enums import EventKind, EventSource, Verdict
from attendance.ledger import NewEvent
from attendance.models import AttendanceEvent, Device, DevicePin
from terminals.context import TerminalContext
from terminals.punch import TerminalPunch, punch_key
from terminals.registry import zone_of

REPEAT_REASON = "terminal_repeat"
FUTURE_REASON = "terminal_time_future"
PAST_REASON = "terminal_time_past"


@dataclass(frozen=True, slots=True)
class IntakeResult:
    """What a batch of punches did: received, stored now, and how the new ones were judged."""

    received: int
    new: int = 0
    duplicates: int = 0
    repeats: int = 0
    flagged: int = 0
    unmapped: int = 0
    days: int = 0

    def as_outcome(self) -> dict[str, int]:
        """Return the counts for the upload's stored outcome."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Judgement:
    verdict: Verdict
    reasons: tuple[str, ...] = ()


async def take_punches(
    context: TerminalContext,
    device: Device,
    punches: Sequence[TerminalPunch],
    evidence: Mapping[str, Any],
) -> IntakeResult:
    """Record `punches` of an approved terminal; `evidence` is added to each (e.g. upload id)."""
    keyed: dict[str, TerminalPunch] = {}
    for punch in sorted(punches, key=lambda item: (item.occurred_at, item.pin)):
        keyed.setdefault(punch_key(device.serial, punch), punch)
    if not keyed:
        return IntakeResult(received=len(punches))

    pins = {punch.pin for punch in keyed.values()}
    mapped = await DevicePin.filter(device_id=device.id, pin__in=list(pins)).values_list(
        "pin", "person_id"
    )
    people = {str(pin): int(person_id) for pin, person_id in mapped}
    stored, anchors = await _neighbours(context, device, list(keyed.values()))

    now = context.ledger.now()
    zone = zone_of(device, context.district_timezone)
    events: list[NewEvent] = []
    for key, punch in keyed.items():
        if key in stored:
            continue
        judgement = _judge(context, punch, anchors[punch.pin], now)
        if judgement.verdict is Verdict.ACCEPTED:
            bisect.insort(anchors[punch.pin], punch.occurred_at)
        details = {
            "protocol": device.protocol,
            "local_time": punch.local_time,
            "zone": zone.key,
            **evidence,
            **punch.details,
        }
        events.append(
            NewEvent(
                idempotency_key=key,
                source=EventSource.TERMINAL,
                kind=EventKind.PUNCH,
                occurred_at=punch.occurred_at,
                person_id=people.get(punch.pin),
                village_id=device.village_id,
                device_id=device.id,
                device_pin=punch.pin,
                evidence=details,
                verdict=judgement.verdict,
                reasons=judgement.reasons,
            )
        )

    if not events:
        return IntakeResult(received=len(punches), duplicates=len(punches))
    outcome = await record_batch(context.ledger, events, checked=True)
    new = [event for event in events if event.idempotency_key in outcome.created]
    return IntakeResult(
        received=len(punches),
        new=len(new),
        duplicates=len(punches) - len(new),
        repeats=sum(REPEAT_REASON in event.reasons for event in new),
        flagged=sum(event.verdict is Verdict.REVIEW for event in new),
        unmapped=sum(event.person_id is None for event in new),
        days=outcome.days,
    )


async def _neighbours(
    context: TerminalContext, device: Device, punches: Collection[TerminalPunch]
) -> tuple[set[str], defaultdict[str, list[dt.datetime]]]:
    """Return the stored keys among `punches`, and the counted punch times per PIN near them."""
    zone = zone_of(device, context.district_timezone)
    boundary = context.ledger.district.day_boundary_hour
    dates: set[dt.date] = set()
    for punch in punches:
        date = local_date_of(punch.occurred_at, zone, boundary)
        dates.update(date + dt.timedelta(days=shift) for shift in (-1, 0, 1))

    rows = await AttendanceEvent.filter(
        device_id=device.id,
        device_pin__in=list({punch.pin for punch in punches}),
        local_date__in=list(dates),
    ).values_list("idempotency_key", "device_pin", "occurred_at", "verdict", "reviewed_verdict")

    stored: set[str] = set()
    anchors: defaultdict[str, list[dt.datetime]] = defaultdict(list)
    for key, pin, occurred_at, verdict, reviewed in rows:
        stored.add(str(key))
        if (reviewed or verdict) == Verdict.ACCEPTED:
            anchors[str(pin)].append(occurred_at)
    for times in anchors.values():
        times.sort()
    return stored, anchors


def _judge(
    context: TerminalContext, punch: TerminalPunch, kept: list[dt.datetime], now: dt.datetime
) -> _Judgement:
    settings = context.settings
    if punch.occurred_at > now + dt.timedelta(seconds=settings.future_tolerance_s):
        return _Judgement(Verdict.REVIEW, (FUTURE_REASON,))
    if punch.occurred_at < now - dt.timedelta(days=settings.past_tolerance_days):
        return _Judgement(Verdict.REVIEW, (PAST_REASON,))
    if settings.collapse_seconds and _near(kept, punch.occurred_at, settings.collapse_seconds):
        return _Judgement(Verdict.REJECTED, (REPEAT_REASON,))
    return _Judgement(Verdict.ACCEPTED)


def _near(kept: list[dt.datetime], instant: dt.datetime, seconds: int) -> bool:
    """Tell whether a kept time lies within `seconds` of `instant` (`kept` is sorted)."""
    index = bisect.bisect_left(kept, instant)
    window = dt.timedelta(seconds=seconds)
    neighbours = kept[max(index - 1, 0) : index + 1]
    return any(abs(other - instant) <= window for other in neighbours)
