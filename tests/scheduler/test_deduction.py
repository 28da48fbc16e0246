"""Deductions from the configured bands, the monthly workbook and the warning letter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from attendance.enums import DayStatus, WarningLevel
from config.district import Letterhead
from config.settings import Settings
from scheduler.deduction import DayRecord, band, day_charges, month_deduction
from scheduler.letter import LetterFacts, render_letter, write_letter
from scheduler.monthly_report import PersonMonth, write_workbook
from tests.scheduler.conftest import pdf_text


def test_band_edges_follow_the_table(settings: Settings) -> None:
    """30 minutes late is TL1, 31 is TL2, 91 and more is TL4."""
    bands = settings.district.deductions.late_bands

    found = [band(minutes, bands) for minutes in (0, 30, 31, 90, 91, 400)]

    assert [item.code if item else None for item in found] == [
        None,
        "TL1",
        "TL2",
        "TL3",
        "TL4",
        "TL4",
    ]


def test_day_charges_per_status(settings: Settings) -> None:
    """Late and early both count; a missing check-out adds TAP; absence is TK; excused is free."""
    deductions = settings.district.deductions

    def codes(record: DayRecord) -> list[str]:
        return [charge.code for charge in day_charges(record, deductions)]

    assert codes(DayRecord(DayStatus.LATE, 45, 20)) == ["TL2", "PSW1"]
    assert codes(DayRecord(DayStatus.MISSING_CHECK_OUT, 5)) == ["TL1", "TAP"]
    assert codes(DayRecord(DayStatus.MISSING_CHECK_IN)) == ["TAM"]
    assert codes(DayRecord(DayStatus.ABSENT)) == ["TK"]
    assert codes(DayRecord(DayStatus.EXCUSED)) == []
    assert codes(DayRecord(DayStatus.ON_TIME)) == []


def test_month_deduction_sums_and_caps(settings: Settings) -> None:
    """Percentages add up per day, holidays are not working days, and the total stops at 100."""
    deductions = settings.district.deductions
    days = [DayRecord(DayStatus.ABSENT)] * 40 + [DayRecord(DayStatus.HOLIDAY)] * 2

    month = month_deduction(days, deductions)
    small = month_deduction(
        [DayRecord(DayStatus.LATE, 10), DayRecord(DayStatus.ABSENT)], deductions
    )

    assert (month.percent, month.working_days, month.counts["TK"]) == (100.0, 40, 40)
    assert small.percent == 3.5


def test_workbook_has_summary_detail_and_rules(settings: Settings, tmp_path: Path) -> None:
    """The XLSX lists each person with counts per code, each charged day, and the bands."""
    deductions = settings.district.deductions
    line = PersonMonth(
        7,
        "Siti",
        "Kepala Urusan",
        "Kragan",
        month_deduction([DayRecord(DayStatus.LATE, 40)], deductions),
        ((dt.date(2026, 11, 2), "late", 40, 0, "TL2", 1.0),),
    )
    path = tmp_path / "r.xlsx"

    write_workbook([line], path, deductions, "Rekap November 2026")

    book = load_workbook(path)
    assert book.sheetnames == ["Rekap", "Rincian", "Aturan"]
    row = [cell.value for cell in book["Rekap"][4]]
    assert row[:4] == [1, "Kragan", "Siti", "Kepala Urusan"] and row[-1] == 1.0
    assert [cell.value for cell in book["Rincian"][2]][-2:] == ["TL2", 1.0]


def test_letter_is_a_pdf_with_the_letterhead(settings: Settings, tmp_path: Path) -> None:
    """The SP-1 letter is a PDF under letters/ with the configured letterhead and the facts."""
    facts = LetterFacts(
        3,
        WarningLevel.WRITTEN_1,
        "Ṡiti Ņur",
        "Kepala Urusan",
        "Kragan",
        "tidak hadir tanpa keterangan 3 hari kerja berturut-turut",
        (dt.date(2026, 12, 7), dt.date(2026, 12, 8), dt.date(2026, 12, 9)),
        dt.date(2026, 12, 16),
    )

    relative = write_letter(tmp_path, facts, settings.district.letterhead)
    again = render_letter(facts, settings.district.letterhead)

    assert relative == "letters/2026/3-written_1.pdf"
    assert (tmp_path / relative).read_bytes() == again
    assert again.startswith(b"%PDF")
    text = pdf_text(again)
    for shown in (
        "PEMERINTAH KABUPATEN REMBANG",
        "KECAMATAN KRAGAN",
        "Tegalmulyo, Kragan, Rembang, Jawa Tengah",
        "SURAT TEGURAN TERTULIS (SP-1)",
        "Nomor: 800/SP1/3/2026",
        ": Siti Nur",
        ": Kepala Urusan",
        "7 Desember 2026",
        "Kragan, 16 Desember 2026",
        "Camat Kragan",
    ):
        assert shown in text, shown


def test_letter_letterhead_comes_from_the_configuration(settings: Settings) -> None:
    """Another kecamatan's letterhead and signatory appear instead of Kragan's."""
    letterhead = Letterhead(
        regency="PEMERINTAH KABUPATEN PATI",
        district="KECAMATAN JUWANA",
        address="Jl. Diponegoro 1, Juwana",
        head_title="Camat Juwana",
        head_name="Drs. Contoh Nama",
    )
    facts = LetterFacts(
        9,
        WarningLevel.SUSPENSION_PROPOSAL,
        "Budi",
        "Kepala Desa",
        "Bakaran",
        "tidak hadir tanpa keterangan 10 hari kerja berturut-turut",
        (),
        dt.date(2027, 1, 6),
    )

    text = pdf_text(render_letter(facts, letterhead))

    assert "KECAMATAN JUWANA" in text and "Drs. Contoh Nama" in text
    assert "USULAN PEMBERHENTIAN SEMENTARA" in text and "Juwana, 6 Januari 2027" in text
    assert "REMBANG" not in text and "Kragan" not in text
