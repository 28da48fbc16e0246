"""CSRF protection: admin forms need the session's token and this site's origin."""

from __future__ import annotations

from aiohttp import web

from attendance.models import Person
from tests.admin_web.conftest import KRAGAN, Accounts, Client, csrf_of, login

NEW_PERSON = {"name": "Ahmad Fauzi", "role": "staf", "village": KRAGAN}


async def test_post_without_token_is_refused(client: Client, accounts: Accounts) -> None:
    """A form posted without the token changes nothing and answers 403."""
    await login(client, accounts.camat)

    response = await client.post("/admin/orang", data=NEW_PERSON)

    assert response.status == 403
    assert "Formulir kedaluwarsa" in await response.text()
    assert not await Person.exists(name="Ahmad Fauzi")


async def test_post_with_wrong_token_is_refused(client: Client, accounts: Accounts) -> None:
    """A token from another session does not pass."""
    await login(client, accounts.camat)

    response = await client.post("/admin/orang", data={**NEW_PERSON, "csrf_token": "x" * 43})

    assert response.status == 403


async def test_post_from_other_origin_is_refused(client: Client, accounts: Accounts) -> None:
    """Even with the token, a post whose Origin names another site is refused."""
    page = await login(client, accounts.camat)
    token = csrf_of(await page.text())

    response = await client.post(
        "/admin/orang",
        data={**NEW_PERSON, "csrf_token": token},
        headers={"Origin": "https://evil.example"},
    )

    assert response.status == 403
    assert not await Person.exists(name="Ahmad Fauzi")


async def test_post_with_token_passes(client: Client, accounts: Accounts) -> None:
    """The token of the session's own page lets the form through."""
    page = await login(client, accounts.camat)

    response = await client.post(
        "/admin/orang", data={**NEW_PERSON, "csrf_token": csrf_of(await page.text())}
    )

    assert response.status == 200
    assert await Person.exists(name="Ahmad Fauzi")


async def test_login_form_needs_token(client: Client, accounts: Accounts) -> None:
    """Logging in is a form like any other: without the token it is refused."""
    response = await client.post(
        "/admin/masuk", data={"username": accounts.camat, "password": "rahasia-kecamatan-2026"}
    )

    assert response.status == 403


async def test_terminal_routes_untouched_by_admin_middlewares(client: Client) -> None:
    """Terminal pushes need no CSRF token and get no admin cookie or admin headers."""
    response = await client.post(
        "/iclock/cdata", params={"SN": "ABC123", "table": "ATTLOG"}, data=b"1\t2026-12-07 07:01:02"
    )

    assert "Formulir" not in await response.text()
    assert "Set-Cookie" not in response.headers
    assert "Content-Security-Policy" not in response.headers


def admin_post_paths(app: web.Application) -> list[str]:
    """Return a concrete path for every POST route of the admin sub-application."""
    parts = {
        "person_id": "1",
        "leave_id": "1",
        "event_id": "1",
        "user_id": "1",
        "override_id": "1",
        "serial": "X1",
    }
    paths: list[str] = []
    for resource in app.router.resources():
        info = resource.get_info()
        admin = info.get("app")
        if not isinstance(admin, web.Application):
            continue
        for inner in admin.router.resources():
            if not any(route.method == "POST" for route in inner):
                continue
            names = [name for name in parts if "{" + name in inner.canonical]
            url = inner.url_for(**{name: parts[name] for name in names})
            paths.append(f"{info['prefix']}{url}")
    return paths


async def test_every_admin_post_route_needs_the_token(client: Client, accounts: Accounts) -> None:
    """No state-changing admin route is reachable without the CSRF token."""
    await login(client, accounts.camat)
    paths = admin_post_paths(client.app)

    statuses = {path: (await client.post(path, data={"x": "1"})).status for path in paths}

    assert len(paths) >= 20, paths
    assert set(statuses.values()) == {403}, statuses
