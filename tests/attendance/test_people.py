"""People: names and codes checked before any query, one Kades per village, audited changes."""

from __future__ import annotations

import pytest

from attendance.enums import Role
from attendance.errors import NotFound, RuleError
from attendance.ledger import Ledger
from attendance.models import AuditEntry, Person
from attendance.people import check_name, create_person, update_person, village_by_code

KRAGAN = "33.17.12.2012"


def test_check_name_folds_spaces_and_refuses_control_characters() -> None:
    """White space is folded; NUL, invisible characters and long names are refused."""
    assert check_name("  Siti   Aminah ") == "Siti Aminah"
    for bad, hint in (
        ("A\x00B", "karakter"),
        ("Siti\u200bAminah", "karakter"),
        ("", "kosong"),
        ("A" * 151, "terlalu panjang"),
    ):
        with pytest.raises(RuleError) as refused:
            check_name(bad)
        assert hint in refused.value.hint, bad


async def test_village_codes_of_the_wrong_shape_are_not_looked_up(ledger: Ledger) -> None:
    """A code too long for the column, or an injection attempt, is simply not a village."""
    for code in ("33.17.12.2012.2012", "'; drop table person;--", "33.17.12.201"):
        with pytest.raises(NotFound) as refused:
            await village_by_code(code)
        assert "tidak terdaftar" in refused.value.hint
    assert (await village_by_code(KRAGAN)).code == KRAGAN


async def test_create_person_refuses_a_bad_name_and_stores_nothing(ledger: Ledger) -> None:
    """A name with a NUL is refused before the database sees it."""
    with pytest.raises(RuleError):
        await create_person("A\x00B", Role.KAUR, KRAGAN, "test")

    assert await Person.all().count() == 0


async def test_update_person_checks_the_name_and_the_single_kades(ledger: Ledger) -> None:
    """A rename is checked like a new name; making a second Kades is refused; both audited once."""
    await create_person("Kades Lama", Role.KADES, KRAGAN, "test")
    kaur = await create_person("Kaur Satu", Role.KAUR, KRAGAN, "test")

    renamed = await update_person(kaur.id, "  Kaur  Dua ", Role.KAUR, "web:camat")
    with pytest.raises(RuleError, match="active kades"):
        await update_person(kaur.id, "Kaur Dua", Role.KADES, "web:camat")
    with pytest.raises(RuleError):
        await update_person(kaur.id, "Kaur\x07Dua", Role.KAUR, "web:camat")
    with pytest.raises(NotFound):
        await update_person(10**30, "Siapa", Role.KAUR, "web:camat")

    assert renamed.name == "Kaur Dua"
    assert await AuditEntry.filter(action="person.update").count() == 1
