"""The admin's pages over HTTP: people, imports, codes, faces, terminals, rules, leave, warnings,
reports and the audit log, each change checked in the database and in the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import openpyxl
import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer

from admin_web.keys import FACES_KEY
from attendance.enums import (
    DeviceStatus,
    EventKind,
    EventSource,
    LeaveStatus,
    LeaveType,
    WarningLevel,
    ZoneKind,
)
from attendance.leave import LeaveRequest, submit_leave
from attendance.ledger import Ledger, NewEvent
from attendance.models import (
    AttendanceEvent,
    AuditEntry,
    Device,
    DeviceCommand,
    FaceTemplate,
    HolidayOverride,
    Leave,
    Person,
    RegistrationCode,
    Warning,
    WorkRuleVersion,
    Zone,
)
from attendance.vault import Vault
from config.settings import Settings
from recognition.service import FaceService
from recognition.verifier import FaceVerifier
from scheduler.letter import LetterFacts, write_letter
from service.web import create_web_app
from tests.admin_web.conftest import (
    KRAGAN,
    SARANG,
    Accounts,
    Client,
    csrf_of,
    login,
    post_form,
)
from tests.recognition.photos import encode
from tests.terminals.simulators import AdmsTerminal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def actions_by(actor: str) -> list[str]:
    """Return the audit actions written by `actor`, oldest first."""
    actions = await AuditEntry.filter(actor=actor).order_by("id").values_list("action", flat=True)
    return [str(action) for action in actions]


def upload(field: str, files: list[tuple[str, bytes, str]], token: str) -> FormData:
    """Return a multipart form with `files` under `field` and the CSRF token."""
    form = FormData()
    form.add_field("csrf_token", token)
    for name, data, content_type in files:
        form.add_field(field, data, filename=name, content_type=content_type)
    return form


async def test_person_created_edited_deactivated_and_audited(
    client: Client, accounts: Accounts
) -> None:
    """An operator adds a person, renames them and deactivates them; each step is audited."""
    await login(client, accounts.operator)

    created = await post_form(
        client,
        "/admin/orang",
        {"name": "Rina Wulandari", "role": "kaur", "village": KRAGAN},
        "/admin/orang",
    )
    person = await Person.get(name="Rina Wulandari")
    assert created.status == 200
    assert "Rina Wulandari ditambahkan ke Kragan" in await created.text()

    page = f"/admin/orang/{person.id}"
    await post_form(
        client, f"{page}/ubah", {"name": "Rina Wulandari, S.E.", "role": "sekdes"}, page
    )
    await post_form(client, f"{page}/nonaktif", {"reason": "Pindah tugas"}, page)

    await person.refresh_from_db()
    assert (person.name, person.role.value, person.active) == (
        "Rina Wulandari, S.E.",
        "sekdes",
        False,
    )
    changes = [a for a in await actions_by("web:operator") if a != "person.sync_devices"]
    assert changes == [
        "admin.login",
        "person.create",
        "person.update",
        "person.deactivate",
    ]
    listed = await (await client.get("/admin/orang")).text()
    assert "Rina Wulandari" not in listed
    assert "Rina Wulandari" in await (await client.get("/admin/orang?semua=1")).text()


async def test_person_rename_goes_through_the_domain_rules(
    client: Client, accounts: Accounts, villagers: dict[str, Person]
) -> None:
    """A hidden format character, or a second active Kades, is refused with the domain's hint."""
    sekdes = villagers["sekdes"]
    page = f"/admin/orang/{sekdes.id}"
    await login(client, accounts.operator)

    hidden = await post_form(
        client, f"{page}/ubah", {"name": "Siti\u200bAminah", "role": "sekdes"}, page
    )
    second_kades = await post_form(
        client, f"{page}/ubah", {"name": "Siti Aminah", "role": "kades"}, page
    )

    assert hidden.status == 400
    assert "Nama berisi karakter yang tidak boleh dipakai." in await hidden.text()
    assert second_kades.status == 400
    assert "sudah punya Kepala Desa aktif" in await second_kades.text()
    await sekdes.refresh_from_db()
    assert (sekdes.name, sekdes.role.value) == ("Siti Aminah", "sekdes")


