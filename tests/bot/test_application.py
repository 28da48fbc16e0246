"""Building the bot and the webhook route's secret-token check."""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from telegram import Update

from bot.application import SECRET_HEADER, WEBHOOK_PATH, add_webhook_route, build_application
from config.settings import Settings, load_settings

UPDATE = {
    "update_id": 7,
    "message": {
        "message_id": 1,
        "date": 1764979200,
        "chat": {"id": 5, "type": "private"},
        "text": "/bantuan",
    },
}


def test_build_application_without_token_is_off() -> None:
    """No token means no bot object at all."""
    assert build_application(load_settings()) is None


@pytest.fixture
def webhook_settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings of a bot in webhook mode."""
    monkeypatch.setenv("SREGEP_TELEGRAM__TOKEN", "123456:TEST-token")
    monkeypatch.setenv("SREGEP_TELEGRAM__MODE", "webhook")
    monkeypatch.setenv("SREGEP_TELEGRAM__WEBHOOK_SECRET", "s3cret-value")
    monkeypatch.setenv("SREGEP_SERVER__PUBLIC_URL", "https://sregep.example")
    return load_settings()


async def test_webhook_route_checks_secret_token(webhook_settings: Settings) -> None:
    """A post without the right secret header is refused; with it the update is queued."""
    bot = build_application(webhook_settings)
    assert bot is not None and bot.updater is None
    app = web.Application()
    add_webhook_route(app, bot, "s3cret-value")

    async with TestClient(TestServer(app)) as client:
        refused = await client.post(WEBHOOK_PATH, json=UPDATE)
        wrong = await client.post(WEBHOOK_PATH, json=UPDATE, headers={SECRET_HEADER: "nope"})
        bad_body = await client.post(
            WEBHOOK_PATH, data=b"{not json", headers={SECRET_HEADER: "s3cret-value"}
        )
        not_update = await client.post(
            WEBHOOK_PATH, json=[1, 2], headers={SECRET_HEADER: "s3cret-value"}
        )
        accepted = await client.post(
            WEBHOOK_PATH, json=UPDATE, headers={SECRET_HEADER: "s3cret-value"}
        )

    statuses = (refused.status, wrong.status, bad_body.status, not_update.status, accepted.status)
    assert statuses == (403, 403, 400, 400, 200)
    queued = bot.update_queue.get_nowait()
    assert isinstance(queued, Update)
    assert queued.update_id == 7
