"""The admin's middlewares: unreadable bodies answered 400, aiohttp's English kept off pages,
and unexpected failures logged without the data in their messages."""

from __future__ import annotations

import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer

import admin_web.views.reports
from attendance.ledger import Ledger
from attendance.models import Person
from attendance.vault import Vault
from config.settings import Settings
from service.web import create_web_app
from tests.admin_web.conftest import KRAGAN, Accounts, Client, csrf_of, login

UNREADABLE = "Isi formulir tidak dapat dibaca"
FORM = "application/x-www-form-urlencoded"


def error_message(html: str) -> str:
    """Return the message paragraph of an error page."""
    return html.split('<p class="error-message">')[1].split("</p>")[0]


def multipart(boundary: str, *parts: bytes, end: bool = True) -> bytes:
    """Return a multipart body of raw `parts`, closed unless `end` is false."""
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + boundary.encode() + b"--\r\n" if end else b"")


async def test_gzip_header_over_plain_body_at_login_is_400(
    client: Client, accounts: Accounts, caplog: pytest.LogCaptureFixture
) -> None:
    """``Content-Encoding: gzip`` over a plain body: 400 with a sentence, no 500, no crash."""
    token = csrf_of(await (await client.get("/admin/masuk")).text())
    body = f"username={accounts.camat}&password=x&csrf_token={token}".encode()

    response = await client.post(
        "/admin/masuk", data=body, headers={"Content-Encoding": "gzip", "Content-Type": FORM}
    )

    assert response.status == 400
    assert UNREADABLE in error_message(await response.text())
    assert response.headers.get("Connection", "").lower() == "close"
    assert (await client.get("/admin/masuk")).status == 200
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_gzip_header_over_plain_body_on_an_admin_form_is_400(
    client: Client, accounts: Accounts, caplog: pytest.LogCaptureFixture
) -> None:
    """The same on a logged-in form (the token in the header, so only the view reads it)."""
    page = await login(client, accounts.camat)
    token = csrf_of(await page.text())
    body = f"name=Rina&role=staf&village={KRAGAN}".encode()

    response = await client.post(
        "/admin/orang",
        data=body,
        headers={"Content-Encoding": "gzip", "Content-Type": FORM, "X-CSRF-Token": token},
    )

    assert response.status == 400
    assert UNREADABLE in error_message(await response.text())
    assert not await Person.exists(name="Rina")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            multipart("xx", b'Content-Disposition: form-data; name="file"; filename="a.csv"'),
            id="part-without-blank-line",
        ),
        pytest.param(
            multipart("xx", b"Content-Disposition: form-data\r\n\r\nisi"), id="part-without-name"
        ),
        pytest.param(
            multipart(
                "xx",
                b"Content-Type: multipart/mixed; boundary=yy\r\nContent-Disposition: form-data; "
                b'name="a"\r\n\r\n--yy\r\n\r\nq\r\n--yy--',
            ),
            id="nested-multipart",
        ),
        pytest.param(
            multipart(
                "xx",
                b'Content-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nnama',
                end=False,
            ),
            id="cut-off",
        ),
    ],
)
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_malformed_multipart_to_upload_forms_is_400(
    client: Client,
    accounts: Accounts,
    villagers: dict[str, Person],
    body: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Broken multipart bodies to the import and the face upload answer 400 with a sentence."""
    page = await login(client, accounts.camat)
    token = csrf_of(await page.text())
    headers = {"Content-Type": "multipart/form-data; boundary=xx", "X-CSRF-Token": token}

    for path in ("/admin/orang/impor", f"/admin/orang/{villagers['kades'].id}/wajah"):
        response = await client.post(path, data=body, headers=headers)
        assert response.status == 400, path
        assert UNREADABLE in error_message(await response.text())
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_multipart_without_boundary_is_400(client: Client, accounts: Accounts) -> None:
    """A multipart content type without its boundary cannot be read: 400."""
    page = await login(client, accounts.camat)

    response = await client.post(
        "/admin/orang/impor",
        data=b"bukan multipart",
        headers={
            "Content-Type": "multipart/form-data",
            "X-CSRF-Token": csrf_of(await page.text()),
        },
    )

    assert response.status == 400
    assert UNREADABLE in error_message(await response.text())


async def test_unknown_charset_is_400(client: Client, accounts: Accounts) -> None:
    """A form in a charset Python does not know answers 400, not 500."""
    page = await login(client, accounts.camat)

    response = await client.post(
        "/admin/orang",
        data=b"name=Rina",
        headers={
            "Content-Type": f"{FORM}; charset=tidak-ada",
            "X-CSRF-Token": csrf_of(await page.text()),
        },
    )

    assert response.status == 400
    assert UNREADABLE in error_message(await response.text())


async def test_body_over_the_limit_is_413_in_indonesian(
    ledger: Ledger, web_settings: Settings, vault: Vault, accounts: Accounts
) -> None:
    """aiohttp's own 413 text (English, with byte counts) is replaced by ours."""
    admin = web_settings.admin_web.model_copy(
        update={"max_photo_bytes": 1000, "max_photos": 1, "max_import_bytes": 1000}
    )
    app = create_web_app(web_settings.model_copy(update={"admin_web": admin}), ledger, vault)
    async with TestClient(TestServer(app)) as client:
        page = await login(client, accounts.camat)
        response = await client.post(
            "/admin/orang",
            data={"name": "x" * 400_000, "csrf_token": csrf_of(await page.text())},
        )
        text = error_message(await response.text())

    assert response.status == 413
    assert text == "Berkas atau formulir yang dikirim terlalu besar."


async def test_unexpected_failure_is_500_and_logged_without_its_message(
    client: Client,
    accounts: Accounts,
    villagers: dict[str, Person],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A failure whose message holds a name: the page says sorry, the log names type and place."""

    def broken(people: object) -> None:
        msg = "Budi Santoso cannot be written"
        raise ValueError(msg) from KeyError("Siti Aminah")

    monkeypatch.setattr(admin_web.views.reports, "day_rows", broken)
    await login(client, accounts.camat)

    response = await client.get("/admin/laporan/harian.csv?tanggal=2026-12-07&cari=Joko")

    assert response.status == 500
    assert "Terjadi kesalahan pada server" in error_message(await response.text())
    logged = "\n".join(
        record.getMessage() for record in caplog.records if record.name == "admin_web.app"
    )
    assert "builtins.ValueError" in logged and "builtins.KeyError" in logged
    assert "in day_file" in logged and "in broken" in logged
    for secret in ("Budi", "Siti", "Joko", "cannot be written"):
        assert secret not in logged
    assert all(record.exc_info is None for record in caplog.records)
