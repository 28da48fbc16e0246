"""`sregep sandbox`: the service against the built-in fake Telegram, driven as a user would."""

from __future__ import annotations

import asyncio
import re
import socket
from pathlib import Path

import pytest

from config.settings import Settings
from service.sandbox import run_sandbox, send_as_user


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_until_up(port: int) -> None:
    for _ in range(200):
        try:
            await send_as_user(port, 42, text="/bantuan", wait_s=5)
            return
        except OSError:
            await asyncio.sleep(0.1)
    pytest.fail("the sandbox did not come up")


async def test_sandbox_registers_a_person_through_the_camat_group(
    database_url: str, settings: Settings, tmp_path: object
) -> None:
    """The camat admin registers someone in the group, who then binds with /start CODE."""
    telegram_port = free_port()
    server = settings.server.model_copy(update={"port": free_port()})
    configured = settings.model_copy(
        update={"database_url": database_url, "server": server, "data_dir": tmp_path}
    )
    stop = asyncio.Event()
    task = asyncio.create_task(run_sandbox(configured, telegram_port, stop))
    try:
        await wait_until_up(telegram_port)
        # The group may also get the scheduler's catch-up messages (the monthly report).
        registered, *_others = await send_as_user(
            telegram_port, 500, group=True, text="/daftar Siti Aminah kaur 33.17.12.2001"
        )
        code = re.search(r"/start ([A-Z0-9]{8})", registered)
        assert code, registered
        (bound,) = await send_as_user(telegram_port, 1002, text=f"/start {code.group(1)}")
        refused = await send_as_user(telegram_port, 777, group=True, text="/rekap")
    finally:
        stop.set()
        await task

    assert "Pendaftaran berhasil" in bound, bound
    assert refused == ["Maaf, perintah ini hanya untuk admin kecamatan yang terdaftar."]
    # Its own database and key, never the configured one.
    assert (Path(str(tmp_path)) / "sandbox" / "sregep.sqlite3").exists()
    assert (Path(str(tmp_path)) / "sandbox" / "vault.key").exists()
