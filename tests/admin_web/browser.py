"""Driving the admin in headless Chromium: Debian's browser through Playwright, on a local server.

Playwright's own browser download is not used: Debian's ``chromium`` package is launched by path
(installed by ``.ci/run``). Tests that need it skip with the reason when it is absent. Every page
the tests open is watched for console errors, so a Content-Security-Policy violation (an inline
script or style slipping in) fails the test that caused it.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from playwright.async_api import Browser, ConsoleMessage, Page, ViewportSize, async_playwright

from tests.admin_web.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
TILES = "https://tile.openstreetmap.org"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def chromium_or_skip() -> Path:
    """Return the path of Debian's Chromium, or skip the test saying how to get it."""
    found = CHROMIUM if CHROMIUM.exists() else None
    if found is None and (which := shutil.which("chromium")):
        found = Path(which)
    if found is None:
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    return found


@asynccontextmanager
async def launched() -> AsyncIterator[Browser]:
    """Launch headless Chromium and close it at the end."""
    path = chromium_or_skip()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(path), args=list(ARGS))
        try:
            yield browser
        finally:
            await browser.close()


@asynccontextmanager
async def served(app: web.Application) -> AsyncIterator[str]:
    """Serve `app` on 127.0.0.1 and a free port; yield its base URL."""
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


@dataclass
class Watched:
    """A browser page whose console errors and failed requests are collected."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """Fail when the page logged an error (a CSP violation, a script error)."""
        assert self.errors == [], self.errors


async def open_page(browser: Browser, viewport: ViewportSize = PHONE) -> Watched:
    """Open a fresh browser context and page (no cookies) with map tiles cut off."""
    context = await browser.new_context(viewport=viewport, accept_downloads=True)
    page = await context.new_page()
    watched = Watched(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.location.get("url", "").startswith(TILES):
            watched.errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    # No internet here: answer tile requests at once instead of letting them time out.
    await page.route(f"{TILES}/**", lambda route: route.abort())
    return watched


async def log_in(watched: Watched, base: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the form, starting from the admin's home page."""
    page = watched.page
    await page.goto(f"{base}/admin/")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", password)
    await page.click("button[type=submit]:has-text('Masuk')")
    await page.wait_for_load_state()


async def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under docs/screenshots/ (linked from the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path
