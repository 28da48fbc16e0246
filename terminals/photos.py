"""Terminal photos: the picture a terminal took at a punch, kept sealed as evidence for a while.

A photo is kept only if Pillow reads it whole as a JPEG or PNG of at most
:data:`MAX_PHOTO_PIXELS` (:func:`check_photo`); anything else is not kept, with the reason in
the upload's outcome, and the terminal is still acknowledged (it would only send it again).

A punch has one photo: a re-posted event or a resent ATTPHOTO is not kept twice. A photo is
sealed with the vault, bound to its event, and expires after ``privacy.selfie_retention_days``.
A photo whose punch has not arrived yet is kept sealed without an event and remembered in the
terminal's ``info`` under its punch key; the punch links it when it comes. Photos of terminals
that are not approved are not kept at all.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from attendance.models import AttendanceEvent, Device, EvidencePhoto
from attendance.sealed import photo_context
from terminals.context import TerminalContext
from terminals.errors import MalformedUpload

logger = logging.getLogger(__name__)

ORPHANS = "orphan_photos"
MAX_ORPHANS = 500
PHOTO_FORMATS = ("JPEG", "PNG")
# Terminal cameras take VGA to 2 MP pictures; the limit keeps decompression bombs out.
MAX_PHOTO_PIXELS = 12_000_000
KEPT = "kept"
ALREADY_KEPT = "not kept again: the punch has its photo already"


class NotAPhoto(MalformedUpload):
    """A terminal's picture is not a whole JPEG or PNG within the pixel limit."""


@dataclass(frozen=True, slots=True)
class CheckedPhoto:
    """A picture Pillow read whole, and its content type."""

    image: bytes
    content_type: str


async def check_photo(image: bytes) -> CheckedPhoto:
    """Return `image` checked to be a picture (decoded in a thread), or raise NotAPhoto."""
    return await asyncio.to_thread(_check, image)


def _check(image: bytes) -> CheckedPhoto:
    try:
        with Image.open(io.BytesIO(image), formats=PHOTO_FORMATS) as picture:
            width, height = picture.size
            if width * height > MAX_PHOTO_PIXELS:
                msg = (
                    f"The photo has {width}x{height} pixels; at most {MAX_PHOTO_PIXELS} are kept."
                )
                raise NotAPhoto(msg)
            picture.load()
            return CheckedPhoto(image, Image.MIME[str(picture.format)])
    except NotAPhoto:
        raise
    except UnidentifiedImageError as err:
        msg = f"The photo ({len(image)} bytes) is not a JPEG or PNG picture."
        raise NotAPhoto(msg) from err
    except Image.DecompressionBombError as err:
        msg = f"The photo has more than {MAX_PHOTO_PIXELS} pixels."
        raise NotAPhoto(msg) from err
    except Exception as err:  # Pillow raises OSError, SyntaxError, ValueError and more
        msg = f"The photo ({len(image)} bytes) is a truncated or corrupt picture."
        raise NotAPhoto(msg) from err


async def keep_photo(
    context: TerminalContext, device: Device, photo: CheckedPhoto, key: str
) -> str:
    """Seal `photo` as evidence for the punch with `key`, or keep it until that punch comes.

    Returns what was done, for the upload's outcome. Call it inside the upload's transaction:
    it locks the terminal's row, so concurrent re-posts keep one photo.
    """
    locked = await Device.select_for_update().get(id=device.id)
    device.info = locked.info
    orphans: dict[str, int] = dict(device.info.get(ORPHANS, {}))
    event = await AttendanceEvent.get_or_none(idempotency_key=key)
    if event is not None and await EvidencePhoto.exists(event_id=event.id):
        return ALREADY_KEPT
    if event is None and key in orphans and await EvidencePhoto.exists(id=orphans[key]):
        return ALREADY_KEPT

    event_id = event.id if event is not None else None
    kept = await EvidencePhoto.create(
        event_id=event_id,
        sealed=context.vault.seal(photo.image, photo_context(event_id)),
        content_type=photo.content_type,
        expires_at=context.ledger.now() + context.photo_retention,
    )
    if event is not None:
        return KEPT
    orphans[key] = kept.id
    device.info = {**device.info, ORPHANS: dict(list(orphans.items())[-MAX_ORPHANS:])}
    await Device.filter(id=device.id).update(info=device.info)
    logger.info("Terminal %s: photo %s waits for its punch", device.serial, kept.id)
    return "kept, waiting for its punch"


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
