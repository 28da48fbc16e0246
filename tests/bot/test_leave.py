"""/izin in chat against the fake Bot API: the conversation, the approval request, the buttons.

The bot is the real application (:func:`bot.application.build_application`, so the leave
handlers are registered as in production), polling the fake over HTTP; the outbox sender delivers
the approval requests, and the approvers press the buttons they received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from attendance.enums import DayStatus, LeaveStatus, LeaveType, Role
from attendance.ledger import Ledger
from attendance.models import Leave, OutboxMessage
from attendance.vault import Vault, new_key
from bot.application import BotApplication, build_application
from bot.sandbox import FakeBotApi, JsonDict
from bot.services import BotServices
from scheduler.sender import OutboxSender
from tests.bot.harness import CAMAT_ADMIN, CAMAT_GROUP, bot_settings
from tests.scheduler.conftest import MONDAY, TEGALMULYO, add_person, local
from tests.timetravel import TravellingClock


@dataclass
class LeaveBot:
    """The running bot, its ledger and vault, and a sender for its outbox."""

    fake: FakeBotApi
    app: BotApplication
    ledger: Ledger
    vault: Vault
    sender: OutboxSender

    async def say(self, user: int, expect: str, **content: Any) -> str:
        """Send a private message as `user`; return the bot's answer, which holds `expect`."""
        before = len(self.fake.texts_to(user))
        text = content.get("text", "")
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        await self.fake.push(message=self.fake.message(user, **content))
        await self.fake.wait_for(lambda: len(self.fake.texts_to(user)) > before)
        answer = self.fake.texts_to(user)[-1]
        assert expect in answer
        return answer

    async def press(self, user: int, sent: JsonDict, button: int) -> JsonDict:
        """Press button `button` of a message the bot sent; return the callback answer."""
        chat_id = int(sent["chat_id"])
        chat_type = "private" if chat_id > 0 else "supergroup"
        before = len(self.fake.calls("answerCallbackQuery"))
        data = sent["reply_markup"]["inline_keyboard"][0][button]["callback_data"]
        await self.fake.push(
            callback_query={
                "id": f"q{before}",
                "from": self.fake.user(user),
                "chat_instance": f"c{chat_id}",
                "data": data,
                "message": {
                    "message_id": 900 + before,
                    "date": 1,
                    "chat": {"id": chat_id, "type": chat_type},
                    "text": sent["text"],
                },
            }
        )
        await self.fake.wait_for(lambda: len(self.fake.calls("answerCallbackQuery")) > before)
        return self.fake.calls("answerCallbackQuery")[-1]


@pytest.fixture
async def leave_bot(
    db: str, fake: FakeBotApi, bot_clock: TravellingClock, tmp_path: Path
) -> AsyncIterator[LeaveBot]:
    """The real bot (without a face engine) polling the fake, on a fresh database."""
    settings = bot_settings(fake)
    ledger = Ledger(settings.district, clock=bot_clock)
    vault = Vault([new_key()])
    app = build_application(settings, BotServices(settings, ledger, vault, None))
    assert app is not None
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(timeout=1, poll_interval=0.02)
        yield LeaveBot(fake, app, ledger, vault, OutboxSender(app.bot, tmp_path, bot_clock))
        await app.updater.stop()
        await app.stop()


def sent_with_buttons(fake: FakeBotApi, chat_id: int) -> JsonDict:
    """Return the last message with an inline keyboard the bot sent to `chat_id`."""
    found = [
        call
        for call in fake.calls("sendMessage")
        if str(call["chat_id"]) == str(chat_id) and call.get("reply_markup")
    ]
    assert found, f"nothing with buttons reached chat {chat_id}"
    return found[-1]


