"""A running bot against the fake Bot API, with helpers to act as a Kades or the camat.

The bot is the real `Application` built by :func:`bot.application.build_application`, polling
the fake over real HTTP, with the real face engine, the real geofence and a real database. Time
comes from one travelling clock shared by the fake (message dates) and the ledger.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from attendance.ledger import Ledger
from attendance.vault import Vault, new_key
from bot.application import BotApplication, build_application
from bot.sandbox import FakeBotApi, JsonDict
from bot.services import BotServices
from config.settings import Settings, load_settings
from recognition.service import FaceService
from tests.timetravel import TravellingClock

CAMAT_GROUP = -1001234567890
CAMAT_ADMIN = 500
KRAGAN_OFFICE = (-6.69889, 111.61591)
NEAR_OFFICE = (-6.69880, 111.61600)
FAR_AWAY = (-6.66238, 111.56574)


def bot_settings(fake: FakeBotApi, **overrides: Any) -> Settings:
    """Settings of a bot pointed at the fake, with a camat group and one admin."""
    telegram = {
        "token": fake.token,
        "base_url": fake.base_url,
        "base_file_url": fake.base_file_url,
        "camat_chat_id": CAMAT_GROUP,
        "admin_user_ids": [CAMAT_ADMIN],
        "location_wait_seconds": 5,
        **overrides.pop("telegram", {}),
    }
    return load_settings(telegram=telegram, **overrides)


@dataclass
class RunningBot:
    """The bot, the fake and the shared objects of one test."""

    fake: FakeBotApi
    app: BotApplication
    settings: Settings
    ledger: Ledger
    vault: Vault
    clock: TravellingClock

    async def send(self, user_id: int, wait_for_reply: bool = True, **content: Any) -> list[str]:
        """Send a private message as `user_id` and return the bot's new replies to them."""
        message = self.fake.message(user_id, **content)
        return await self.deliver(user_id, {"message": message}, wait_for_reply)

    async def deliver(
        self, chat_id: int, update: JsonDict, wait_for_reply: bool = True
    ) -> list[str]:
        """Push an update and wait until the bot has said something new to `chat_id`."""
        before = len(self.fake.texts_to(chat_id))
        await self.fake.push(**update)
        if wait_for_reply:
            await self.fake.wait_for(lambda: len(self.fake.texts_to(chat_id)) > before, 30)
        return self.fake.texts_to(chat_id)[before:]

    async def in_group(self, user_id: int, text: str) -> list[str]:
        """Send a command in the camat group as `user_id` and return the bot's replies."""
        message = self.fake.message(
            user_id, chat_id=CAMAT_GROUP, chat_type="supergroup", text=text
        )
        message["entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
        ]
        return await self.deliver(CAMAT_GROUP, {"message": message})

    def photo(self, data: bytes, **extra: Any) -> dict[str, Any]:
        """Return the content of a photo message carrying `data`."""
        return {"photo": self.fake.photo_sizes(data), **extra}

    async def live_location(
        self, user_id: int, point: tuple[float, float], accuracy: float = 12.0
    ) -> list[str]:
        """Share a live location and send its first update; return the bot's replies."""
        location = {"latitude": point[0], "longitude": point[1], "live_period": 900}
        message = self.fake.message(user_id, location=location)
        await self.deliver(user_id, {"message": message})
        before = len(self.fake.texts_to(user_id))
        self.clock.advance(seconds=20)
        edited = {
            **message,
            "edit_date": int(self.clock().timestamp()),
            "location": {
                **location,
                "latitude": point[0] + 0.00001,
                "horizontal_accuracy": accuracy,
            },
        }
        await self.fake.push(edited_message=edited)
        await self.fake.wait_for(lambda: len(self.fake.texts_to(user_id)) > before, 30)
        return self.fake.texts_to(user_id)[before:]

    async def register(self, user_id: int, name: str, role: str, village: str) -> int:
        """Register a person through the camat group and /start; return the person id."""
        self.fake.members[(CAMAT_GROUP, CAMAT_ADMIN)] = "administrator"
        (reply,) = await self.in_group(CAMAT_ADMIN, f"/daftar {name} {role} {village}")
        code = re.search(r"/start ([A-Z0-9]{8})", reply)
        person = re.search(r"nomor (\d+)", reply)
        assert code and person, reply
        await self.send(
            user_id,
            text=f"/start {code.group(1)}",
            entities=[{"type": "bot_command", "offset": 0, "length": 6}],
        )
        return int(person.group(1))

    async def enroll(self, user_id: int, photos: list[bytes]) -> list[str]:
        """Enroll through /daftarwajah with `photos`; return the last reply."""
        await self.send(
            user_id,
            text="/daftarwajah",
            entities=[{"type": "bot_command", "offset": 0, "length": 12}],
        )
        replies: list[str] = []
        for data in photos:
            replies = await self.send(user_id, **self.photo(data))
        return replies


async def start_bot(
    fake: FakeBotApi, clock: TravellingClock, faces: FaceService, **overrides: Any
) -> RunningBot:
    """Build and start the real bot against the fake, polling it."""
    settings = bot_settings(fake, **overrides)
    ledger = Ledger(settings.district, clock=clock)
    vault = Vault([new_key()])
    app = build_application(settings, BotServices(settings, ledger, vault, faces))
    assert app is not None
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(timeout=1, poll_interval=0.02)
    return RunningBot(fake, app, settings, ledger, vault, clock)


async def stop_bot(running: RunningBot) -> None:
    """Stop polling and shut the bot down."""
    if running.app.updater is not None and running.app.updater.running:
        await running.app.updater.stop()
    await running.app.stop()
    await running.app.shutdown()


def monday_morning() -> dt.datetime:
    """06:50 WIB on Monday 7 December 2026."""
    return dt.datetime(2026, 12, 6, 23, 50, tzinfo=dt.UTC)
