"""The main job end to end: a Kades registers, enrolls and checks in through the Bot API."""

from __future__ import annotations

from attendance.enums import DayStatus, EventKind, Verdict
from attendance.models import AttendanceEvent, ChatAccount, FaceTemplate
from tests.bot.harness import FAR_AWAY, NEAR_OFFICE, RunningBot

KADES = 1001
KRAGAN = "33.17.12.2012"


async def enrolled_kades(running: RunningBot, photos: list[bytes]) -> int:
    person = await running.register(KADES, "Budi Santoso", "kades", KRAGAN)
    replies = await running.enroll(KADES, photos)
    assert "berhasil didaftarkan" in replies[-1], replies
    return person


async def check_in(running: RunningBot, selfie: bytes, point: tuple[float, float]) -> list[str]:
    await running.send(KADES, text="Absen Masuk")
    replies = await running.send(KADES, **running.photo(selfie))
    assert "bagikan lokasi" in replies[-1].lower(), replies
    return await running.live_location(KADES, point)


async def test_kades_registers_enrolls_and_checks_in_on_time(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """Registration code, three selfies, then a check-in at the office is accepted once."""
    person = await enrolled_kades(running, enrollment_photos)
    assert await ChatAccount.filter(person_id=person, external_id=str(KADES)).exists()
    assert await FaceTemplate.filter(person_id=person).count() == 3

    replies = await check_in(running, selfies[0], NEAR_OFFICE)

    assert "Absen masuk tercatat pukul 06:5" in replies[-1], replies
    assert "Tepat waktu" in replies[-1]
    event = await AttendanceEvent.get(person_id=person)
    assert (event.kind, event.verdict) == (EventKind.CHECK_IN, Verdict.ACCEPTED)
    day = await running.ledger.recompute(person, event.local_date)  # type: ignore[arg-type]
    assert day.status is DayStatus.PRESENT


async def test_impostor_selfie_is_rejected_and_recorded(
    running: RunningBot, enrollment_photos: list[bytes], impostor: bytes
) -> None:
    """Somebody else's face is refused at once and kept as a rejected attempt."""
    person = await enrolled_kades(running, enrollment_photos)

    await running.send(KADES, text="Absen Masuk")
    replies = await running.send(KADES, **running.photo(impostor))

    assert "DITOLAK" in replies[-1], replies
    event = await AttendanceEvent.get(person_id=person)
    assert event.verdict is Verdict.REJECTED


async def test_location_outside_office_is_rejected(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """A genuine face far from the office is rejected with the distance reason."""
    await enrolled_kades(running, enrollment_photos)

    replies = await check_in(running, selfies[1], FAR_AWAY)

    assert "DITOLAK" in replies[-1], replies
    assert "luar" in replies[-1].lower()
