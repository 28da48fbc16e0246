"""Terminal photos: the picture a terminal took at a punch, kept sealed as evidence for a while.

A photo is sealed with the vault, bound to its event, and expires after
``privacy.selfie_retention_days``. A photo whose punch has not arrived yet is kept sealed
without an event and remembered in the terminal's ``info`` under its punch key; the punch links
it when it comes. Photos of terminals that are not approved are not kept at all.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from attendance.models import AttendanceEvent, Device, EvidencePhoto
from attendance.sealed import photo_context
from terminals.context import TerminalContext

logger = logging.getLogger(__name__)

ORPHANS = "orphan_photos"
MAX_ORPHANS = 500


async def keep_photo(
    context: TerminalContext, device: Device, image: bytes, key: str | None, content_type: str
) -> EvidencePhoto:
    """Seal `image` as evidence for the punch with `key`, or keep it until that punch comes."""
    event = await AttendanceEvent.get_or_none(idempotency_key=key) if key else None
    event_id = event.id if event is not None else None
    photo = await EvidencePhoto.create(
        event_id=event_id,
        sealed=context.vault.seal(image, photo_context(event_id)),
        content_type=content_type[:40],
        expires_at=context.ledger.now() + context.photo_retention,
    )
    if event is None and key is not None:
        orphans = dict(device.info.get(ORPHANS, {}))
        orphans[key] = photo.id
        device.info = {**device.info, ORPHANS: dict(list(orphans.items())[-MAX_ORPHANS:])}
        await Device.filter(id=device.id).update(info=device.info)
        logger.info("Terminal %s: photo %s waits for its punch", device.serial, photo.id)
    return photo


async def link_waiting_photos(
    context: TerminalContext, device: Device, keys: Iterable[str]
) -> int:
    """Bind photos that arrived before their punches to the events now stored; return how many."""
    orphans: dict[str, int] = dict(device.info.get(ORPHANS, {}))
    ready = [key for key in keys if key in orphans]
    if not ready:
        return 0

    events = {
        event.idempotency_key: event
        for event in await AttendanceEvent.filter(idempotency_key__in=ready)
    }
    linked = 0
    for key in ready:
        event = events.get(key)
        photo = await EvidencePhoto.get_or_none(id=orphans[key])
        if event is None:
            continue
        del orphans[key]
        if photo is None:
            continue  # Expired and purged before its punch came.
        image = context.vault.open(photo.sealed, photo_context(None))
        sealed = context.vault.seal(image, photo_context(event.id))
        await EvidencePhoto.filter(id=photo.id).update(event_id=event.id, sealed=sealed)
        linked += 1

    device.info = {**device.info, ORPHANS: orphans}
    await Device.filter(id=device.id).update(info=device.info)
    return linked
