"""Fixtures of the web-admin tests: the real service application, admin accounts, logging in.

The bot fixtures (fake Bot API, running bot, face engine, photos) are reused from the bot tests,
so a check-in can be made through the fake Telegram and then looked at in the admin.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from argon2 import PasswordHasher

import attendance.admins
from attendance.admins import create_admin
from attendance.enums import AdminRole, Role
from attendance.ledger import Ledger
from attendance.models import Person
from attendance.people import create_person
from attendance.vault import Vault, new_key
from config.settings import Settings
from service.web import create_web_app
from tests.bot.conftest import (  # noqa: F401  (fixtures reused from the bot tests)
    bot_clock,
    enrollment_photos,
    face_verifier,
    fake,
    running,
    selfies,
    tom,
)

KRAGAN = "33.17.12.2012"
SARANG = "33.17.12.2001"
PASSWORD = "rahasia-kecamatan-2026"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

Client = TestClient[web.Request, web.Application]


@dataclass(frozen=True, slots=True)
class Accounts:
    """Usernames of the test accounts, one per role; all share :data:`PASSWORD`."""

    camat: str = "camat"
    operator: str = "operator"
    kades: str = "kades.kragan"
    viewer: str = "pemantau"


def csrf_of(html: str) -> str:
    """Return the CSRF token of the first form on a page."""
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


async def login(client: Client, username: str, password: str = PASSWORD) -> Any:
    """Log in through the form and return the response of the post (redirects followed)."""
    form = await client.get("/admin/masuk")
    token = csrf_of(await form.text())
    return await client.post(
        "/admin/masuk", data={"username": username, "password": password, "csrf_token": token}
    )


async def post_form(client: Client, path: str, data: dict[str, Any], page: str) -> Any:
    """Post `data` to `path` with the CSRF token read from `page`."""
    html = await (await client.get(page)).text()
    return await client.post(path, data={**data, "csrf_token": csrf_of(html)})


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash test passwords with argon2 at its lowest cost (the default takes 0.2 s a hash)."""
    monkeypatch.setattr(
        attendance.admins, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
async def accounts(db: str) -> Accounts:
    """One admin account per role (the Kades one for Kragan)."""
    names = Accounts()
    await create_admin(names.camat, PASSWORD, AdminRole.CAMAT, "test")
    await create_admin(names.operator, PASSWORD, AdminRole.OPERATOR, "test")
    await create_admin(names.kades, PASSWORD, AdminRole.KADES, "test", KRAGAN)
    await create_admin(names.viewer, PASSWORD, AdminRole.VIEWER, "test")
    return names


@pytest.fixture
async def villagers(db: str) -> dict[str, Person]:
    """A Kades and a sekdes in Kragan, and a Kades in Sarang."""
    return {
        "kades": await create_person("Budi Santoso", Role.KADES, KRAGAN, "test"),
        "sekdes": await create_person("Siti Aminah", Role.SEKDES, KRAGAN, "test"),
        "sarang": await create_person("Joko Susilo", Role.KADES, SARANG, "test"),
    }


@pytest.fixture
def vault() -> Vault:
    """A vault with one fresh key."""
    return Vault([new_key()])


@pytest.fixture
def web_settings(settings: Settings, db: str, tmp_path: Path) -> Settings:
    """The bundled settings on the test's database, data folder in its temporary folder."""
    return settings.model_copy(update={"data_dir": tmp_path / "data", "database_url": db})


@pytest.fixture
async def client(ledger: Ledger, web_settings: Settings, vault: Vault) -> AsyncIterator[Client]:
    """A client of the real service application (admin mounted) over HTTP on a local port."""
    app = create_web_app(web_settings, ledger, vault)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client