async def test_people_imported_from_csv_and_xlsx(client: Client, accounts: Accounts) -> None:
    """A semicolon CSV with position words and an XLSX with codes both import every row."""
    await login(client, accounts.camat)
    page = await (await client.get("/admin/orang")).text()
    table = "nama;jabatan;desa\nAgus Salim;Kepala Dusun;Kragan\nDewi Lestari;staf;33.17.12.2001\n"

    from_csv = await client.post(
        "/admin/orang/impor",
        data=upload("file", [("orang.csv", table.encode(), "text/csv")], csrf_of(page)),
    )
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nama", "Jabatan", "Desa"])
    sheet.append(["Hendra Gunawan", "kasi", KRAGAN])
    buffer = io.BytesIO()
    book.save(buffer)
    from_xlsx = await client.post(
        "/admin/orang/impor",
        data=upload("file", [("orang.xlsx", buffer.getvalue(), XLSX)], csrf_of(page)),
    )

    assert "2 orang diimpor dari orang.csv" in await from_csv.text()
    assert "1 orang diimpor dari orang.xlsx" in await from_xlsx.text()
    people = await Person.all().order_by("name").prefetch_related("village")
    assert [(p.name, p.role.value, p.village.code) for p in people] == [
        ("Agus Salim", "kadus", KRAGAN),
        ("Dewi Lestari", "staf", SARANG),
        ("Hendra Gunawan", "kasi", KRAGAN),
    ]
    assert (await actions_by("web:camat")).count("person.import") == 2


async def test_import_with_a_bad_row_creates_no_one(client: Client, accounts: Accounts) -> None:
    """One unknown village or position stops the whole import; the page names each problem."""
    await login(client, accounts.camat)
    page = await (await client.get("/admin/orang")).text()
    table = "nama,jabatan,desa\nAgus Salim,kadus,Kragan\nX,juru masak,Atlantis\n"

    response = await client.post(
        "/admin/orang/impor",
        data=upload("file", [("orang.csv", table.encode(), "text/csv")], csrf_of(page)),
    )

    text = await response.text()
    assert response.status == 400
    assert "Atlantis" in text and "juru masak" in text
    assert await Person.all().count() == 0


async def test_import_refuses_a_file_that_is_no_table(client: Client, accounts: Accounts) -> None:
    """A binary file named .csv, and a broken .xlsx, are refused by their content."""
    await login(client, accounts.camat)
    page = await (await client.get("/admin/orang")).text()
    png = encode(np.zeros((8, 8, 3), dtype=np.uint8), "PNG")

    fake_csv = await client.post(
        "/admin/orang/impor",
        data=upload("file", [("orang.csv", png, "text/csv")], csrf_of(page)),
    )
    broken = await client.post(
        "/admin/orang/impor",
        data=upload("file", [("orang.xlsx", b"PK\x03\x04broken", XLSX)], csrf_of(page)),
    )

    assert fake_csv.status == 400 and "bukan CSV" in await fake_csv.text()
    assert broken.status == 400 and "bukan buku kerja XLSX" in await broken.text()
    assert await Person.all().count() == 0


async def test_import_problems_are_indonesian_sentences(
    client: Client, accounts: Accounts
) -> None:
    """A field over the csv module's limit and a name with a control character are named as
    problems in Indonesian; the csv module's English error is not shown."""
    await login(client, accounts.camat)
    page = await (await client.get("/admin/orang")).text()
    huge = "nama,jabatan,desa\n" + "x" * 200_000 + ",staf,Kragan\n"
    control = "nama,jabatan,desa\nAgus\x1bSalim,staf,Kragan\n"

    too_big = await client.post(
        "/admin/orang/impor",
        data=upload("file", [("besar.csv", huge.encode(), "text/csv")], csrf_of(page)),
    )
    odd = await client.post(
        "/admin/orang/impor",
        data=upload("file", [("aneh.csv", control.encode(), "text/csv")], csrf_of(page)),
    )

    too_big_text = await too_big.text()
    assert too_big.status == 400
    assert "bukan CSV yang dapat dibaca." in too_big_text
    assert "field larger" not in too_big_text
    assert odd.status == 400
    assert "Baris 2: Nama berisi karakter yang tidak boleh dipakai." in await odd.text()
    assert await Person.all().count() == 0


