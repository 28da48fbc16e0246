"""Webhook mode end to end: Telegram posts to our server, which checks the secret token."""

from __future__ import annotations

import asyncio
import socket

from pydantic import SecretStr

from bot.sandbox import FakeBotApi
from config.settings import Settings
from service.process import run


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_registers_and_answers(database_url: str, settings: Settings) -> None:
    """The process registers its webhook with the secret and answers a posted update."""
    fake = FakeBotApi()
    await fake.start()
    port = free_port()
    telegram = settings.telegram.model_copy(
        update={
            "token": SecretStr(fake.token),
            "mode": "webhook",
            "webhook_secret": SecretStr("rahasia-webhook"),
            "base_url": fake.base_url,
            "base_file_url": fake.base_file_url,
        }
    )
    server = settings.server.model_copy(
        update={"port": port, "public_url": f"http://127.0.0.1:{port}"}
    )
    configured = settings.model_copy(
        update={"telegram": telegram, "server": server, "database_url": database_url}
    )
    stop = asyncio.Event()
    task = asyncio.create_task(run(configured, stop))
    try:
        await fake.wait_for(lambda: fake.webhook_url is not None, 60)
        await fake.push(
            message=fake.message(
                31, text="/bantuan", entities=[{"type": "bot_command", "offset": 0, "length": 8}]
            )
        )
        await fake.wait_for(lambda: bool(fake.texts_to(31)), 30)
        fake.webhook_secret = "salah"
        await fake.push(message=fake.message(31, text="/bantuan"))
    finally:
        stop.set()
        await task
        await fake.stop()

    assert fake.webhook_url == f"http://127.0.0.1:{port}/telegram/webhook"
    assert fake.calls("setWebhook")[0]["secret_token"] == "rahasia-webhook"
    assert "Si-Sregep" in fake.texts_to(31)[0]
    assert fake.webhook_statuses == [200, 403]
