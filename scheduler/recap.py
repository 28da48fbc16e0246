"""Recaps for the camat group: the morning picture per village, and the end of the day.

The morning recap (at ``morning_recap_time``, district zone) counts per village who is present
(hadir), late (terlambat), not yet in (belum) and excused (izin). The end-of-day recap comes once
every working village has closed its day and ``evening_recap_time`` has passed; it counts on time,
late, early departure, "lupa absen pulang", absent and excused. Villages on a day off show
"libur". A recap longer than one Telegram message is split into numbered parts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from attendance.day import DayResult
from attendance.enums import DayStatus
from attendance.vocabulary import long_date
from scheduler.snapshot import DaySnapshot

MORNING = "recap.morning"
EVENING = "recap.evening"
PART_LIMIT = 3800
EVENING_COLUMNS = (
    "tepat",
    "terlambat",
    "pulang_cepat",
    "lupa_pulang",
    "tanpa_masuk",
    "tidak_hadir",
    "izin",
)


@dataclass(frozen=True, slots=True)
class VillageCounts:
    """The counts of one village for a recap line."""

    name: str
    working: bool
    counts: Counter[str]


def morning_counts(result: DayResult) -> str:
    """Return the morning column a day belongs to."""
    if result.status is DayStatus.EXCUSED:
        return "izin"
    if result.first_in is None:
        return "belum"
    return "terlambat" if result.late_minutes > 0 else "hadir"


def evening_counts(result: DayResult) -> str:
    """Return the end-of-day column a day belongs to."""
    return {
        DayStatus.ON_TIME: "tepat",
        DayStatus.PRESENT: "tepat",
        DayStatus.LATE: "terlambat",
        DayStatus.EARLY_DEPARTURE: "pulang_cepat",
        DayStatus.MISSING_CHECK_OUT: "lupa_pulang",
        DayStatus.MISSING_CHECK_IN: "tanpa_masuk",
        DayStatus.ABSENT: "tidak_hadir",
        DayStatus.PENDING: "tidak_hadir",
        DayStatus.EXCUSED: "izin",
    }.get(result.status, "lain")


def village_counts(snapshot: DaySnapshot, now: dt.datetime, column: str) -> list[VillageCounts]:
    """Count each village's people into the morning or evening columns at `now`."""
    pick = morning_counts if column == MORNING else evening_counts
    results = snapshot.results(now)
    counts: dict[int, Counter[str]] = {village_id: Counter() for village_id in snapshot.villages}
    for member in snapshot.members:
        counts[member.village_id][pick(results[member.person_id])] += 1
    return [
        VillageCounts(village.name, village.working, counts[village_id])
        for village_id, village in sorted(snapshot.villages.items(), key=lambda i: i[1].code)
    ]


def morning_text(district: str, date: dt.date, rows: list[VillageCounts], at: str) -> list[str]:
    """Return the morning recap, split into parts that fit a message."""
    header = (
        f"Rekap pagi Kecamatan {district}, {long_date(date)} pukul {at}\n"
        "Desa: hadir / terlambat / belum / izin"
    )
    lines = []
    total: Counter[str] = Counter()
    for row in rows:
        if not row.working:
            lines.append(f"{row.name}: libur")
            continue
        c = row.counts
        total.update(c)
        lines.append(f"{row.name}: {c['hadir']} / {c['terlambat']} / {c['belum']} / {c['izin']}")
    lines.append(
        f"Jumlah: {total['hadir']} / {total['terlambat']} / {total['belum']} / {total['izin']}"
    )
    return split_parts(header, lines)


def evening_text(district: str, date: dt.date, rows: list[VillageCounts]) -> list[str]:
    """Return the end-of-day recap, split into parts that fit a message."""
    header = (
        f"Rekap akhir hari Kecamatan {district}, {long_date(date)}\n"
        "Desa: tepat waktu / terlambat / pulang cepat / lupa absen pulang / tidak absen masuk / "
        "tidak hadir / izin"
    )
    keys = EVENING_COLUMNS
    lines = []
    total: Counter[str] = Counter()
    for row in rows:
        if not row.working:
            lines.append(f"{row.name}: libur")
            continue
        total.update(row.counts)
        lines.append(f"{row.name}: " + " / ".join(str(row.counts[key]) for key in keys))
    lines.append("Jumlah: " + " / ".join(str(total[key]) for key in keys))
    return split_parts(header, lines)


def split_parts(header: str, lines: list[str]) -> list[str]:
    """Join `lines` under `header` into messages of at most PART_LIMIT characters each."""
    parts: list[list[str]] = [[]]
    size = len(header)
    for line in lines:
        if size + len(line) + 1 > PART_LIMIT and parts[-1]:
            parts.append([])
            size = len(header) + 12
        parts[-1].append(line)
        size += len(line) + 1
    if len(parts) == 1:
        return [header + "\n" + "\n".join(parts[0])]
    return [
        f"{header} (bagian {index}/{len(parts)})\n" + "\n".join(part)
        for index, part in enumerate(parts, start=1)
    ]
