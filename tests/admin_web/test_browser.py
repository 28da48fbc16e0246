"""The admin in a real browser: headless Chromium logs in, looks, decides and downloads.

Runs on SQLite only (the HTTP-level tests cover PostgreSQL). Screenshots of the dashboard and the
review queue at phone and desktop widths are written to ``docs/screenshots/``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from aiohttp import web

from attendance.enums import EventKind, EventSource, LeaveStatus, LeaveType, Verdict
from attendance.leave import LeaveRequest, submit_leave
from attendance.ledger import Ledger, NewEvent
from attendance.models import AttendanceEvent, Person
from attendance.vault import Vault
from config.settings import Settings
from service.web import create_web_app
from tests.admin_web.browser import DESKTOP, PHONE, launched, log_in, open_page, screenshot, served
from tests.admin_web.conftest import KRAGAN, SARANG, Accounts
from tests.bot.harness import NEAR_OFFICE, RunningBot
from tests.bot.test_checkin_flow import KADES, check_in, enrolled_kades

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]


def bot_web_app(running: RunningBot, tmp_path: Path) -> web.Application:
    """Return the service application sharing the running bot's ledger, vault and clock."""
    settings = running.settings.model_copy(update={"data_dir": tmp_path / "data"})
    return create_web_app(settings, running.ledger, running.vault)


async def test_checkin_from_bot_appears_on_dashboard(
    running: RunningBot,
    accounts: Accounts,
    enrollment_photos: list[bytes],
    selfies: list[bytes],
    tmp_path: Path,
) -> None:
    """A Kades checks in through the fake Bot API; the camat sees it on the dashboard."""
    await enrolled_kades(running, enrollment_photos)
    replies = await check_in(running, selfies[0], NEAR_OFFICE)
    assert "tercatat" in replies[-1], replies

    app = bot_web_app(running, tmp_path)
    async with served(app) as base, launched() as browser:
        watched = await open_page(browser, PHONE)
        page = watched.page
        await log_in(watched, base, accounts.camat)

        row = page.locator("tr[data-village='33.17.12.2012']")
        assert await row.locator("td.hadir").inner_text() == "1"
        assert await row.locator("td.belum").inner_text() == "0"
        await screenshot(page, "dashboard-phone")
        await page.set_viewport_size(DESKTOP)
        await screenshot(page, "dashboard-desktop")

        await row.locator("a").click()
        person = page.locator("#people tbody tr").first
        assert "Budi Santoso" in await person.inner_text()
        assert "06:5" in await person.inner_text()
        assert "Hadir" in await person.inner_text()
        watched.assert_clean()


async def test_review_item_accepted_in_browser(
    running: RunningBot,
    accounts: Accounts,
    enrollment_photos: list[bytes],
    selfies: list[bytes],
    tmp_path: Path,
) -> None:
    """A re-sent selfie goes to review; the camat sees selfie and reasons and accepts it."""
    await enrolled_kades(running, enrollment_photos)
    await check_in(running, selfies[0], NEAR_OFFICE)
    running.clock.advance(hours=7)
    await running.send(KADES, text="Absen Pulang")
    await running.send(KADES, **running.photo(selfies[0]))
    replies = await running.live_location(KADES, NEAR_OFFICE)
    assert "menunggu pemeriksaan" in replies[-1], replies
    event = await AttendanceEvent.get(kind=EventKind.CHECK_OUT)

    app = bot_web_app(running, tmp_path)
    async with served(app) as base, launched() as browser:
        watched = await open_page(browser, DESKTOP)
        page = watched.page
        await log_in(watched, base, accounts.camat)
        await page.click("nav >> text=Pemeriksaan")

        item = page.locator(f"section[data-event='{event.id}']")
        assert "Budi Santoso" in await item.inner_text()
        assert "pernah dikirim" in await item.inner_text()
        selfie = item.locator("img.selfie")
        assert await selfie.evaluate("image => image.complete && image.naturalWidth > 0")
        await screenshot(page, "review-desktop")
        await page.set_viewport_size(PHONE)
        await screenshot(page, "review-phone")

        await item.locator("input[name=reason]").fill("Foto sama, lokasi di kantor: diterima.")
        await item.locator("button[value=terima]").click()
        await page.wait_for_load_state()
        assert "diterima" in await page.locator(".flash").inner_text()
        watched.assert_clean()

    await event.refresh_from_db()
    assert event.reviewed_verdict is Verdict.ACCEPTED
    assert event.reviewed_by == f"web:{accounts.camat}"