async def test_registration_code_shown_once_and_stored_hashed(
    client: Client, accounts: Accounts, villagers: dict[str, Person]
) -> None:
    """The code is shown in the page after issuing; only its hash is stored."""
    person = villagers["sekdes"]
    await login(client, accounts.operator)
    page = f"/admin/orang/{person.id}"

    response = await post_form(client, f"{page}/kode", {}, page)

    text = await response.text()
    assert "Kode pendaftaran untuk Siti Aminah" in text
    code = text.split("Siti Aminah: ")[1].split(" ")[0]
    stored = await RegistrationCode.get(person_id=person.id)
    assert code not in stored.code_hash
    assert code not in await (await client.get(page)).text()
    assert "registration.issue" in await actions_by("web:operator")


@pytest.fixture
async def face_client(
    ledger: Ledger, web_settings: Settings, vault: Vault, face_verifier: FaceVerifier
) -> AsyncIterator[Client]:
    """A client of the service application with the face engine loaded."""
    faces = FaceService(face_verifier, max_workers=1)
    app = create_web_app(web_settings, ledger, vault)
    app[FACES_KEY] = faces
    async with TestClient(TestServer(app)) as test_client:
        yield test_client
    await faces.aclose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_enrollment_upload_shows_each_verdict_then_enrolls(
    face_client: Client,
    accounts: Accounts,
    villagers: dict[str, Person],
    enrollment_photos: list[bytes],
) -> None:
    """A blank photo and a text file are each marked; three good photos enroll the person."""
    person = villagers["kades"]
    await login(face_client, accounts.operator)
    page_path = f"/admin/orang/{person.id}/wajah"
    page = await (await face_client.get(page_path)).text()
    blank = encode(np.full((480, 640, 3), 128, dtype=np.uint8), "JPEG")

    refused = await face_client.post(
        page_path,
        data=upload(
            "photos",
            [
                ("baik.jpg", enrollment_photos[0], "image/jpeg"),
                ("kosong.jpg", blank, "image/jpeg"),
                ("catatan.jpg", b"bukan foto sama sekali", "image/jpeg"),
            ],
            csrf_of(page),
        ),
    )
    verdicts = await refused.text()
    assert refused.status == 400
    assert "Baik: satu wajah" in verdicts
    assert "Wajah tidak terdeteksi" in verdicts.split("kosong.jpg")[1].split("catatan.jpg")[0]
    assert "bukan foto JPEG, PNG atau WebP" in verdicts
    assert await FaceTemplate.filter(person_id=person.id).count() == 0

    files = [(f"wajah-{n}.jpg", data, "image/jpeg") for n, data in enumerate(enrollment_photos)]
    enrolled = await face_client.post(page_path, data=upload("photos", files, csrf_of(page)))

    assert enrolled.status == 200
    assert "terdaftar dengan 3 foto" in await enrolled.text()
    assert await FaceTemplate.filter(person_id=person.id).count() == 3
    assert "face.enroll" in await actions_by("web:operator")


async def test_enrollment_upload_over_the_size_limit_is_refused(
    ledger: Ledger,
    web_settings: Settings,
    vault: Vault,
    accounts: Accounts,
    villagers: dict[str, Person],
    face_verifier: FaceVerifier,
) -> None:
    """A photo over ``max_photo_bytes`` is answered 413 before the engine sees it."""
    small = web_settings.model_copy(
        update={
            "admin_web": web_settings.admin_web.model_copy(update={"max_photo_bytes": 100_000})
        }
    )
    app = create_web_app(small, ledger, vault)
    faces = FaceService(face_verifier, max_workers=1)
    app[FACES_KEY] = faces
    async with TestClient(TestServer(app)) as client:
        await login(client, accounts.camat)
        path = f"/admin/orang/{villagers['kades'].id}/wajah"
        page = await (await client.get(path)).text()
        big = [(f"{n}.jpg", b"\xff\xd8" + b"0" * 150_000, "image/jpeg") for n in range(3)]
        response = await client.post(path, data=upload("photos", big, csrf_of(page)))
        text = await response.text()
    await faces.aclose()

    assert response.status == 413
    assert "lebih besar dari 97 KB" in text


