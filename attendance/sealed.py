"""Sealed columns: which stored values the vault encrypts, the context each is bound to, and
re-sealing them all under a new key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tortoise.models import Model

from attendance.models import Device, EvidencePhoto, FaceTemplate, Leave
from attendance.vault import Vault, new_key, read_key_file, write_key_file


def template_context(person_id: int) -> str:
    """Return the sealing context of a face template of `person_id`."""
    return f"face_template:{person_id}"


def photo_context(event_id: int | None) -> str:
    """Return the sealing context of an evidence photo kept for an event."""
    return f"evidence_photo:{event_id}"


def leave_document_context(person_id: int | None) -> str:
    """Return the sealing context of a leave's supporting document."""
    return f"leave_document:{person_id}"


def device_secret_context(serial: str) -> str:
    """Return the sealing context of a terminal's shared secret."""
    return f"device_secret:{serial}"


@dataclass(frozen=True, slots=True)
class SealedColumn:
    """A model column holding sealed bytes, and how to find its context from a row."""

    model: type[Model]
    field: str
    context: Callable[[Any], str]


SEALED_COLUMNS = (
    SealedColumn(FaceTemplate, "sealed", lambda row: template_context(row.person_id)),
    SealedColumn(EvidencePhoto, "sealed", lambda row: photo_context(row.event_id)),
    SealedColumn(Leave, "sealed_document", lambda row: leave_document_context(row.person_id)),
    SealedColumn(Device, "sealed_secret", lambda row: device_secret_context(row.serial)),
)


async def reseal_all(vault: Vault) -> int:
    """Re-seal every stored item not sealed with the active key; return how many."""
    count = 0
    for column in SEALED_COLUMNS:
        rows = await column.model.filter(**{f"{column.field}__isnull": False})
        for row in rows:
            sealed: bytes = getattr(row, column.field)
            if not vault.needs_reseal(sealed):
                continue
            context = column.context(row)
            fresh = vault.seal(vault.open(sealed, context), context)
            await column.model.filter(pk=row.pk).update(**{column.field: fresh})
            count += 1
    return count


async def rotate_keys(path: Path) -> int:
    """Put a new key first in the key file and re-seal everything with it."""
    keys = [new_key(), *read_key_file(path)]
    write_key_file(path, keys)
    return await reseal_all(Vault(keys))
