"""The camat group: recaps and lists for admins, refusals for others, review buttons."""

from __future__ import annotations

import logging

import pytest

from attendance.enums import Verdict
from attendance.models import AttendanceEvent, OutboxMessage, Person
from bot.texts import GROUP_REFUSED
from tests.bot.harness import CAMAT_ADMIN, CAMAT_GROUP, NEAR_OFFICE, RunningBot

KADES = 1001
STRANGER = 666


async def test_recap_for_admin_lists_every_village(running: RunningBot) -> None:
    """/rekap answers a monospaced table with one line per village that has people."""
    await running.register(KADES, "Budi Santoso", "kades", "33.17.12.2012")
    await running.register(1002, "Siti Aminah", "kaur", "33.17.12.2001")

    (reply,) = await running.in_group(CAMAT_ADMIN, "/rekap")

    assert "Rekap Senin, 7 Desember 2026" in reply
    assert "Kragan" in reply and "Tanjungsari" in reply
    assert "JUMLAH" in reply
    assert running.fake.calls("sendMessage")[-1]["parse_mode"] == "HTML"


async def test_missing_and_village_detail(running: RunningBot) -> None:
    """/belum lists who has not checked in; /desa shows one village's people."""
    await running.register(KADES, "Budi Santoso", "kades", "33.17.12.2012")

    (missing,) = await running.in_group(CAMAT_ADMIN, "/belum")
    (detail,) = await running.in_group(CAMAT_ADMIN, "/desa Kragan")
    (late,) = await running.in_group(CAMAT_ADMIN, "/terlambat")

    assert "Budi Santoso" in missing
    assert "Budi Santoso" in detail and "Belum absen" in detail
    assert "(tidak ada)" in late


async def test_register_with_bad_role_explains(running: RunningBot) -> None:
    """/daftar with an unknown position says which positions exist."""
    running.fake.members[(CAMAT_GROUP, CAMAT_ADMIN)] = "administrator"

    (reply,) = await running.in_group(CAMAT_ADMIN, "/daftar Budi lurah 33.17.12.2012")

    assert "Jabatan 'lurah' tidak dikenal" in reply
    assert await Person.all().count() == 0


