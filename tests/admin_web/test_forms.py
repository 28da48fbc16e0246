"""Reading values from forms, queries and paths: every bad value answers 400 or 404 with an
Indonesian page, before any query; never a 500."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from multidict import MultiDict

from admin_web import forms
from attendance.models import Person
from tests.admin_web.conftest import KRAGAN, Accounts, Client, csrf_of, login

HUGE = "9" * 23
ENGLISH = re.compile(
    r"\b(the|is|not|must|should|exceeded|error|invalid|value|field|failed)\b", re.IGNORECASE
)


def error_message(html: str) -> str:
    """Return the message paragraph of an error page."""
    return html.split('<p class="error-message">')[1].split("</p>")[0]


def with_path(**parts: str) -> web.Request:
    """Return a request whose path matched `parts`."""
    request = make_mocked_request("GET", "/")
    request._match_info = web.UrlMappingMatchInfo(parts, None)  # type: ignore[arg-type]
    return request


def status_of(call: object) -> int:
    """Return the HTTP status a reader answered with."""
    assert isinstance(call, web.HTTPException)
    return call.status


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2000-01-01", dt.date(2000, 1, 1)), ("2100-12-31", dt.date(2100, 12, 31)), ("", None)],
)
def test_date_within_the_range(raw: str, expected: dt.date | None) -> None:
    """Dates from 2000 to 2100 are read; an empty optional field is None."""
    assert forms.date({"tanggal": raw}, "tanggal", required=False) == expected


@pytest.mark.parametrize("raw", ["9999-12-31", "1999-12-31", "2101-01-01", "0001-01-01", "x"])
def test_date_outside_the_range_is_400(raw: str) -> None:
    """Years outside 2000-2100, and what is no date, answer 400 in Indonesian."""
    with pytest.raises(web.HTTPBadRequest) as refused:
        forms.date({"tanggal": raw}, "tanggal")
    assert "Tanggal" in (refused.value.text or "")


@pytest.mark.parametrize("raw", ["9999-12", "0000-12", "2026-13", "2026-1", "2026-12-01"])
def test_month_outside_the_range_is_400(raw: str) -> None:
    """Months of years outside 2000-2100, or malformed, answer 400."""
    with pytest.raises(web.HTTPBadRequest):
        forms.month(raw, (2026, 12))


def test_month_read_or_defaulted() -> None:
    """A month is read from YYYY-MM; nothing given is the default."""
    assert forms.month("2026-02", (2000, 1)) == (2026, 2)
    assert forms.month(" ", (2026, 12)) == (2026, 12)


@pytest.mark.parametrize("raw", ["A\x00B", "A\x1bB", "A\x7fB", "A\x85B"])
def test_text_with_control_characters_is_400(raw: str) -> None:
    """Control characters are refused in text fields (PostgreSQL cannot even hold a NUL)."""
    with pytest.raises(web.HTTPBadRequest) as refused:
        forms.text({"name": raw}, "name")
    assert refused.value.text == 'Isian "nama" berisi karakter kendali yang tidak boleh dipakai.'


def test_text_keeps_line_breaks_and_passwords_unstripped() -> None:
    """Tabs and line breaks are ordinary text; a password keeps its spaces."""
    assert forms.text({"reason": " a\r\nb\t"}, "reason") == "a\r\nb"
    assert forms.text({"password": " rahasia "}, "password", strip=False) == " rahasia "


def test_messages_name_fields_in_indonesian() -> None:
    """A message names the field as the page does, not by its English form name."""
    with pytest.raises(web.HTTPBadRequest) as missing:
        forms.text({}, "village")
    with pytest.raises(web.HTTPBadRequest) as labelled:
        forms.time({"mon_end": "25:00"}, "mon_end", label="jam pulang Senin")
    with pytest.raises(web.HTTPBadRequest) as other:
        forms.integer({"grace_minutes": "x"}, "grace_minutes")

    assert missing.value.text == 'Isian "desa" wajib diisi.'
    assert "25:00" in (labelled.value.text or "")
    assert other.value.text == "Isian \"toleransi terlambat\" harus berupa angka, bukan 'x'."


def test_search_drops_control_characters_and_cuts() -> None:
    """A search box is lenient: controls dropped, trimmed, cut to its length."""
    assert forms.search(MultiDict(cari=" Bu\x00di "), "cari") == "Budi"
    assert forms.search(MultiDict(cari="x" * 500), "cari", max_length=100) == "x" * 100
    assert forms.search(MultiDict(), "cari") == ""


def test_integer_default_and_bounds() -> None:
    """An empty optional number is its default; one out of bounds is 400."""
    assert forms.integer(MultiDict(), "hal", minimum=1, default=1) == 1
    with pytest.raises(web.HTTPBadRequest):
        forms.integer(MultiDict(hal=HUGE[:12]), "hal", minimum=1, maximum=100_000, default=1)


@pytest.mark.parametrize(
    "raw", ["33.17.12.2012XXXX", "../../etc/passwd", "33.17.12.201", "３３.17.12.2012", "1" * 20]
)
def test_village_code_shape_is_checked(raw: str) -> None:
    """Only codes shaped like 33.17.12.2012 pass: 400 from forms, 404 from the path."""
    with pytest.raises(web.HTTPBadRequest):
        forms.village_code({"desa": raw}, "desa")
    with pytest.raises(web.HTTPNotFound):
        forms.path_village_code(with_path(code=raw))
    assert forms.village_code({"desa": KRAGAN}, "desa") == KRAGAN
    assert forms.village_code({"desa": ""}, "desa", required=False) == ""


@pytest.mark.parametrize("raw", ["A" * 65, "A B", "A/B", "", "\x00"])
def test_serial_follows_the_terminal_rule(raw: str) -> None:
    """Serials are 1-64 letters, digits, '.', '_' or '-', as the terminals require."""
    with pytest.raises(web.HTTPNotFound):
        forms.path_serial(with_path(serial=raw))
    with pytest.raises(web.HTTPBadRequest):
        forms.serial({"serial": raw})
    assert forms.path_serial(with_path(serial="ZK-01.a_b")) == "ZK-01.a_b"


@pytest.mark.parametrize("raw", [HUGE, "0", str(2**31), "-1", "١٢", ""])
def test_path_id_outside_the_database_integer_is_404(raw: str) -> None:
    """Ids run from 1 to 2^31-1; anything else cannot name a row and is 404 without a query."""
    with pytest.raises(web.HTTPNotFound) as refused:
        forms.path_id(with_path(person_id=raw), "person_id", "Orang")
    assert (refused.value.text or "").startswith("Orang nomor ")
    assert forms.path_id(with_path(person_id=str(2**31 - 1)), "person_id", "Orang") == 2**31 - 1


BAD_GETS = [
    ("/admin/?tanggal=9999-12-31", 400),
    ("/admin/?tanggal=1999-12-31", 400),
    (f"/admin/desa/{KRAGAN}XXXX", 404),
    (f"/admin/desa/{KRAGAN}?tanggal=9999-12-31", 400),
    ("/admin/orang?desa=" + "1" * 20, 400),
    ("/admin/orang?cari=%00", 200),
    ("/admin/laporan?tanggal=2026-12-04&desa=" + "1" * 20, 400),
    ("/admin/laporan?bulan=0000-12", 400),
    ("/admin/laporan/harian.csv?desa=../../etc/passwd", 400),
    ("/admin/laporan/harian.csv?tanggal=9999-12-31", 400),
    ("/admin/laporan/harian.xlsx?tanggal=9999-12-31", 400),
    ("/admin/laporan/bulanan.xlsx?bulan=9999-12", 400),
    (f"/admin/orang/{HUGE}", 404),
    (f"/admin/orang/{HUGE}/wajah", 404),
    ("/admin/mesin/" + "A" * 100, 404),
    ("/admin/mesin/%00", 404),
    (f"/admin/pemeriksaan/{HUGE}/foto", 404),
    (f"/admin/izin/{HUGE}/surat", 404),
    (f"/admin/teguran/{HUGE}/surat", 404),
    (f"/admin/audit?hal={HUGE}", 400),
    ("/admin/audit?pelaku=%00&aksi=%00", 200),
]


async def test_bad_values_in_paths_and_queries_never_answer_500(
    client: Client, accounts: Accounts, caplog: pytest.LogCaptureFixture
) -> None:
    """The tester's list, on both backends: 400 or 404 with an Indonesian page, nothing logged."""
    await login(client, accounts.camat)

    for path, status in BAD_GETS:
        response = await client.get(path)
        html = await response.text()
        assert response.status == status, (path, html[-400:])
        if status != 200:
            message = error_message(html)
            assert not ENGLISH.search(message), (path, message)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_bad_values_in_forms_never_answer_500(
    client: Client,
    accounts: Accounts,
    villagers: dict[str, Person],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Posted controls, far dates, huge ids and malformed codes: 400 or 404, in Indonesian."""
    page = await login(client, accounts.camat)
    token = csrf_of(await page.text())
    person = f"/admin/orang/{villagers['kades'].id}"
    posts = [
        ("/admin/orang", {"name": "A\x00B", "role": "staf", "village": KRAGAN}, 400),
        ("/admin/orang", {"name": "Rina", "role": "staf", "village": "\x00"}, 400),
        ("/admin/orang", {"name": "Rina", "role": "staf", "village": "../x"}, 400),
        (f"{person}/ubah", {"name": "Budi\x1b", "role": "kades"}, 400),
        (f"{person}/pin", {"serial": "A" * 60 + "\x00", "pin": "1"}, 400),
        (f"{person}/wajah/hapus", {"reason": "\x00"}, 400),
        (f"/admin/orang/{HUGE}/ubah", {"name": "X", "role": "staf"}, 404),
        ("/admin/aturan/libur", {"date": "9999-12-31", "kind": "day_off", "name": "x"}, 400),
        (f"/admin/aturan/libur/{HUGE}/hapus", {}, 404),
        (f"/admin/pengguna/{HUGE}/aktif", {}, 404),
        (f"/admin/izin/{HUGE}/putuskan", {"decision": "setujui"}, 404),
        (f"/admin/pemeriksaan/{HUGE}", {"decision": "terima"}, 404),
        (
            "/admin/izin/gangguan",
            {"date": "9999-12-31", "start": "07:00", "end": "08:00", "reason": "x"},
            400,
        ),
        ("/admin/mesin/" + "A" * 100 + "/blokir", {"reason": "x"}, 404),
        (
            "/admin/peta/kantor",
            {"village": "1" * 20, "lat": "1", "lng": "1", "radius_m": "1"},
            400,
        ),
        ("/admin/pengguna", {"username": "u\x00", "password": "p" * 12, "role": "viewer"}, 400),
    ]

    for path, data, status in posts:
        response = await client.post(path, data={**data, "csrf_token": token})
        html = await response.text()
        assert response.status == status, (path, html[-400:])
        message = error_message(html)
        assert not ENGLISH.search(message), (path, message)
    assert not await Person.exists(name="Rina")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_login_with_control_characters_is_400(client: Client, accounts: Accounts) -> None:
    """A NUL in the username cannot reach the database (PostgreSQL refuses it): 400."""
    token = csrf_of(await (await client.get("/admin/masuk")).text())

    response = await client.post(
        "/admin/masuk", data={"username": "camat\x00", "password": "x", "csrf_token": token}
    )

    assert response.status == 400
    assert "nama pengguna" in error_message(await response.text())
