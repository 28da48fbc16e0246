"""Warning letters: one PDF per warning step, in Bahasa Indonesia, under the kecamatan letterhead.

Letters are written with fpdf2's built-in fonts (no font files to ship), so text is reduced to
Latin-1: an accented name keeps its letters, a character outside Latin-1 becomes its closest
ASCII form. The file is stored under ``<data_dir>/letters/<year>/`` and its path, relative to
``data_dir``, is kept on the warning row and used by the outbox to send it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from attendance.enums import WarningLevel
from attendance.vocabulary import plain_date
from config.district import Letterhead
from scheduler import messages

LETTERS = "letters"

BODY = {
    WarningLevel.ORAL: (
        "Dengan ini dicatat bahwa Saudara telah diberikan teguran lisan karena {reason}. "
        "Saudara diminta memperbaiki kehadiran dan mematuhi jam kerja."
    ),
    WarningLevel.WRITTEN_1: (
        "Dengan ini Saudara diberikan teguran tertulis pertama karena {reason}. Saudara diminta "
        "memperbaiki kehadiran. Jika tidak ada perbaikan, akan diberikan teguran tertulis kedua."
    ),
    WarningLevel.WRITTEN_2: (
        "Dengan ini Saudara diberikan teguran tertulis kedua karena {reason}. Saudara diminta "
        "segera memperbaiki kehadiran. Jika tidak ada perbaikan, akan diberikan teguran "
        "tertulis ketiga."
    ),
    WarningLevel.WRITTEN_3: (
        "Dengan ini Saudara diberikan teguran tertulis ketiga (terakhir) karena {reason}. Jika "
        "tidak ada perbaikan, akan diusulkan pemberhentian sementara sesuai peraturan."
    ),
    WarningLevel.SUSPENSION_PROPOSAL: (
        "Setelah teguran lisan dan tiga kali teguran tertulis tidak diikuti perbaikan, dan "
        "karena {reason}, dengan ini diusulkan pemberhentian sementara yang bersangkutan "
        "kepada pejabat yang berwenang untuk diproses sesuai peraturan perundang-undangan."
    ),
}
NUMBER_CODES = {
    WarningLevel.ORAL: "TL",
    WarningLevel.WRITTEN_1: "SP1",
    WarningLevel.WRITTEN_2: "SP2",
    WarningLevel.WRITTEN_3: "SP3",
    WarningLevel.SUSPENSION_PROPOSAL: "UPS",
}


@dataclass(frozen=True, slots=True)
class LetterFacts:
    """What a letter says: who, which step, why, and when."""

    warning_id: int
    level: WarningLevel
    name: str
    position: str
    village: str
    reason: str
    dates: tuple[dt.date, ...]
    issued_on: dt.date


def letter_path(facts: LetterFacts) -> str:
    """Return the letter's path relative to the data folder."""
    return f"{LETTERS}/{facts.issued_on.year}/{facts.warning_id}-{facts.level.value}.pdf"


def write_letter(data_dir: Path, facts: LetterFacts, letterhead: Letterhead) -> str:
    """Write the letter PDF under `data_dir`; return its relative path."""
    relative = letter_path(facts)
    target = data_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_letter(facts, letterhead))
    return relative


def render_letter(facts: LetterFacts, letterhead: Letterhead) -> bytes:
    """Return the PDF bytes of a warning letter."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime.combine(facts.issued_on, dt.time(), tzinfo=dt.UTC))
    pdf.set_title(_latin(messages.LEVEL_TITLES[facts.level]))
    pdf.set_margins(25, 20, 25)
    pdf.add_page()

    pdf.set_font("Helvetica", "B", 13)
    for line in (letterhead.regency, letterhead.district):
        pdf.cell(0, 7, _latin(line.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    if letterhead.address:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 6, _latin(letterhead.address), align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 2
    pdf.set_line_width(0.8)
    pdf.line(25, y, 185, y)
    pdf.ln(8)

    pdf.set_font("Helvetica", "BU", 12)
    title = messages.LEVEL_TITLES[facts.level]
    pdf.cell(0, 7, _latin(title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    number = f"Nomor: 800/{NUMBER_CODES[facts.level]}/{facts.warning_id}/{facts.issued_on.year}"
    pdf.cell(0, 6, number, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    pdf.multi_cell(0, 6, "Kepada Yth.", new_x="LMARGIN", new_y="NEXT")
    for label, value in (
        ("Nama", facts.name),
        ("Jabatan", facts.position),
        ("Desa", facts.village),
    ):
        pdf.cell(30, 6, label)
        pdf.multi_cell(0, 6, _latin(f": {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    intro = (
        "Berdasarkan catatan kehadiran Sistem Informasi Si-Sregep "
        f"{_latin(letterhead.district.title())}"
    )
    if facts.dates:
        shown = ", ".join(plain_date(day) for day in facts.dates[:12])
        more = "" if len(facts.dates) <= 12 else f" dan {len(facts.dates) - 12} hari lainnya"
        intro += f" pada tanggal {shown}{more}."
    else:
        intro += "."
    pdf.multi_cell(0, 6, _latin(intro), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    body = BODY[facts.level].format(reason=facts.reason)
    pdf.multi_cell(0, 6, _latin(body), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(
        0,
        6,
        "Jika terdapat keterangan yang sah (izin, sakit, cuti atau dinas luar), Saudara dapat "
        "menyampaikannya kepada Kepala Desa atau Camat disertai bukti pendukung.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(10)

    place = letterhead.district.title().replace("Kecamatan ", "")
    signature_x = 115
    pdf.set_x(signature_x)
    pdf.multi_cell(
        0,
        6,
        _latin(f"{place}, {plain_date(facts.issued_on)}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_x(signature_x)
    pdf.multi_cell(0, 6, _latin(letterhead.head_title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(20)
    pdf.set_x(signature_x)
    pdf.set_font("Helvetica", "BU", 11)
    head = letterhead.head_name or "(.............................)"
    pdf.multi_cell(0, 6, _latin(head), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _latin(text: str) -> str:
    """Reduce `text` to what the built-in PDF fonts can show."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(
            char if ord(char) < 256 else "?"
            for char in decomposed
            if not unicodedata.combining(char)
        )
    return text