async def test_unknown_terminal_approved_pin_mapped_and_command_queued(
    client: Client, accounts: Accounts, villagers: dict[str, Person]
) -> None:
    """A terminal nobody registered shows as pending; approving it counts its held punch."""
    terminal = AdmsTerminal(client, "NEWX0042")
    await terminal.handshake()
    await terminal.push_attlog([("1001", "2026-12-07 07:31:05")])
    await login(client, accounts.operator)

    listing = await (await client.get("/admin/mesin")).text()
    assert "NEWX0042" in listing
    page = "/admin/mesin/NEWX0042"
    assert (await client.get(page)).status == 200

    approved = await post_form(client, f"{page}/setujui", {"village": KRAGAN}, page)
    assert "1 kiriman tertunda diproses" in await approved.text()
    device = await Device.get(serial="NEWX0042")
    assert device.status is DeviceStatus.APPROVED

    await post_form(
        client, f"{page}/pin", {"pin": "1001", "person_id": villagers["kades"].id}, page
    )
    event = await AttendanceEvent.get(device_id=device.id)
    assert event.person_id == villagers["kades"].id

    queued = await post_form(client, f"{page}/perintah", {"command": "INFO"}, page)
    queued_page = await queued.text()
    assert "diantrekan" in queued_page
    assert "Menunggu dikirim" in queued_page and ">queued<" not in queued_page
    assert await DeviceCommand.filter(device_id=device.id, command__contains="INFO").exists()
    actions = await actions_by("web:operator")
    assert {"device.approve", "device.map_pin", "device.command.queue"} <= set(actions), actions


async def test_work_rule_version_by_camat_only(client: Client, accounts: Accounts) -> None:
    """An operator may read the rules but not add a version; the camat adds one for tomorrow."""
    before = await WorkRuleVersion.all().count()
    days = {f"{day}_start": "07:30" for day in ("mon", "tue", "wed", "thu", "fri")}
    days |= {f"{day}_end": "15:30" for day in ("mon", "tue", "wed", "thu", "fri")}
    form = {
        "name": "Jam kerja 2027",
        "effective_from": "2026-12-08",
        "grace_minutes": "10",
        "reason": "Perbup baru",
        **days,
    }

    await login(client, accounts.operator)
    refused = await post_form(client, "/admin/aturan/jam-kerja", form, "/admin/aturan")
    assert refused.status == 403
    await client.post("/admin/keluar", data={"csrf_token": csrf_of(await refused.text())})

    await login(client, accounts.camat)
    added = await post_form(client, "/admin/aturan/jam-kerja", form, "/admin/aturan")
    text = await added.text()
    assert "berlaku mulai 2026-12-08" in text
    assert await WorkRuleVersion.all().count() == before + 1
    assert "Jam kerja 2027" in text and "web:camat" in text

    holiday = await post_form(
        client,
        "/admin/aturan/libur",
        {"date": "2026-12-24", "kind": "day_off", "name": "Sedekah bumi", "village": KRAGAN},
        "/admin/aturan",
    )
    assert "Sedekah bumi pada 2026-12-24 disimpan" in await holiday.text()
    assert await HolidayOverride.filter(name="Sedekah bumi").exists()
    assert {"work_rule.add", "holiday.add"} <= set(await actions_by("web:camat"))


async def test_work_rule_form_problems_are_told_in_indonesian(
    client: Client, accounts: Accounts
) -> None:
    """Hours in the wrong order, or no working day at all: 400 saying so, nothing stored."""
    before = await WorkRuleVersion.all().count()
    base = {"name": "Salah", "effective_from": "2026-12-08", "grace_minutes": "0", "reason": "x"}
    await login(client, accounts.camat)

    reversed_hours = await post_form(
        client,
        "/admin/aturan/jam-kerja",
        {**base, "mon_start": "15:30", "mon_end": "07:30"},
        "/admin/aturan",
    )
    no_day = await post_form(client, "/admin/aturan/jam-kerja", base, "/admin/aturan")
    bad_time = await post_form(
        client,
        "/admin/aturan/jam-kerja",
        {**base, "tue_start": "07:30", "tue_end": "25:00"},
        "/admin/aturan",
    )

    assert reversed_hours.status == 400
    assert "Hari Senin: jam pulang harus setelah jam masuk." in await reversed_hours.text()
    assert no_day.status == 400
    assert "paling sedikit satu hari kerja" in await no_day.text()
    assert bad_time.status == 400
    assert "Jam &#39;25:00&#39; tidak valid" in await bad_time.text()
    assert await WorkRuleVersion.all().count() == before


