"""Logging in and out: argon2 passwords, throttling, session end on idle or account change."""

from __future__ import annotations

import time

from admin_web.auth import SEEN_FIELD, STAMP_FIELD, USER_FIELD, load_principal, safe_next
from admin_web.session import COOKIE_NAME, Session
from attendance.models import AdminUser, AuditEntry
from config.admin_web import AdminWebSettings
from tests.admin_web.conftest import Accounts, Client, login


async def test_login_with_right_password_opens_dashboard(
    client: Client, accounts: Accounts
) -> None:
    """The right password leads to the dashboard and is audited."""
    response = await login(client, accounts.camat)

    assert response.status == 200
    assert response.url.path == "/admin/"
    assert "Kehadiran" in await response.text()
    assert await AuditEntry.exists(action="admin.login", actor="web:camat")


async def test_login_with_wrong_password_is_refused(client: Client, accounts: Accounts) -> None:
    """A wrong password or unknown user gets the same 401 and message."""
    wrong = await login(client, accounts.camat, "salah-sekali-123")
    unknown = await login(client, "tidak.ada", "salah-sekali-123")

    for response in (wrong, unknown):
        assert response.status == 401
        assert "Nama pengguna atau kata sandi salah" in await response.text()


async def test_login_throttled_after_five_failures(client: Client, accounts: Accounts) -> None:
    """The sixth attempt within the window is refused even with the right password."""
    for _ in range(5):
        assert (await login(client, accounts.operator, "tebakan-salah-00")).status == 401

    blocked = await login(client, accounts.operator)

    assert blocked.status == 429
    assert "Terlalu banyak percobaan" in await blocked.text()


async def test_pages_redirect_to_login_with_return_path(
    client: Client, accounts: Accounts
) -> None:
    """An anonymous visit lands on the login form and returns to the page after login."""
    first = await client.get("/admin/orang?cari=Budi")
    assert first.url.path == "/admin/masuk"

    token = (await first.text()).split('name="csrf_token" value="')[1].split('"')[0]
    after = await client.post(
        "/admin/masuk",
        data={
            "username": accounts.camat,
            "password": "rahasia-kecamatan-2026",
            "lanjut": "/admin/orang?cari=Budi",
            "csrf_token": token,
        },
    )
    assert str(after.url.relative()) == "/admin/orang?cari=Budi"


def test_safe_next_refuses_other_sites() -> None:
    """Only paths inside the admin are returned to after login."""
    assert safe_next("/admin/orang") == "/admin/orang"
    for bad in ("https://evil.example/", "//evil.example", "/iclock/cdata", "/admin\\x", ""):
        assert safe_next(bad) == ""


def test_safe_next_normalises_the_path_first() -> None:
    """Dot segments (also as %2e) are resolved as a browser would; out of /admin is refused."""
    assert safe_next("/admin/./orang") == "/admin/orang"
    assert safe_next("/admin/orang/../izin?x=1") == "/admin/izin?x=1"
    assert safe_next("/admin//orang/") == "/admin/orang/"
    assert safe_next("/admin/orang?cari=Budi%20S") == "/admin/orang?cari=Budi%20S"
    assert safe_next("/admin/desa/33.17.12.2012") == "/admin/desa/33.17.12.2012"
    for bad in (
        "/admin/../../x",
        "/admin/..",
        "/admin/%2e%2e/x",
        "/admin/.%2E/iclock/cdata",
        "/admin/%2e%2e%2f%2e%2e/x",
        "/admin/x/../../../x",
        "/admin/%5c../x",
        "/admin/%0a",
        "/admin/x\x00",
    ):
        assert safe_next(bad) == "", bad


async def test_login_does_not_return_outside_the_admin(client: Client, accounts: Accounts) -> None:
    """``lanjut=/admin/../../x`` after login leads to the dashboard, not to /x."""
    first = await client.get("/admin/masuk?lanjut=/admin/../../x")
    token = (await first.text()).split('name="csrf_token" value="')[1].split('"')[0]

    after = await client.post(
        "/admin/masuk",
        data={
            "username": accounts.camat,
            "password": "rahasia-kecamatan-2026",
            "lanjut": "/admin/../../x",
            "csrf_token": token,
        },
        allow_redirects=False,
    )

    assert after.status == 303
    assert after.headers["Location"] == "/admin/"


async def test_session_cookie_is_http_only_lax_and_scoped(
    client: Client, accounts: Accounts
) -> None:
    """The session cookie cannot be read by scripts and is sent to /admin only."""
    page = await client.get("/admin/masuk")
    header = page.headers.getall("Set-Cookie")[0]

    assert header.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Path=/admin" in header


async def test_logout_ends_session(client: Client, accounts: Accounts) -> None:
    """After logging out, pages send the admin back to the login form."""
    page = await login(client, accounts.camat)
    token = (await page.text()).split('name="csrf_token" value="')[1].split('"')[0]

    await client.post("/admin/keluar", data={"csrf_token": token})

    assert (await client.get("/admin/")).url.path == "/admin/masuk"


async def test_disabled_account_is_out_at_next_request(client: Client, accounts: Accounts) -> None:
    """Disabling an account ends its open session at once."""
    await login(client, accounts.operator)
    await AdminUser.filter(username=accounts.operator).update(active=False)

    assert (await client.get("/admin/")).url.path == "/admin/masuk"


async def test_load_principal_ends_idle_or_stale_sessions(accounts: Accounts) -> None:
    """A session idle too long, or made before a password change, opens as nobody."""
    user = await AdminUser.get(username=accounts.camat)
    from admin_web.auth import password_stamp

    settings = AdminWebSettings(idle_minutes=30)
    now = int(time.time())

    def session(seen: int, stamp: str) -> Session:
        return Session({USER_FIELD: user.id, SEEN_FIELD: seen, STAMP_FIELD: stamp})

    fresh = await load_principal(session(now, password_stamp(user.password_hash)), settings)
    idle = await load_principal(
        session(now - 31 * 60, password_stamp(user.password_hash)), settings
    )
    stale = await load_principal(session(now, password_stamp("an older hash")), settings)

    assert fresh is not None and fresh.username == accounts.camat
    assert idle is None
    assert stale is None