async def test_kades_approves_a_kaur_sick_leave_with_a_photo(
    leave_bot: LeaveBot, fake: FakeBotApi, bot_clock: TravellingClock
) -> None:
    """A Kaur asks for sakit with a photo; the Kades gets text, buttons and photo, approves."""
    kaur = await add_person(Role.KAUR, chat=1001)
    kades = await add_person(Role.KADES, chat=1002)
    bot_clock.set(local(MONDAY, "07:30"))

    await leave_bot.say(1001, "Pilih jenis", text="/izin")
    await leave_bot.say(1001, "Tanggal berapa", text="Sakit")
    await leave_bot.say(1001, "alasan", text="hari ini")
    await leave_bot.say(1001, "surat pendukung", text="Demam tinggi")
    await leave_bot.say(1001, "terkirim ke Kepala Desa", photo=fake.photo_sizes(b"\xff\xd8surat"))
    await leave_bot.sender.drain()

    leave = await Leave.get(person_id=kaur)
    assert (leave.leave_type, leave.status) == (LeaveType.SICK, LeaveStatus.PENDING)
    assert leave.sealed_document is not None and b"surat" not in leave.sealed_document
    request = sent_with_buttons(fake, 1002)
    assert "Pengajuan sakit" in request["text"] and "Demam tinggi" in request["text"]
    (photo,) = fake.calls("sendPhoto")
    assert str(photo["chat_id"]) == "1002" and str(photo["caption"]).endswith(f"#{leave.id}")

    assert "tidak berwenang" in (await leave_bot.press(1001, request, 0))["text"]
    answer = await leave_bot.press(1002, request, 0)
    await leave_bot.sender.drain()

    await leave.refresh_from_db()
    assert (leave.status, leave.decided_by) == (LeaveStatus.APPROVED, f"person:{kades}")
    assert "disetujui" in answer["text"]
    assert "disetujui" in fake.texts_to(1001)[-1]
    assert (await leave_bot.ledger.recompute(kaur, MONDAY)).status is DayStatus.EXCUSED
    edited = fake.calls("editMessageText")
    assert edited and "Hasil: disetujui" in edited[-1]["text"]


async def test_camat_approves_a_kades_official_trip_with_a_pdf(
    leave_bot: LeaveBot, fake: FakeBotApi, bot_clock: TravellingClock
) -> None:
    """A Kades's dinas luar goes to the camat group; a peer Kades may not decide, the camat may."""
    kades = await add_person(Role.KADES, chat=2001)
    await add_person(Role.KADES, chat=2002, village=TEGALMULYO)
    bot_clock.set(local(MONDAY, "06:30"))
    fake.members[(CAMAT_GROUP, CAMAT_ADMIN)] = "administrator"
    file_id, unique_id = fake.add_file(b"%PDF-1.4 surat tugas", "documents/surat.pdf")
    document = {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "file_name": "surat-tugas.pdf",
        "mime_type": "application/pdf",
        "file_size": 20,
    }

    await leave_bot.say(2001, "Pilih jenis", text="/izin")
    await leave_bot.say(2001, "Tanggal berapa", text="Dinas luar")
    await leave_bot.say(2001, "tujuan", text="7-12-2026 s.d. 8-12-2026")
    await leave_bot.say(2001, "alasan", text="Kantor Bupati Rembang")
    await leave_bot.say(2001, "surat pendukung", text="Rapat koordinasi")
    await leave_bot.say(2001, "terkirim ke Camat", document=document)
    await leave_bot.sender.drain()

    leave = await Leave.get(person_id=kades)
    assert leave.leave_type is LeaveType.OFFICIAL_TRIP
    assert (leave.destination, leave.end_date) == ("Kantor Bupati Rembang", dt.date(2026, 12, 8))
    request = sent_with_buttons(fake, CAMAT_GROUP)
    assert "Tujuan: Kantor Bupati Rembang" in request["text"]
    (letter,) = fake.calls("sendDocument")
    assert letter["document"] == file_id and str(letter["chat_id"]) == str(CAMAT_GROUP)

    refused = await leave_bot.press(2002, request, 0)
    assert "tidak berwenang" in refused["text"]
    assert (await Leave.get(id=leave.id)).status is LeaveStatus.PENDING
    await leave_bot.press(CAMAT_ADMIN, request, 0)
    await leave_bot.sender.drain()

    await leave.refresh_from_db()
    assert leave.status is LeaveStatus.APPROVED
    assert leave.decided_by == f"telegram:{CAMAT_ADMIN}"
    assert "disetujui" in fake.texts_to(2001)[-1]
    assert "sudah diputuskan" in (await leave_bot.press(CAMAT_ADMIN, request, 1))["text"]
    assert await OutboxMessage.filter(kind="leave.decision").count() == 1