async def test_kades_may_not_approve_own_leave(
    client: Client, accounts: Accounts, villagers: dict[str, Person], ledger: Ledger
) -> None:
    """The Kades approves the sekdes but their own leave stays pending for the camat."""
    own = await submit_leave(
        ledger,
        LeaveRequest(villagers["kades"].id, LeaveType.SICK, ledger.today(), ledger.today(), "X"),
        "test",
    )
    await login(client, accounts.kades)

    response = await post_form(
        client, f"/admin/izin/{own.id}/putuskan", {"decision": "setujui"}, "/admin/izin"
    )

    assert "Keputusan tidak disimpan" in await response.text()
    await own.refresh_from_db()
    assert own.status is LeaveStatus.PENDING


async def test_unknown_leave_decision_decides_nothing(
    client: Client, accounts: Accounts, villagers: dict[str, Person], ledger: Ledger
) -> None:
    """Only setujui or tolak decide; any other value is 400 and the leave stays pending."""
    leave = await submit_leave(
        ledger,
        LeaveRequest(villagers["sekdes"].id, LeaveType.SICK, ledger.today(), ledger.today(), "X"),
        "test",
    )
    await login(client, accounts.camat)

    response = await post_form(
        client, f"/admin/izin/{leave.id}/putuskan", {"decision": "mungkin"}, "/admin/izin"
    )

    assert response.status == 400
    assert "pilih setujui atau tolak" in await response.text()
    await leave.refresh_from_db()
    assert leave.status is LeaveStatus.PENDING


async def test_outage_excused_for_a_village(
    client: Client, accounts: Accounts, villagers: dict[str, Person]
) -> None:
    """An operator records a power cut; it becomes an approved excuse for the village."""
    await login(client, accounts.operator)

    response = await post_form(
        client,
        "/admin/izin/gangguan",
        {
            "date": "2026-12-07",
            "start": "07:00",
            "end": "09:00",
            "village": KRAGAN,
            "reason": "Listrik padam",
        },
        "/admin/izin",
    )

    assert "dicatat sebagai izin" in await response.text()
    assert await Leave.filter(status=LeaveStatus.APPROVED, reason="Listrik padam").exists()
    assert "leave.outage" in await actions_by("web:operator")


async def test_warning_letter_downloads_as_pdf_for_its_village_only(
    client: Client,
    accounts: Accounts,
    villagers: dict[str, Person],
    web_settings: Settings,
    ledger: Ledger,
) -> None:
    """A letter the scheduler wrote downloads as PDF; the other village's Kades gets 403."""
    data_dir = web_settings.data_dir
    warnings = []
    for key in ("kades", "sarang"):
        person = villagers[key]
        warning = await Warning.create(
            person=person, level=WarningLevel.WRITTEN_1, facts_key=f"test:{key}"
        )
        facts = LetterFacts(
            warning.id,
            WarningLevel.WRITTEN_1,
            person.name,
            "Kepala Desa",
            "Kragan",
            "tidak masuk 3 hari",
            (dt.date(2026, 12, 1),),
            dt.date(2026, 12, 7),
        )
        warning.letter_path = write_letter(data_dir, facts, ledger.district.letterhead)
        await warning.save()
        warnings.append(warning)
    await login(client, accounts.kades)

    listing = await (await client.get("/admin/teguran")).text()
    own = await client.get(f"/admin/teguran/{warnings[0].id}/surat")
    other = await client.get(f"/admin/teguran/{warnings[1].id}/surat")

    assert "Budi Santoso" in listing and "Joko Susilo" not in listing
    assert own.status == 200
    assert own.headers["Content-Type"] == "application/pdf"
    assert (await own.read()).startswith(b"%PDF")
    assert other.status == 403


async def test_warning_letter_outside_the_data_folder_is_not_sent(
    client: Client, accounts: Accounts, villagers: dict[str, Person], tmp_path: Path
) -> None:
    """A letter path pointing out of the data folder answers 404."""
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 not yours")
    warning = await Warning.create(
        person=villagers["kades"],
        level=WarningLevel.ORAL,
        facts_key="test:escape",
        letter_path="../secret.pdf",
    )
    await login(client, accounts.camat)

    response = await client.get(f"/admin/teguran/{warning.id}/surat")

    assert response.status == 404


