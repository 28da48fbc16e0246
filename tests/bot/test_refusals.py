"""What the bot refuses, and says why: forwarded, stale and re-sent photos, static pins."""

from __future__ import annotations

import datetime as dt

from attendance.enums import EventKind, Verdict
from attendance.models import AttendanceEvent, ProcessedUpdate
from bot.checkin import SEEN_BEFORE, STATIC_REFUSED
from bot.photo import FORWARDED
from tests.bot.harness import NEAR_OFFICE, RunningBot

KADES = 1001
KRAGAN = "33.17.12.2012"


async def ready(running: RunningBot, photos: list[bytes]) -> int:
    person = await running.register(KADES, "Budi Santoso", "kades", KRAGAN)
    await running.enroll(KADES, photos)
    return person


async def test_forwarded_photo_is_refused(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """A forwarded selfie is refused before any face check."""
    await ready(running, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")

    origin = {"type": "user", "date": 1764979200, "sender_user": running.fake.user(77)}
    replies = await running.send(KADES, **running.photo(selfies[0], forward_origin=origin))

    assert replies == [FORWARDED]
    assert await AttendanceEvent.all().count() == 0


async def test_stale_photo_is_refused(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """A selfie sent ten minutes before it reached the bot must be taken again."""
    await ready(running, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")

    old = running.clock() - dt.timedelta(minutes=10)
    replies = await running.send(KADES, date=old, **running.photo(selfies[0]))

    assert "terlambat diterima" in replies[-1]
    assert await AttendanceEvent.all().count() == 0


async def test_same_picture_twice_is_refused(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """The same Telegram file sent again for a second check-in is refused."""
    await ready(running, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")
    photo = running.photo(selfies[0])
    await running.send(KADES, **photo)
    await running.live_location(KADES, NEAR_OFFICE)

    await running.send(KADES, text="Absen Pulang")
    replies = await running.send(KADES, **photo)

    assert replies == [SEEN_BEFORE]


async def test_same_image_as_new_file_goes_to_review(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """The same image uploaded again as a new file is caught by its perceptual hash."""
    await ready(running, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")
    await running.send(KADES, **running.photo(selfies[0]))
    await running.live_location(KADES, NEAR_OFFICE)
    running.clock.advance(hours=7)

    await running.send(KADES, text="Absen Pulang")
    await running.send(KADES, **running.photo(selfies[0]))
    replies = await running.live_location(KADES, NEAR_OFFICE)

    assert "menunggu pemeriksaan" in replies[-1], replies
    check_out = await AttendanceEvent.get(kind=EventKind.CHECK_OUT)
    assert check_out.verdict is Verdict.REVIEW
    assert "face_image_seen_before" in check_out.reasons


async def test_static_pin_is_refused_then_live_location_accepted(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """A dropped pin is not proof: the bot asks for a live location and then accepts it."""
    await ready(running, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")
    await running.send(KADES, **running.photo(selfies[0]))

    pin = {"latitude": NEAR_OFFICE[0], "longitude": NEAR_OFFICE[1]}
    refused = await running.send(KADES, location=pin)
    accepted = await running.live_location(KADES, NEAR_OFFICE)

    assert refused == [STATIC_REFUSED]
    assert "tercatat" in accepted[-1]


async def test_check_out_early_reports_minutes(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """A check-out at 13:30 on a Monday is 30 minutes early, and stays a check-out."""
    await ready(running, enrollment_photos)
    running.clock.set(dt.datetime(2026, 12, 7, 6, 30, tzinfo=dt.UTC))

    await running.send(KADES, text="Absen Pulang")
    await running.send(KADES, **running.photo(selfies[2]))
    replies = await running.live_location(KADES, NEAR_OFFICE)

    assert "Absen pulang tercatat pukul 13:30 WIB" in replies[-1], replies
    assert "30 menit sebelum waktunya" in replies[-1]
    event = await AttendanceEvent.get()
    assert event.kind is EventKind.CHECK_OUT


async def test_redelivered_update_is_handled_once(
    running: RunningBot, enrollment_photos: list[bytes]
) -> None:
    """Telegram delivering the same update again produces no second answer."""
    await ready(running, enrollment_photos)
    update_id = await running.fake.push(
        message=running.fake.message(
            KADES, text="/status", entities=[{"type": "bot_command", "offset": 0, "length": 7}]
        )
    )
    await running.fake.wait_for(lambda: "Senin" in running.fake.texts_to(KADES)[-1])
    answers = len(running.fake.texts_to(KADES))

    await running.fake.repush(update_id)
    await running.send(
        KADES, text="/bantuan", entities=[{"type": "bot_command", "offset": 0, "length": 8}]
    )

    assert len(running.fake.texts_to(KADES)) == answers + 1
    assert await ProcessedUpdate.filter(update_id=update_id).count() == 1
