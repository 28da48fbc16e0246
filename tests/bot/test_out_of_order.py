"""Input out of order or out of shape always gets an answer that says what to do next.

A location or a photo with no check-in started, text the bot does not know, a message from an
unregistered account, coordinates that are not numbers, and a second check-in on one day.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from attendance.enums import EventKind, Verdict
from attendance.models import AttendanceEvent
from bot.checkin import (
    LOCATION_OUTSIDE_FLOW,
    STILL_CHECKING,
    UNREADABLE_LOCATION,
    WAITING,
)
from bot.texts import NOT_REGISTERED, NOT_UNDERSTOOD, PHOTO_OUTSIDE_FLOW
from tests.bot.harness import NEAR_OFFICE, RunningBot

KADES = 1001
STRANGER = 4242
KRAGAN = "33.17.12.2012"


async def enrolled(running: RunningBot, photos: list[bytes]) -> int:
    person = await running.register(KADES, "Budi Santoso", "kades", KRAGAN)
    await running.enroll(KADES, photos)
    return person


def live(point: tuple[float, float], **extra: Any) -> dict[str, Any]:
    return {"latitude": point[0], "longitude": point[1], "live_period": 900, **extra}


async def test_location_with_no_check_in_started_is_answered(running: RunningBot) -> None:
    """A live location or a pin outside any check-in says to press a button first."""
    await running.register(KADES, "Budi Santoso", "kades", KRAGAN)

    shared = await running.send(KADES, location=live(NEAR_OFFICE))
    pin = await running.send(KADES, location={"latitude": 1.0, "longitude": 2.0})
    stranger = await running.send(STRANGER, location=live(NEAR_OFFICE))

    assert shared == [LOCATION_OUTSIDE_FLOW]
    assert pin == [LOCATION_OUTSIDE_FLOW]
    assert stranger == [NOT_REGISTERED]
    assert await AttendanceEvent.all().count() == 0


async def test_location_after_rejected_selfie_is_answered(
    running: RunningBot, enrollment_photos: list[bytes], impostor: bytes
) -> None:
    """After a rejected selfie the check-in is over: a location is told to start again."""
    await enrolled(running, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")
    (rejected,) = await running.send(KADES, **running.photo(impostor))

    replies = await running.send(KADES, location=live(NEAR_OFFICE))

    assert "DITOLAK" in rejected and "tekan Absen Masuk" in rejected
    assert replies == [LOCATION_OUTSIDE_FLOW]
    assert await AttendanceEvent.all().count() == 1


async def test_new_location_while_waiting_leaves_the_check_in_alone(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """A second location while the first one's updates are awaited is asked to wait; the first
    one's update then decides the check-in."""
    await enrolled(running, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")
    await running.send(KADES, **running.photo(selfies[0]))
    first = running.fake.message(KADES, location=live(NEAR_OFFICE))
    assert await running.deliver(KADES, {"message": first}) == [WAITING]

    again = await running.send(KADES, location=live(NEAR_OFFICE))
    running.clock.advance(seconds=20)
    edited = {
        **first,
        "edit_date": int(running.clock().timestamp()),
        "location": live(NEAR_OFFICE, horizontal_accuracy=12.0),
    }
    decided = await running.deliver(KADES, {"edited_message": edited})

    assert again == [STILL_CHECKING]
    assert "Absen masuk tercatat" in decided[-1], decided
    event = await AttendanceEvent.get()
    assert (event.kind, event.verdict) == (EventKind.CHECK_IN, Verdict.ACCEPTED)


async def test_photo_text_and_strangers_outside_a_flow_are_answered(
    running: RunningBot, selfies: list[bytes]
) -> None:
    """A photo with no check-in, unknown text, and anything from an unregistered account."""
    await running.register(KADES, "Budi Santoso", "kades", KRAGAN)

    photo = await running.send(KADES, **running.photo(selfies[0]))
    hello = await running.send(KADES, text="halo")
    stranger_photo = await running.send(STRANGER, **running.photo(selfies[1]))
    stranger_text = await running.send(STRANGER, text="halo")

    assert photo == [PHOTO_OUTSIDE_FLOW]
    assert hello == [NOT_UNDERSTOOD]
    assert stranger_photo == [NOT_REGISTERED]
    assert stranger_text == [NOT_REGISTERED]
    assert await AttendanceEvent.all().count() == 0


@pytest.mark.parametrize(
    "point",
    [(math.nan, NEAR_OFFICE[1]), (NEAR_OFFICE[0], math.inf), (91.0, NEAR_OFFICE[1])],
    ids=["nan", "infinite", "out-of-range"],
)
async def test_unusable_coordinates_are_refused_and_nothing_recorded(
    running: RunningBot,
    enrollment_photos: list[bytes],
    selfies: list[bytes],
    point: tuple[float, float],
) -> None:
    """A live location that is not a place on Earth is refused; a good one is then accepted."""
    await enrolled(running, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")
    await running.send(KADES, **running.photo(selfies[0]))

    refused = await running.send(KADES, location=live(point))

    assert refused == [UNREADABLE_LOCATION]
    assert await AttendanceEvent.all().count() == 0
    accepted = await running.live_location(KADES, NEAR_OFFICE)
    assert "Absen masuk tercatat" in accepted[-1], accepted
    event = await AttendanceEvent.get()
    assert event.verdict is Verdict.ACCEPTED
    assert math.isfinite(event.evidence["lat"]) and math.isfinite(event.evidence["lng"])


async def test_unusable_live_update_is_ignored(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """An update with NaN coordinates does not count; the next good update decides."""
    await enrolled(running, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")
    await running.send(KADES, **running.photo(selfies[0]))
    first = running.fake.message(KADES, location=live(NEAR_OFFICE))
    await running.deliver(KADES, {"message": first})

    running.clock.advance(seconds=10)
    broken = {
        **first,
        "edit_date": int(running.clock().timestamp()),
        "location": live((math.nan, math.nan), horizontal_accuracy=12.0),
    }
    await running.deliver(KADES, {"edited_message": broken}, wait_for_reply=False)
    running.clock.advance(seconds=10)
    good = {**broken, "location": live(NEAR_OFFICE, horizontal_accuracy=12.0)}
    good["edit_date"] = int(running.clock().timestamp())
    decided = await running.deliver(KADES, {"edited_message": good})

    assert "Absen masuk tercatat" in decided[-1], decided
    event = await AttendanceEvent.get()
    assert event.verdict is Verdict.ACCEPTED
    assert event.evidence["live_updates"] == 1


async def test_second_check_in_is_refused_at_the_button(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """After an accepted check-in, Absen Masuk says so and starts nothing."""
    await enrolled(running, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")
    await running.send(KADES, **running.photo(selfies[0]))
    await running.live_location(KADES, NEAR_OFFICE)
    running.clock.advance(hours=4)

    (again,) = await running.send(KADES, text="Absen Masuk")
    photo = await running.send(KADES, **running.photo(selfies[1]))

    assert again.startswith("Anda sudah absen masuk pukul 06:5"), again
    assert "WIB hari ini" in again and "Absen Pulang" in again
    assert photo == [PHOTO_OUTSIDE_FLOW]
    assert await AttendanceEvent.filter(kind=EventKind.CHECK_IN).count() == 1


async def test_second_check_out_replaces_the_first(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """A second Absen Pulang is allowed, says the later time replaces the earlier, stays a
    check-out, and the day keeps the last one."""
    person = await enrolled(running, enrollment_photos)
    running.clock.advance(hours=7, minutes=20)  # 14:10 WIB
    await running.send(KADES, text="Absen Pulang")
    await running.send(KADES, **running.photo(selfies[0]))
    first = await running.live_location(KADES, NEAR_OFFICE)
    assert "Absen pulang tercatat pukul 14:1" in first[-1], first
    running.clock.advance(hours=1)

    (again,) = await running.send(KADES, text="Absen Pulang")
    await running.send(KADES, **running.photo(selfies[3]))
    second = await running.live_location(KADES, NEAR_OFFICE)

    assert again.startswith("Anda sudah absen pulang pukul 14:1"), again
    assert "menggantikan" in again and "kirim swafoto" in again
    assert "Absen pulang tercatat pukul 15:1" in second[-1], second
    kinds = [event.kind for event in await AttendanceEvent.all().order_by("id")]
    assert kinds == [EventKind.CHECK_OUT, EventKind.CHECK_OUT]
    later = await AttendanceEvent.all().order_by("-id").first()
    day = await running.ledger.recompute(person, running.ledger.today())
    assert later is not None and day.last_out == later.occurred_at