async def test_reports_day_csv_month_csv_and_chart(
    client: Client, accounts: Accounts, villagers: dict[str, Person], ledger: Ledger
) -> None:
    """The day CSV lists each person with status; the month CSV and the chart load."""
    late = dt.datetime.combine(ledger.today(), dt.time(7, 45), tzinfo=ZoneInfo("Asia/Jakarta"))
    await ledger.record(
        NewEvent("test:late", EventSource.ADMIN, EventKind.CHECK_IN, late, villagers["kades"].id)
    )
    await login(client, accounts.viewer)

    day = await client.get("/admin/laporan/harian.csv?tanggal=2026-12-07")
    rows = list(csv.reader(io.StringIO((await day.read()).decode("utf-8-sig"))))
    month = await client.get("/admin/laporan/bulanan.csv?bulan=2026-12")
    page = await (await client.get("/admin/laporan?bulan=2026-12")).text()

    assert day.headers["Content-Disposition"] == 'attachment; filename="absensi-2026-12-07.csv"'
    budi = next(row for row in rows if "Budi Santoso" in row)
    assert any("Terlambat" in cell for cell in budi), budi
    assert {row[rows[0].index("Nama")] for row in rows[1:]} >= {"Siti Aminah", "Joko Susilo"}
    assert month.status == 200 and month.content_type == "text/csv"
    assert "<svg" in page and "Kragan" in page


async def test_day_xlsx_opens(
    client: Client, accounts: Accounts, villagers: dict[str, Person]
) -> None:
    """The day report also downloads as an XLSX workbook."""
    await login(client, accounts.camat)

    response = await client.get(f"/admin/laporan/harian.xlsx?tanggal=2026-12-07&desa={KRAGAN}")

    book = openpyxl.load_workbook(io.BytesIO(await response.read()))
    sheet = book.active
    assert sheet is not None
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Budi Santoso" in cells and "Joko Susilo" not in cells


async def test_audit_log_lists_and_filters_changes(
    client: Client, accounts: Accounts, villagers: dict[str, Person]
) -> None:
    """The audit page shows who did what; the action filter narrows it."""
    await login(client, accounts.camat)
    page = f"/admin/orang/{villagers['sekdes'].id}"
    await post_form(client, f"{page}/nonaktif", {"reason": "Pensiun"}, page)

    everything = await (await client.get("/admin/audit")).text()
    only = await (await client.get("/admin/audit?aksi=person.deactivate")).text()

    assert "person.deactivate" in everything and "admin.login" in everything
    assert "Pensiun" in only and "admin.login" not in only


async def test_camat_creates_kades_account_operator_cannot(
    client: Client, accounts: Accounts
) -> None:
    """Accounts are managed by the camat only; a new Kades account is bound to its village."""
    form = {
        "username": "kades.sarang",
        "password": "sarang-rahasia-2026",
        "role": "kades",
        "village": SARANG,
    }
    await login(client, accounts.operator)
    assert (await client.get("/admin/pengguna")).status == 403
    await client.post(
        "/admin/keluar", data={"csrf_token": csrf_of(await (await client.get("/admin/")).text())}
    )

    await login(client, accounts.camat)
    created = await post_form(client, "/admin/pengguna", form, "/admin/pengguna")

    assert "kades.sarang" in await created.text()
    assert "admin.create" in await actions_by("web:camat")
    assert "sarang-rahasia-2026" not in str(await AuditEntry.all().values_list("details"))


async def test_office_point_set_from_the_map_page(client: Client, accounts: Accounts) -> None:
    """An operator moves Kragan's office to a surveyed point; the zone and audit log say so."""
    await login(client, accounts.operator)

    response = await post_form(
        client,
        "/admin/peta/kantor",
        {"village": KRAGAN, "lat": "-6.70123", "lng": "111.61234", "radius_m": "60"},
        "/admin/peta",
    )

    assert "Titik kantor Kragan disimpan" in await response.text()
    zone = await Zone.get(village__code=KRAGAN, kind=ZoneKind.OFFICE, active=True)
    assert (round(zone.lat or 0, 5), round(zone.lng or 0, 5), zone.radius_m) == (
        -6.70123,
        111.61234,
        60,
    )
    assert any(a.startswith("zone.") for a in await actions_by("web:operator"))