async def test_stranger_is_refused_and_logged(
    running: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    """A group member who is not a listed admin gets a polite refusal; the attempt is logged."""
    running.fake.members[(CAMAT_GROUP, STRANGER)] = "member"

    with caplog.at_level(logging.WARNING, logger="bot.group"):
        replies = await running.in_group(STRANGER, "/daftar Budi kades 33.17.12.2012")

    assert replies == [GROUP_REFUSED]
    assert await Person.all().count() == 0
    assert any(str(STRANGER) in record.getMessage() for record in caplog.records)


async def test_listed_admin_who_is_not_group_admin_is_refused(running: RunningBot) -> None:
    """Being listed is not enough: Telegram must also say the user administers the group."""
    running.fake.members[(CAMAT_GROUP, CAMAT_ADMIN)] = "member"

    replies = await running.in_group(CAMAT_ADMIN, "/rekap")

    assert replies == [GROUP_REFUSED]


async def test_announcement_is_queued_once_per_person(running: RunningBot) -> None:
    """/umumkan queues one outbox message per registered person."""
    await running.register(KADES, "Budi Santoso", "kades", "33.17.12.2012")

    (reply,) = await running.in_group(CAMAT_ADMIN, "/umumkan Rapat hari Kamis pukul 09.00")

    assert "1 orang" in reply
    queued = await OutboxMessage.get(kind="announcement")
    assert queued.chat_id == str(KADES)
    assert "Rapat hari Kamis" in queued.payload["text"]


async def test_doubtful_check_in_is_reviewed_by_camat(
    running: RunningBot, enrollment_photos: list[bytes], selfies: list[bytes]
) -> None:
    """A location at the office's edge goes to review; the camat's button accepts it."""
    await running.register(KADES, "Budi Santoso", "kades", "33.17.12.2012")
    await running.enroll(KADES, enrollment_photos)
    await running.send(KADES, text="Absen Masuk")
    await running.send(KADES, **running.photo(selfies[3]))
    edge = (NEAR_OFFICE[0] + 0.0006, NEAR_OFFICE[1])

    replies = await running.live_location(KADES, edge, accuracy=40)

    assert "menunggu pemeriksaan camat" in replies[-1], replies
    event = await AttendanceEvent.get()
    assert event.verdict is Verdict.REVIEW
    review = await OutboxMessage.get(kind="review")
    assert review.chat_id == str(CAMAT_GROUP)
    assert "openstreetmap.org" in review.payload["text"]

    press = {
        "id": "cb1",
        "from": running.fake.user(CAMAT_ADMIN),
        "chat_instance": "ci",
        "data": f"review:{event.id}:accept",
        "message": running.fake.message(
            running.fake.user(0)["id"] or 9000001,
            chat_id=CAMAT_GROUP,
            chat_type="supergroup",
            text=review.payload["text"],
        ),
    }
    await running.fake.push(callback_query=press)
    await running.fake.wait_for(lambda: bool(running.fake.calls("answerCallbackQuery")))

    await event.refresh_from_db()
    assert event.reviewed_verdict is Verdict.ACCEPTED
    assert event.reviewed_by == f"telegram:{CAMAT_ADMIN}"
    assert await OutboxMessage.filter(kind="review_result", chat_id=str(KADES)).exists()


async def test_register_with_a_huge_name_shows_the_hint(
    running: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    """A 3000-character name is refused with the core's hint; the name is not in the logs
    (INFO and above: libraries' DEBUG output shows whole updates)."""
    running.fake.members[(CAMAT_GROUP, CAMAT_ADMIN)] = "administrator"
    name = "Budi" + "santoso" * 428

    with caplog.at_level(logging.INFO):
        (reply,) = await running.in_group(CAMAT_ADMIN, f"/daftar {name} kades 33.17.12.2012")

    assert reply.startswith("Gagal mendaftarkan: Nama terlalu panjang"), reply
    assert await Person.all().count() == 0
    logged = "\n".join(caplog.messages) + caplog.text
    assert "santosos" not in logged


@pytest.mark.parametrize(
    "arguments",
    [
        "Budi Santoso kades 33.17.12.2012 extra args",
        "Budi 33.17.12.2012",
        "33.17.12.2012 Budi kades",
    ],
)
async def test_register_with_the_wrong_shape_shows_the_usage(
    running: RunningBot, arguments: str
) -> None:
    """Arguments after the village code, or too few before it: the usage, nothing stored."""
    running.fake.members[(CAMAT_GROUP, CAMAT_ADMIN)] = "administrator"

    (reply,) = await running.in_group(CAMAT_ADMIN, f"/daftar {arguments}")

    assert reply.startswith("Format: /daftar NAMA JABATAN KODE_DESA"), reply
    assert await Person.all().count() == 0


async def test_register_finds_role_before_the_code(running: RunningBot) -> None:
    """The role is the word before the village code; a name may contain several words."""
    running.fake.members[(CAMAT_GROUP, CAMAT_ADMIN)] = "administrator"

    (reply,) = await running.in_group(CAMAT_ADMIN, "/daftar Siti Nur Aminah kaur 33.17.12.2012")

    assert "Terdaftar: Siti Nur Aminah (Kaur, Desa Kragan)" in reply, reply
    person = await Person.get()
    assert (person.name, person.role.value) == ("Siti Nur Aminah", "kaur")


@pytest.mark.parametrize(
    ("command", "expect"),
    [
        ("/rekap 9999-12-31", "Tahun 9999 tidak wajar"),
        ("/rekap 1-1-1900", "Tahun 1900 tidak wajar"),
        ("/rekap 31-12-2100", "terlalu jauh"),
        ("/rekap 2026-02-31", "tidak ada di kalender"),
        ("/rekap Atlantis", "Desa atau tanggal 'Atlantis' tidak dikenal"),
        ("/desa 33.17.12.2012 extra", "Desa '33.17.12.2012 extra' tidak dikenal"),
        ("/desa 33.17.12.20129", "Desa '33.17.12.20129' tidak dikenal"),
        ("/desa " + "x" * 3000, "Desa 'xxxxxxxx"),
    ],
)
async def test_recap_and_village_refuse_bad_input(
    running: RunningBot, command: str, expect: str
) -> None:
    """Dates out of range and village codes or names of the wrong shape are explained."""
    running.fake.members[(CAMAT_GROUP, CAMAT_ADMIN)] = "administrator"

    (reply,) = await running.in_group(CAMAT_ADMIN, command)

    assert expect in reply, reply
    assert len(reply) < 300


async def test_recap_reads_a_date_and_a_village(running: RunningBot) -> None:
    """/rekap with a date within a year and a village name answers that village's table."""
    await running.register(KADES, "Budi Santoso", "kades", "33.17.12.2012")

    (reply,) = await running.in_group(CAMAT_ADMIN, "/rekap kemarin Kragan")

    assert "Rekap Minggu, 6 Desember 2026" in reply, reply
    assert "Kragan" in reply and "Tanjungsari" not in reply


async def test_announcement_too_long_to_deliver_is_refused(running: RunningBot) -> None:
    """An announcement that would not fit one Telegram message with its heading is refused."""
    await running.register(KADES, "Budi Santoso", "kades", "33.17.12.2012")

    (reply,) = await running.in_group(CAMAT_ADMIN, "/umumkan " + "x" * 4080)

    assert "terlalu panjang" in reply
    assert not await OutboxMessage.filter(kind="announcement").exists()
