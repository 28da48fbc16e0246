"""The audit log: one row for every admin action and correction (who, when, what, why)."""

from __future__ import annotations

from typing import Any

from attendance.models import AuditEntry


async def record_audit(
    actor: str,
    action: str,
    target_type: str,
    target_id: str | int,
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry; `actor` is an admin username, ``cli`` or ``system``."""
    return await AuditEntry.create(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        reason=reason,
        details=details or {},
    )