async def test_leave_approved_in_browser(
    ledger: Ledger,
    web_settings: Settings,
    vault: Vault,
    accounts: Accounts,
    villagers: dict[str, Person],
) -> None:
    """The Kades of Kragan approves the sekdes' sick leave from the leave page."""
    leave = await submit_leave(
        ledger,
        LeaveRequest(
            villagers["sekdes"].id, LeaveType.SICK, ledger.today(), ledger.today(), "Demam"
        ),
        "telegram:2002",
    )
    app = create_web_app(web_settings, ledger, vault)
    async with served(app) as base, launched() as browser:
        watched = await open_page(browser, PHONE)
        page = watched.page
        await log_in(watched, base, accounts.kades)
        await page.click("nav >> text=Izin")

        item = page.locator(f"div[data-leave='{leave.id}']")
        assert "Siti Aminah" in await item.inner_text()
        await item.locator("button[value=setujui]").click()
        await page.wait_for_load_state()
        assert "disetujui" in await page.locator(".flash").inner_text()
        watched.assert_clean()

    await leave.refresh_from_db()
    assert leave.status is LeaveStatus.APPROVED
    assert leave.decided_by == f"web:{accounts.kades}"


async def test_monthly_xlsx_downloaded_and_read_back(
    ledger: Ledger,
    web_settings: Settings,
    vault: Vault,
    accounts: Accounts,
    villagers: dict[str, Person],
    tmp_path: Path,
) -> None:
    """The monthly report downloads from the reports page and opens with openpyxl."""
    late = dt.datetime.combine(ledger.today(), dt.time(7, 45), tzinfo=ZoneInfo("Asia/Jakarta"))
    await ledger.record(
        NewEvent("test:late", EventSource.ADMIN, EventKind.CHECK_IN, late, villagers["kades"].id)
    )
    app = create_web_app(web_settings, ledger, vault)
    async with served(app) as base, launched() as browser:
        watched = await open_page(browser, DESKTOP)
        page = watched.page
        await log_in(watched, base, accounts.operator)
        await page.click("nav >> text=Laporan")
        async with page.expect_download() as waiting:
            await page.click("#month-xlsx")
        download = await waiting.value
        saved = tmp_path / download.suggested_filename
        await download.save_as(saved)
        watched.assert_clean()

    assert saved.name == "potongan-33.17.12-2026-12.xlsx"
    book = openpyxl.load_workbook(saved)
    assert book.sheetnames == ["Rekap", "Rincian", "Aturan"]
    rows = [[cell for cell in row] for row in book["Rekap"].iter_rows(values_only=True)]
    assert "Desember 2026" in str(rows[0][0])
    names = [row[2] for row in rows[3:]]
    assert names == ["Budi Santoso"]


async def test_kades_refused_another_villages_page(
    ledger: Ledger,
    web_settings: Settings,
    vault: Vault,
    accounts: Accounts,
    villagers: dict[str, Person],
) -> None:
    """A Kades opens their own village but gets 403 for Sarang's page and its report."""
    app = create_web_app(web_settings, ledger, vault)
    async with served(app) as base, launched() as browser:
        watched = await open_page(browser, PHONE)
        page = watched.page
        await log_in(watched, base, accounts.kades)
        assert await page.locator("tr[data-village]").count() == 1

        own = await page.goto(f"{base}/admin/desa/{KRAGAN}")
        assert own is not None and own.status == 200
        other = await page.goto(f"{base}/admin/desa/{SARANG}")
        assert other is not None and other.status == 403
        assert "desanya sendiri" in await page.locator(".error-message").inner_text()
        report = await page.goto(f"{base}/admin/laporan/harian.csv?desa={SARANG}")
        assert report is not None and report.status == 403
        assert "Joko Susilo" not in await page.content()


async def test_map_lists_offices_when_tiles_fail(
    ledger: Ledger, web_settings: Settings, vault: Vault, accounts: Accounts
) -> None:
    """Without tiles the map page still lists every office and says the base map is missing."""
    app = create_web_app(web_settings, ledger, vault)
    async with served(app) as base, launched() as browser:
        watched = await open_page(browser, PHONE)
        page = watched.page
        await log_in(watched, base, accounts.viewer)
        await page.click("nav >> text=Peta")
        assert await page.locator("#offices tbody tr").count() == 27
        await page.locator("#office-map .leaflet-interactive").first.wait_for()
        await page.locator(".map-note").wait_for()
        assert "tidak dapat dimuat" in await page.locator(".map-note").inner_text()
        watched.assert_clean()
