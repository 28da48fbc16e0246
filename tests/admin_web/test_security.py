"""Security headers on admin responses, and user text always rendered escaped."""

from __future__ import annotations

from admin_web.security import content_security_policy
from attendance.enums import Role
from attendance.people import create_person
from tests.admin_web.conftest import KRAGAN, Accounts, Client, login


def test_csp_allows_no_inline_code() -> None:
    """The policy names our own origin and the tile server, never inline code or eval."""
    policy = content_security_policy("https://tile.openstreetmap.org")

    assert "script-src 'self'" in policy
    assert "img-src 'self' data: https://tile.openstreetmap.org" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe" not in policy


async def test_pages_carry_security_headers(client: Client, accounts: Accounts) -> None:
    """Pages, error pages and the login form carry CSP, framing and caching rules."""
    await login(client, accounts.camat)

    for path, status in (("/admin/", 200), ("/admin/tidak-ada", 404), ("/admin/masuk", 200)):
        response = await client.get(path)
        assert response.status == status
        headers = response.headers
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Cache-Control"] == "no-store"
        assert "default-src 'none'" in headers["Content-Security-Policy"]


async def test_static_files_are_cacheable_and_protected(client: Client) -> None:
    """Static files are served without login, cacheable, with nosniff."""
    response = await client.get("/admin/static/app.css")

    assert response.status == 200
    assert "Cache-Control" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_health_endpoint_keeps_its_own_headers(client: Client) -> None:
    """The admin's headers do not leak onto the service's other routes."""
    response = await client.get("/healthz")

    assert response.status == 200
    assert "X-Frame-Options" not in response.headers


async def test_user_text_is_escaped(client: Client, accounts: Accounts) -> None:
    """A name with markup is shown as text on every page that lists it."""
    await create_person('<script>alert("x")</script>', Role.STAF, KRAGAN, "test")
    await login(client, accounts.camat)

    for path in ("/admin/orang", f"/admin/desa/{KRAGAN}"):
        html = await (await client.get(path)).text()
        assert '<script>alert("x")</script>' not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


async def test_root_redirects_to_admin(client: Client) -> None:
    """The site root and /admin lead to the admin's home page."""
    for path in ("/", "/admin"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 302
        assert response.headers["Location"] == "/admin/"
