"""Stored face templates: sealed at rest, replaced as a whole on re-enrollment, deletable.

The bytes are the recognition engine's own template format; this module only seals, stores and
opens them, tagged with the engine and model version so a change of model can be detected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from attendance.audit import record_audit
from attendance.models import FaceTemplate
from attendance.sealed import template_context
from attendance.vault import Vault


@dataclass(frozen=True, slots=True)
class TemplateRecord:
    """A template as the recognition engine hands it over."""

    engine: str
    model_version: str
    data: bytes
    quality: dict[str, Any]


async def replace_templates(
    person_id: int, records: Sequence[TemplateRecord], vault: Vault, actor: str
) -> None:
    """Store `records` as the person's only templates (re-enrollment replaces the old ones)."""
    context = template_context(person_id)
    async with in_transaction():
        await FaceTemplate.filter(person_id=person_id).delete()
        for record in records:
            await FaceTemplate.create(
                person_id=person_id,
                engine=record.engine,
                model_version=record.model_version,
                sealed=vault.seal(record.data, context),
                quality=record.quality,
            )
    await record_audit(
        actor, "face.enroll", "person", person_id, details={"templates": len(records)}
    )


async def load_templates(person_id: int, vault: Vault) -> list[bytes]:
    """Open every stored template of the person."""
    context = template_context(person_id)
    rows = await FaceTemplate.filter(person_id=person_id).order_by("id")
    return [vault.open(row.sealed, context) for row in rows]


async def delete_templates(person_id: int, actor: str, reason: str) -> int:
    """Delete the person's face data (on leaving office or on request); return how many."""
    deleted = await FaceTemplate.filter(person_id=person_id).delete()
    await record_audit(
        actor, "face.delete", "person", person_id, reason=reason, details={"templates": deleted}
    )
    return deleted
