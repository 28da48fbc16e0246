"""Importing people from a CSV or XLSX table: read, check every row, then create all or none.

The first row names the columns: ``nama``, ``jabatan`` and ``desa`` (a village code such as
33.17.12.2012, or the village's name). Positions may be written as codes (kades, sekdes, kaur,
kasi, kadus, staf) or in words (Kepala Desa, Sekretaris Desa, ...). Every row is checked before
anything is stored; one bad row stops the whole import and the page lists every problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from attendance.audit import record_audit
from attendance.enums import Role
from attendance.errors import RuleError
from attendance.models import Person, Village
from attendance.people import check_name, create_person
from attendance.vocabulary import ROLE_NAMES

COLUMNS = ("nama", "jabatan", "desa")
ROLE_WORDS = {role.value: role for role in Role}
ROLE_WORDS |= {name.lower(): role for role, name in ROLE_NAMES.items()}
ROLE_WORDS |= {"kepala desa": Role.KADES, "sekretaris desa": Role.SEKDES, "perangkat": Role.STAF}


@dataclass(frozen=True, slots=True)
class Draft:
    """One person to create, checked."""

    line: int
    name: str
    role: Role
    village_code: str


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of checking a table: the people to create, or the problems found."""

    drafts: tuple[Draft, ...]
    problems: tuple[str, ...]


def check_rows(rows: Sequence[Sequence[str]], villages: Sequence[Village]) -> Checked:
    """Check a table (header first) against the villages the importer may fill."""
    if not rows:
        return Checked((), ("Berkas kosong: baris pertama harus berisi nama, jabatan, desa.",))
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        found = ", ".join(header) or "(kosong)"
        return Checked(
            (), (f"Kolom {', '.join(missing)} tidak ada. Baris pertama berisi: {found}.",)
        )

    by_code = {village.code: village for village in villages}
    by_name = {village.name.lower(): village for village in villages}
    where = {column: header.index(column) for column in COLUMNS}
    drafts: list[Draft] = []
    problems: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        cells = {column: _cell(row, index) for column, index in where.items()}
        name, role_text, village_text = cells["nama"], cells["jabatan"], cells["desa"]
        role = ROLE_WORDS.get(role_text.lower())
        village = by_code.get(village_text) or by_name.get(village_text.lower())
        try:
            name = check_name(name)
        except RuleError as err:
            problems.append(f"Baris {line}: {err.hint}")
            name = ""
        if role is None:
            problems.append(f"Baris {line}: jabatan {role_text!r} tidak dikenal.")
        if village is None:
            problems.append(
                f"Baris {line}: desa {village_text!r} tidak dikenal atau bukan wewenang Anda."
            )
        if name and role is not None and village is not None:
            drafts.append(Draft(line, name, role, village.code))
    return Checked(tuple(drafts) if not problems else (), tuple(problems))


async def import_people(drafts: Sequence[Draft], actor: str, filename: str) -> list[Person]:
    """Create every drafted person in one transaction and audit the import."""
    async with in_transaction():
        people = [
            await create_person(draft.name, draft.role, draft.village_code, actor)
            for draft in drafts
        ]
        await record_audit(
            actor,
            "person.import",
            "person",
            "bulk",
            details={"file": filename[:100], "created": [person.id for person in people]},
        )
    return people


def _cell(row: Sequence[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""