async def test_refused_request_explains_in_indonesian(
    leave_bot: LeaveBot, bot_clock: TravellingClock
) -> None:
    """A leave starting a month ago is refused with the reason; nothing is stored."""
    await add_person(Role.KAUR, chat=3001)
    bot_clock.set(local(MONDAY, "08:00"))

    await leave_bot.say(3001, "Pilih jenis", text="/izin")
    await leave_bot.say(3001, "Tanggal berapa", text="Cuti")
    await leave_bot.say(3001, "Tanggal tidak terbaca", text="minggu lalu")
    await leave_bot.say(3001, "alasan", text="2-11-2026")
    await leave_bot.say(3001, "surat pendukung", text="Acara keluarga")
    await leave_bot.say(3001, "terlalu jauh ke belakang", text="/lewati")

    assert await Leave.all().count() == 0


async def test_unlinked_account_is_told_how_to_link(leave_bot: LeaveBot) -> None:
    """/izin from an unknown Telegram account explains /start KODE."""
    await leave_bot.say(1500, "/start KODE", text="/izin")


async def test_every_state_answers_what_it_cannot_use(
    leave_bot: LeaveBot, fake: FakeBotApi, bot_clock: TravellingClock
) -> None:
    """A command, a photo or a location mid-request gets the question again and /batal; /izin
    with a type while the type is asked starts over with that type."""
    await add_person(Role.KAUR, chat=4001)
    bot_clock.set(local(MONDAY, "07:30"))

    await leave_bot.say(4001, "Pilih jenis", text="/izin")
    await leave_bot.say(4001, "Pengajuan sakit. Tanggal berapa", text="/izin sakit demam")
    photo = await leave_bot.say(4001, "Tanggal berapa", photo=fake.photo_sizes(b"\xff\xd8x"))
    await leave_bot.say(4001, "alasan", text="hari ini")
    command = await leave_bot.say(4001, "alasan", text="/bantuan")
    await leave_bot.say(4001, "surat pendukung", text="Demam")
    pin = {"latitude": -6.7, "longitude": 111.6}
    location = await leave_bot.say(4001, "surat pendukung", location=pin)
    await leave_bot.say(4001, "terkirim", text="lewati")

    for answer in (photo, command, location):
        assert answer.startswith("Pengajuan sedang diisi.") and "/batal" in answer, answer
    leave = await Leave.get()
    assert (leave.leave_type, leave.reason) == (LeaveType.SICK, "Demam")


async def test_batal_cancels_in_any_state(leave_bot: LeaveBot, bot_clock: TravellingClock) -> None:
    """/batal ends the request whatever is being asked."""
    await add_person(Role.KAUR, chat=4101)
    bot_clock.set(local(MONDAY, "07:30"))

    await leave_bot.say(4101, "Pilih jenis", text="/izin")
    await leave_bot.say(4101, "Tanggal berapa", text="Cuti")
    await leave_bot.say(4101, "dibatalkan", text="/batal")
    await leave_bot.say(4101, "tidak dikenali", text="hari ini")

    assert await Leave.all().count() == 0


@pytest.mark.parametrize(
    ("typed", "expect"),
    [
        ("31-12-9999", "Tahun 9999 tidak wajar"),
        ("1-1-1900 s.d. 31-12-2199", "Tahun 1900 tidak wajar"),
        ("7-12-2026 s.d. 31-12-2199", "Tahun 2199 tidak wajar"),
        ("1-1-2099", "terlalu jauh"),
        ("10-12-2026 s.d. 1-12-2026", "Tanggal selesai sebelum tanggal mulai"),
        ("31-2-2027", "tidak ada di kalender"),
    ],
)
async def test_unusable_dates_are_explained_and_asked_again(
    leave_bot: LeaveBot, bot_clock: TravellingClock, typed: str, expect: str
) -> None:
    """Absurd years, a day a year away, a reversed range, a day that does not exist: each is
    refused with its own reason, and the dates are asked again."""
    await add_person(Role.KAUR, chat=4201)
    bot_clock.set(local(MONDAY, "07:30"))

    await leave_bot.say(4201, "Pilih jenis", text="/izin")
    await leave_bot.say(4201, "Tanggal berapa", text="Cuti")
    await leave_bot.say(4201, expect, text=typed)
    await leave_bot.say(4201, "alasan", text="8-12-2026 s.d. 9-12-2026")

    assert await Leave.all().count() == 0
